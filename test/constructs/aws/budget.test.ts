import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsBudget, AwsBudgetProps } from '../../../constructs/aws/budget';
import { cloudFormationValidationReport } from '../../support/cdk';
import { synthProblems, under } from '../../support/validation';

const RECEIVERS = [
  { name: 'platform-team', emails: ['platform-team@acme.example'] },
  { name: 'platform-oncall', emails: ['oncall@acme.example'] },
  { name: 'engineering-leads', emails: ['leads@acme.example', 'platform-team@acme.example'] },
];

function newStack(app = new App()): Stack {
  return new Stack(app, 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
}

function synth(props: Partial<AwsBudgetProps> = {}): Template {
  const stack = newStack();
  new AwsBudget(stack, 'Budget', { monthlyAmount: 3000, receivers: RECEIVERS, ...props });
  return Template.fromStack(stack);
}

function budgetOf(template: Template): any {
  return Object.values<any>(template.findResources('AWS::Budgets::Budget'))[0].Properties;
}

const notification = (type: string, threshold: number) => ({ ComparisonOperator: 'GREATER_THAN', NotificationType: type, Threshold: threshold, ThresholdType: 'PERCENTAGE' });
const emails = (...addresses: string[]) => addresses.map((Address) => ({ Address, SubscriptionType: 'EMAIL' }));

describe('AwsBudget', () => {
  test('a monthly cost budget of the whole account, in USD', () => {
    // GIVEN the defaults
    const budget = budgetOf(synth());
    // THEN the limit is the amount, monthly, with no filter narrowing it
    expect(budget.Budget).toEqual({ BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 3000, Unit: 'USD' } });
  });

  test('80 % alerts the first receiver, 100 % every receiver once, a 100 % forecast the first receiver', () => {
    // GIVEN three receivers, the last repeating the first one's address
    const budget = budgetOf(synth());
    // THEN three notifications, with de-duplicated subscribers
    expect(budget.NotificationsWithSubscribers).toEqual([
      { Notification: notification('ACTUAL', 80), Subscribers: emails('platform-team@acme.example') },
      { Notification: notification('ACTUAL', 100), Subscribers: emails('platform-team@acme.example', 'oncall@acme.example', 'leads@acme.example') },
      { Notification: notification('FORECASTED', 100), Subscribers: emails('platform-team@acme.example') },
    ]);
  });

  test('the forecast alert can be left out', () => {
    // WHEN forecastAlert is false
    const budget = budgetOf(synth({ forecastAlert: false }));
    // THEN only the two actual-spend alerts remain
    expect(budget.NotificationsWithSubscribers.map((n: any) => [n.Notification.NotificationType, n.Notification.Threshold])).toEqual([['ACTUAL', 80], ['ACTUAL', 100]]);
  });

  test('a shared account is narrowed to the environment by cost allocation tags', () => {
    // WHEN tags are given
    const budget = budgetOf(synth({ costFilterTags: { environment: 'dev' }, budgetName: 'acme-dev-monthly' }));
    // THEN the Budgets tag filter syntax is used, and the name is set
    expect(budget.Budget.CostFilters).toEqual({ TagKeyValue: ['user:environment$dev'] });
    expect(budget.Budget.BudgetName).toBe('acme-dev-monthly');
  });

  test('the budget is the primary child, under a pinned logical id', () => {
    // GIVEN a budget with id Budget
    const template = synth();
    // THEN
    expect(Object.keys(template.findResources('AWS::Budgets::Budget'))).toEqual(['Budget69569A1A']);
  });

  test('the CloudFormation validation engine finds nothing in it', () => {
    // GIVEN a budget with every option used
    const report = cloudFormationValidationReport((app) => {
      new AwsBudget(newStack(app), 'Budget', { monthlyAmount: 3000, receivers: RECEIVERS, costFilterTags: { environment: 'dev' }, budgetName: 'acme-dev-monthly' });
    });
    // THEN
    expect(report.pluginReports.flatMap((r: any) => r.violations)).toEqual([]);
  });

  test('invalid props are reported at once, each quoting the bad value and what is expected', () => {
    // WHEN every prop is wrong
    const eleven = Array.from({ length: 11 }, (_, i) => `person${i}@acme.example`);
    expect(synthProblems(() => synth({
      monthlyAmount: 0,
      currency: 'EUR',
      receivers: [{ name: 'team', emails: [] }, { name: 'oncall', emails: ['not-an-email'] }, { name: 'everyone', emails: eleven }],
      costFilterTags: { 'aws:createdBy': 'x' },
      budgetName: 'a:b',
    }))).toEqual(under('Test/Budget', // THEN
      'AwsBudget: monthlyAmount 0 is not a budget amount (expected a positive number)\n'
      + 'AwsBudget: currency "EUR" is not accepted by AWS Budgets (expected USD)\n'
      + 'AwsBudget: receivers[0] "team" has no email (expected at least one address)\n'
      + 'AwsBudget: receivers[1] "oncall" email "not-an-email" is not an email address (expected like oncall@example.com)\n'
      + 'AwsBudget: receivers have 12 distinct emails, all alerted at 100 % (expected at most 10, AWS Budgets\' limit per notification; use a distribution list)\n'
      + 'AwsBudget: costFilterTags entry "aws:createdBy": "x" is not a user cost allocation tag (expected a non-empty key without "$" or "aws:" prefix, and a non-empty value)\n'
      + 'AwsBudget: budgetName "a:b" is not a budget name (expected 1 to 100 characters without ":", "\\" or "/action/")'));
  });

  test('no receiver, or an empty tag filter, is refused', () => {
    expect(synthProblems(() => synth({ receivers: [], costFilterTags: {} }))).toEqual(under('Test/Budget', 'AwsBudget: receivers is empty (expected at least one receiver, the first in escalation order)\n'
      + 'AwsBudget: costFilterTags is empty (expected at least one tag, or leave it out to cover the whole account)'));
  });
});
