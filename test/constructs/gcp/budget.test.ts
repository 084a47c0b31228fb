import { BillingBudget } from '@cdktf/provider-google/lib/billing-budget';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
// Brings in the types of the matchers that Testing.setupJest() registers.
import 'cdktf/lib/testing/adapters/jest';
import { GcpProjectBudget, GcpProjectBudgetProps } from '../../../constructs/gcp/budget';
import { addressesOf, problemsOf, ref, resourceAt, synthChecked, TfJson } from '../../support/terraform';

Testing.setupJest();

const TEAM = 'team@acme.example';
const ONCALL = 'oncall@acme.pagerduty.example';
const LEADS = 'leads@acme.example';
const FINOPS = 'finops@acme.example';

const PROPS: GcpProjectBudgetProps = {
  namePrefix: 'acme-dev',
  project: 'acme-dev-1234',
  billingAccountId: '01A2B3-C4D5E6-F7A8B9',
  currency: 'EUR',
  monthlyAmount: 3000,
  escalation: [
    { name: 'platform-team', emails: [TEAM] },
    { name: 'platform-oncall', emails: [ONCALL] },
    { name: 'engineering-leads', emails: [LEADS, FINOPS] },
  ],
};

const BUDGET = 'google_billing_budget.Budget_69569A1A';
const WARNING = 'google_billing_budget.Budget_Warning_601D7BC9';
// Channel addresses carry the first 8 hex digits of the address's SHA-256.
const TEAM_CHANNEL = 'google_monitoring_notification_channel.Budget_Channel-0942d813_B590D481';
const ONCALL_CHANNEL = 'google_monitoring_notification_channel.Budget_Channel-9e08741a_9D723D4F';
const LEADS_CHANNEL = 'google_monitoring_notification_channel.Budget_Channel-25755003_5E629206';
const FINOPS_CHANNEL = 'google_monitoring_notification_channel.Budget_Channel-5cf5e691_663B3669';
const BUDGET_API = 'google_project_service.Budget_BudgetApi_F1DB3A70';
const MONITORING_API = 'google_project_service.Budget_MonitoringApi_3F84BAF4';
const PROJECT = 'data.google_project.Budget_Project_44E9ABCB';

function synthJson(props: Partial<GcpProjectBudgetProps> = {}): TfJson {
  return JSON.parse(synthChecked((scope) => {
    new GcpProjectBudget(scope, 'Budget', { ...PROPS, ...props });
  }));
}

/** The problems the synth reports for the construct built with `props` (building it never throws). */
function errorOf(props: Partial<GcpProjectBudgetProps>): string {
  return problemsOf('Budget', (scope) => new GcpProjectBudget(scope, 'Budget', { ...PROPS, ...props }));
}

describe('GcpProjectBudget', () => {
  describe('addresses and ids', () => {
    test('Terraform addresses are pinned', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN: renaming any of these replaces the budgets or the channels (and their alert history)
      expect(addressesOf(json)).toEqual([
        BUDGET,
        WARNING,
        LEADS_CHANNEL,
        FINOPS_CHANNEL,
        TEAM_CHANNEL,
        ONCALL_CHANNEL,
        BUDGET_API,
        MONITORING_API,
      ].sort());
      expect(Object.keys(json.data!.google_project)).toEqual([PROJECT.split('.')[2]]);
    });

    test('the 100 % budget is the primary child and construct ids are stable', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const budget = new GcpProjectBudget(stack, 'Budget', PROPS);

      // THEN
      expect(budget.node.defaultChild).toBe(budget.budget);
      expect(budget.warningBudget.node.id).toBe('Warning');
      expect(budget.node.children.map((c) => c.node.id)).toEqual([
        'BudgetApi', 'MonitoringApi', 'Project',
        'Channel-0942d813', 'Channel-9e08741a', 'Channel-25755003', 'Channel-5cf5e691',
        'Warning', 'Resource',
      ]);
    });

    test('reordering receivers and addresses keeps every channel address; the first receiver still gets the warning', () => {
      // GIVEN
      const before = synthJson();

      // WHEN: the leads become the first level
      const after = synthJson({
        escalation: [
          { name: 'engineering-leads', emails: [FINOPS, LEADS] },
          { name: 'platform-oncall', emails: [ONCALL] },
          { name: 'platform-team', emails: [TEAM] },
        ],
      });

      // THEN
      expect(addressesOf(after)).toEqual(addressesOf(before));
      expect(resourceAt(after, WARNING).all_updates_rule.monitoring_notification_channels).toEqual([
        ref(FINOPS_CHANNEL, 'id'),
        ref(LEADS_CHANNEL, 'id'),
      ]);
    });
  });

  describe('escalation', () => {
    test('the first receiver is warned at 80 % of the actual spend and at 100 % of the forecast, without the billing account\'s users', () => {
      // GIVEN / WHEN
      const warning = resourceAt(synthJson(), WARNING);

      // THEN
      expect(warning.threshold_rules).toEqual([
        { threshold_percent: 0.8, spend_basis: 'CURRENT_SPEND' },
        { threshold_percent: 1, spend_basis: 'FORECASTED_SPEND' },
      ]);
      expect(warning.all_updates_rule).toEqual({
        monitoring_notification_channels: [ref(TEAM_CHANNEL, 'id')],
        disable_default_iam_recipients: true,
      });
      expect(warning.display_name).toBe('acme-dev budget warning');
    });

    test('every receiver, in escalation order, and the billing account\'s users are alerted at 100 % of the actual spend', () => {
      // GIVEN / WHEN
      const budget = resourceAt(synthJson(), BUDGET);

      // THEN
      expect(budget.threshold_rules).toEqual([{ threshold_percent: 1, spend_basis: 'CURRENT_SPEND' }]);
      expect(budget.all_updates_rule).toEqual({
        monitoring_notification_channels: [TEAM_CHANNEL, ONCALL_CHANNEL, LEADS_CHANNEL, FINOPS_CHANNEL].map((a) => ref(a, 'id')),
        disable_default_iam_recipients: false,
      });
      expect(budget.display_name).toBe('acme-dev budget');
    });

    test('an address listed on two levels gets one channel, named after its first level', () => {
      // GIVEN / WHEN
      const json = synthJson({ escalation: [{ name: 'platform-team', emails: [TEAM] }, { name: 'platform-oncall', emails: [ONCALL, TEAM] }] });

      // THEN
      expect(Object.keys(json.resource.google_monitoring_notification_channel)).toHaveLength(2);
      expect(resourceAt(json, TEAM_CHANNEL).display_name).toBe('acme-dev budget: platform-team (team@acme.example)');
      expect(resourceAt(json, BUDGET).all_updates_rule.monitoring_notification_channels).toEqual([ref(TEAM_CHANNEL, 'id'), ref(ONCALL_CHANNEL, 'id')]);
    });

    test('each address is an email channel in the project, labelled with the given labels', () => {
      // GIVEN
      const labels = { 'owner': 'platform-team', 'cost-center': 'cc-1001' };

      // WHEN
      const out = synthChecked((scope) => { new GcpProjectBudget(scope, 'Budget', { ...PROPS, labels }); });

      // THEN
      expect(out).toHaveResourceWithProperties(MonitoringNotificationChannel, {
        project: 'acme-dev-1234',
        type: 'email',
        labels: { email_address: ONCALL },
        display_name: 'acme-dev budget: platform-oncall (oncall@acme.pagerduty.example)',
        user_labels: labels,
        depends_on: [MONITORING_API],
      });
    });
  });

  describe('budget', () => {
    test('both budgets watch the project, by number, each calendar month, in the billing account', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      for (const address of [BUDGET, WARNING]) {
        const budget = resourceAt(json, address);
        expect(budget.billing_account).toBe('01A2B3-C4D5E6-F7A8B9');
        expect(budget.budget_filter).toEqual({
          projects: [`projects/${ref(PROJECT, 'number')}`],
          calendar_period: 'MONTH',
          credit_types_treatment: 'INCLUDE_ALL_CREDITS',
        });
        expect(budget.amount).toEqual({ specified_amount: { currency_code: 'EUR', units: '3000' } });
        expect(budget.depends_on).toEqual([BUDGET_API]);
      }
      expect(json.data!.google_project[PROJECT.split('.')[2]]).toEqual(expect.objectContaining({ project_id: 'acme-dev-1234' }));
    });

    test('a fractional amount keeps its cents as nanos', () => {
      // GIVEN / WHEN
      const budget = resourceAt(synthJson({ monthlyAmount: 1234.56, currency: 'USD' }), BUDGET);

      // THEN
      expect(budget.amount).toEqual({ specified_amount: { currency_code: 'USD', units: '1234', nanos: 560000000 } });
    });

    test('the Budget and Monitoring APIs are enabled and stay enabled on destroy', () => {
      // GIVEN / WHEN
      const out = synthChecked((scope) => { new GcpProjectBudget(scope, 'Budget', PROPS); });

      // THEN
      for (const service of ['billingbudgets.googleapis.com', 'monitoring.googleapis.com']) {
        expect(out).toHaveResourceWithProperties(ProjectService, { project: 'acme-dev-1234', service, disable_on_destroy: false });
      }
      expect(out).toHaveResource(BillingBudget);
    });
  });

  describe('validation', () => {
    test('reports every problem at once', () => {
      // GIVEN / WHEN
      const message = errorOf({
        namePrefix: 'Acme_Dev',
        project: 'x',
        billingAccountId: '01a2b3-c4d5e6-f7a8b9',
        currency: 'euro',
        monthlyAmount: 0,
        escalation: [
          { name: 'Platform Team', emails: ['not-an-email'] },
          { name: 'oncall', emails: [] },
          { name: 'oncall', emails: ['oncall@acme.example'] },
        ],
      });

      // THEN
      expect(message).toBe([
        'GcpProjectBudget: namePrefix "Acme_Dev" is not a lowercase DNS label of at most 40 characters (expected like acme-dev)',
        'GcpProjectBudget: project "x" is not a GCP project id (expected 6 to 30 lowercase letters, digits or hyphens, starting with a letter, like acme-dev-1234)',
        'GcpProjectBudget: billingAccountId "01a2b3-c4d5e6-f7a8b9" is not a Cloud Billing account id (expected like 012345-6789AB-CDEF01)',
        'GcpProjectBudget: currency "euro" is not an ISO 4217 currency code (expected like USD or EUR)',
        'GcpProjectBudget: monthlyAmount 0 is not a budget amount (expected a positive amount in the billing currency)',
        'GcpProjectBudget: escalation[0].name "Platform Team" is not a DNS label (expected lowercase letters, digits and hyphens, like platform-oncall)',
        'GcpProjectBudget: escalation[0].emails[0] "not-an-email" is not an email address (expected like oncall@example.com)',
        'GcpProjectBudget: escalation[1].emails is empty (expected at least one email address)',
        'GcpProjectBudget: escalation[2].name "oncall" is listed twice',
      ].join('\n'));
    });

    test('names the currency when it is valid', () => {
      expect(errorOf({ monthlyAmount: -5 })).toBe('GcpProjectBudget: monthlyAmount -5 is not a budget amount (expected a positive amount in EUR)');
    });

    test('rejects an empty escalation', () => {
      expect(errorOf({ escalation: [] })).toBe('GcpProjectBudget: escalation is empty (expected at least one receiver, in escalation order)');
    });

    test('rejects more distinct addresses than a budget can notify', () => {
      // GIVEN: six addresses, one of them twice
      const escalation = [
        { name: 'a', emails: ['1@acme.example', '2@acme.example', '3@acme.example'] },
        { name: 'b', emails: ['3@acme.example', '4@acme.example', '5@acme.example', '6@acme.example'] },
      ];

      // WHEN / THEN
      expect(errorOf({ escalation })).toBe(
        'GcpProjectBudget: escalation has 6 distinct email addresses (expected at most 5: a billing budget notifies at most 5 channels; use group addresses)');
      expect(() => synthJson({ escalation: [escalation[0], { name: 'b', emails: ['4@acme.example', '5@acme.example'] }] })).not.toThrow();
    });

    test('Tokens are left to Terraform', () => {
      // GIVEN / WHEN / THEN
      expect(() => synthChecked((scope) => {
        const billing = new TerraformVariable(scope, 'billing', { type: 'string' });
        const amount = new TerraformVariable(scope, 'amount', { type: 'number' });
        new GcpProjectBudget(scope, 'Budget', { ...PROPS, billingAccountId: billing.stringValue, monthlyAmount: amount.numberValue });
      })).not.toThrow();
    });
  });
});
