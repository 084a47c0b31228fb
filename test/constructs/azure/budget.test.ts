import { AzureSubscriptionBudget, AzureSubscriptionBudgetProps, DEFAULT_BUDGET_START_DATE } from '../../../constructs/azure/budget';
import { addressesOf, onlyResource, problemsOf, synthChecked, TfJson } from '../../support/terraform';

const PROPS: AzureSubscriptionBudgetProps = {
  namePrefix: 'acme-dev',
  subscriptionId: '11111111-1111-4111-8111-111111111111',
  monthlyAmount: 3000,
  receivers: [
    { name: 'platform-team', emails: ['platform-team@acme.example'] },
    { name: 'platform-oncall', emails: ['oncall@acme.example', 'platform-team@acme.example'] },
    { name: 'engineering-leads', emails: ['leads@acme.example'] },
  ],
};

function synth(props: Partial<AzureSubscriptionBudgetProps> = {}): string {
  return synthChecked((scope) => {
    new AzureSubscriptionBudget(scope, 'Budget', { ...PROPS, ...props });
  });
}

function budgetOf(props: Partial<AzureSubscriptionBudgetProps> = {}): Record<string, any> {
  return onlyResource(JSON.parse(synth(props)) as TfJson, 'azurerm_consumption_budget_subscription');
}

/** The problems the synth reports for the construct built with `props` (building it never throws). */
function errorOf(props: Partial<AzureSubscriptionBudgetProps>): string {
  return problemsOf('Budget', (scope) => new AzureSubscriptionBudget(scope, 'Budget', { ...PROPS, ...props }));
}

describe('AzureSubscriptionBudget', () => {
  test('the Terraform address is stable', () => {
    // GIVEN / WHEN the budget is synthesized
    const json = JSON.parse(synth()) as TfJson;

    // THEN its address is the contract: renaming it would delete and recreate the budget (and Azure refuses a past start date)
    expect(addressesOf(json)).toEqual(['azurerm_consumption_budget_subscription.Budget_69569A1A']);
  });

  test('a monthly budget of the amount on the subscription, from a pinned first month', () => {
    // GIVEN / WHEN
    const budget = budgetOf();

    // THEN
    expect(budget.name).toBe('budget-acme-dev-monthly');
    expect(budget.subscription_id).toBe('/subscriptions/11111111-1111-4111-8111-111111111111');
    expect(budget.amount).toBe(3000);
    expect(budget.time_grain).toBe('Monthly');
    expect(budget.time_period).toEqual({ start_date: `${DEFAULT_BUDGET_START_DATE}T00:00:00Z` });
    expect(DEFAULT_BUDGET_START_DATE).toMatch(/^\d{4}-\d{2}-01$/);
  });

  test('80 % reaches the first receiver, 100 % every receiver once, the forecast the first receiver', () => {
    // GIVEN / WHEN
    const notifications = budgetOf().notification;

    // THEN
    expect(notifications).toEqual([
      { enabled: true, operator: 'GreaterThanOrEqualTo', threshold: 80, threshold_type: 'Actual', contact_emails: ['platform-team@acme.example'] },
      {
        enabled: true,
        operator: 'GreaterThanOrEqualTo',
        threshold: 100,
        threshold_type: 'Actual',
        contact_emails: ['platform-team@acme.example', 'oncall@acme.example', 'leads@acme.example'],
      },
      { enabled: true, operator: 'GreaterThanOrEqualTo', threshold: 100, threshold_type: 'Forecasted', contact_emails: ['platform-team@acme.example'] },
    ]);
  });

  test('the forecast alert can be left out, and the start month chosen', () => {
    // GIVEN / WHEN
    const budget = budgetOf({ forecastAlert: false, startDate: '2027-03-01' });

    // THEN
    expect(budget.notification.map((n: any) => `${n.threshold_type} ${n.threshold}`)).toEqual(['Actual 80', 'Actual 100']);
    expect(budget.time_period.start_date).toBe('2027-03-01T00:00:00Z');
  });

  test('reports every problem of the props at once', () => {
    // GIVEN props wrong in every way WHEN the budget is built THEN one error lists them all
    expect(errorOf({
      namePrefix: 'Acme Dev',
      subscriptionId: '/subscriptions/11111111-1111-4111-8111-111111111111',
      monthlyAmount: 0,
      startDate: '2026-12-15',
      receivers: [{ name: 'platform-team', emails: [] }, { name: 'platform-oncall', emails: ['oncall at acme.example'] }],
    })).toBe([
      'AzureSubscriptionBudget: namePrefix "Acme Dev" is not a DNS label (expected lowercase letters, digits and inner hyphens, like acme-dev)',
      'AzureSubscriptionBudget: subscriptionId "/subscriptions/11111111-1111-4111-8111-111111111111" is not a subscription ID (expected a GUID like 00000000-0000-0000-0000-000000000000)',
      'AzureSubscriptionBudget: monthlyAmount 0 is not a positive amount (expected a number above 0, in the billing currency)',
      'AzureSubscriptionBudget: startDate "2026-12-15" is not the first of a month since June 2017 (expected like 2026-12-01)',
      'AzureSubscriptionBudget: receivers[0] "platform-team" has no emails (expected at least one address)',
      'AzureSubscriptionBudget: receivers[1] "platform-oncall" email "oncall at acme.example" is not an email address (expected like platform-oncall@example.com)',
    ].join('\n'));
  });

  test.each([
    ['2017-05-01', 'before Azure keeps budgets'],
    ['2026-13-01', 'no such month'],
    ['2026-12-01T00:00:00Z', 'a timestamp'],
  ])('rejects start date %s (%s)', (startDate) => {
    expect(errorOf({ startDate })).toBe(
      `AzureSubscriptionBudget: startDate "${startDate}" is not the first of a month since June 2017 (expected like 2026-12-01)`,
    );
  });

  test('rejects an empty escalation chain and a non-numeric amount', () => {
    expect(errorOf({ receivers: [], monthlyAmount: Number.NaN })).toBe([
      'AzureSubscriptionBudget: monthlyAmount NaN is not a positive amount (expected a number above 0, in the billing currency)',
      'AzureSubscriptionBudget: receivers is empty (expected at least one receiver, in escalation order)',
    ].join('\n'));
  });
});
