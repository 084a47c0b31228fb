import { createHash } from 'crypto';
import { BillingBudget } from '@cdktf/provider-google/lib/billing-budget';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { GCP_NAME_MAX_LENGTH, GCP_NAME_PATTERN } from './private/names';
import { checkPlacement, isKnown } from './private/placement';
import { Problems } from '../../core/problems';
import { isEmailAddress } from '../../core/receivers';

/** One escalation level of a {@link GcpProjectBudget}. */
export interface GcpBudgetReceiver {
  /** DNS label naming the level, e.g. `platform-oncall`. It names the notification channels in the console. */
  readonly name: string;

  /** Email addresses of the level (a paging service's email integration works too). */
  readonly emails: string[];
}

/** Properties of a {@link GcpProjectBudget}. */
export interface GcpProjectBudgetProps {
  /** Name prefix derived by the caller from org and environment, e.g. "acme-dev". Names the budgets and channels. */
  readonly namePrefix: string;

  /** GCP project id whose spend the budgets watch; the notification channels live in it too. */
  readonly project: string;

  /** Cloud Billing account that pays for the project, `XXXXXX-XXXXXX-XXXXXX`. The budgets belong to it. */
  readonly billingAccountId: string;

  /** ISO 4217 code of the amount, e.g. `EUR`. Google rejects a currency that is not the billing account's own. */
  readonly currency: string;

  /** Monthly budget of the project, in `currency`, e.g. 3000 (decimals are kept as nanos). */
  readonly monthlyAmount: number;

  /**
   * Who is alerted, in escalation order. The first receiver is alerted at 80 % of the actual spend and when the
   * month's forecast exceeds 100 %; every receiver is alerted when the actual spend reaches 100 %.
   *
   * One email notification channel is made per distinct address; a billing budget accepts at most 5 channels, so
   * all receivers together may have at most 5 distinct addresses (use a group address for larger audiences).
   */
  readonly escalation: GcpBudgetReceiver[];

  /**
   * User labels of the notification channels, e.g. the mandatory tags. The provider's `default_labels` do not reach
   * notification channels, and billing budgets take no labels.
   *
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** A billing budget accepts at most this many Cloud Monitoring notification channels. */
const MAX_BUDGET_CHANNELS = 5;
const BILLING_ACCOUNT_PATTERN = /^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;
const EMAIL_HASH_LENGTH = 8;
const NANOS_PER_UNIT = 1e9;

/** Share of the amount at which the first receiver is warned. */
export const BUDGET_WARNING_THRESHOLD = 0.8;
/** Share of the amount at which every receiver is alerted. */
export const BUDGET_LIMIT_THRESHOLD = 1.0;

/**
 * A monthly Cloud Billing budget for one project, alerting the escalation receivers by email at 80 % and 100 %.
 *
 * A billing budget sends every threshold's alert to all of its notification channels: it cannot route one threshold
 * to some receivers and another threshold to others. The escalation order is therefore honoured with two budgets
 * of the same amount on the same project:
 * - `Warning`: 80 % of the actual spend, and 100 % of the month's forecast, to the first receiver only. The
 *   billing account's administrators and users, whom Google alerts by default, are left out: on a billing account
 *   shared by many projects they would get every environment's early warnings;
 * - `Resource` (the primary child): 100 % of the actual spend, to every receiver, and to the billing account's
 *   administrators and users too, since the money is theirs.
 * Budgets only alert; nothing is stopped when an amount is reached.
 *
 * It also creates one email notification channel per distinct address (addressed by a hash of the address, so
 * reordering receivers changes nothing), reads the project number (a budget filters projects by number, which only
 * Terraform knows), and enables the Cloud Billing Budget and Cloud Monitoring APIs (left enabled on destroy).
 *
 * Permissions: the identity that applies it needs `roles/billing.costsManager` (or billing account administrator)
 * on the billing account, and `roles/monitoring.notificationChannelEditor` on the project. The Budget API bills
 * quota to the caller's quota project: with user credentials, set the provider's `billing_project` and
 * `user_project_override`, and enable `billingbudgets.googleapis.com` there.
 */
export class GcpProjectBudget extends Construct {
  /** The budget that alerts every receiver at 100 % of the actual spend. */
  public readonly budget: BillingBudget;

  /** The budget that warns the first receiver at 80 % of the actual spend and at 100 % of the forecast. */
  public readonly warningBudget: BillingBudget;

  /** The email notification channels, by address. */
  public readonly channels: Readonly<Record<string, MonitoringNotificationChannel>>;

  constructor(scope: Construct, id: string, props: GcpProjectBudgetProps) {
    super(scope, id);
    this.node.addValidation(validateProps(props));

    const { project, namePrefix } = props;

    // Turning an API off breaks whatever else in the project uses it; they stay on.
    const api = (apiId: string, service: string) => new ProjectService(this, apiId, { project, service, disableOnDestroy: false });
    const budgetApi = api('BudgetApi', 'billingbudgets.googleapis.com');
    const monitoringApi = api('MonitoringApi', 'monitoring.googleapis.com');
    const projectData = new DataGoogleProject(this, 'Project', { projectId: project });

    const channels: Record<string, MonitoringNotificationChannel> = {};
    for (const receiver of props.escalation) {
      for (const email of receiver.emails) {
        if (Object.hasOwn(channels, email)) continue;
        // Addressed by a hash: an address is no Terraform name, and the receivers' order must not matter.
        const suffix = isKnown(email) ? createHash('sha256').update(email).digest('hex').slice(0, EMAIL_HASH_LENGTH) : `token${Object.keys(channels).length}`;
        channels[email] = new MonitoringNotificationChannel(this, `Channel-${suffix}`, {
          project,
          type: 'email',
          displayName: `${namePrefix} budget: ${receiver.name} (${email})`,
          description: `Budget alerts of ${namePrefix} for escalation level ${receiver.name}.`,
          labels: { email_address: email },
          userLabels: props.labels,
          dependsOn: [monitoringApi],
        });
      }
    }
    this.channels = channels;

    const channelIds = (receivers: readonly GcpBudgetReceiver[]) =>
      // Skips what validation reports (no receiver, an address without a channel), so a bad prop fails the synth
      // with its problem rather than the constructor with a TypeError.
      [...new Set(receivers.flatMap((r) => r?.emails ?? []))].flatMap((email) => Object.hasOwn(channels, email) ? [channels[email].id] : []);
    const [first] = props.escalation;

    const common = {
      billingAccount: props.billingAccountId,
      amount: { specifiedAmount: specifiedAmount(props.currency, props.monthlyAmount) },
      budgetFilter: {
        projects: [`projects/${projectData.number}`],
        calendarPeriod: 'MONTH',
        creditTypesTreatment: 'INCLUDE_ALL_CREDITS',
      },
      dependsOn: [budgetApi],
    };

    this.warningBudget = new BillingBudget(this, 'Warning', {
      ...common,
      displayName: displayName(namePrefix, 'budget warning'),
      thresholdRules: [
        { thresholdPercent: BUDGET_WARNING_THRESHOLD, spendBasis: 'CURRENT_SPEND' },
        { thresholdPercent: BUDGET_LIMIT_THRESHOLD, spendBasis: 'FORECASTED_SPEND' },
      ],
      allUpdatesRule: {
        monitoringNotificationChannels: channelIds([first]),
        disableDefaultIamRecipients: true,
      },
    });

    this.budget = new BillingBudget(this, 'Resource', {
      ...common,
      displayName: displayName(namePrefix, 'budget'),
      thresholdRules: [{ thresholdPercent: BUDGET_LIMIT_THRESHOLD, spendBasis: 'CURRENT_SPEND' }],
      allUpdatesRule: {
        monitoringNotificationChannels: channelIds(props.escalation),
        disableDefaultIamRecipients: false,
      },
    });
  }
}

/** The amount as Google's Money: whole units as a string, the fraction as nanos (omitted when zero). */
function specifiedAmount(currencyCode: string, amount: number): { currencyCode: string; units: string; nanos?: number } {
  if (!isKnown(amount)) return { currencyCode, units: Token.asString(amount) };
  const units = Math.trunc(amount);
  const nanos = Math.round((amount - units) * NANOS_PER_UNIT);
  return { currencyCode, units: String(units), ...(nanos !== 0 && { nanos }) };
}

/** Budget display names are limited to 60 characters; a name prefix has at most 40 (checkPlacement). */
function displayName(namePrefix: string, purpose: string): string {
  return `${namePrefix} ${purpose}`;
}

/** Every problem of `props`. Unresolved tokens are not checked. */
function validateProps(props: GcpProjectBudgetProps): Problems {
  const problems = new Problems('GcpProjectBudget');
  checkPlacement(problems, props);

  const { billingAccountId, currency, monthlyAmount } = props;
  if (isKnown(billingAccountId) && !BILLING_ACCOUNT_PATTERN.test(billingAccountId)) {
    problems.push(`billingAccountId "${billingAccountId}" is not a Cloud Billing account id (expected like 012345-6789AB-CDEF01)`);
  }
  if (isKnown(currency) && !CURRENCY_PATTERN.test(currency)) {
    problems.push(`currency "${currency}" is not an ISO 4217 currency code (expected like USD or EUR)`);
  }
  if (isKnown(monthlyAmount) && !(Number.isFinite(monthlyAmount) && monthlyAmount > 0)) {
    problems.push(`monthlyAmount ${monthlyAmount} is not a budget amount (expected a positive amount in ${isKnown(currency) && CURRENCY_PATTERN.test(currency) ? currency : 'the billing currency'})`);
  }

  if (props.escalation.length === 0) {
    problems.push('escalation is empty (expected at least one receiver, in escalation order)');
  }
  const names = new Set<string>();
  const emails = new Set<string>();
  props.escalation.forEach((receiver, i) => {
    const path = `escalation[${i}]`;
    if (isKnown(receiver.name) && (receiver.name.length > GCP_NAME_MAX_LENGTH || !GCP_NAME_PATTERN.test(receiver.name))) {
      problems.push(`${path}.name "${receiver.name}" is not a DNS label (expected lowercase letters, digits and hyphens, like platform-oncall)`);
    } else if (names.has(receiver.name)) {
      problems.push(`${path}.name "${receiver.name}" is listed twice`);
    }
    names.add(receiver.name);
    if (receiver.emails.length === 0) {
      problems.push(`${path}.emails is empty (expected at least one email address)`);
    }
    receiver.emails.forEach((email, j) => {
      if (isKnown(email) && !isEmailAddress(email)) {
        problems.push(`${path}.emails[${j}] "${email}" is not an email address (expected like oncall@example.com)`);
      }
      emails.add(email);
    });
  });
  if (emails.size > MAX_BUDGET_CHANNELS) {
    problems.push(`escalation has ${emails.size} distinct email addresses (expected at most ${MAX_BUDGET_CHANNELS}: a billing budget notifies at most ${MAX_BUDGET_CHANNELS} channels; use group addresses)`);
  }

  return problems;
}
