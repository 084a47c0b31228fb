import { ApiObject } from 'cdk8s';
import {
  IntOrString,
  KubeDeployment,
  KubeHorizontalPodAutoscalerV2,
  KubePodDisruptionBudget,
  KubeService,
  KubeServiceAccount,
  PodTemplateSpec,
  Probe,
  Quantity,
  toJson_PodTemplateSpec,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { PlainApiObject } from './plain-api-object';
import { pinnedImageProblem } from './private/image';
import { PlainKubeService, PlainKubePodDisruptionBudget, PlainKubeHorizontalPodAutoscalerV2 } from './private/plain-kube';
import { isDns1035Label, isDnsLabel, isDnsSubdomain, labelProblems } from '../../core/names';
import { Problems } from '../../core/problems';
import { checkQuantity, QuantityKind } from '../../core/quantity';
import { isUtcTimestamp, RELEASE_COMMITTED_AT_ANNOTATION } from '../../core/release';
import { DEFAULT_AUTOSCALING_FACTOR, ROLLOUT_MAX_SURGE_PERCENT } from '../../core/rollout';

/**
 * Requests and limits of the service's container, as Kubernetes quantities.
 *
 * Both are always set: requests are what the scheduler and the autoscaler
 * work from, limits keep one service from starving its neighbours.
 */
export interface ServiceWorkloadResources {
  /** CPU the container is guaranteed (e.g. `250m`). */
  readonly cpuRequest: string;
  /** Memory the container is guaranteed (e.g. `256Mi`). */
  readonly memoryRequest: string;
  /** CPU the container is throttled at (e.g. `1`). */
  readonly cpuLimit: string;
  /** Memory the container is killed at (e.g. `512Mi`). */
  readonly memoryLimit: string;
  /**
   * Local disk the container is guaranteed: its writable `/tmp` and its logs (e.g. `256Mi`). Without it the
   * scheduler places pods as if they used no disk, and a full node evicts them in no particular order.
   * @default '256Mi'
   */
  readonly ephemeralStorageRequest?: string;
  /**
   * Local disk at which the kubelet evicts the pod (e.g. `1Gi`); at least `tmpSizeLimit`, which counts towards it.
   * @default '1Gi'
   */
  readonly ephemeralStorageLimit?: string;
}

/**
 * How a {@link ServiceWorkload} releases a new version as an Argo Rollouts canary: in steps, each holding while an
 * AnalysisTemplate judges the new pods, aborting (and so rolling back) when the analysis fails or the new pods do
 * not become ready in time.
 */
export interface ServiceWorkloadCanary {
  /**
   * Name of the `AnalysisTemplate` in the workload's namespace that judges the canary (for example a
   * {@link PrometheusAnalysisTemplate}). It runs in the background from the first step to full promotion, and
   * receives the argument `canary-hash`: the pod template hash of the new version, to select its pods' series.
   */
  readonly analysisTemplateName: string;
  /**
   * Share of the pods, in percent, on the new version at each step, strictly increasing, each 1-99. After the last
   * step the rollout goes to 100 %. Without a traffic router the weights are reached by replica counts.
   */
  readonly stepWeightsPercent: readonly number[];
  /** How long each step holds before the next, in seconds (at least 1). */
  readonly stepPauseSeconds: number;
  /**
   * Seconds the new pods have to become ready at a step; past it the rollout aborts (`progressDeadlineAbort`), so
   * failing probes roll back instead of stalling.
   */
  readonly progressDeadlineSeconds: number;
}

/**
 * Props for {@link ServiceWorkload}.
 */
export interface ServiceWorkloadProps {
  /**
   * Service name: the name of the Deployment, Service, PodDisruptionBudget,
   * HorizontalPodAutoscaler and container, and the value of the selector
   * label. An RFC 1035 label (starts with a letter, <= 63 chars), because the
   * Service is named after it.
   */
  readonly name: string;
  /** Namespace the objects live in: the owning team's namespace (DNS label). */
  readonly namespace: string;
  /**
   * Full image reference, resolved by the platform from the organization's
   * registry: a registry host, a repository and a pinned version, i.e. a tag
   * other than `latest` and/or a digest (`...@sha256:...`).
   */
  readonly image: string;
  /** Port the container listens on (1-65535). The Service exposes the same port. */
  readonly port: number;
  /**
   * Number of pods (at least 1); with autoscaling, the minimum.
   *
   * More than one also gets a PodDisruptionBudget.
   */
  readonly replicas: number;
  /** Requests and limits of the container. */
  readonly resources: ServiceWorkloadResources;
  /**
   * Upper bound for the HorizontalPodAutoscaler. Equal to `replicas`, there is
   * no autoscaler and the Deployment runs exactly `replicas` pods.
   * @default 3 * replicas
   */
  readonly maxReplicas?: number;
  /**
   * Average CPU use, as a percentage of `resources.cpuRequest`, that the
   * autoscaler keeps the pods at (1-100).
   * @default 70
   */
  readonly targetCpuUtilizationPercent?: number;
  /**
   * An existing Kubernetes service account the pods run as, created elsewhere
   * (for example by `WorkloadIdentity.serviceAccount`, with the annotations its
   * cloud needs). Given, this construct creates none.
   * @default - this construct creates a service account named like the service
   *   (`name`), without API token automount and without cloud identity
   */
  readonly serviceAccountName?: string;
  /**
   * Whether the Kubernetes API token of the service account is mounted into the pods.
   *
   * Off, a compromised pod holds no credential for the Kubernetes API. Cloud
   * access does not need it: the EKS Pod Identity and Azure workload identity
   * webhooks inject their own projected token volumes, and GKE Workload
   * Identity answers through the node's metadata server. Turn it on only for
   * services that call the Kubernetes API themselves (a weakened control).
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Mandatory labels (owner, cost center, environment, ...) on every object
   * and on the pod template. The selector label
   * {@link ServiceWorkload.SELECTOR_LABEL} is set by this construct.
   * @default {}
   */
  readonly labels?: Record<string, string>;
  /**
   * Labels on the pods only, on top of `labels`: for labels that webhooks act
   * on, such as `azure.workload.identity/use: "true"` on AKS.
   * @default {}
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Plain environment variables of the container, in the order given (later
   * values may refer to earlier ones as `$(NAME)`). Never secrets: a service
   * reads those from its cloud's secret store through workload identity.
   * @default {}
   */
  readonly env?: Record<string, string>;
  /**
   * HTTP path of the liveness probe (and of the startup probe, which holds the
   * liveness probe off until the service has started). Failing it restarts the container.
   * @default '/healthz'
   */
  readonly livenessPath?: string;
  /**
   * HTTP path of the readiness probe. Failing it takes the pod out of the Service.
   * @default '/readyz'
   */
  readonly readinessPath?: string;
  /**
   * Non-root user id the container runs as.
   * @default 10001
   */
  readonly runAsUser?: number;
  /**
   * Non-root group id the container runs as, also the owner group of volumes (fsGroup).
   * @default 10001
   */
  readonly runAsGroup?: number;
  /**
   * Size limit of the writable emptyDir at `/tmp` (the root filesystem is read-only).
   * The kubelet evicts the pod when it is exceeded.
   * @default '256Mi'
   */
  readonly tmpSizeLimit?: string;
  /**
   * PriorityClass of the pods (created elsewhere, e.g. with `WorkloadPriorityClass`): under pressure the scheduler
   * preempts lower-priority pods for these, and the kubelet evicts lower-priority pods first.
   * @default - none: the pods get priority 0, or the cluster's global default class
   */
  readonly priorityClassName?: string;
  /**
   * Release new versions as an Argo Rollouts canary: the workload is a `Rollout` (`argoproj.io/v1alpha1`) instead of
   * a Deployment, with the same pod template, and the autoscaler targets the Rollout. Needs the Argo Rollouts
   * controller in the cluster.
   * @default - a Deployment with a surge-only rolling update
   */
  readonly canary?: ServiceWorkloadCanary;
  /**
   * When the commit this image was built from was made, as an RFC 3339 UTC timestamp (like `2026-12-03T18:45:00Z`).
   * The Rollout or Deployment carries it as the {@link ServiceWorkload.RELEASE_COMMITTED_AT_ANNOTATION} annotation,
   * which kube-state-metrics turns into a metric for the lead time from commit to running. It is not on the pod
   * template, so it restarts nothing.
   * @default - no annotation: the release's lead time is not measured
   */
  readonly releaseCommittedAt?: string;
}

const DEFAULT_LIVENESS_PATH = '/healthz';
const DEFAULT_READINESS_PATH = '/readyz';
const DEFAULT_USER_ID = 10001;
const DEFAULT_TMP_SIZE_LIMIT = '256Mi';
const DEFAULT_EPHEMERAL_STORAGE_REQUEST = '256Mi';
const DEFAULT_EPHEMERAL_STORAGE_LIMIT = '1Gi';
const DEFAULT_TARGET_CPU_UTILIZATION_PERCENT = 70;
const AUTOSCALING_FACTOR = DEFAULT_AUTOSCALING_FACTOR;
const MAX_ID = 2 ** 31 - 1;
/** What Kubernetes 1.28 accepts as an environment variable name (IsEnvVarName). */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const HTTP_PATH = /^\/[^\s]*$/;
/** Pod label that tells one revision's pods from another's: the Deployment controller's, or Argo Rollouts'. */
const DEPLOYMENT_HASH_LABEL = 'pod-template-hash';
const ROLLOUT_HASH_LABEL = 'rollouts-pod-template-hash';

/**
 * The baseline a service runs with in a team namespace: a Deployment that
 * meets the `restricted` Pod Security Standard, a ClusterIP Service, a
 * PodDisruptionBudget when there is more than one replica and a
 * HorizontalPodAutoscaler unless `maxReplicas` equals `replicas`.
 *
 * Every object is named `name` in `namespace`, and the pods are selected by
 * {@link ServiceWorkload.SELECTOR_LABEL}`: <name>` alone. Names and selector
 * derive from the service name only, never from the construct path, so
 * renaming the construct or reordering services changes no object; a
 * Deployment's selector is immutable, and changing it would mean deleting the
 * Deployment. The pods run as a ServiceAccount this construct creates, or as
 * the existing one named by `serviceAccountName`.
 *
 * The objects are typed `Kube*` API objects rather than cdk8s-plus
 * `Deployment`/`Service`: those name objects and select pods by a hash of the
 * construct path (`cdk8s.io/metadata.addr`), and add a startup probe, default
 * resources and an image pull policy of their own. The manifest here is what
 * the code says, field for field.
 */
export class ServiceWorkload extends Construct {
  /** The label that selects the service's pods; its value is the service name. */
  public static readonly SELECTOR_LABEL = 'app.kubernetes.io/name';
  /** Name of the container port, which the probes and the Service target. */
  public static readonly PORT_NAME = 'http';
  /** Name of the emptyDir volume mounted at `/tmp`. */
  public static readonly TMP_VOLUME_NAME = 'tmp';

  /** API group and version of the Argo Rollouts `Rollout`. */
  public static readonly ROLLOUT_API_VERSION = 'argoproj.io/v1alpha1';
  /** Argument the canary's AnalysisTemplate receives: the pod template hash of the new version. */
  public static readonly CANARY_HASH_ARG = 'canary-hash';
  /** Annotation of the Rollout or Deployment that holds `releaseCommittedAt`. */
  public static readonly RELEASE_COMMITTED_AT_ANNOTATION = RELEASE_COMMITTED_AT_ANNOTATION;

  /** The Deployment (the construct's `Resource` child); undefined with `canary`. */
  public readonly deployment?: KubeDeployment;
  /** The Argo Rollouts `Rollout` (the construct's `Resource` child) with `canary`; undefined otherwise. */
  public readonly rollout?: ApiObject;
  /** The ClusterIP Service. */
  public readonly service: KubeService;
  /** The PodDisruptionBudget; undefined with a single replica. */
  public readonly podDisruptionBudget?: KubePodDisruptionBudget;
  /** The HorizontalPodAutoscaler; undefined when `maxReplicas` equals `replicas`. */
  public readonly horizontalPodAutoscaler?: KubeHorizontalPodAutoscalerV2;
  /** The service name, which every object is named after. */
  public readonly name: string;
  /** The namespace of every object. */
  public readonly namespace: string;
  /** The name of the service account the pods run as. */
  public readonly serviceAccountName: string;
  /** The ServiceAccount this construct created; undefined when `serviceAccountName` names an existing one. */
  public readonly serviceAccount?: KubeServiceAccount;
  /** The port of the container and of the Service. */
  public readonly port: number;
  /** In-cluster DNS name of the Service, `<name>.<namespace>.svc`. */
  public readonly serviceDnsName: string;
  /** The labels that select the pods (Service, PodDisruptionBudget, topology spread). */
  public readonly selectorLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ServiceWorkloadProps) {
    super(scope, id);

    const problems = validateProps(props);
    this.node.addValidation(new Problems(`ServiceWorkload ${JSON.stringify(props.name)}`).push(...problems));

    const { name, namespace, port, replicas, resources } = props;
    const maxReplicas = props.maxReplicas ?? AUTOSCALING_FACTOR * replicas;
    const autoscaled = maxReplicas > replicas;
    const userId = props.runAsUser ?? DEFAULT_USER_ID;
    const groupId = props.runAsGroup ?? DEFAULT_USER_ID;

    this.name = name;
    this.namespace = namespace;
    this.port = port;
    this.serviceAccountName = props.serviceAccountName ?? name;
    this.serviceDnsName = `${name}.${namespace}.svc`;
    this.selectorLabels = { [ServiceWorkload.SELECTOR_LABEL]: name };

    const labels = { ...props.labels, ...this.selectorLabels };
    const metadata = { name, namespace, labels };
    const selector = { matchLabels: { ...this.selectorLabels } };
    if (props.serviceAccountName === undefined) {
      // Alone, the workload must not reference an object nobody creates: it makes its own, holding no credential.
      this.serviceAccount = new KubeServiceAccount(this, 'ServiceAccount', {
        metadata,
        automountServiceAccountToken: false,
      });
    }
    const httpGet = (path: string) => ({ path, port: IntOrString.fromString(ServiceWorkload.PORT_NAME) });

    // Only the workload itself carries the release's commit time: on the Service, budget or autoscaler it would mean
    // nothing, and on the pod template it would restart every pod.
    const workloadMetadata = props.releaseCommittedAt === undefined
      ? metadata
      : { ...metadata, annotations: { [RELEASE_COMMITTED_AT_ANNOTATION]: props.releaseCommittedAt } };
    const hashLabel = props.canary ? ROLLOUT_HASH_LABEL : DEPLOYMENT_HASH_LABEL;
    const template: PodTemplateSpec = {
      metadata: { labels: { ...props.labels, ...props.podLabels, ...this.selectorLabels } },
      spec: {
        serviceAccountName: this.serviceAccountName,
        automountServiceAccountToken: props.automountServiceAccountToken ?? false,
        priorityClassName: props.priorityClassName,
        // Service links inject every Service of the namespace as variables:
        // noise, startup cost and a leak of what else runs there.
        enableServiceLinks: false,
        securityContext: {
          runAsNonRoot: true,
          runAsUser: userId,
          runAsGroup: groupId,
          fsGroup: groupId,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        // ScheduleAnyway: losing a zone or a small node pool must degrade
        // the spread, not leave pods pending. The revision's hash label limits the
        // count to the current revision, so a rollout spreads its new pods too.
        topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
          topologyKey,
          maxSkew: 1,
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: selector,
          matchLabelKeys: [hashLabel],
        })),
        containers: [{
          name,
          image: props.image,
          imagePullPolicy: 'IfNotPresent',
          ports: [{ name: ServiceWorkload.PORT_NAME, containerPort: port, protocol: 'TCP' }],
          env: props.env && Object.keys(props.env).length > 0
            ? Object.entries(props.env).map(([envName, value]) => ({ name: envName, value }))
            : undefined,
          resources: {
            requests: {
              'cpu': Quantity.fromString(resources.cpuRequest),
              'memory': Quantity.fromString(resources.memoryRequest),
              'ephemeral-storage': Quantity.fromString(resources.ephemeralStorageRequest ?? DEFAULT_EPHEMERAL_STORAGE_REQUEST),
            },
            limits: {
              'cpu': Quantity.fromString(resources.cpuLimit),
              'memory': Quantity.fromString(resources.memoryLimit),
              'ephemeral-storage': Quantity.fromString(resources.ephemeralStorageLimit ?? DEFAULT_EPHEMERAL_STORAGE_LIMIT),
            },
          },
          securityContext: {
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ['ALL'] },
          },
          // Up to 60 s to start before the liveness probe may restart the container.
          startupProbe: probe(httpGet(props.livenessPath ?? DEFAULT_LIVENESS_PATH), 2, 30),
          livenessProbe: probe(httpGet(props.livenessPath ?? DEFAULT_LIVENESS_PATH), 10, 3),
          readinessProbe: probe(httpGet(props.readinessPath ?? DEFAULT_READINESS_PATH), 5, 3),
          volumeMounts: [{ name: ServiceWorkload.TMP_VOLUME_NAME, mountPath: '/tmp' }],
        }],
        volumes: [{
          name: ServiceWorkload.TMP_VOLUME_NAME,
          emptyDir: { sizeLimit: Quantity.fromString(props.tmpSizeLimit ?? DEFAULT_TMP_SIZE_LIMIT) },
        }],
      },
    };

    // With an autoscaler, the replica count is the autoscaler's: a count in the manifest would be reset on every
    // apply (Kubernetes docs, "Migrating Deployments to horizontal autoscaling"). The autoscaler raises a new
    // workload to its minimum at once, metrics or not.
    const managedReplicas = autoscaled ? undefined : replicas;
    // New pods must be ready before an old one goes: capacity never drops during a rollout. The namespace quota
    // needs room for the surge.
    const surge = { maxUnavailable: 0, maxSurge: `${ROLLOUT_MAX_SURGE_PERCENT}%` };
    if (props.canary) {
      const canary = props.canary;
      this.rollout = new PlainApiObject(this, 'Resource', {
        apiVersion: ServiceWorkload.ROLLOUT_API_VERSION,
        kind: 'Rollout',
        metadata: workloadMetadata,
        spec: {
          replicas: managedReplicas,
          selector,
          template: toJson_PodTemplateSpec(template),
          progressDeadlineSeconds: canary.progressDeadlineSeconds,
          // Pods that never become ready abort the rollout (back to the stable version) instead of stalling it.
          progressDeadlineAbort: true,
          strategy: {
            canary: {
              ...surge,
              // In the background from the first step until full promotion: a failed analysis aborts at any step.
              analysis: {
                templates: [{ templateName: canary.analysisTemplateName }],
                startingStep: 1,
                args: [{ name: ServiceWorkload.CANARY_HASH_ARG, valueFrom: { podTemplateHashValue: 'Latest' } }],
              },
              steps: canary.stepWeightsPercent.flatMap((weight) => [
                { setWeight: weight },
                { pause: { duration: `${canary.stepPauseSeconds}s` } },
              ]),
            },
          },
        },
      });
    } else {
      this.deployment = new KubeDeployment(this, 'Resource', {
        metadata: workloadMetadata,
        spec: {
          replicas: managedReplicas,
          selector,
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxUnavailable: IntOrString.fromNumber(surge.maxUnavailable), maxSurge: IntOrString.fromString(surge.maxSurge) },
          },
          template,
        },
      });
    }

    this.service = new PlainKubeService(this, 'Service', {
      metadata,
      spec: {
        type: 'ClusterIP',
        selector: { ...this.selectorLabels },
        ports: [{
          name: ServiceWorkload.PORT_NAME,
          port,
          targetPort: IntOrString.fromString(ServiceWorkload.PORT_NAME),
          protocol: 'TCP',
        }],
      },
    });

    if (replicas > 1) {
      this.podDisruptionBudget = new PlainKubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata,
        spec: {
          selector,
          // A count rather than minAvailable, so that node drains still make
          // progress when the autoscaler has scaled the service up.
          maxUnavailable: IntOrString.fromNumber(1),
          // A crash-looping pod must not block node drains and cluster upgrades.
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      });
    }

    if (autoscaled) {
      this.horizontalPodAutoscaler = new PlainKubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata,
        spec: {
          scaleTargetRef: props.canary
            ? { apiVersion: ServiceWorkload.ROLLOUT_API_VERSION, kind: 'Rollout', name }
            : { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: replicas,
          maxReplicas,
          metrics: [{
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: {
                type: 'Utilization',
                averageUtilization: props.targetCpuUtilizationPercent ?? DEFAULT_TARGET_CPU_UTILIZATION_PERCENT,
              },
            },
          }],
        },
      });
    }
  }

  /** The Deployment, or the Rollout with `canary`: the construct's primary API object. */
  public get apiObject(): ApiObject {
    return (this.rollout ?? this.deployment)!;
  }
}

function probe(httpGet: Probe['httpGet'], periodSeconds: number, failureThreshold: number): Probe {
  return { httpGet, periodSeconds, failureThreshold, timeoutSeconds: 2 };
}

/** Every problem with the props, one sentence each, in prop order. */
function validateProps(props: ServiceWorkloadProps): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: () => string) => {
    if (!ok) {
      problems.push(problem());
    }
  };

  check(isDns1035Label(props.name), () => `name ${JSON.stringify(props.name)} is not an RFC 1035 label (expected 1-63 lowercase letters, digits or '-', starting with a letter and ending with a letter or digit, like payments-api)`);
  check(isDnsLabel(props.namespace), () => `namespace ${JSON.stringify(props.namespace)} is not a DNS label (expected 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit, like payments)`);
  const imageProblem = pinnedImageProblem('image', props.image);
  if (imageProblem !== undefined) {
    problems.push(imageProblem);
  }
  check(isIntegerIn(props.port, 1, 65535), () => `port ${JSON.stringify(props.port)} is not a port number (expected an integer from 1 to 65535, like 8080)`);

  const replicasOk = isIntegerIn(props.replicas, 1, Number.MAX_SAFE_INTEGER);
  check(replicasOk, () => `replicas ${JSON.stringify(props.replicas)} is not a positive integer (expected like 2)`);
  if (props.maxReplicas !== undefined) {
    const floor = replicasOk ? props.replicas : 1;
    check(isIntegerIn(props.maxReplicas, floor, Number.MAX_SAFE_INTEGER), () => `maxReplicas ${JSON.stringify(props.maxReplicas)} is not an integer of at least replicas (expected like ${AUTOSCALING_FACTOR * floor}, or ${floor} for no autoscaling)`);
  }
  if (props.targetCpuUtilizationPercent !== undefined) {
    check(isIntegerIn(props.targetCpuUtilizationPercent, 1, 100), () => `targetCpuUtilizationPercent ${JSON.stringify(props.targetCpuUtilizationPercent)} is not a percentage (expected an integer from 1 to 100, like 70)`);
  }

  const measured: Record<string, number | undefined> = {};
  const quantities: [QuantityKind, keyof ServiceWorkloadResources][] = [['cpu', 'cpuRequest'], ['memory', 'memoryRequest'], ['cpu', 'cpuLimit'], ['memory', 'memoryLimit']];
  for (const [kind, key] of quantities) {
    const result = checkQuantity(kind, `resources.${key}`, props.resources[key]);
    if (result.problem !== undefined) {
      problems.push(result.problem);
    }
    measured[key] = result.value;
  }
  // The API server rejects a container whose request exceeds its limit.
  for (const [request, limit] of [['cpuRequest', 'cpuLimit'], ['memoryRequest', 'memoryLimit']] as const) {
    const [requested, limited] = [measured[request], measured[limit]];
    check(requested === undefined || limited === undefined || requested <= limited, () => `resources.${request} ${JSON.stringify(props.resources[request])} exceeds resources.${limit} ${JSON.stringify(props.resources[limit])} (expected a request no larger than the limit)`);
  }

  if (props.priorityClassName !== undefined) {
    check(isDnsSubdomain(props.priorityClassName), () => `priorityClassName ${JSON.stringify(props.priorityClassName)} is not a priority class name (expected a DNS subdomain, like baseline-service-standard)`);
  }

  if (props.serviceAccountName !== undefined) {
    check(isDnsSubdomain(props.serviceAccountName), () => `serviceAccountName ${JSON.stringify(props.serviceAccountName)} is not a Kubernetes service account name (expected a DNS subdomain of at most 253 characters, like payments-api)`);
  }

  for (const [path, labels] of [['labels', props.labels], ['podLabels', props.podLabels]] as const) {
    if (labels !== undefined && ServiceWorkload.SELECTOR_LABEL in labels) {
      problems.push(`${path} key ${JSON.stringify(ServiceWorkload.SELECTOR_LABEL)} is set by ServiceWorkload (expected it left out: the selector label is always the service name)`);
    }
    problems.push(...labelProblems(path, labels ?? {}));
  }

  for (const envName of Object.keys(props.env ?? {})) {
    check(ENV_VAR_NAME.test(envName), () => `env key ${JSON.stringify(envName)} is not an environment variable name (expected letters, digits, '_', '-' or '.', not starting with a digit, like LOG_LEVEL)`);
  }

  for (const [path, value] of [['livenessPath', props.livenessPath], ['readinessPath', props.readinessPath]] as const) {
    if (value !== undefined) {
      check(typeof value === 'string' && HTTP_PATH.test(value), () => `${path} ${JSON.stringify(value)} is not an absolute HTTP path (expected '/' and no whitespace, like /healthz)`);
    }
  }

  for (const [path, value] of [['runAsUser', props.runAsUser], ['runAsGroup', props.runAsGroup]] as const) {
    if (value !== undefined) {
      check(isIntegerIn(value, 1, MAX_ID), () => `${path} ${JSON.stringify(value)} is not a non-root id (expected an integer from 1 to ${MAX_ID}, like ${DEFAULT_USER_ID})`);
    }
  }

  if (props.tmpSizeLimit !== undefined) {
    const result = checkQuantity('memory', 'tmpSizeLimit', props.tmpSizeLimit);
    if (result.problem !== undefined) {
      problems.push(result.problem);
    }
  }
  problems.push(...ephemeralStorageProblems(props));

  if (props.canary !== undefined) {
    problems.push(...canaryProblems(props.canary));
  }

  if (props.releaseCommittedAt !== undefined) {
    check(isUtcTimestamp(props.releaseCommittedAt), () => `releaseCommittedAt ${JSON.stringify(props.releaseCommittedAt)} is not an RFC 3339 UTC timestamp (expected a date and time to the second ending in Z, like 2026-12-03T18:45:00Z)`);
  }

  return problems;
}

/** Ephemeral storage: quantities, request within limit, and room in the limit for the `/tmp` volume. */
function ephemeralStorageProblems(props: ServiceWorkloadProps): string[] {
  const problems: string[] = [];
  const request = props.resources.ephemeralStorageRequest ?? DEFAULT_EPHEMERAL_STORAGE_REQUEST;
  const limit = props.resources.ephemeralStorageLimit ?? DEFAULT_EPHEMERAL_STORAGE_LIMIT;
  const r = checkQuantity('memory', 'resources.ephemeralStorageRequest', request);
  const l = checkQuantity('memory', 'resources.ephemeralStorageLimit', limit);
  problems.push(...[r.problem, l.problem].filter((p): p is string => p !== undefined));
  if (r.value !== undefined && l.value !== undefined && r.value > l.value) {
    problems.push(`resources.ephemeralStorageRequest ${JSON.stringify(request)} exceeds resources.ephemeralStorageLimit ${JSON.stringify(limit)} (expected a request no larger than the limit)`);
  }
  const tmp = checkQuantity('memory', 'tmpSizeLimit', props.tmpSizeLimit ?? DEFAULT_TMP_SIZE_LIMIT).value;
  if (tmp !== undefined && l.value !== undefined && tmp > l.value) {
    problems.push(`resources.ephemeralStorageLimit ${JSON.stringify(limit)} is less than tmpSizeLimit ${JSON.stringify(props.tmpSizeLimit ?? DEFAULT_TMP_SIZE_LIMIT)} (expected room for the /tmp volume, which counts towards it: the pod would be evicted before /tmp is full)`);
  }
  return problems;
}

function canaryProblems(canary: ServiceWorkloadCanary): string[] {
  const problems: string[] = [];
  if (!isDnsSubdomain(canary.analysisTemplateName)) {
    problems.push(`canary.analysisTemplateName ${JSON.stringify(canary.analysisTemplateName)} is not a Kubernetes object name (expected a DNS subdomain, like checkout)`);
  }
  const weights = canary.stepWeightsPercent;
  const increasing = weights.every((w, i) => isIntegerIn(w, 1, 99) && (i === 0 || w > weights[i - 1]));
  if (weights.length === 0 || !increasing) {
    problems.push(`canary.stepWeightsPercent ${JSON.stringify(weights)} is not a strictly increasing list of percentages (expected at least one integer from 1 to 99, like [10, 25, 50])`);
  }
  for (const key of ['stepPauseSeconds', 'progressDeadlineSeconds'] as const) {
    if (!isIntegerIn(canary[key], 1, MAX_ID)) {
      problems.push(`canary.${key} ${JSON.stringify(canary[key])} is not a positive number of seconds (expected an integer of at least 1, like 300)`);
    }
  }
  return problems;
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
