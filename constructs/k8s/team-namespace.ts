import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import {
  IntOrString,
  KubeLimitRange,
  KubeNamespace,
  KubeNetworkPolicy,
  KubeResourceQuota,
  Quantity,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { isDnsLabel, labelKeyProblem, labelValueProblem } from '../../core/names';
import { Problems } from '../../core/problems';
import { checkQuantity, QuantityKind } from '../../core/quantity';

/**
 * A Pod Security Standards level, as the `pod-security.kubernetes.io/*` labels spell it.
 *
 * `RESTRICTED` is the secure default. `BASELINE` and `PRIVILEGED` weaken the
 * control and are flagged by policy checks.
 */
export enum PodSecurityLevel {
  /** Current pod hardening best practice: non-root, no privilege escalation, seccomp, dropped capabilities. */
  RESTRICTED = 'restricted',
  /** Only known privilege escalations are blocked. **Weakens the control.** */
  BASELINE = 'baseline',
  /** Nothing is blocked. **Weakens the control**: for system add-ons that need host access. */
  PRIVILEGED = 'privileged',
}

/**
 * Hard limits for a whole team namespace (a ResourceQuota).
 */
export interface TeamNamespaceQuota {
  /** Sum of CPU requests across all pods, as a Kubernetes quantity (e.g. `4` or `4000m`). */
  readonly requestsCpu: string;
  /** Sum of memory requests across all pods, as a Kubernetes quantity (e.g. `8Gi`). */
  readonly requestsMemory: string;
  /** Sum of CPU limits across all pods, as a Kubernetes quantity (e.g. `8`). */
  readonly limitsCpu: string;
  /** Sum of memory limits across all pods, as a Kubernetes quantity (e.g. `16Gi`). */
  readonly limitsMemory: string;
  /** Maximum number of pods (a positive integer). */
  readonly pods: number;
  /**
   * Sum of ephemeral-storage requests across all pods (e.g. `25Gi`): local disk for writable volumes and logs.
   * @default - not limited by the quota
   */
  readonly requestsEphemeralStorage?: string;
  /**
   * Sum of ephemeral-storage limits across all pods (e.g. `100Gi`).
   * @default - not limited by the quota
   */
  readonly limitsEphemeralStorage?: string;
  /**
   * Maximum number of Services (0 forbids them).
   * @default 20
   */
  readonly services?: number;
  /**
   * Maximum number of PersistentVolumeClaims (0 forbids them).
   * @default 10
   */
  readonly persistentVolumeClaims?: number;
}

/**
 * Defaults and bounds for each container in a team namespace (a LimitRange).
 */
export interface TeamNamespaceContainerDefaults {
  /** CPU request given to a container that sets none (e.g. `100m`). */
  readonly cpuRequest: string;
  /** Memory request given to a container that sets none (e.g. `128Mi`). */
  readonly memoryRequest: string;
  /** CPU limit given to a container that sets none (e.g. `500m`). */
  readonly cpuLimit: string;
  /** Memory limit given to a container that sets none (e.g. `512Mi`). */
  readonly memoryLimit: string;
  /**
   * Ephemeral-storage request given to a container that sets none.
   * @default '128Mi'
   */
  readonly ephemeralStorageRequest?: string;
  /**
   * Ephemeral-storage limit given to a container that sets none: the kubelet evicts the pod above it.
   * @default '1Gi'
   */
  readonly ephemeralStorageLimit?: string;
  /**
   * Largest CPU limit a single container may have.
   * @default - no per-container CPU maximum; the namespace quota still bounds the total
   */
  readonly maxCpu?: string;
  /**
   * Largest memory limit a single container may have.
   * @default - no per-container memory maximum; the namespace quota still bounds the total
   */
  readonly maxMemory?: string;
}

/**
 * Props for {@link TeamNamespace}.
 */
export interface TeamNamespaceProps {
  /** Namespace name (DNS label, <= 63 chars). */
  readonly name: string;
  /**
   * Extra labels on every object (the platform passes owner/cost-center/environment/data-classification/team).
   *
   * A `team` label here replaces the default `team: <name>`. Keys under
   * `pod-security.kubernetes.io/` are rejected: use `podSecurityLevel`.
   * @default {}
   */
  readonly labels?: Record<string, string>;
  /** Quota for the whole namespace. */
  readonly quota: TeamNamespaceQuota;
  /** Defaults and bounds for each container (LimitRange). */
  readonly containerDefaults: TeamNamespaceContainerDefaults;
  /**
   * Pod Security Standards level.
   *
   * Anything but `RESTRICTED` is a weakened control: an explicit opt-in that policy checks flag.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurityLevel?: PodSecurityLevel;
}

const PSS_LABEL_PREFIX = 'pod-security.kubernetes.io/';
const PSS_LEVELS: readonly string[] = Object.values(PodSecurityLevel);

/**
 * The Pod Security Standards version that `enforce` is pinned to.
 *
 * It matches the Kubernetes API level these manifests are generated for
 * (cdk8s-plus-28). Pinning means a cluster upgrade never starts rejecting pods
 * that were admitted the day before: tightening enforcement is a reviewed diff.
 * `audit` and `warn` stay on `latest`, so checks added by newer Kubernetes
 * versions show up as warnings and audit annotations before the pin is raised.
 */
const PSS_ENFORCE_VERSION = 'v1.28';

/**
 * The baseline a team gets in a shared Kubernetes cluster: its own Namespace
 * with Pod Security Standards enforced, a ResourceQuota, container defaults
 * (LimitRange), a default-deny NetworkPolicy and a policy that lets pods
 * resolve DNS through kube-dns/CoreDNS.
 *
 * Object names are a contract (renaming one deletes and recreates it):
 * the Namespace is `name`; inside it live the ResourceQuota
 * {@link TeamNamespace.QUOTA_NAME}, the LimitRange
 * {@link TeamNamespace.LIMIT_RANGE_NAME} and the NetworkPolicies
 * {@link TeamNamespace.DEFAULT_DENY_POLICY_NAME} and
 * {@link TeamNamespace.DNS_EGRESS_POLICY_NAME}.
 *
 * The objects are typed `Kube*` API objects rather than cdk8s-plus constructs:
 * cdk8s-plus `Namespace` and `NetworkPolicy` add selector constructs, derive
 * `policyTypes` and peers from their own rule model, and nest the API object a
 * level deeper. For security controls whose exact shape policy checks read,
 * we want the manifest to be what the code says, field for field.
 */
export class TeamNamespace extends Construct {
  /** Name of the ResourceQuota in every team namespace. */
  public static readonly QUOTA_NAME = 'team-quota';
  /** Name of the LimitRange in every team namespace. */
  public static readonly LIMIT_RANGE_NAME = 'container-defaults';
  /** Name of the NetworkPolicy that denies all ingress and egress by default. */
  public static readonly DEFAULT_DENY_POLICY_NAME = 'default-deny-all';
  /** Name of the NetworkPolicy that allows DNS lookups through kube-dns. */
  public static readonly DNS_EGRESS_POLICY_NAME = 'allow-dns-egress';

  /** The Namespace API object (the construct's `Resource` child). */
  public readonly apiObject: ApiObject;
  /** The namespace name. */
  public readonly namespaceName: string;
  /** The Pod Security Standards level enforced in the namespace. */
  public readonly podSecurityLevel: PodSecurityLevel;

  constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);

    const problems = validateProps(props);
    this.node.addValidation(new Problems(`TeamNamespace ${JSON.stringify(props.name)}`).push(...problems));

    this.namespaceName = props.name;
    this.podSecurityLevel = props.podSecurityLevel ?? PodSecurityLevel.RESTRICTED;
    const labels: Record<string, string> = { team: props.name, ...props.labels };
    const metadata = (name: string) => ({ name, namespace: props.name, labels });

    const namespace = new KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          ...labels,
          [`${PSS_LABEL_PREFIX}enforce`]: this.podSecurityLevel,
          [`${PSS_LABEL_PREFIX}enforce-version`]: PSS_ENFORCE_VERSION,
          [`${PSS_LABEL_PREFIX}audit`]: this.podSecurityLevel,
          [`${PSS_LABEL_PREFIX}audit-version`]: 'latest',
          [`${PSS_LABEL_PREFIX}warn`]: this.podSecurityLevel,
          [`${PSS_LABEL_PREFIX}warn-version`]: 'latest',
        },
      },
    });
    // cdk8s copies the chart's default namespace onto every object, including
    // this cluster-scoped one, where it means nothing and confuses readers of
    // the manifest (policy checks included).
    if (Chart.of(this).namespace !== undefined) {
      namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    this.apiObject = namespace;

    const quota = props.quota;
    const resourceQuota = new KubeResourceQuota(this, 'Quota', {
      metadata: metadata(TeamNamespace.QUOTA_NAME),
      spec: {
        hard: {
          'requests.cpu': Quantity.fromString(quota.requestsCpu),
          'requests.memory': Quantity.fromString(quota.requestsMemory),
          'limits.cpu': Quantity.fromString(quota.limitsCpu),
          'limits.memory': Quantity.fromString(quota.limitsMemory),
          // Strings, as the API server returns them, so GitOps diffs stay quiet.
          'pods': Quantity.fromString(String(quota.pods)),
          'services': Quantity.fromString(String(quota.services ?? 20)),
          'persistentvolumeclaims': Quantity.fromString(String(quota.persistentVolumeClaims ?? 10)),
          ...(quota.requestsEphemeralStorage !== undefined && { 'requests.ephemeral-storage': Quantity.fromString(quota.requestsEphemeralStorage) }),
          ...(quota.limitsEphemeralStorage !== undefined && { 'limits.ephemeral-storage': Quantity.fromString(quota.limitsEphemeralStorage) }),
        },
      },
    });

    const defaults = props.containerDefaults;
    const max: Record<string, Quantity> = {};
    if (defaults.maxCpu !== undefined) {
      max.cpu = Quantity.fromString(defaults.maxCpu);
    }
    if (defaults.maxMemory !== undefined) {
      max.memory = Quantity.fromString(defaults.maxMemory);
    }
    const limitRange = new KubeLimitRange(this, 'LimitRange', {
      metadata: metadata(TeamNamespace.LIMIT_RANGE_NAME),
      spec: {
        limits: [{
          type: 'Container',
          default: {
            'cpu': Quantity.fromString(defaults.cpuLimit),
            'memory': Quantity.fromString(defaults.memoryLimit),
            'ephemeral-storage': Quantity.fromString(defaults.ephemeralStorageLimit ?? '1Gi'),
          },
          defaultRequest: {
            'cpu': Quantity.fromString(defaults.cpuRequest),
            'memory': Quantity.fromString(defaults.memoryRequest),
            'ephemeral-storage': Quantity.fromString(defaults.ephemeralStorageRequest ?? '128Mi'),
          },
          max: Object.keys(max).length > 0 ? max : undefined,
        }],
      },
    });

    // No rules, both policy types: every pod is isolated in both directions
    // until another policy allows something.
    const defaultDeny = new KubeNetworkPolicy(this, 'DefaultDenyAll', {
      metadata: metadata(TeamNamespace.DEFAULT_DENY_POLICY_NAME),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    // Without DNS nothing else works, and default-deny would block it. The
    // peer is narrowed to the cluster DNS pods; the namespace is matched on
    // `kubernetes.io/metadata.name`, which the API server sets and tenants
    // cannot forge on a namespace of their own.
    const dnsEgress = new KubeNetworkPolicy(this, 'AllowDnsEgress', {
      metadata: metadata(TeamNamespace.DNS_EGRESS_POLICY_NAME),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          }],
          ports: [
            { protocol: 'UDP', port: IntOrString.fromNumber(53) },
            { protocol: 'TCP', port: IntOrString.fromNumber(53) },
          ],
        }],
      },
    });

    // The chart emits dependencies first, so a single `kubectl apply` creates
    // the namespace before the objects that live in it.
    for (const child of [resourceQuota, limitRange, defaultDeny, dnsEgress]) {
      child.addDependency(namespace);
    }
  }
}

/** Every problem with the props, one sentence each, in prop order. */
function validateProps(props: TeamNamespaceProps): string[] {
  const problems: string[] = [];

  if (!isDnsLabel(props.name)) {
    problems.push(`name ${JSON.stringify(props.name)} is not a DNS label (expected 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit, like payments)`);
  } else if (props.name === 'default' || props.name.startsWith('kube-')) {
    // A team baseline applied to a system namespace would cut the cluster off
    // from DNS and its own control-plane add-ons.
    problems.push(`name ${JSON.stringify(props.name)} is reserved for Kubernetes (expected a team name other than "default" that does not start with "kube-")`);
  }

  for (const [key, value] of Object.entries(props.labels ?? {})) {
    // A reserved key is reported as such, whatever its syntax: the fix is to drop it, not to respell it.
    const keyProblem = key.startsWith(PSS_LABEL_PREFIX)
      ? `labels key ${JSON.stringify(key)} is set by TeamNamespace (expected podSecurityLevel instead)`
      : labelKeyProblem('labels', key);
    for (const problem of [keyProblem, labelValueProblem('labels', key, value)]) {
      if (problem !== undefined) {
        problems.push(problem);
      }
    }
  }

  if (props.podSecurityLevel !== undefined && !PSS_LEVELS.includes(props.podSecurityLevel)) {
    problems.push(`podSecurityLevel ${JSON.stringify(props.podSecurityLevel)} is not a Pod Security Standards level (expected PodSecurityLevel.RESTRICTED, BASELINE or PRIVILEGED)`);
  }

  const quota = props.quota;
  const requestsCpu = measure(problems, 'cpu', 'quota.requestsCpu', quota.requestsCpu);
  const requestsMemory = measure(problems, 'memory', 'quota.requestsMemory', quota.requestsMemory);
  const limitsCpu = measure(problems, 'cpu', 'quota.limitsCpu', quota.limitsCpu);
  const limitsMemory = measure(problems, 'memory', 'quota.limitsMemory', quota.limitsMemory);
  if (!Number.isInteger(quota.pods) || quota.pods <= 0) {
    problems.push(`quota.pods ${JSON.stringify(quota.pods)} is not a positive integer (expected like 50)`);
  }
  for (const [path, count] of [['quota.services', quota.services], ['quota.persistentVolumeClaims', quota.persistentVolumeClaims]] as const) {
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
      problems.push(`${path} ${JSON.stringify(count)} is not a non-negative integer (expected like 10, or 0 to allow none)`);
    }
  }

  const defaults = props.containerDefaults;
  const cpuRequest = measure(problems, 'cpu', 'containerDefaults.cpuRequest', defaults.cpuRequest);
  const memoryRequest = measure(problems, 'memory', 'containerDefaults.memoryRequest', defaults.memoryRequest);
  const cpuLimit = measure(problems, 'cpu', 'containerDefaults.cpuLimit', defaults.cpuLimit);
  const memoryLimit = measure(problems, 'memory', 'containerDefaults.memoryLimit', defaults.memoryLimit);
  const maxCpu = defaults.maxCpu === undefined ? undefined : measure(problems, 'cpu', 'containerDefaults.maxCpu', defaults.maxCpu);
  const maxMemory = defaults.maxMemory === undefined ? undefined : measure(problems, 'memory', 'containerDefaults.maxMemory', defaults.maxMemory);

  // The API server rejects a LimitRange whose defaults break these orders, and
  // a default that does not fit in the quota means no defaulted pod can start.
  const atMost = (small: Measured | undefined, large: Measured | undefined, expected: string) => {
    if (small && large && small.value > large.value) {
      problems.push(`${small.path} ${JSON.stringify(small.text)} exceeds ${large.path} ${JSON.stringify(large.text)} (expected ${expected})`);
    }
  };
  const requestVsLimit = 'a default request no larger than the default limit';
  const limitVsMax = 'a default limit no larger than the per-container maximum';
  const fitsQuota = 'one defaulted container to fit in the namespace quota';
  atMost(cpuRequest, cpuLimit, requestVsLimit);
  atMost(memoryRequest, memoryLimit, requestVsLimit);
  atMost(cpuLimit, maxCpu, limitVsMax);
  atMost(memoryLimit, maxMemory, limitVsMax);
  atMost(cpuRequest, requestsCpu, fitsQuota);
  atMost(memoryRequest, requestsMemory, fitsQuota);
  atMost(cpuLimit, limitsCpu, fitsQuota);
  atMost(memoryLimit, limitsMemory, fitsQuota);

  return problems;
}

/** A quantity prop that parsed, with where it came from for messages. */
interface Measured {
  readonly path: string;
  readonly text: string;
  readonly value: number;
}

/** Checks a quantity prop, recording its problem; the measured quantity when it has none. */
function measure(problems: string[], kind: QuantityKind, path: string, text: string): Measured | undefined {
  const result = checkQuantity(kind, path, text);
  if (result.problem !== undefined) {
    problems.push(result.problem);
    return undefined;
  }
  return { path, text, value: result.value };
}
