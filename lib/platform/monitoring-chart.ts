import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdApplication } from '../../constructs/k8s/argocd-application';
import { ServiceMonitoring } from '../../constructs/k8s/service-monitoring';
import { ServiceWorkload } from '../../constructs/k8s/service-workload';
import { KUBE_PROMETHEUS_STACK_ADDON, MONITORING_NAMESPACE, PROMETHEUS_POD_LABELS } from '../addons/kube-prometheus-stack';
import { type MonitoredService, recordingRuleGroups, sloRuleGroups, standardRuleGroups } from '../monitoring/prometheus-rules';
import type { PrometheusRuleGroup } from '../monitoring/rule-types';
import type { Cloud, Environment, Organization } from '../spec';
import { ROLLOUT_HASH_POD_LABEL, SERVICE_METRICS } from '../standards';
import { chartLabels } from './chart-labels';

/** Properties of an {@link EnvironmentMonitoringChart}. */
export interface EnvironmentMonitoringChartProps {
  readonly organization: Organization;
  readonly environment: Environment;
  /** The cloud whose cluster this chart is applied to. */
  readonly cloud: Cloud;
}

/**
 * The services of an organization as the rules see them: namespace, job and objectives, sorted by team and name so
 * the rules do not depend on the order the spec lists them in.
 */
export function monitoredServices(org: Organization): MonitoredService[] {
  const byTeamAndName = [...org.services].sort((a, b) => a.team.localeCompare(b.team) || a.name.localeCompare(b.name));
  return byTeamAndName.map((s) => ({
    name: s.name, namespace: s.team, availabilityPercent: s.slo.availabilityPercent, latencyP99Ms: s.slo.latencyP99Ms,
  }));
}

/**
 * The monitoring of one environment's cluster: `PrometheusRule`s for the recording rules and the four alert
 * standards (`baseline-alert-standards`) and for each team's SLO alerts (`baseline-slo-<team>`), all rendered from
 * `lib/standards`; and per service a `ServiceMonitor` with the NetworkPolicy that lets Prometheus scrape it.
 *
 * The objects sync one wave after kube-prometheus-stack, whose chart installs their CRDs.
 */
export class EnvironmentMonitoringChart extends Chart {
  public readonly rules: readonly ApiObject[];
  public readonly serviceMonitors: readonly ServiceMonitoring[];

  constructor(scope: Construct, id: string, props: EnvironmentMonitoringChartProps) {
    const { organization: org, environment: env, cloud } = props;
    super(scope, id, { labels: chartLabels(env, cloud) });
    const annotations = {
      [ArgoCdApplication.SYNC_WAVE_ANNOTATION]: String(KUBE_PROMETHEUS_STACK_ADDON.syncWave + 1),
      // The CRDs arrive with kube-prometheus-stack in the same sync; a dry run before that would fail.
      'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
    };
    const namespaces = org.teams.map((t) => t.name);
    const rule = (name: string, groups: readonly PrometheusRuleGroup[]) => new ApiObject(this, name, {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name, namespace: MONITORING_NAMESPACE, annotations },
      spec: { groups },
    });
    this.rules = [
      rule('baseline-alert-standards', [...recordingRuleGroups(namespaces), ...standardRuleGroups(namespaces)]),
      ...sloRuleGroups(monitoredServices(org)).map((group) => rule(group.name, [group])),
    ];

    const teamTags = new Map(org.teams.map((t) => [t.name, t.tags]));
    this.serviceMonitors = org.services.map((service) => {
      const monitoring = new ServiceMonitoring(this, service.name, {
        name: service.name,
        namespace: service.team,
        selectorLabels: { [ServiceWorkload.SELECTOR_LABEL]: service.name },
        portName: ServiceWorkload.PORT_NAME,
        port: service.port,
        path: SERVICE_METRICS.path,
        scrapeIntervalSeconds: SERVICE_METRICS.scrapeIntervalSeconds,
        podTargetLabels: [ROLLOUT_HASH_POD_LABEL],
        prometheusNamespace: MONITORING_NAMESPACE,
        prometheusPodLabels: PROMETHEUS_POD_LABELS,
        labels: { ...env.tags, ...teamTags.get(service.team) },
      });
      monitoring.serviceMonitor.metadata.addAnnotation(ArgoCdApplication.SYNC_WAVE_ANNOTATION, annotations[ArgoCdApplication.SYNC_WAVE_ANNOTATION]);
      monitoring.serviceMonitor.metadata.addAnnotation('argocd.argoproj.io/sync-options', annotations['argocd.argoproj.io/sync-options']);
      return monitoring;
    });
  }
}
