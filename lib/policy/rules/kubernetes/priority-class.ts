import type { KubernetesRule } from './kubernetes-rule';
import { forEachPod, meta, nameOf, objectsOf, podMatch, show } from './private/helpers';
import { PLATFORM_PRIORITY_CLASS, SERVICE_PRIORITY_CLASS_PREFIX, SERVICE_PRIORITY_CLASSES } from '../../../standards/priority';

/** Classes no team's pod may claim: the platform's, and the two Kubernetes reserves for itself. */
const RESERVED = [PLATFORM_PRIORITY_CLASS.name, 'system-cluster-critical', 'system-node-critical'];
const SERVICE_CLASSES = SERVICE_PRIORITY_CLASSES.map((c) => c.name).join(', ');

/**
 * The rule `K8S-PRIORITY-CLASS`: the platform's add-ons run above every service, and services run at the class of
 * their availability objective.
 *
 * - Every pod the manifests define names a service class (`baseline-service-*`), never the platform's or a system
 *   one: a team that claimed them would preempt the policy engine or the monitoring under pressure.
 * - Every add-on Application names a priority class in its chart values, the platform's or a system one, and so does
 *   every EnvoyProxy (the ingress proxies' Deployment patch).
 * - Where the manifest defines the classes, the platform's outranks every service class.
 *
 * In the cluster, Kyverno refuses a pod that claims anything but a service class; it admits a pod with none (it gets
 * priority 0, below every class), so an upgrade that adds this policy before the team's own manifests carry a class
 * does not stop their pods from being recreated.
 */
export function priorityClassRule(): KubernetesRule {
  return {
    ...meta('K8S-PRIORITY-CLASS', 'pod-priority',
      'Platform add-ons run at the platform priority class, above every service; each service pod names the service class of its availability objective.',
      `Set priorityClassName to one of ${SERVICE_CLASSES} on service pods (the platform sets it from slo.availabilityPercent), and the platform class on every add-on's pods.`),
    check: (artifact) => {
      const violations = forEachPod((pod, report) => {
        const name = pod.spec.priorityClassName;
        if (name === undefined || name === null || name === '') {
          report(`has no priorityClassName (expected one of ${SERVICE_CLASSES}, by the service's availability objective; without one it is preempted before every service)`);
        } else if (RESERVED.includes(name) || typeof name !== 'string' || !name.startsWith(SERVICE_PRIORITY_CLASS_PREFIX)) {
          report(`priorityClassName ${show(name)} is not a service class (expected one of ${SERVICE_CLASSES}; ${RESERVED.join(', ')} are for the platform and the cluster)`);
        }
      })(artifact);
      const objects = objectsOf(artifact);
      for (const app of objects.filter((o) => o.kind === 'Application' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('argoproj.io/'))) {
        const values = app.spec?.source?.helm?.valuesObject;
        if (values === undefined) continue;
        const named = priorityClassNames(values);
        const chart = show(app.spec?.source?.chart);
        if (named.length === 0) {
          violations.push({ resource: nameOf(app), message: `installs chart ${chart} with no priorityClassName in its values (expected ${PLATFORM_PRIORITY_CLASS.name}, so its pods run above every service)` });
        }
        for (const name of named.filter((n) => !RESERVED.includes(n))) {
          violations.push({ resource: nameOf(app), message: `installs chart ${chart} with priorityClassName ${show(name)} (expected ${PLATFORM_PRIORITY_CLASS.name} or a system class, above every service)` });
        }
      }
      // Envoy Gateway's proxies are created by its controller from an EnvoyProxy: their class is in its Deployment patch.
      for (const proxy of objects.filter((o) => o.kind === 'EnvoyProxy' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('gateway.envoyproxy.io/'))) {
        const name = proxy.spec?.provider?.kubernetes?.envoyDeployment?.patch?.value?.spec?.template?.spec?.priorityClassName;
        if (!RESERVED.includes(name)) {
          violations.push({
            resource: nameOf(proxy),
            message: `has priorityClassName ${show(name)} in its Deployment patch (expected ${PLATFORM_PRIORITY_CLASS.name}, so the proxies carrying every service's ingress run above every service)`,
          });
        }
      }
      const classes = objects.filter((o) => o.kind === 'PriorityClass');
      const platform = classes.find((c) => c.metadata?.name === PLATFORM_PRIORITY_CLASS.name);
      for (const service of classes.filter((c) => String(c.metadata?.name).startsWith(SERVICE_PRIORITY_CLASS_PREFIX))) {
        if (platform !== undefined && !(Number(platform.value) > Number(service.value))) {
          violations.push({ resource: nameOf(service), message: `value ${show(service.value)} is not below ${PLATFORM_PRIORITY_CLASS.name}'s ${show(platform.value)} (expected every service class below the platform's)` });
        }
      }
      return violations;
    },
    kyverno: () => [{
      name: 'priority-class',
      match: podMatch(),
      validate: {
        message: `Pods may only use a service priority class (${SERVICE_CLASSES}); the platform and system classes are reserved.`,
        pattern: { spec: { '=(priorityClassName)': `${SERVICE_PRIORITY_CLASS_PREFIX}*` } },
      },
    }],
  };
}

/** Every `priorityClassName` string in chart values, at any depth. */
function priorityClassNames(values: unknown): string[] {
  if (values === null || typeof values !== 'object') return [];
  return Object.entries(values).flatMap(([key, value]) => (key === 'priorityClassName' && typeof value === 'string' ? [value] : priorityClassNames(value)));
}
