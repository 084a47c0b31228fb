import { MonitorDataCollectionEndpoint } from '@cdktf/provider-azurerm/lib/monitor-data-collection-endpoint';
import { MonitorDataCollectionRule } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule';
import { MonitorDataCollectionRuleAssociation } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association';
import { MonitorWorkspace } from '@cdktf/provider-azurerm/lib/monitor-workspace';
import { Construct } from 'constructs';
import { azureName } from './private/naming';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { tagProblems } from './private/tag-rules';
import { resourceIdProblems } from './private/value-rules';
import { Problems } from '../../core/problems';

/** Properties of {@link AksManagedPrometheus}. */
export interface AksManagedPrometheusProps {
  /** Name prefix derived by the caller from organization and environment, e.g. "acme-dev". */
  readonly namePrefix: string;
  /** Azure region name, e.g. "westeurope". */
  readonly location: string;
  /** The resource group that holds the workspace and the collection rule. */
  readonly resourceGroupName: string;
  /**
   * The AKS cluster's resource ID. The cluster needs its Azure Monitor metrics profile on
   * (`AksCluster` prop `azureMonitorMetricsEnabled`), or nothing is collected.
   */
  readonly clusterId: string;
  /**
   * Tags of every taggable resource.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** The stream managed Prometheus sends through a data collection rule. */
const PROMETHEUS_STREAM = 'Microsoft-PrometheusMetrics';

/**
 * Azure Monitor managed service for Prometheus for one AKS cluster: an Azure Monitor workspace (`amw-<prefix>`,
 * protected from deletion: it holds the metric history) and the data collection endpoint, rule and association
 * through which the cluster's managed agent sends its metrics (the minimal ingestion profile: kube-state-metrics,
 * kubelet, cAdvisor, node). Prometheus rule groups on the workspace (`AksClusterAlerts`) alert from the cloud side.
 */
export class AksManagedPrometheus extends Construct {
  /** The Azure Monitor workspace. */
  public readonly workspace: MonitorWorkspace;
  /** The workspace's resource ID: the scope of Prometheus rule groups. */
  public readonly workspaceId: string;
  public readonly endpoint: MonitorDataCollectionEndpoint;
  public readonly collectionRule: MonitorDataCollectionRule;
  public readonly association: MonitorDataCollectionRuleAssociation;

  constructor(scope: Construct, id: string, props: AksManagedPrometheusProps) {
    super(scope, id);
    this.node.addValidation(validate(props));
    const placement = { resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags };
    this.workspace = new MonitorWorkspace(this, 'Resource', {
      ...placement,
      name: azureName('amw', props.namePrefix),
      lifecycle: { preventDestroy: true },
    });
    this.workspaceId = this.workspace.id;
    this.endpoint = new MonitorDataCollectionEndpoint(this, 'Endpoint', {
      ...placement,
      name: azureName('dce', props.namePrefix, 'prometheus'),
      kind: 'Linux',
      description: 'Where the AKS managed Prometheus agent sends its metrics',
    });
    const destination = 'workspace';
    this.collectionRule = new MonitorDataCollectionRule(this, 'CollectionRule', {
      ...placement,
      name: azureName('dcr', props.namePrefix, 'prometheus'),
      kind: 'Linux',
      description: 'Managed Prometheus metrics of the AKS cluster',
      dataCollectionEndpointId: this.endpoint.id,
      destinations: { monitorAccount: [{ monitorAccountId: this.workspace.id, name: destination }] },
      dataFlow: [{ streams: [PROMETHEUS_STREAM], destinations: [destination] }],
      dataSources: { prometheusForwarder: [{ name: 'PrometheusDataSource', streams: [PROMETHEUS_STREAM] }] },
    });
    this.association = new MonitorDataCollectionRuleAssociation(this, 'Association', {
      name: azureName('dcra', props.namePrefix, 'prometheus'),
      targetResourceId: props.clusterId,
      dataCollectionRuleId: this.collectionRule.id,
      description: 'Sends the cluster\'s managed Prometheus metrics to its Azure Monitor workspace. Deleting it stops collection and the cloud-side outage alerts.',
    });
  }
}

function validate(props: AksManagedPrometheusProps): Problems {
  const problems = new Problems('AksManagedPrometheus');
  problems.push(
    ...namePrefixProblems(props.namePrefix),
    ...locationProblems(props.location),
    ...resourceIdProblems('clusterId', props.clusterId, 'AKS cluster'),
    ...tagProblems('tags', props.tags ?? {}),
  );
  return problems;
}
