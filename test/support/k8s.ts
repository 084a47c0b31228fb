/** Fixtures shared by the tests of the Kubernetes constructs. */
import { Chart, Testing } from 'cdk8s';
import { problemsAt } from './validation';

/** Labels like those the platform passes to every team object (owner, cost center, environment, data classification, team). */
export const PLATFORM_LABELS = {
  'owner': 'jane.doe',
  'cost-center': 'cc-1234',
  'environment': 'prod',
  'data-classification': 'confidential',
  'team': 'payments',
};

/** `[apiVersion, kind, namespace, name]` of each manifest, in order: what pins a chart's objects. */
export function objectIds(manifests: readonly any[]): unknown[][] {
  return manifests.map((m) => [m.apiVersion, m.kind, m.metadata.namespace, m.metadata.name]);
}

/**
 * Builds into a fresh chart (`Testing.chart()`, id `test`), synthesizes it (cdk8s validates the app then), and
 * returns the problems reported under `test/<id>`, one per line. Building must not throw.
 */
export function chartProblemsOf(id: string, build: (chart: Chart) => void): string {
  const chart = Testing.chart();
  build(chart);
  return problemsAt(`test/${id}`, () => Testing.synth(chart));
}
