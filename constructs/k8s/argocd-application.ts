import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { isDnsLabel, isDnsSubdomain, labelProblems } from '../../core/names';
import { Problems } from '../../core/problems';

/**
 * Props for {@link ArgoCdApplication}.
 */
export interface ArgoCdApplicationProps {
  /** Application name (DNS subdomain), also the Helm release name. */
  readonly name: string;
  /**
   * Where the chart comes from: a Helm repository, `https://...` (e.g. `https://kyverno.github.io/kyverno/`), or an
   * OCI registry path without the chart name, `oci://...` (e.g. `oci://docker.io/envoyproxy`), for charts published
   * only there. Argo CD (3.1 or later) pulls an OCI chart natively, as `<repoUrl>/<chart>`.
   */
  readonly repoUrl: string;
  /** Chart name in the repository. */
  readonly chart: string;
  /**
   * Exact chart version (e.g. `3.7.2`, or `v1.19.1` for charts whose versions carry a `v`). Ranges, `latest` and `*`
   * are rejected: Argo CD would install whatever the repository serves that day, and a cluster could change without
   * a commit.
   */
  readonly chartVersion: string;
  /** Namespace the chart is installed into (DNS label). Argo CD creates it. */
  readonly namespace: string;
  /**
   * Helm values, rendered as `helm.valuesObject` (typed in the manifest, unlike a values string).
   * @default {}
   */
  readonly values?: Record<string, unknown>;
  /**
   * Argo CD sync wave: lower waves sync and become healthy first.
   * @default 0
   */
  readonly syncWave?: number;
  /**
   * Labels of the Application object.
   * @default {}
   */
  readonly labels?: Record<string, string>;
  /**
   * Labels Argo CD puts on the namespace it creates (e.g. the mandatory labels).
   * @default {}
   */
  readonly namespaceLabels?: Record<string, string>;
  /**
   * Argo CD project.
   * @default 'default'
   */
  readonly project?: string;
  /**
   * Whether Argo CD syncs by itself (with prune and self-heal). Off, the Application syncs only when someone syncs
   * it, inside its project's sync windows: the deployment gate of production.
   * @default true
   */
  readonly autoSync?: boolean;
  /**
   * Namespace Argo CD runs in, where Applications live.
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
  /**
   * API server of the destination cluster.
   * @default 'https://kubernetes.default.svc' (the cluster Argo CD runs in)
   */
  readonly destinationServer?: string;
}

/** An exact SemVer 2.0 version, no ranges; a leading `v` is part of some charts' versions (`v1.19.1`). */
const EXACT_VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;
const OCI_URL = /^oci:\/\/[^\s/]+(\/[^\s/]+)*$/;

/**
 * An Argo CD `Application` (`argoproj.io/v1alpha1`) that installs one pinned Helm chart into the cluster Argo CD runs
 * in, and keeps it there.
 *
 * Sync is automated with prune and self-heal by default, so a hand-made change is reverted and a removed resource is
 * deleted; with `autoSync: false` it waits for someone to sync it.
 * Argo CD creates the namespace, and applies server-side: large CRDs (Kyverno's, for one) exceed the annotation
 * size limit of a client-side apply. The `resources-finalizer.argocd.argoproj.io` finalizer makes deleting the
 * Application delete what it installed, instead of orphaning it.
 *
 * The Application is named `name` in `argoCdNamespace`: renaming it makes Argo CD uninstall and reinstall the chart.
 */
export class ArgoCdApplication extends Construct {
  /** Finalizer that deletes the installed resources with the Application. */
  public static readonly RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
  /** Annotation that orders syncs. */
  public static readonly SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

  /** The Application API object (the construct's `Resource` child). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    super(scope, id);

    const problems = validateProps(props);
    this.node.addValidation(new Problems(`ArgoCdApplication ${JSON.stringify(props.name)}`).push(...problems));

    const namespaceLabels = props.namespaceLabels ?? {};
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: props.name,
        namespace: props.argoCdNamespace ?? 'argocd',
        labels: props.labels,
        annotations: { [ArgoCdApplication.SYNC_WAVE_ANNOTATION]: String(props.syncWave ?? 0) },
        finalizers: [ArgoCdApplication.RESOURCES_FINALIZER],
      },
      spec: {
        project: props.project ?? 'default',
        // An OCI chart is an OCI artifact source (Argo CD 3.1+): the chart's own path, and `.` inside it.
        source: OCI_URL.test(props.repoUrl)
          ? {
            repoURL: `${props.repoUrl}/${props.chart}`,
            path: '.',
            targetRevision: props.chartVersion,
            helm: { releaseName: props.name, valuesObject: props.values ?? {} },
          }
          : {
            repoURL: props.repoUrl,
            chart: props.chart,
            targetRevision: props.chartVersion,
            helm: { releaseName: props.name, valuesObject: props.values ?? {} },
          },
        destination: {
          server: props.destinationServer ?? 'https://kubernetes.default.svc',
          namespace: props.namespace,
        },
        syncPolicy: {
          // Always written out, with `enabled` saying whether it applies (Argo CD 3), so environments differ by a
          // value rather than by the shape of the Application.
          automated: { enabled: props.autoSync ?? true, prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
          managedNamespaceMetadata: Object.keys(namespaceLabels).length > 0 ? { labels: namespaceLabels } : undefined,
        },
      },
    });
  }
}

/** Every problem with the props, one sentence each, in prop order. */
function validateProps(props: ArgoCdApplicationProps): string[] {
  const problems: string[] = [];
  if (!isDnsSubdomain(props.name)) {
    problems.push(`name ${JSON.stringify(props.name)} is not a DNS subdomain (expected lowercase letters, digits, '-' or '.', like kyverno)`);
  }
  if (!HTTPS_URL.test(props.repoUrl) && !OCI_URL.test(props.repoUrl)) {
    problems.push(`repoUrl ${JSON.stringify(props.repoUrl)} is not an https or oci URL (expected like https://kyverno.github.io/kyverno/ or oci://docker.io/envoyproxy)`);
  }
  if (props.chart.trim() === '') {
    problems.push(`chart ${JSON.stringify(props.chart)} is empty (expected the chart name, like kyverno)`);
  }
  if (!EXACT_VERSION.test(props.chartVersion)) {
    problems.push(`chartVersion ${JSON.stringify(props.chartVersion)} is not an exact version (expected like 3.7.2, never a range, * or latest)`);
  }
  if (!isDnsLabel(props.namespace)) {
    problems.push(`namespace ${JSON.stringify(props.namespace)} is not a DNS label (expected like kyverno)`);
  }
  if (props.syncWave !== undefined && !Number.isInteger(props.syncWave)) {
    problems.push(`syncWave ${JSON.stringify(props.syncWave)} is not an integer (expected like -10)`);
  }
  problems.push(...labelProblems('labels', props.labels ?? {}));
  problems.push(...labelProblems('namespaceLabels', props.namespaceLabels ?? {}));
  if (props.argoCdNamespace !== undefined && !isDnsLabel(props.argoCdNamespace)) {
    problems.push(`argoCdNamespace ${JSON.stringify(props.argoCdNamespace)} is not a DNS label (expected like argocd)`);
  }
  if (props.destinationServer !== undefined && !HTTPS_URL.test(props.destinationServer)) {
    problems.push(`destinationServer ${JSON.stringify(props.destinationServer)} is not an https URL (expected like https://kubernetes.default.svc)`);
  }
  return problems;
}
