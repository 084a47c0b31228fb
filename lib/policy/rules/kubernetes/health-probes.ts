import type { KubernetesRule } from './kubernetes-rule';
import { asArray, forEachPod, meta, podMatch, show } from './private/helpers';

/**
 * The rule `K8S-HEALTH-PROBES`: Every container of a long-running pod (restartPolicy Always) has a liveness and a
 * readiness probe.
 */
export function healthProbesRule(): KubernetesRule {
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
