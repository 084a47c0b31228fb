import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdApplication } from '../../constructs/k8s/argocd-application';
import { GrafanaDashboard } from '../../constructs/k8s/grafana-dashboard';
import { PlainApiObject } from '../../constructs/k8s/plain-api-object';
import { ServiceMonitoring } from '../../constructs/k8s/service-monitoring';
import { ServiceWorkload } from '../../constructs/k8s/service-workload';
import {
  GRAFANA_DASHBOARD_LABEL, GRAFANA_FOLDER_ANNOTATION, KUBE_PROMETHEUS_STACK_ADDON, MONITORING_NAMESPACE, PROMETHEUS_POD_LABELS,
} from '../addons/kube-prometheus-stack';
import type { GrafanaDashboard as GrafanaDashboardModel } from '../monitoring/dashboard-model';
import { platformOverviewDashboard, serviceDashboard } from '../monitoring/dashboards';
import { deliveryDashboard, deliveryRuleGroups } from '../monitoring/delivery-metrics';
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

/** Grafana folder of the platform's dashboards (overview and delivery); each service's is its team's. */
export const PLATFORM_DASHBOARD_FOLDER = 'Platform';

/** The rule groups and dashboards of an organization: the same in each of its clusters. */
interface OrganizationMonitoring {
  readonly rules: ReadonlyArray<{ readonly name: string; readonly groups: readonly PrometheusRuleGroup[] }>;
  readonly dashboards: ReadonlyArray<{ readonly name: string; readonly model: GrafanaDashboardModel; readonly folder: string }>;
}

const monitoringByOrganization = new WeakMap<Organization, OrganizationMonitoring>();

/**
 * The rules and dashboards of an organization, built once and shared by the monitoring charts of all its clusters
 * (read-only there: constructs copy what they render). They depend on the organization alone, which is deeply
 * frozen; building them for each of 9 clusters was about 0.1 s of CPU per cluster at 1,000 services.
 */
function organizationMonitoring(org: Organization): OrganizationMonitoring {
  const cached = monitoringByOrganization.get(org);
  if (cached) return cached;
  const namespaces = org.teams.map((t) => t.name);
  const services = monitoredServices(org);
  const content: OrganizationMonitoring = {
    rules: [
      { name: 'baseline-alert-standards', groups: [...recordingRuleGroups(namespaces), ...standardRuleGroups(namespaces)] },
      ...sloRuleGroups(services).map((group) => ({ name: group.name, groups: [group] })),
      { name: 'baseline-delivery', groups: deliveryRuleGroups(namespaces) },
    ],
    dashboards: [
      { name: 'platform-overview', model: platformOverviewDashboard(namespaces), folder: PLATFORM_DASHBOARD_FOLDER },
      { name: 'delivery', model: deliveryDashboard(namespaces), folder: PLATFORM_DASHBOARD_FOLDER },
      ...services.map((svc) => ({ name: `${svc.namespace}-${svc.name}`, model: serviceDashboard(svc), folder: svc.namespace })),
    ],
  };
  monitoringByOrganization.set(org, content);
  return content;
}

/**
 * The monitoring of one environment's cluster: `PrometheusRule`s for the recording rules and the four alert
 * standards (`baseline-alert-standards`), for each team's SLO alerts (`baseline-slo-<team>`) and for the delivery
 * metrics (`baseline-delivery`), all rendered from `lib/standards`; per service a `ServiceMonitor` with the
 * NetworkPolicy that lets Prometheus scrape it; and the Grafana dashboards as ConfigMaps for Grafana's sidecar: one
 * per service (in its team's folder), the platform overview and the delivery dashboard.
 *
 * The objects sync one wave after kube-prometheus-stack, whose chart installs their CRDs.
 */
export class EnvironmentMonitoringChart extends Chart {
  public readonly rules: readonly ApiObject[];
  public readonly serviceMonitors: readonly ServiceMonitoring[];
  public readonly dashboards: readonly GrafanaDashboard[];

  constructor(scope: Construct, id: string, props: EnvironmentMonitoringChartProps) {
    const { organization: org, environment: env, cloud } = props;
    super(scope, id, { labels: chartLabels(env, cloud) });
    const annotations = {
      [ArgoCdApplication.SYNC_WAVE_ANNOTATION]: String(KUBE_PROMETHEUS_STACK_ADDON.syncWave + 1),
      // The CRDs arrive with kube-prometheus-stack in the same sync; a dry run before that would fail.
      'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
    };
    const rule = (name: string, groups: readonly PrometheusRuleGroup[]) => new PlainApiObject(this, name, {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name, namespace: MONITORING_NAMESPACE, annotations },
      spec: { groups },
    });
    const content = organizationMonitoring(org);
    this.rules = content.rules.map(({ name, groups }) => rule(name, groups));

    const dashboard = (name: string, model: GrafanaDashboardModel, folder: string) => new GrafanaDashboard(this, `Dashboard-${name}`, {
      name: `grafana-dashboard-${name}`,
      namespace: MONITORING_NAMESPACE,
      dashboard: model,
      sidecarLabel: GRAFANA_DASHBOARD_LABEL,
      folder,
      folderAnnotation: GRAFANA_FOLDER_ANNOTATION,
      labels: env.tags,
    });
    this.dashboards = content.dashboards.map(({ name, model, folder }) => dashboard(name, model, folder));

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
