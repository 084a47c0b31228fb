import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { PlainKubeConfigMap } from './private/plain-kube';
import { isDnsLabel, isDnsSubdomain, isLabelKey, isLabelValue, labelProblems } from '../../core/names';
import { Problems } from '../../core/problems';

/**
 * A Grafana dashboard's JSON model: what is checked here is its uid and title; every other field of the model
 * (panels, templating, ...) is written as given.
 */
export interface GrafanaDashboardJson {
  /** Stable identifier: 1 to 40 characters of letters, digits, `-` and `_`. */
  readonly uid: string;
  readonly title: string;
}

/** The label that makes Grafana's dashboard sidecar load a ConfigMap. */
export interface GrafanaSidecarLabel {
  readonly key: string;
  readonly value: string;
}

/** Properties of a {@link GrafanaDashboard}. */
export interface GrafanaDashboardProps {
  /** Name of the ConfigMap (DNS subdomain). */
  readonly name: string;
  /** Namespace of the ConfigMap; the sidecar must search it (kube-prometheus-stack: `searchNamespace`). */
  readonly namespace: string;
  /** The dashboard's JSON model, written as the ConfigMap's `<uid>.json`. */
  readonly dashboard: GrafanaDashboardJson;
  /**
   * The label Grafana's sidecar selects dashboards by.
   * @default { key: 'grafana_dashboard', value: '1' } (kube-prometheus-stack's)
   */
  readonly sidecarLabel?: GrafanaSidecarLabel;
  /**
   * Grafana folder to file the dashboard in, through the sidecar's folder annotation.
   * @default - the sidecar's default folder
   */
  readonly folder?: string;
  /**
   * Annotation the sidecar reads the folder from (the Grafana chart's `sidecar.dashboards.folderAnnotation`).
   * @default 'grafana_folder'
   */
  readonly folderAnnotation?: string;
  /** Further labels of the ConfigMap (mandatory labels). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The most a ConfigMap may hold (etcd's object limit as the API server enforces it for ConfigMaps), in bytes. */
export const CONFIG_MAP_MAX_BYTES = 1_048_576;

const UID = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * A Grafana dashboard provisioned from a ConfigMap: the JSON model under `<uid>.json`, labelled so the Grafana
 * sidecar (kube-prometheus-stack's) loads it, and annotated with its folder. The dashboard is code: Grafana reloads
 * it when the ConfigMap changes, so nobody edits it by hand.
 */
export class GrafanaDashboard extends Construct {
  /** The sidecar label of kube-prometheus-stack's Grafana. */
  public static readonly DEFAULT_SIDECAR_LABEL: GrafanaSidecarLabel = { key: 'grafana_dashboard', value: '1' };
  /** The folder annotation the baseline configures the sidecar with. */
  public static readonly DEFAULT_FOLDER_ANNOTATION = 'grafana_folder';

  /** The ConfigMap (the construct's `Resource` child). */
  public readonly configMap: KubeConfigMap;
  /** Key of the dashboard in the ConfigMap's data. */
  public readonly fileName: string;

  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    const sidecar = props.sidecarLabel ?? GrafanaDashboard.DEFAULT_SIDECAR_LABEL;
    const folderAnnotation = props.folderAnnotation ?? GrafanaDashboard.DEFAULT_FOLDER_ANNOTATION;
    // Compact: a ConfigMap per service in every cluster adds up, and Grafana shows the model formatted anyway.
    const json = JSON.stringify(props.dashboard);
    this.fileName = `${props.dashboard.uid}.json`;
    this.node.addValidation(new Problems(`GrafanaDashboard ${JSON.stringify(props.name)}`).push(...validate(props, sidecar, folderAnnotation, json)));
    this.configMap = new PlainKubeConfigMap(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { ...props.labels, [sidecar.key]: sidecar.value },
        ...(props.folder !== undefined && { annotations: { [folderAnnotation]: props.folder } }),
      },
      data: { [this.fileName]: json },
    });
  }
}

function validate(props: GrafanaDashboardProps, sidecar: GrafanaSidecarLabel, folderAnnotation: string, json: string): string[] {
  const problems: string[] = [];
  if (!isDnsSubdomain(props.name)) problems.push(`name ${JSON.stringify(props.name)} is not a DNS subdomain (expected like grafana-dashboard-checkout)`);
  if (!isDnsLabel(props.namespace)) problems.push(`namespace ${JSON.stringify(props.namespace)} is not a DNS label (expected like monitoring)`);
  const { uid, title } = props.dashboard;
  if (typeof uid !== 'string' || !UID.test(uid)) {
    problems.push(`dashboard.uid ${JSON.stringify(uid)} is not a Grafana uid (expected 1 to 40 letters, digits, - or _, like svc-payments-checkout)`);
  }
  if (typeof title !== 'string' || title.trim() === '') problems.push(`dashboard.title ${JSON.stringify(title)} is empty (expected the dashboard's title)`);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > CONFIG_MAP_MAX_BYTES) {
    problems.push(`dashboard is ${bytes} bytes of JSON, more than a ConfigMap holds (expected at most ${CONFIG_MAP_MAX_BYTES}; split it into several dashboards)`);
  }
  if (!isLabelKey(sidecar.key) || !isLabelValue(sidecar.value)) {
    problems.push(`sidecarLabel ${JSON.stringify(sidecar)} is not a Kubernetes label (expected like { "key": "grafana_dashboard", "value": "1" })`);
  }
  if (!isLabelKey(folderAnnotation)) problems.push(`folderAnnotation ${JSON.stringify(folderAnnotation)} is not an annotation key (expected like grafana_folder)`);
  if (props.folder !== undefined && (props.folder.trim() === '' || props.folder.includes('/'))) {
    problems.push(`folder ${JSON.stringify(props.folder)} is not a folder name (expected a non-empty name without /, like payments)`);
  }
  problems.push(...labelProblems('labels', props.labels ?? {}));
  return problems;
}
