import { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights';
import { Construct } from 'constructs';
import { azureName } from './private/naming';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { tagProblems } from './private/tag-rules';
import { Problems } from '../../core/problems';

/** Properties of an {@link AzureApplicationInsights}. */
export interface AzureApplicationInsightsProps {
  /** Name prefix derived by the caller from organization and environment, e.g. "acme-dev". */
  readonly namePrefix: string;
  /** Azure region name, e.g. "westeurope". */
  readonly location: string;
  /** Name of the resource group that holds the component. */
  readonly resourceGroupName: string;
  /** Resource ID of the Log Analytics workspace that stores the telemetry (workspace-based Application Insights). */
  readonly workspaceId: string;
  /**
   * What the component collects, the last part of its name (`appi-<namePrefix>-<purpose>`).
   * @default "traces"
   */
  readonly purpose?: string;
  /**
   * Tags for the component.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * A workspace-based Application Insights component: where an environment's traces land on Azure, stored (and
 * retained) in the environment's Log Analytics workspace.
 *
 * Local authentication is off: the instrumentation key in the connection string identifies the component but no
 * longer lets anyone write to it, so only an Entra ID identity with `Monitoring Metrics Publisher` on it can ingest
 * (the OpenTelemetry Collector's workload identity). Ingestion stays reachable on the public endpoint: Azure Monitor's
 * private path (an Azure Monitor Private Link Scope) changes DNS for every Azure Monitor resource of the network at
 * once, a decision for the whole network, not for one component.
 */
export class AzureApplicationInsights extends Construct {
  /** The component. */
  public readonly component: ApplicationInsights;
  /** Its resource ID, the scope of the ingestion role. */
  public readonly componentId: string;
  /** Its connection string (instrumentation key and regional ingestion endpoint), known after apply. */
  public readonly connectionString: string;

  constructor(scope: Construct, id: string, props: AzureApplicationInsightsProps) {
    super(scope, id);
    this.node.addValidation(validate(props));
    this.component = new ApplicationInsights(this, 'Resource', {
      name: azureName('appi', props.namePrefix, props.purpose ?? 'traces'),
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      workspaceId: props.workspaceId,
      applicationType: 'other',
      localAuthenticationDisabled: true,
      tags: props.tags,
    });
    this.componentId = this.component.id;
    this.connectionString = this.component.connectionString;
  }
}

/** Every problem of `props`. */
function validate(props: AzureApplicationInsightsProps): Problems {
  const problems = [
    ...namePrefixProblems(props.namePrefix),
    ...locationProblems(props.location),
    ...tagProblems('tags', props.tags ?? {}),
  ];
  if (props.purpose !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(props.purpose)) {
    problems.push(`purpose "${props.purpose}" is not a name part (expected lowercase letters and digits, separated by single hyphens, like traces)`);
  }
  return new Problems('AzureApplicationInsights').push(...problems);
}
