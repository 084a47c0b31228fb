import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { Construct } from 'constructs';
import { azureName } from './private/naming';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { tagProblems } from './private/tag-rules';
import { wholeNumberProblems } from './private/value-rules';
import { Problems } from '../../core/problems';

/** Properties of an {@link AzureLogAnalyticsWorkspace}. */
export interface AzureLogAnalyticsWorkspaceProps {
  /** Name prefix derived by the caller from organization and environment, e.g. "acme-dev". */
  readonly namePrefix: string;
  /** Azure region name, e.g. "westeurope". */
  readonly location: string;
  /** Name of the resource group that holds the workspace. */
  readonly resourceGroupName: string;
  /**
   * What the workspace collects, the last part of its name (`log-<namePrefix>-<purpose>`).
   * Changing it replaces the workspace, which `prevent_destroy` refuses.
   * @default "aks" (the name the environment's workspace had when AksCluster created it)
   */
  readonly purpose?: string;
  /**
   * How long the workspace keeps its data, 30 to 730 days.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * Tags for the workspace.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

const DEFAULT_PURPOSE = 'aks';
const DEFAULT_RETENTION_DAYS = 365;

/**
 * The Log Analytics workspace of one environment: Container Insights, the AKS control-plane logs (audit included),
 * registry events and whatever else the environment's resources send. It belongs to the environment rather than to
 * one cluster, so every consumer takes its id as a prop.
 *
 * Shared keys are off (consumers authenticate with managed identity, so access follows RBAC) and the workspace
 * carries `prevent_destroy`, because it is audit evidence.
 */
export class AzureLogAnalyticsWorkspace extends Construct {
  /** The workspace. */
  public readonly workspace: LogAnalyticsWorkspace;
  /** The workspace's resource ID, for diagnostic settings and AKS. */
  public readonly workspaceResourceId: string;
  /** The workspace's own ID (a GUID), for Traffic Analytics. */
  public readonly workspaceId: string;

  constructor(scope: Construct, id: string, props: AzureLogAnalyticsWorkspaceProps) {
    super(scope, id);
    this.node.addValidation(validate(props));

    this.workspace = new LogAnalyticsWorkspace(this, 'Resource', {
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      name: azureName('log', props.namePrefix, props.purpose ?? DEFAULT_PURPOSE),
      sku: 'PerGB2018',
      retentionInDays: props.retentionDays ?? DEFAULT_RETENTION_DAYS,
      // Container Insights authenticates with managed identity; shared keys would bypass RBAC.
      localAuthenticationEnabled: false,
      tags: props.tags,
      lifecycle: { preventDestroy: true },
    });
    this.workspaceResourceId = this.workspace.id;
    this.workspaceId = this.workspace.workspaceId;
  }
}

/** Every problem of `props`. */
function validate(props: AzureLogAnalyticsWorkspaceProps): Problems {
  const problems = [
    ...namePrefixProblems(props.namePrefix),
    ...locationProblems(props.location),
    ...wholeNumberProblems('retentionDays', props.retentionDays, 30, 730),
    ...tagProblems('tags', props.tags ?? {}),
  ];
  if (props.purpose !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(props.purpose)) {
    problems.push(`purpose "${props.purpose}" is not a name part (expected lowercase letters and digits, separated by single hyphens, like aks)`);
  }
  return new Problems('AzureLogAnalyticsWorkspace').push(...problems);
}
