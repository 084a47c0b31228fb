import * as fc from 'fast-check';
import type { Artifact } from '../../../lib/artifacts';
import { checkParity, describeDrift } from '../../../lib/parity';
import { synthesizeArtifacts } from '../../../lib/platform';
import { registryPrefix } from '../../../lib/platform/image-reference';
import { evaluate, PACKS } from '../../../lib/policy';
import { kubernetesPack } from '../../../lib/policy/packs/kubernetes';
import { defineOrganization, OrganizationSpec, SpecValidationError } from '../../../lib/spec';
import { baseForMistakes, MISTAKES, validSpec } from '../../support/spec-arbitraries';

/*
 * Property-based tests of the spec: what holds for every spec, not for the examples someone thought of.
 *
 * CI runs a bounded number of cases with a fixed seed, so a failure reproduces. For a longer run:
 *   npm run test:properties                       (PROPERTY_RUNS=20: twenty times the cases)
 *   PROPERTY_RUNS=50 PROPERTY_SEED=7 npx jest test/lib/spec/properties
 * A failure prints the seed and the shrunk counterexample; rerun with that seed to reproduce it.
 */
const SCALE = Number(process.env.PROPERTY_RUNS ?? 1);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261203);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)), seed: SEED, endOnFailure: true });

/** The files of a synthesis, comparable: documents by file, Kubernetes objects in a canonical order. */
function canonical(artifacts: readonly Artifact[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of artifacts) {
    out[a.file] = a.kind === 'kubernetes'
      ? [...(a.document as any[])].map((o) => JSON.stringify(o)).sort()
      : a.document;
  }
  return out;
}

function issuesOf(spec: unknown): { path: string; message: string }[] {
  try {
    defineOrganization(spec as OrganizationSpec);
  } catch (e) {
    if (!(e instanceof SpecValidationError)) throw new Error(`expected only SpecValidationError, got ${e instanceof Error ? e.stack : String(e)}`);
    return [...e.issues];
  }
  return [];
}

describe('every valid spec', () => {
  test('is accepted', () => {
    fc.assert(fc.property(validSpec({ maxEnvironments: 3, maxServices: 4 }), (spec) => {
      expect(issuesOf(spec)).toEqual([]);
    }), runs(100));
  });

  test('synthesizes on every engine, deterministically, and passes the policy packs and parity', () => {
    fc.assert(fc.property(validSpec({ maxEnvironments: 2, maxServices: 2 }), (spec) => {
      const org = defineOrganization(spec);
      const first = synthesizeArtifacts(org);
      const second = synthesizeArtifacts(defineOrganization(structuredClone(spec)));
      expect(canonical(second)).toEqual(canonical(first));

      const kubernetes = kubernetesPack({
        trustedRegistries: ({ environment, cloud }) => [registryPrefix(org, org.environments.find((e) => e.name === environment)!, cloud)],
      });
      const result = evaluate(first, [...PACKS, kubernetes], { exceptions: [], today: new Date('2026-12-03T00:00:00Z') });
      expect(result.errors.map((f) => `${f.ruleId} ${f.environment}/${f.cloud} ${f.resource}: ${f.message}`)).toEqual([]);

      const parity = checkParity(org, first);
      expect(parity.drifts.map(describeDrift)).toEqual([]);
    }), runs(3));
  });

  test('synthesizes the same output whatever the order of teams and services', () => {
    fc.assert(fc.property(
      validSpec({ maxEnvironments: 1, maxServices: 4 }).filter((s) => (s.services?.length ?? 0) > 1 || s.teams.length > 1),
      fc.nat(),
      (spec, seed) => {
        const shuffle = <T>(xs: readonly T[]) => xs.map((x, i) => ({ x, k: (i * 7919 + seed) % 104729 })).sort((a, b) => a.k - b.k).map((e) => e.x);
        const reordered = { ...spec, teams: shuffle([...spec.teams].reverse()), services: shuffle([...(spec.services ?? [])].reverse()) };
        expect(canonical(synthesizeArtifacts(defineOrganization(reordered)))).toEqual(canonical(synthesizeArtifacts(defineOrganization(spec))));
      },
    ), runs(2));
  });
});

describe('every spec with mistakes', () => {
  test('throws SpecValidationError only, one problem per independent mistake, each at its path', () => {
    fc.assert(fc.property(baseForMistakes, fc.subarray([...MISTAKES], { minLength: 1 }), (base, mistakes) => {
      expect(issuesOf(base)).toEqual([]);
      const spec: any = structuredClone(base);
      for (const m of mistakes) m.apply(spec);
      const issues = issuesOf(spec);
      expect(issues.every((i) => i.path !== '')).toBe(true);
      expect(issues.map((i) => i.path).sort()).toEqual(mistakes.map((m) => m.path).sort());
    }), runs(150));
  });

  test('never lets anything but SpecValidationError escape, whatever the values', () => {
    const anything = fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withSparseArray: true, maxDepth: 3 });
    fc.assert(fc.property(baseForMistakes, fc.array(fc.tuple(fc.constantFrom(
      ['name'], ['tags'], ['teams', 0], ['services', 0, 'resources'], ['environments', 0, 'aws'], ['environments', 1, 'azure', 'cidr'],
      ['environments', 2, 'gcp', 'drRegion'], ['tierProfiles'], ['kubernetes', 'version'], ['alerting', 'escalation', 0], ['billing'],
    ), anything), { minLength: 1, maxLength: 3 }), (base, edits) => {
      const spec: any = structuredClone(base);
      for (const [path, value] of edits) {
        let node = spec;
        for (const key of path.slice(0, -1)) node = node[key];
        node[path[path.length - 1]] = value;
      }
      // Any outcome but a crash: accepted, or rejected with paths.
      issuesOf(spec).forEach((i) => expect(typeof i.path).toBe('string'));
    }), runs(200));
  });
});
