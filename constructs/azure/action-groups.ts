import { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { azureName } from './private/naming';
import { namePrefixProblems } from './private/placement-rules';
import { tagProblems } from './private/tag-rules';
import { Problems } from '../../core/problems';
import { escalationLevelProblems } from '../../core/receivers';

/** One escalation level and who it reaches. */
export interface AzureAlertLevel {
  /** The level's name, a DNS label of at most 12 characters (the action group's short name), e.g. `devops`. */
  readonly name: string;
  /**
   * Email addresses of the level.
   * @default []
   */
  readonly emails?: readonly string[];
  /**
   * HTTPS endpoints of the level (chat or incident tools), sent the common alert schema.
   * @default []
   */
  readonly webhookUrls?: readonly string[];
}

/** Properties of {@link AzureActionGroups}. */
export interface AzureActionGroupsProps {
  /** Name prefix derived by the caller from organization and environment, e.g. "acme-dev". */
  readonly namePrefix: string;
  /** The resource group that holds the action groups. */
  readonly resourceGroupName: string;
  /** The escalation levels, one action group each. */
  readonly levels: readonly AzureAlertLevel[];
  /**
   * Tags of the action groups.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}


/**
 * One Azure Monitor action group per escalation level (`ag-<prefix>-<level>`), so a metric or log alert escalates by
 * naming the levels it reaches, the same levels the in-cluster Alertmanager routes to. Every receiver gets the
 * common alert schema, so one parser reads alerts from every source.
 */
export class AzureActionGroups extends Construct {
  private readonly groups = new Map<string, MonitorActionGroup>();

  constructor(scope: Construct, id: string, props: AzureActionGroupsProps) {
    super(scope, id);
    this.node.addValidation(validate(props));
    for (const level of props.levels) {
      if (this.groups.has(level.name)) continue;
      const emails = [...new Set(level.emails ?? [])];
      const webhooks = [...new Set(level.webhookUrls ?? [])];
      this.groups.set(level.name, new MonitorActionGroup(this, level.name, {
        name: azureName('ag', props.namePrefix, level.name),
        resourceGroupName: props.resourceGroupName,
        location: 'global',
        shortName: level.name.slice(0, 12),
        emailReceiver: emails.map((emailAddress) => ({ name: `email-${emailAddress}`, emailAddress, useCommonAlertSchema: true })),
        webhookReceiver: webhooks.map((serviceUri, i) => ({ name: `webhook-${i + 1}`, serviceUri, useCommonAlertSchema: true })),
        tags: props.tags,
      }));
    }
  }

  /** The names of the levels, in the order given. */
  public get levelNames(): string[] {
    return [...this.groups.keys()];
  }

  /** The resource ID of a level's action group; throws for a level the construct was not given. */
  public actionGroupId(level: string): string {
    const group = this.groups.get(level);
    if (!group) throw new Error(`AzureActionGroups: no level "${level}" (expected one of ${this.levelNames.join(', ')})`);
    return group.id;
  }
}

function validate(props: AzureActionGroupsProps): Problems {
  const problems = new Problems('AzureActionGroups');
  problems.push(...namePrefixProblems(props.namePrefix), ...tagProblems('tags', props.tags ?? {}));
  escalationLevelProblems(problems, props.levels, {
    isKnown: (v) => !Token.isUnresolved(v),
    maxNameLength: 12,
    nameExpected: 'a DNS label of at most 12 characters, the action group\'s short name, like devops',
  });
  return problems;
}
