import { Token } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import { Construct } from 'constructs';
import { Problems } from '../../core/problems';
import { isEmailAddress } from '../../core/receivers';

/** One level of an escalation chain: who is told, by email. */
export interface AwsBudgetReceiver {
  /** A name for review and messages, e.g. `platform-oncall`. */
  readonly name: string;
  /** Email addresses; a paging service's email integration works too. */
  readonly emails: string[];
}

/** Properties of an {@link AwsBudget}. */
export interface AwsBudgetProps {
  /** The monthly cost limit, in `currency`. */
  readonly monthlyAmount: number;
  /**
   * The currency of `monthlyAmount`. AWS Budgets accepts USD only (CreateBudget rejects any other unit), whatever
   * the account's payment currency, so anything else is refused at synth rather than at deploy.
   * @default 'USD'
   */
  readonly currency?: string;
  /**
   * Who is alerted, in escalation order. The 80 % alert goes to the first receiver only; the 100 % alert goes to
   * every receiver, so crossing the budget escalates at once.
   */
  readonly receivers: AwsBudgetReceiver[];
  /**
   * Also alert the first receiver when the month's forecast crosses 100 %, so the owning team can act before the
   * budget is spent. Escalation to every receiver stays reserved for the actual breach.
   * @default true
   */
  readonly forecastAlert?: boolean;
  /**
   * Count only costs carrying these tags, e.g. `{ environment: 'dev' }`. Needed only when the account is shared
   * by several environments; the tags must be activated as cost allocation tags in the payer account, or the
   * budget sees nothing.
   * @default - the whole account's costs (one account per environment)
   */
  readonly costFilterTags?: Record<string, string>;
  /**
   * The budget's name, shown in the alert emails. Renaming replaces the budget.
   * @default - a name AWS Budgets generates
   */
  readonly budgetName?: string;
}

/** AWS Budgets' limit of email subscribers per notification. */
export const MAX_BUDGET_EMAIL_SUBSCRIBERS = 10;
/** The units AWS Budgets accepts for a cost budget. */
const SUPPORTED_CURRENCIES = ['USD'];
/** Thresholds of the baseline, in percent of the monthly amount. */
export const BUDGET_WARNING_PERCENT = 80;
export const BUDGET_BREACH_PERCENT = 100;


/**
 * A monthly cost budget with the baseline's alerts: actual spend above 80 % emails the first escalation receiver,
 * above 100 % every receiver, and (by default) a forecast above 100 % the first receiver.
 *
 * The budget covers the whole account unless `costFilterTags` narrows it, which suits one account per environment.
 * The budget is a `AWS::Budgets::Budget` named `Resource`; the alerts are its notifications, so no SNS topic or
 * Lambda is involved.
 */
export class AwsBudget extends Construct {
  /** The budget. */
  public readonly budget: budgets.CfnBudget;

  constructor(scope: Construct, id: string, props: AwsBudgetProps) {
    super(scope, id);
    const currency = props.currency ?? 'USD';
    const forecastAlert = props.forecastAlert ?? true;
    this.node.addValidation(validate(props, currency));

    const first = unique(props.receivers[0]?.emails ?? []);
    const everyone = unique(props.receivers.flatMap((r) => r.emails));
    const alert = (notificationType: 'ACTUAL' | 'FORECASTED', threshold: number, emails: string[]): budgets.CfnBudget.NotificationWithSubscribersProperty => ({
      notification: { notificationType, comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
      subscribers: emails.map((address) => ({ subscriptionType: 'EMAIL', address })),
    });

    this.budget = new budgets.CfnBudget(this, 'Resource', {
      budget: {
        budgetName: props.budgetName,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.monthlyAmount, unit: currency },
        costFilters: props.costFilterTags && {
          // Budgets' tag filter syntax: `user:<key>$<value>` for user-defined cost allocation tags.
          TagKeyValue: Object.entries(props.costFilterTags).map(([key, value]) => `user:${key}$${value}`),
        },
      },
      notificationsWithSubscribers: [
        alert('ACTUAL', BUDGET_WARNING_PERCENT, first),
        alert('ACTUAL', BUDGET_BREACH_PERCENT, everyone),
        ...(forecastAlert ? [alert('FORECASTED', BUDGET_BREACH_PERCENT, first)] : []),
      ],
    });
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function validate(props: AwsBudgetProps, currency: string): Problems {
  const problems = new Problems('AwsBudget');
  const amount = props.monthlyAmount;
  if (!Token.isUnresolved(amount) && (!Number.isFinite(amount) || amount <= 0)) {
    problems.push(`monthlyAmount ${amount} is not a budget amount (expected a positive number)`);
  }
  if (!Token.isUnresolved(currency) && !SUPPORTED_CURRENCIES.includes(currency)) {
    problems.push(`currency "${currency}" is not accepted by AWS Budgets (expected ${SUPPORTED_CURRENCIES.join(' or ')})`);
  }
  if (props.receivers.length === 0) {
    problems.push('receivers is empty (expected at least one receiver, the first in escalation order)');
  }
  props.receivers.forEach((receiver, index) => {
    if (receiver.emails.length === 0) {
      problems.push(`receivers[${index}] "${receiver.name}" has no email (expected at least one address)`);
    }
    for (const email of receiver.emails) {
      if (!Token.isUnresolved(email) && !isEmailAddress(email)) {
        problems.push(`receivers[${index}] "${receiver.name}" email "${email}" is not an email address (expected like oncall@example.com)`);
      }
    }
  });
  const everyone = unique(props.receivers.flatMap((r) => r.emails));
  if (everyone.length > MAX_BUDGET_EMAIL_SUBSCRIBERS) {
    problems.push(`receivers have ${everyone.length} distinct emails, all alerted at 100 % (expected at most ${MAX_BUDGET_EMAIL_SUBSCRIBERS}, AWS Budgets' limit per notification; use a distribution list)`);
  }
  for (const [key, value] of Object.entries(props.costFilterTags ?? {})) {
    if (key === '' || value === '' || key.includes('$') || key.startsWith('aws:')) {
      problems.push(`costFilterTags entry "${key}": "${value}" is not a user cost allocation tag (expected a non-empty key without "$" or "aws:" prefix, and a non-empty value)`);
    }
  }
  if (props.costFilterTags !== undefined && Object.keys(props.costFilterTags).length === 0) {
    problems.push('costFilterTags is empty (expected at least one tag, or leave it out to cover the whole account)');
  }
  if (props.budgetName !== undefined && !Token.isUnresolved(props.budgetName) && (!/^[^:\\]{1,100}$/.test(props.budgetName) || props.budgetName.includes('/action/'))) {
    problems.push(`budgetName "${props.budgetName}" is not a budget name (expected 1 to 100 characters without ":", "\\" or "/action/")`);
  }
  return problems;
}
