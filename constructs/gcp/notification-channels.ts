import { createHash } from 'crypto';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Construct } from 'constructs';
import { checkPlacement, isKnown } from './private/placement';
import { Problems } from '../../core/problems';
import { escalationLevelProblems } from '../../core/receivers';

/** One escalation level and who it reaches. */
export interface GcpAlertLevel {
  /** The level's name, a DNS label such as `devops`. */
  readonly name: string;
  /**
   * Email addresses of the level.
   * @default []
   */
  readonly emails?: readonly string[];
  /**
   * HTTPS endpoints of the level (chat or incident tools).
   * @default []
   */
  readonly webhookUrls?: readonly string[];
}

/** Properties of {@link GcpNotificationChannels}. */
export interface GcpNotificationChannelsProps {
  /** Name prefix derived by the caller from organization and environment, e.g. "acme-dev". */
  readonly namePrefix: string;
  /** GCP project id. */
  readonly project: string;
  /** The escalation levels. */
  readonly levels: readonly GcpAlertLevel[];
  /**
   * User labels of the channels (provider `default_labels` do not reach them).
   * @default {}
   */
  readonly labels?: Record<string, string>;
}


/**
 * Cloud Monitoring notification channels for every address of every escalation level, so an alert policy escalates
 * by naming the levels it reaches, the same levels the in-cluster Alertmanager routes to. Each channel is addressed
 * by its level and a hash of its address: the order of addresses never moves one.
 */
export class GcpNotificationChannels extends Construct {
  private readonly byLevel = new Map<string, MonitoringNotificationChannel[]>();

  constructor(scope: Construct, id: string, props: GcpNotificationChannelsProps) {
    super(scope, id);
    this.node.addValidation(validate(props));
    // Turning the API off would break whatever else uses it; it stays on.
    const api = new ProjectService(this, 'MonitoringApi', { project: props.project, service: 'monitoring.googleapis.com', disableOnDestroy: false });
    const hash = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 8);
    for (const level of props.levels) {
      if (this.byLevel.has(level.name)) continue;
      const channel = (kind: string, address: string, type: string, labels: Record<string, string>) => new MonitoringNotificationChannel(
        this, `${level.name}-${kind}-${hash(address)}`, {
          project: props.project,
          type,
          displayName: `${props.namePrefix} ${level.name}: ${address}`,
          description: `Alerts of ${props.namePrefix} for escalation level ${level.name}.`,
          labels,
          userLabels: { ...props.labels, 'escalation-level': level.name },
          dependsOn: [api],
        });
      this.byLevel.set(level.name, [
        ...[...new Set(level.emails ?? [])].map((email) => channel('email', email, 'email', { email_address: email })),
        ...[...new Set(level.webhookUrls ?? [])].map((url) => channel('webhook', url, 'webhook_tokenauth', { url })),
      ]);
    }
  }

  /** The names of the levels, in the order given. */
  public get levelNames(): string[] {
    return [...this.byLevel.keys()];
  }

  /** The channel IDs of a level; throws for a level the construct was not given. */
  public channelIds(level: string): string[] {
    const channels = this.byLevel.get(level);
    if (!channels) throw new Error(`GcpNotificationChannels: no level "${level}" (expected one of ${this.levelNames.join(', ')})`);
    return channels.map((c) => c.id);
  }
}

function validate(props: GcpNotificationChannelsProps): Problems {
  const problems = new Problems('GcpNotificationChannels');
  checkPlacement(problems, props);
  escalationLevelProblems(problems, props.levels, { isKnown });
  return problems;
}
