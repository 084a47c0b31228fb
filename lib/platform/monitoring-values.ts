import { clusterAutoscalerEnvironmentValues } from './autoscaling-values';
import { kyvernoRegistryIdentityValues } from './image-verification-identity';
import { collectorEnvironmentValues } from './telemetry-collector';
import { KUBE_PROMETHEUS_STACK_ADDON } from '../addons/kube-prometheus-stack';
import { KYVERNO_ADDON } from '../addons/kyverno';
import { alertmanagerConfig, alertmanagerSecrets, type AlertmanagerInput } from '../monitoring/alertmanager-config';
import type { Cloud, Environment, Organization } from '../spec';
import { BASELINE_STORAGE_CLASS } from '../standards/storage';

/** The Alertmanager input of an organization: its receivers, roles and SMTP relay. */
export function alertmanagerInput(org: Organization): AlertmanagerInput {
  return { receivers: org.alerting.escalation, roles: org.alerting.roles, smtp: org.alerting.smtp };
}

/**
 * The values kube-prometheus-stack gets in one environment's cluster on top of the catalog's: Prometheus replicas
 * and volume from the tier (with a PodDisruptionBudget once there are two), the series' external labels, and
 * Alertmanager's configuration rendered from the organization's receivers, with the Secrets holding paging keys
 * mounted.
 */
export function kubePrometheusStackEnvironmentValues(org: Organization, env: Environment, cloud: Cloud): Record<string, unknown> {
  const knobs = env.profile.monitoring;
  const input = alertmanagerInput(org);
  return {
    prometheus: {
      podDisruptionBudget: { enabled: knobs.prometheusReplicas > 1, minAvailable: 1 },
      prometheusSpec: {
        replicas: knobs.prometheusReplicas,
        retention: `${knobs.prometheusRetentionDays}d`,
        retentionSize: prometheusRetentionSize(knobs.prometheusStorageGiB),
        externalLabels: { organization: org.name, environment: env.name, cloud },
        storageSpec: {
          // Named, not left to the cluster's default: the cloud's own default class has no customer key.
          volumeClaimTemplate: {
            spec: { storageClassName: BASELINE_STORAGE_CLASS, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${knobs.prometheusStorageGiB}Gi` } } },
          },
        },
      },
    },
    alertmanager: {
      config: alertmanagerConfig(input),
      alertmanagerSpec: { secrets: alertmanagerSecrets(input) },
    },
  };
}

/**
 * Prometheus' size-based retention for a volume of `storageGiB`: 85 % of it, so the oldest blocks go before the
 * write-ahead log and compaction fill the disk (a full volume stops Prometheus, and with it every alert).
 */
export function prometheusRetentionSize(storageGiB: number): string {
  return `${Math.floor(storageGiB * 0.85)}GiB`;
}

/**
 * Environment values of the add-ons that have any, by add-on name. `azureClientIds` are the Azure stack's Terraform
 * outputs, for the add-ons with an Azure workload identity.
 */
export function addonEnvironmentValues(
  org: Organization,
  env: Environment,
  cloud: Cloud,
  azureClientIds?: Readonly<Record<string, string>>,
): Record<string, Record<string, unknown>> {
  return {
    [KYVERNO_ADDON.name]: kyvernoRegistryIdentityValues(org, env, cloud, azureClientIds),
    [KUBE_PROMETHEUS_STACK_ADDON.name]: kubePrometheusStackEnvironmentValues(org, env, cloud),
    ...clusterAutoscalerEnvironmentValues(org, env, cloud),
    ...collectorEnvironmentValues(org, env, cloud, azureClientIds),
  };
}

/** `overlay` merged into `base`: objects key by key, everything else (arrays included) replaced. */
export function mergeValues(base: Record<string, unknown>, overlay: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeValues(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
