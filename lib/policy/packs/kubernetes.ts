import { policyExcludedNamespaces } from '../../addons/catalog';
import type { Artifact } from '../../artifacts';
import { MANDATORY_TAG_KEYS, type Cloud } from '../../spec';
import { controlById } from '../controls';
import { kyvernoEnforce } from '../rules/kubernetes/kyverno-enforce';
import { noClusterAdminBinding } from '../rules/kubernetes/no-cluster-admin-binding';
import type { Rule, RulePack, Violation } from '../types';

/** The cluster a rule's Kyverno policy is generated for. */
export interface KubernetesClusterContext {
  /** Environment name, e.g. `prod`. */
  readonly environment: string;
  /** The cloud the cluster runs on; it decides e.g. which annotation makes a load balancer internal. */
  readonly cloud: Cloud;
}

/**
 * One Kyverno `validate` rule, without the parts every generated policy shares (failure action, namespace
 * exclusions, the DELETE guard): those are added by `kyvernoClusterPolicies`.
 */
export interface KyvernoRuleDefinition {
  /** Rule name inside the policy (DNS label). */
  readonly name: string;
  /** Kyverno `match` block, e.g. `{ any: [{ resources: { kinds: ['Pod'] } }] }`. */
  readonly match: Record<string, unknown>;
  /** Kyverno `preconditions` (`{ all: [...] }` / `{ any: [...] }`). @default - none */
  readonly preconditions?: { readonly all?: readonly unknown[]; readonly any?: readonly unknown[] };
  /**
   * Resource filters this rule skips, added to the policy's namespace exclusions (each an `exclude.any` entry, e.g.
   * `{ resources: { kinds: ['ServiceAccount'], names: ['default'] } }`).
   * @default - only the excluded namespaces
   */
  readonly exclude?: readonly Record<string, unknown>[];
  /** Kyverno `validate` block without `failureAction`: `message` and one of `pattern`, `anyPattern`, `deny`, `foreach`. */
  readonly validate: Record<string, unknown> & { readonly message: string };
}

/**
 * A Kubernetes rule: the TypeScript check over synthesized manifests and, where Kyverno can express it, the same
 * rule as Kyverno rules enforced in the cluster. Both live side by side so they change together.
 */
export interface KubernetesRule extends Rule {
  readonly kind: 'kubernetes';
  /**
   * The Kyverno rules that enforce this rule in a cluster.
   * @default - not enforced by Kyverno (the rule needs to see several objects at once, which admission cannot)
   */
  readonly kyverno?: (cluster: KubernetesClusterContext) => readonly KyvernoRuleDefinition[];
}

/** Registry host prefixes whose images a cluster may run, per environment and cloud. */
export type TrustedRegistriesResolver = (cluster: { readonly environment: string; readonly cloud: Cloud }) => readonly string[];

/** Options of {@link kubernetesPack}. */
export interface KubernetesPackOptions {
  /**
   * Registry prefixes images must start with, ending in `/`: e.g. `111111111111.dkr.ecr.eu-west-1.amazonaws.com/`,
   * `acmeprod.azurecr.io/`, `europe-west1-docker.pkg.dev/acme-prod/`. Either one list for every cluster, or a
   * function of the environment and cloud (it receives the artifact being checked).
   */
  readonly trustedRegistries: readonly string[] | TrustedRegistriesResolver;
  /**
   * Namespaces that need no default-deny NetworkPolicy.
   * @default - the system namespaces and the namespaces of the add-on catalog
   */
  readonly excludedNamespaces?: readonly string[];
}

/** The pack returned by {@link kubernetesPack}: its rules are {@link KubernetesRule}s. */
export interface KubernetesRulePack extends RulePack {
  readonly rules: readonly KubernetesRule[];
}

/** The annotation that allows a pod or service account to mount its Kubernetes API token; its value says why. */
export const NEEDS_SERVICE_ACCOUNT_TOKEN_ANNOTATION = 'baseline.io/needs-service-account-token';

/** Annotations that make a LoadBalancer Service internal, per cloud. */
export const INTERNAL_LOAD_BALANCER_ANNOTATIONS: Readonly<Record<Cloud, { readonly key: string; readonly value: string }>> = {
  aws: { key: 'service.beta.kubernetes.io/aws-load-balancer-scheme', value: 'internal' },
  azure: { key: 'service.beta.kubernetes.io/azure-load-balancer-internal', value: 'true' },
  gcp: { key: 'networking.gke.io/load-balancer-type', value: 'Internal' },
};

/** Volume types the Pod Security Standards `restricted` profile allows. */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
];

/**
 * Kinds the mandatory-labels Kyverno rule admits only with the labels: the kinds the baseline and teams author.
 * ConfigMap is left out because the control plane creates `kube-root-ca.crt` in every namespace, unlabelled.
 */
export const LABELLED_KINDS: readonly string[] = [
  'Namespace', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service', 'ServiceAccount', 'NetworkPolicy', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'ResourceQuota', 'LimitRange', 'Ingress',
];

/**
 * The Kubernetes rule pack: Pod Security Standards `restricted`, bounded resources, probes, pinned images from the
 * organization's registries, disruption budgets, no API token by default, no public exposure, default-deny
 * networking and the mandatory labels, over every manifest.
 *
 * Pod specs are found generically (a Pod's `spec`, or the `template` of any controller, however deep, such as a
 * CronJob's `spec.jobTemplate.spec.template`), so workload kinds added later are covered without a change here.
 * Violations name objects `<Kind>/<namespace>/<name>`, or `<Kind>/<name>` when the object has no namespace.
 *
 * Throws when a trusted registry prefix is malformed (it must end with `/`, or `acme.azurecr.io` would also trust
 * `acme.azurecr.io.evil.example/`).
 */
export function kubernetesPack(options: KubernetesPackOptions): KubernetesRulePack {
  if (Array.isArray(options.trustedRegistries)) {
    assertRegistryPrefixes(options.trustedRegistries);
  }
  const registriesFor: TrustedRegistriesResolver = typeof options.trustedRegistries === 'function'
    ? (cluster) => {
      const resolved = (options.trustedRegistries as TrustedRegistriesResolver)(cluster);
      assertRegistryPrefixes(resolved);
      return resolved;
    }
    : () => options.trustedRegistries as readonly string[];
  const excluded = options.excludedNamespaces ?? policyExcludedNamespaces();

  return {
    name: 'kubernetes',
    description: 'Kubernetes manifests: Pod Security Standards restricted, resources, probes, images, disruption budgets, service account tokens, exposure, network isolation and labels.',
    rules: [
      runAsNonRoot(),
      noPrivilegeEscalation(),
      hostNamespaces(),
      capabilities(),
      seccomp(),
      readOnlyRootFilesystem(),
      volumeTypes(),
      resourcesBounded(),
      healthProbes(),
      imagesPinned(),
      imagesTrusted(registriesFor),
      disruptionBudget(),
      serviceAccountToken(),
      noNodePort(),
      internalLoadBalancer(),
      namespaceDefaultDeny(excluded),
      mandatoryLabels(),
      { ...kyvernoEnforce, kind: 'kubernetes' },
      { ...noClusterAdminBinding, kind: 'kubernetes' },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

function runAsNonRoot(): KubernetesRule {
  return {
    ...meta('K8S-PSS-RUN-AS-NON-ROOT', 'pod-security-restricted',
      'Every container runs as a non-root user (Pod Security Standards restricted: runAsNonRoot true, runAsUser not 0).',
      'Set securityContext.runAsNonRoot: true on the pod (or on every container) and a non-zero runAsUser.'),
    check: forEachPod((pod, report) => {
      const podContext = pod.spec.securityContext ?? {};
      if (podContext.runAsUser === 0) report('pod securityContext.runAsUser is 0 (expected a non-zero user id)');
      for (const c of allContainers(pod.spec)) {
        const own = c.container.securityContext?.runAsNonRoot;
        const effective = own ?? podContext.runAsNonRoot;
        if (effective !== true) {
          report(`${c.label} runAsNonRoot is ${show(effective)} (expected true, on the container or the pod securityContext)`);
        }
        if (c.container.securityContext?.runAsUser === 0) report(`${c.label} securityContext.runAsUser is 0 (expected a non-zero user id)`);
      }
    }),
    kyverno: () => {
      const nonZeroUser = { '=(runAsUser)': '>0' };
      const containersWith = (securityContext: Record<string, unknown>) => ({
        '=(ephemeralContainers)': [securityContext], '=(initContainers)': [securityContext], 'containers': [securityContext],
      });
      return [{
        name: 'run-as-non-root',
        match: podMatch(),
        validate: {
          message: 'Containers must run as non-root: set securityContext.runAsNonRoot to true on the pod or on every container, and never runAsUser 0.',
          anyPattern: [
            { spec: { securityContext: { runAsNonRoot: true, ...nonZeroUser }, ...containersWith({ '=(securityContext)': { '=(runAsNonRoot)': true, ...nonZeroUser } }) } },
            { spec: { '=(securityContext)': nonZeroUser, ...containersWith({ securityContext: { runAsNonRoot: true, ...nonZeroUser } }) } },
          ],
        },
      }];
    },
  };
}

function noPrivilegeEscalation(): KubernetesRule {
  return {
    ...meta('K8S-PSS-NO-PRIVILEGE-ESCALATION', 'pod-security-restricted',
      'No container can gain privileges: allowPrivilegeEscalation is false and no container is privileged.',
      'Set securityContext.allowPrivilegeEscalation: false on every container and remove privileged: true.'),
    check: forEachPod((pod, report) => {
      for (const c of allContainers(pod.spec)) {
        const sc = c.container.securityContext ?? {};
        if (sc.allowPrivilegeEscalation !== false) report(`${c.label} securityContext.allowPrivilegeEscalation is ${show(sc.allowPrivilegeEscalation)} (expected false)`);
        if (sc.privileged === true) report(`${c.label} securityContext.privileged is true (expected false or unset)`);
      }
    }),
    kyverno: () => {
      const container = { securityContext: { 'allowPrivilegeEscalation': false, '=(privileged)': false } };
      return [{
        name: 'no-privilege-escalation',
        match: podMatch(),
        validate: {
          message: 'Containers must set securityContext.allowPrivilegeEscalation to false and must not be privileged.',
          pattern: { spec: { '=(ephemeralContainers)': [container], '=(initContainers)': [container], 'containers': [container] } },
        },
      }];
    },
  };
}

function hostNamespaces(): KubernetesRule {
  return {
    ...meta('K8S-PSS-HOST-NAMESPACES', 'pod-security-restricted',
      'Pods share no host namespace and bind no host port (Pod Security Standards baseline, included in restricted).',
      'Remove hostNetwork, hostPID, hostIPC and every hostPort; expose the pod through a Service instead.'),
    check: forEachPod((pod, report) => {
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
        if (pod.spec[field] === true) report(`pod ${field} is true (expected false or unset)`);
      }
      for (const c of allContainers(pod.spec)) {
        for (const port of asArray(c.container.ports)) {
          if (port?.hostPort !== undefined && port.hostPort !== 0) report(`${c.label} ports hostPort is ${show(port.hostPort)} (expected unset or 0)`);
        }
      }
    }),
    kyverno: () => {
      const container = { '=(ports)': [{ '=(hostPort)': 0 }] };
      return [{
        name: 'host-namespaces',
        match: podMatch(),
        validate: {
          message: 'Pods must not use hostNetwork, hostPID, hostIPC or host ports.',
          pattern: {
            spec: {
              '=(hostNetwork)': false,
              '=(hostPID)': false,
              '=(hostIPC)': false,
              '=(ephemeralContainers)': [container],
              '=(initContainers)': [container],
              'containers': [container],
            },
          },
        },
      }];
    },
  };
}

function capabilities(): KubernetesRule {
  return {
    ...meta('K8S-PSS-CAPABILITIES', 'pod-security-restricted',
      'Every container drops ALL capabilities and adds none but NET_BIND_SERVICE.',
      'Set securityContext.capabilities.drop: [ALL] on every container; add back only NET_BIND_SERVICE, and only if the container binds a port below 1024.'),
    check: forEachPod((pod, report) => {
      for (const c of allContainers(pod.spec)) {
        const caps = c.container.securityContext?.capabilities ?? {};
        const drop = asArray(caps.drop);
        if (!drop.some((d) => typeof d === 'string' && d.toUpperCase() === 'ALL')) {
          report(`${c.label} securityContext.capabilities.drop is ${show(caps.drop)} (expected to include ALL)`);
        }
        const extra = asArray(caps.add).filter((a) => a !== 'NET_BIND_SERVICE');
        if (extra.length > 0) report(`${c.label} securityContext.capabilities.add is ${show(caps.add)} (expected none but NET_BIND_SERVICE)`);
      }
    }),
    kyverno: () => [{
      name: 'drop-all-capabilities',
      match: podMatch(),
      validate: {
        message: 'Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE.',
        foreach: [{
          list: CONTAINERS_LIST,
          deny: {
            conditions: {
              any: [
                { key: 'ALL', operator: 'AnyNotIn', value: '{{ element.securityContext.capabilities.drop[].to_upper(@) || `[]` }}' },
                { key: '{{ element.securityContext.capabilities.add[] || `[]` }}', operator: 'AnyNotIn', value: ['NET_BIND_SERVICE', ''] },
              ],
            },
          },
        }],
      },
    }],
  };
}

function seccomp(): KubernetesRule {
  const allowed = ['RuntimeDefault', 'Localhost'];
  return {
    ...meta('K8S-PSS-SECCOMP', 'pod-security-restricted',
      'Every container runs with the RuntimeDefault (or a Localhost) seccomp profile.',
      'Set securityContext.seccompProfile.type: RuntimeDefault on the pod, and never Unconfined on a container.'),
    check: forEachPod((pod, report) => {
      const podType = pod.spec.securityContext?.seccompProfile?.type;
      if (podType !== undefined && !allowed.includes(podType)) report(`pod securityContext.seccompProfile.type is ${show(podType)} (expected RuntimeDefault or Localhost)`);
      for (const c of allContainers(pod.spec)) {
        const own = c.container.securityContext?.seccompProfile?.type;
        if (own !== undefined && !allowed.includes(own)) {
          report(`${c.label} securityContext.seccompProfile.type is ${show(own)} (expected RuntimeDefault or Localhost)`);
        } else if (own === undefined && podType === undefined) {
          report(`${c.label} seccompProfile.type is unset and the pod sets none (expected RuntimeDefault or Localhost)`);
        }
      }
    }),
    kyverno: () => {
      const type = allowed.join(' | ');
      const containersWith = (container: Record<string, unknown>) => ({
        '=(ephemeralContainers)': [container], '=(initContainers)': [container], 'containers': [container],
      });
      return [{
        name: 'seccomp-runtime-default',
        match: podMatch(),
        validate: {
          message: 'Pods must set securityContext.seccompProfile.type to RuntimeDefault or Localhost, on the pod or on every container, and never Unconfined.',
          anyPattern: [
            { spec: { securityContext: { seccompProfile: { type } }, ...containersWith({ '=(securityContext)': { '=(seccompProfile)': { '=(type)': type } } }) } },
            { spec: { '=(securityContext)': { '=(seccompProfile)': { '=(type)': type } }, ...containersWith({ securityContext: { seccompProfile: { type } } }) } },
          ],
        },
      }];
    },
  };
}

function readOnlyRootFilesystem(): KubernetesRule {
  return {
    ...meta('K8S-PSS-READ-ONLY-ROOT-FS', 'pod-security-restricted',
      'Every container and init container has a read-only root filesystem.',
      'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process must write (e.g. /tmp).'),
    check: forEachPod((pod, report) => {
      // Ephemeral (debug) containers are left out: they are attached by an operator for a session, not deployed.
      for (const c of allContainers(pod.spec, false)) {
        const value = c.container.securityContext?.readOnlyRootFilesystem;
        if (value !== true) report(`${c.label} securityContext.readOnlyRootFilesystem is ${show(value)} (expected true)`);
      }
    }),
    kyverno: () => {
      const container = { securityContext: { readOnlyRootFilesystem: true } };
      return [{
        name: 'read-only-root-filesystem',
        match: podMatch(),
        validate: {
          message: 'Containers must set securityContext.readOnlyRootFilesystem to true.',
          pattern: { spec: { '=(initContainers)': [container], 'containers': [container] } },
        },
      }];
    },
  };
}

function volumeTypes(): KubernetesRule {
  return {
    ...meta('K8S-PSS-VOLUME-TYPES', 'pod-security-restricted',
      `Pods use only the volume types Pod Security Standards restricted allows (${RESTRICTED_VOLUME_TYPES.join(', ')}).`,
      'Replace hostPath and other node or network volumes with a PersistentVolumeClaim, a CSI volume or an emptyDir.'),
    check: forEachPod((pod, report) => {
      for (const volume of asArray(pod.spec.volumes)) {
        const types = Object.keys(volume ?? {}).filter((k) => k !== 'name');
        const bad = types.filter((t) => !RESTRICTED_VOLUME_TYPES.includes(t));
        if (bad.length > 0) report(`volume ${show(volume?.name)} is of type ${bad.map((t) => JSON.stringify(t)).join(', ')} (expected one of ${RESTRICTED_VOLUME_TYPES.join(', ')})`);
      }
    }),
    kyverno: () => [{
      name: 'restricted-volume-types',
      match: podMatch(),
      validate: {
        message: `Pods may use only these volume types: ${RESTRICTED_VOLUME_TYPES.join(', ')}.`,
        deny: {
          conditions: {
            all: [{
              key: '{{ request.object.spec.volumes[].keys(@)[] || `[]` }}',
              operator: 'AnyNotIn',
              value: [...RESTRICTED_VOLUME_TYPES, 'name'],
            }],
          },
        },
      },
    }],
  };
}

function resourcesBounded(): KubernetesRule {
  const fields = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];
  return {
    ...meta('K8S-RESOURCES-BOUNDED', 'resources-bounded',
      'Every container and init container declares CPU and memory requests and limits.',
      'Set resources.requests.cpu, resources.requests.memory, resources.limits.cpu and resources.limits.memory on every container.'),
    check: forEachPod((pod, report) => {
      for (const c of allContainers(pod.spec, false)) {
        const resources = c.container.resources ?? {};
        const missing = fields.filter((f) => {
          const [group, name] = f.split('.');
          const value = resources[group]?.[name];
          return value === undefined || value === null || value === '';
        });
        if (missing.length > 0) report(`${c.label} resources ${show(c.container.resources)} lack ${missing.join(', ')} (expected CPU and memory requests and limits)`);
      }
    }),
    kyverno: () => {
      const container = { resources: { requests: { cpu: '?*', memory: '?*' }, limits: { cpu: '?*', memory: '?*' } } };
      return [{
        name: 'resources-bounded',
        match: podMatch(),
        validate: {
          message: 'Containers must set CPU and memory requests and limits.',
          pattern: { spec: { '=(initContainers)': [container], 'containers': [container] } },
        },
      }];
    },
  };
}

function healthProbes(): KubernetesRule {
  return {
    ...meta('K8S-HEALTH-PROBES', 'health-probes',
      'Every container of a long-running pod (restartPolicy Always) has a liveness and a readiness probe.',
      'Add livenessProbe and readinessProbe (httpGet, grpc or tcpSocket) to the container.'),
    check: forEachPod((pod, report) => {
      // Run-to-completion pods (Jobs, CronJobs) restart Never or OnFailure; a probe there means nothing.
      if ((pod.spec.restartPolicy ?? 'Always') !== 'Always') return;
      for (const container of asArray(pod.spec.containers)) {
        const missing = ['livenessProbe', 'readinessProbe'].filter((p) => container?.[p] === undefined || container?.[p] === null);
        if (missing.length > 0) report(`container ${show(container?.name)} has no ${missing.join(', ')} (expected both on a long-running container)`);
      }
    }),
    kyverno: () => [{
      name: 'health-probes',
      match: podMatch(),
      preconditions: { all: [{ key: "{{ request.object.spec.restartPolicy || 'Always' }}", operator: 'Equals', value: 'Always' }] },
      validate: {
        message: 'Long-running containers must have a livenessProbe and a readinessProbe.',
        // The API server defaults periodSeconds before admission, so a declared probe always has it.
        pattern: { spec: { containers: [{ livenessProbe: { periodSeconds: '>0' }, readinessProbe: { periodSeconds: '>0' } }] } },
      },
    }],
  };
}

function imagesPinned(): KubernetesRule {
  return {
    ...meta('K8S-IMAGES-PINNED', 'images-trusted',
      'Every image is pinned: a tag other than latest, or a digest.',
      'Reference images by an immutable version tag (1.4.2) or by digest (@sha256:...), never latest or untagged.'),
    check: forEachPod((pod, report) => {
      for (const c of allContainers(pod.spec)) {
        const image = c.container.image;
        const ref = splitImage(image);
        if (ref === undefined) {
          report(`${c.label} image ${show(image)} is not an image reference (expected like registry.example.com/team/app:1.4.2)`);
        } else if (ref.tag === undefined && ref.digest === undefined) {
          report(`${c.label} image ${show(image)} has neither a tag nor a digest (expected a pinned version, like :1.4.2 or @sha256:...)`);
        } else if (ref.tag === 'latest' && ref.digest === undefined) {
          report(`${c.label} image ${show(image)} is tagged latest (expected a pinned version, like :1.4.2 or @sha256:...)`);
        }
      }
    }),
    kyverno: () => [{
      name: 'images-pinned',
      match: podMatch(),
      validate: {
        message: 'Images must be pinned to a version tag other than latest, or to a digest.',
        foreach: [{
          list: CONTAINERS_LIST,
          deny: {
            conditions: {
              any: [
                { key: `{{ regex_match('${PINNED_IMAGE_PATTERN}', element.image) }}`, operator: 'Equals', value: false },
                { key: "{{ regex_match(':latest$', element.image) }}", operator: 'Equals', value: true },
              ],
            },
          },
        }],
      },
    }],
  };
}

function imagesTrusted(registriesFor: TrustedRegistriesResolver): KubernetesRule {
  return {
    ...meta('K8S-IMAGES-TRUSTED-REGISTRY', 'images-trusted',
      'Every image comes from one of the organization\'s registries for the cluster.',
      'Push the image to the organization\'s registry (ECR, ACR or Artifact Registry) and reference it there.'),
    check: (artifact) => {
      const trusted = registriesFor(artifact);
      return forEachPod((pod, report) => {
        for (const c of allContainers(pod.spec)) {
          const image = c.container.image;
          if (typeof image !== 'string' || !trusted.some((prefix) => image.startsWith(prefix))) {
            report(`${c.label} image ${show(image)} is not from a trusted registry (expected a prefix among ${trusted.length > 0 ? trusted.join(', ') : 'none: no registry is trusted for this cluster'})`);
          }
        }
      })(artifact);
    },
    kyverno: (cluster) => {
      const trusted = registriesFor(cluster);
      if (trusted.length === 0) {
        throw new Error(`K8S-IMAGES-TRUSTED-REGISTRY: no trusted registry for environment ${JSON.stringify(cluster.environment)} on ${cluster.cloud} (expected at least one registry prefix, like 111111111111.dkr.ecr.eu-west-1.amazonaws.com/)`);
      }
      const container = { image: trusted.map((prefix) => `${prefix}*`).join(' | ') };
      return [{
        name: 'images-trusted-registry',
        match: podMatch(),
        validate: {
          message: `Images must come from the organization's registries: ${trusted.join(', ')}.`,
          pattern: { spec: { '=(ephemeralContainers)': [container], '=(initContainers)': [container], 'containers': [container] } },
        },
      }];
    },
  };
}

function disruptionBudget(): KubernetesRule {
  return {
    ...meta('K8S-DISRUPTION-BUDGET', 'disruption-budget',
      'Every workload that runs more than one replica (or is autoscaled from more than one) has a PodDisruptionBudget in its namespace selecting its pods.',
      'Add a PodDisruptionBudget (maxUnavailable: 1) whose selector matches the pod template labels.'),
    // Not in Kyverno: the workload and its budget are separate objects, admitted in either order.
    check: (artifact) => {
      const objects = objectsOf(artifact);
      const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget');
      const autoscalers = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
      const violations: Violation[] = [];
      for (const object of objects) {
        const pod = podTemplateOf(object);
        if (!pod || object.kind === 'Pod') continue;
        // An autoscaled workload leaves replicas unset; its floor is the autoscaler's minReplicas.
        const replicas = Math.max(object.spec?.replicas ?? 1, targetedBy(autoscalers, object)?.spec?.minReplicas ?? 1);
        if (replicas <= 1) continue;
        const labels = pod.metadata?.labels ?? {};
        const covered = budgets.some((b) => (b.metadata?.namespace ?? 'default') === (object.metadata?.namespace ?? 'default') && selects(b.spec?.selector, labels));
        if (!covered) {
          violations.push({
            resource: nameOf(object),
            message: `runs ${replicas} replicas with pod labels ${show(labels)} and no PodDisruptionBudget in its namespace selects them (expected a PodDisruptionBudget whose selector matches the pod labels)`,
          });
        }
      }
      return violations;
    },
  };
}

function serviceAccountToken(): KubernetesRule {
  const annotation = NEEDS_SERVICE_ACCOUNT_TOKEN_ANNOTATION;
  return {
    ...meta('K8S-SERVICE-ACCOUNT-TOKEN', 'service-account-token-off',
      'Pods and service accounts do not mount a Kubernetes API token, unless annotated with why they need one.',
      `Set automountServiceAccountToken: false on the pod template and the ServiceAccount, or annotate them with ${annotation}: "<reason>".`),
    check: (artifact) => {
      const violations: Violation[] = [];
      for (const object of objectsOf(artifact)) {
        if (object.kind === 'ServiceAccount') {
          if (object.automountServiceAccountToken !== false && !hasReason(object.metadata)) {
            violations.push({ resource: nameOf(object), message: `automountServiceAccountToken is ${show(object.automountServiceAccountToken)} (expected false, or the annotation ${annotation} with a reason)` });
          }
          continue;
        }
        const pod = podTemplateOf(object);
        // The annotation must be on the pods themselves (their template), where the admission controller sees it.
        if (pod && pod.spec.automountServiceAccountToken !== false && !hasReason(pod.metadata)) {
          violations.push({ resource: nameOf(object), message: `pod automountServiceAccountToken is ${show(pod.spec.automountServiceAccountToken)} (expected false, or the pod annotation ${annotation} with a reason)` });
        }
      }
      return violations;
    },
    kyverno: () => {
      const reasoned = { metadata: { annotations: { [annotation]: '?*' } } };
      return [
        {
          name: 'pod-token-automount-off',
          match: podMatch(),
          validate: {
            message: `Pods must set automountServiceAccountToken to false, or carry the annotation ${annotation} with the reason they need the token.`,
            anyPattern: [{ spec: { automountServiceAccountToken: false } }, reasoned],
          },
        },
        {
          name: 'service-account-token-automount-off',
          match: kindsMatch(['ServiceAccount']),
          exclude: [CONTROL_PLANE_SERVICE_ACCOUNT],
          validate: {
            message: `ServiceAccounts must set automountServiceAccountToken to false, or carry the annotation ${annotation} with the reason.`,
            anyPattern: [{ automountServiceAccountToken: false }, reasoned],
          },
        },
      ];
    },
  };
}

function noNodePort(): KubernetesRule {
  return {
    ...meta('K8S-SERVICE-NO-NODEPORT', 'no-public-exposure',
      'No Service is of type NodePort, which opens a port on every node.',
      'Use a ClusterIP Service, or an internal LoadBalancer for traffic from outside the cluster.'),
    check: (artifact) => objectsOf(artifact)
      .filter((o) => o.kind === 'Service' && o.spec?.type === 'NodePort')
      .map((o) => ({ resource: nameOf(o), message: 'spec.type is "NodePort" (expected ClusterIP, or an internal LoadBalancer)' })),
    kyverno: () => [{
      name: 'no-nodeport',
      match: kindsMatch(['Service']),
      validate: {
        message: 'Services of type NodePort are not allowed: use ClusterIP or an internal LoadBalancer.',
        pattern: { spec: { '=(type)': '!NodePort' } },
      },
    }],
  };
}

function internalLoadBalancer(): KubernetesRule {
  return {
    ...meta('K8S-SERVICE-INTERNAL-LOAD-BALANCER', 'no-public-exposure',
      'Every LoadBalancer Service carries its cloud\'s internal annotation, so no load balancer is public by accident.',
      'Annotate the Service: aws service.beta.kubernetes.io/aws-load-balancer-scheme: internal; azure service.beta.kubernetes.io/azure-load-balancer-internal: "true"; gcp networking.gke.io/load-balancer-type: Internal.'),
    check: (artifact) => {
      const { key, value } = INTERNAL_LOAD_BALANCER_ANNOTATIONS[artifact.cloud];
      return objectsOf(artifact)
        .filter((o) => o.kind === 'Service' && o.spec?.type === 'LoadBalancer' && o.metadata?.annotations?.[key] !== value)
        .map((o) => ({
          resource: nameOf(o),
          message: `is a LoadBalancer with annotation ${key} ${show(o.metadata?.annotations?.[key])} (expected ${JSON.stringify(value)} on ${artifact.cloud})`,
        }));
    },
    kyverno: (cluster) => {
      const { key, value } = INTERNAL_LOAD_BALANCER_ANNOTATIONS[cluster.cloud];
      return [{
        name: 'internal-load-balancer',
        match: kindsMatch(['Service']),
        preconditions: { all: [{ key: "{{ request.object.spec.type || 'ClusterIP' }}", operator: 'Equals', value: 'LoadBalancer' }] },
        validate: {
          message: `LoadBalancer Services must be internal: annotate them ${key}: "${value}".`,
          pattern: { metadata: { annotations: { [key]: value } } },
        },
      }];
    },
  };
}

function namespaceDefaultDeny(excluded: readonly string[]): KubernetesRule {
  return {
    ...meta('K8S-NAMESPACE-DEFAULT-DENY', 'network-default-deny',
      'Every namespace has a default-deny NetworkPolicy: an empty podSelector and both Ingress and Egress policy types.',
      'Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress, Egress] to the namespace, then allow the flows it needs.'),
    // Not in Kyverno: the namespace and its policy are separate objects; Kyverno could only generate the policy.
    check: (artifact) => {
      const objects = objectsOf(artifact);
      const denied = new Set(objects.filter(isDefaultDeny).map((p) => p.metadata?.namespace ?? 'default'));
      return objects
        .filter((o) => o.kind === 'Namespace' && !excluded.includes(o.metadata?.name) && !denied.has(o.metadata?.name))
        .map((o) => ({
          resource: nameOf(o),
          message: `has no default-deny NetworkPolicy (expected one in namespace ${show(o.metadata?.name)} with podSelector {} and policyTypes Ingress and Egress)`,
        }));
    },
  };
}

function mandatoryLabels(): KubernetesRule {
  return {
    ...meta('K8S-MANDATORY-LABELS', 'mandatory-tags',
      `Every object carries the mandatory labels (${MANDATORY_TAG_KEYS.join(', ')}).`,
      'Add the labels to the object, e.g. through the chart\'s labels; the platform gives every chart the environment\'s tags.'),
    check: (artifact) => {
      const violations: Violation[] = [];
      for (const object of objectsOf(artifact)) {
        const labels = object.metadata?.labels ?? {};
        const missing = MANDATORY_TAG_KEYS.filter((k) => typeof labels[k] !== 'string' || labels[k] === '');
        if (missing.length > 0) violations.push({ resource: nameOf(object), message: `labels ${show(object.metadata?.labels)} lack ${missing.join(', ')} (expected every mandatory label: ${MANDATORY_TAG_KEYS.join(', ')})` });
      }
      return violations;
    },
    kyverno: () => [{
      name: 'mandatory-labels',
      match: kindsMatch(LABELLED_KINDS),
      exclude: [CONTROL_PLANE_SERVICE_ACCOUNT],
      validate: {
        message: `Objects must carry the labels ${MANDATORY_TAG_KEYS.join(', ')}.`,
        pattern: { metadata: { labels: Object.fromEntries(MANDATORY_TAG_KEYS.map((k) => [k, '?*'])) } },
      },
    }],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/**
 * A reference with a digest, or whose last path component has a tag: a ':' before the last '/' is a registry port,
 * so `registry:5000/app` is untagged. No `{n,m}` bounds: Kyverno would take the braces for a variable.
 */
const PINNED_IMAGE_PATTERN = '^[^@]+@sha(256|512):[a-f0-9]+$|^([^/@]+/)*[^/@:]+:[A-Za-z0-9_][A-Za-z0-9_.-]*$';

/** Every container of a pod, init and ephemeral containers included, as Kyverno's foreach lists them. */
const CONTAINERS_LIST = 'request.object.spec.[ephemeralContainers, initContainers, containers][]';

/**
 * The `default` ServiceAccount the control plane creates in every namespace: blocking it would stop namespaces from
 * coming up. Pods never rely on its automount setting, because they must turn the token off themselves.
 */
const CONTROL_PLANE_SERVICE_ACCOUNT = { resources: { kinds: ['ServiceAccount'], names: ['default'] } };

function meta(id: string, control: string, description: string, remediation: string) {
  return {
    id,
    severity: 'error' as const,
    // Fails at load on a control id that does not exist.
    controls: [controlById(control).id],
    description,
    remediation,
    kind: 'kubernetes' as const,
  };
}

function podMatch(): Record<string, unknown> {
  // Kyverno generates the same rule for Deployments, StatefulSets, DaemonSets, Jobs and CronJobs (autogen).
  return kindsMatch(['Pod']);
}

function kindsMatch(kinds: readonly string[]): Record<string, unknown> {
  return { any: [{ resources: { kinds: [...kinds] } }] };
}

/** Kubernetes objects of a manifest artifact, skipping anything that is not an object with a kind. */
function objectsOf(artifact: Artifact): any[] {
  const document = Array.isArray(artifact.document) ? artifact.document : [];
  return document.filter((o: any) => o !== null && typeof o === 'object' && typeof o.kind === 'string');
}

/** `<Kind>/<namespace>/<name>`, or `<Kind>/<name>` for an object without a namespace. */
export function nameOf(object: any): string {
  const namespace = object.metadata?.namespace;
  const name = object.metadata?.name ?? '<unnamed>';
  return namespace ? `${object.kind}/${namespace}/${name}` : `${object.kind}/${name}`;
}

interface PodTemplate {
  readonly metadata?: any;
  readonly spec: any;
}

/**
 * The pod spec of an object and the metadata its pods get: a Pod's own, or the first `template` reached through
 * `spec`, `template` and `jobTemplate` (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, and custom
 * kinds shaped the same way, such as Argo Rollouts).
 */
function podTemplateOf(object: any): PodTemplate | undefined {
  if (object.kind === 'Pod') {
    return isPodSpec(object.spec) ? { metadata: object.metadata, spec: object.spec } : undefined;
  }
  const search = (node: any, depth: number): PodTemplate | undefined => {
    if (node === null || typeof node !== 'object' || depth > 6) return undefined;
    if (isPodSpec(node.template?.spec)) return { metadata: node.template.metadata, spec: node.template.spec };
    for (const key of ['spec', 'template', 'jobTemplate']) {
      const found = search(node[key], depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return search(object.spec, 0);
}

function isPodSpec(spec: any): boolean {
  return spec !== null && typeof spec === 'object' && Array.isArray(spec.containers);
}

type Report = (message: string) => void;

/** A check that runs `inspect` on every pod spec of the artifact, naming violations after the owning object. */
function forEachPod(inspect: (pod: PodTemplate, report: Report) => void): (artifact: Artifact) => Violation[] {
  return (artifact) => {
    const violations: Violation[] = [];
    for (const object of objectsOf(artifact)) {
      const pod = podTemplateOf(object);
      if (pod) inspect(pod, (message) => violations.push({ resource: nameOf(object), message }));
    }
    return violations;
  };
}

interface LabelledContainer {
  readonly container: any;
  readonly label: string;
}

function allContainers(spec: any, withEphemeral = true): LabelledContainer[] {
  const groups: [string, string][] = [['containers', 'container'], ['initContainers', 'initContainer']];
  if (withEphemeral) groups.push(['ephemeralContainers', 'ephemeralContainer']);
  return groups.flatMap(([field, noun]) => asArray(spec[field])
    .filter((c) => c !== null && typeof c === 'object')
    .map((container) => ({ container, label: `${noun} ${show(container.name)}` })));
}

function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** A value quoted for a message: JSON, or `unset`. */
function show(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

function hasReason(metadata: any): boolean {
  const reason = metadata?.annotations?.[NEEDS_SERVICE_ACCOUNT_TOKEN_ANNOTATION];
  return typeof reason === 'string' && reason.trim() !== '';
}

function targetedBy(autoscalers: any[], object: any): any | undefined {
  return autoscalers.find((h) => h.spec?.scaleTargetRef?.kind === object.kind
    && h.spec?.scaleTargetRef?.name === object.metadata?.name
    && (h.metadata?.namespace ?? 'default') === (object.metadata?.namespace ?? 'default'));
}

/** Whether a label selector (matchLabels and matchExpressions) selects pods with these labels. An empty selector selects all. */
function selects(selector: any, labels: Record<string, string>): boolean {
  if (selector === null || typeof selector !== 'object') return false;
  const matchLabels = Object.entries<string>(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const matchExpressions = asArray(selector.matchExpressions).every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e?.key);
    const values = asArray(e?.values);
    switch (e?.operator) {
      case 'In': return has && values.includes(labels[e.key]);
      case 'NotIn': return !has || !values.includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
  return matchLabels && matchExpressions;
}

function isDefaultDeny(object: any): boolean {
  if (object.kind !== 'NetworkPolicy') return false;
  const spec = object.spec ?? {};
  const selector = spec.podSelector ?? {};
  const selectsAll = Object.keys(selector.matchLabels ?? {}).length === 0 && asArray(selector.matchExpressions).length === 0;
  const types = asArray(spec.policyTypes);
  // Rules would allow traffic; a default-deny policy has none.
  return selectsAll && types.includes('Ingress') && types.includes('Egress') && asArray(spec.ingress).length === 0 && asArray(spec.egress).length === 0;
}

/** Splits `registry/repo:tag@digest`; undefined when the text cannot be an image reference. */
function splitImage(image: unknown): { tag?: string; digest?: string } | undefined {
  if (typeof image !== 'string' || image === '' || /\s/.test(image)) return undefined;
  const at = image.indexOf('@');
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const named = at === -1 ? image : image.slice(0, at);
  if (digest !== undefined && !/^sha(256|512):[a-f0-9]+$/.test(digest)) return undefined;
  // The tag's ':' comes after the last '/'; an earlier ':' belongs to the registry port.
  const colon = named.indexOf(':', named.lastIndexOf('/') + 1);
  const tag = colon === -1 ? undefined : named.slice(colon + 1);
  if (named === '' || tag === '' || (tag !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag))) return undefined;
  return { tag, digest };
}

function assertRegistryPrefixes(prefixes: readonly string[]): void {
  const problems = prefixes
    .filter((p) => typeof p !== 'string' || !/^[a-z0-9][a-z0-9.-]*[a-z0-9](:[0-9]+)?\/([a-z0-9._/-]*\/)?$/.test(p))
    .map((p) => `kubernetesPack: trusted registry ${JSON.stringify(p)} is not a registry host prefix ending in '/' (expected like 111111111111.dkr.ecr.eu-west-1.amazonaws.com/ or europe-west1-docker.pkg.dev/acme-prod/)`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
