import { ConsumptionBudgetSubscription, ConsumptionBudgetSubscriptionNotification } from '@cdktf/provider-azurerm/lib/consumption-budget-subscription';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { azureName } from './private/naming';
import { namePrefixProblems } from './private/placement-rules';
import { guidProblems } from './private/value-rules';
import { Problems } from '../../core/problems';
import { isEmailAddress } from '../../core/receivers';

/** One level of an escalation chain: who a budget alert reaches. */
export interface AzureBudgetReceiver {
  /** Name of the level, e.g. "platform-oncall"; it only appears in error messages. */
  readonly name: string;
  /** Email addresses of the level (a paging service's email integration works too). */
  readonly emails: readonly string[];
}

/** Properties of an {@link AzureSubscriptionBudget}. */
export interface AzureSubscriptionBudgetProps {
  /**
   * Name prefix derived by the caller from organization and environment, e.g. "acme-dev".
   * The budget is named `budget-<namePrefix>-monthly`.
   */
  readonly namePrefix: string;

  /** The subscription the budget watches, as a GUID (not the `/subscriptions/...` resource ID). */
  readonly subscriptionId: string;

  /**
   * The monthly budget, in the billing account's currency: Azure budgets have no currency of their own.
   * A positive number.
   */
  readonly monthlyAmount: number;

  /**
   * Alert receivers in escalation order. The 80 % alert and the forecast alert go to the FIRST receiver only (a
   * warning for the owning team); the 100 % alert goes to ALL of them (the money is spent: escalate).
   */
  readonly receivers: readonly AzureBudgetReceiver[];

  /**
   * The first month the budget tracks, `YYYY-MM-01`.
   *
   * Azure accepts a start date only if it is the first of a month, not before the current month and at most twelve
   * months ahead, and it never lets a budget's start date change (Terraform would replace the budget, which then
   * fails once the date is in the past). So the date is a literal, pinned once when the budget is first created and
   * never changed afterwards, which also keeps synth deterministic. A budget created after the default's month must
   * be given the month it is created in.
   * @default DEFAULT_BUDGET_START_DATE
   */
  readonly startDate?: string;

  /**
   * Also alert the first receiver when the month's forecast reaches 100 %, days before the money is spent.
   * @default true
   */
  readonly forecastAlert?: boolean;
}

/**
 * The default first month of baseline budgets: December 2026, the month after this default was written. A month
 * ahead rather than the current one, so that it still creates during the whole of the next month.
 */
export const DEFAULT_BUDGET_START_DATE = '2026-12-01';

/** Thresholds of the baseline, in percent of the amount: a warning, then the amount itself. */
export const BUDGET_WARNING_PERCENT = 80;
export const BUDGET_LIMIT_PERCENT = 100;

/** Azure keeps budgets since June 2017 only. */
const EARLIEST_START_MONTH = '2017-06';
const START_DATE = /^(\d{4})-(\d{2})-01$/;
/** Deliberately loose: Azure validates addresses itself; this catches names and typos such as a missing `@`. */

/**
 * A monthly cost budget on a subscription (`azurerm_consumption_budget_subscription`, the primary child
 * `Resource`), with email alerts at 80 % and 100 % of actual cost and, by default, at 100 % of the forecast.
 *
 * Escalation: the 80 % and forecast alerts reach the first receiver only; the 100 % alert reaches every receiver.
 * A budget only alerts: Azure never stops resources when it is exceeded. Budgets take no tags.
 */
export class AzureSubscriptionBudget extends Construct {
  /** The budget. */
  public readonly budget: ConsumptionBudgetSubscription;

  constructor(scope: Construct, id: string, props: AzureSubscriptionBudgetProps) {
    super(scope, id);
    this.node.addValidation(budgetProblems(props));

    const first = [...new Set(props.receivers[0]?.emails ?? [])];
    const everyone = [...new Set(props.receivers.flatMap((r) => r.emails))];
    const notification = (threshold: number, thresholdType: 'Actual' | 'Forecasted', contactEmails: string[]): ConsumptionBudgetSubscriptionNotification => ({
      enabled: true,
      operator: 'GreaterThanOrEqualTo',
      threshold,
      thresholdType,
      contactEmails,
    });

    this.budget = new ConsumptionBudgetSubscription(this, 'Resource', {
      name: azureName('budget', props.namePrefix, 'monthly'),
      subscriptionId: `/subscriptions/${props.subscriptionId}`,
      amount: props.monthlyAmount,
      timeGrain: 'Monthly',
      timePeriod: { startDate: `${props.startDate ?? DEFAULT_BUDGET_START_DATE}T00:00:00Z` },
      notification: [
        notification(BUDGET_WARNING_PERCENT, 'Actual', first),
        notification(BUDGET_LIMIT_PERCENT, 'Actual', everyone),
        ...(props.forecastAlert ?? true ? [notification(BUDGET_LIMIT_PERCENT, 'Forecasted', first)] : []),
      ],
    });
  }
}

function budgetProblems(props: AzureSubscriptionBudgetProps): Problems {
  const problems = new Problems('AzureSubscriptionBudget').push(
    ...namePrefixProblems(props.namePrefix),
    ...guidProblems('subscriptionId', props.subscriptionId, 'a subscription ID'),
  );
  const amount = props.monthlyAmount;
  if (!Token.isUnresolved(amount) && !(typeof amount === 'number' && Number.isFinite(amount) && amount > 0)) {
    problems.push(`monthlyAmount ${amount} is not a positive amount (expected a number above 0, in the billing currency)`);
  }
  const startDate = props.startDate ?? DEFAULT_BUDGET_START_DATE;
  const match = START_DATE.exec(startDate);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12 || startDate.slice(0, 7) < EARLIEST_START_MONTH) {
    problems.push(`startDate "${startDate}" is not the first of a month since June 2017 (expected like ${DEFAULT_BUDGET_START_DATE})`);
  }
  if (props.receivers.length === 0) {
    problems.push('receivers is empty (expected at least one receiver, in escalation order)');
  }
  props.receivers.forEach((receiver, i) => {
    if (receiver.emails.length === 0) {
      problems.push(`receivers[${i}] "${receiver.name}" has no emails (expected at least one address)`);
    }
    for (const email of receiver.emails) {
      if (!Token.isUnresolved(email) && !isEmailAddress(email)) {
        problems.push(`receivers[${i}] "${receiver.name}" email "${email}" is not an email address (expected like platform-oncall@example.com)`);
      }
    }
  });
  return problems;
}
