import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { Testing, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
// Brings in the types of the matchers that Testing.setupJest() registers.
import 'cdktf/lib/testing/adapters/jest';
import { GcpWorkloadIdentity, GcpWorkloadIdentityProps, GkeCluster } from '../../../constructs/gcp';
import { GKE_PROPS } from '../../support/gcp';
import { addressesOf, onlyResource as only, problemsOf, synthChecked, TfJson } from '../../support/terraform';

Testing.setupJest();

const PROPS: GcpWorkloadIdentityProps = {
  project: 'acme-dev-1234',
  namePrefix: 'acme-dev',
  namespace: 'payments',
  serviceAccount: 'api',
  workloadPool: 'acme-dev-1234.svc.id.goog',
};


const SA = 'google_service_account.Identity_2D60E2CC';

function synthJson(props: Partial<GcpWorkloadIdentityProps> = {}): TfJson {
  return JSON.parse(synthChecked((scope) => {
    new GcpWorkloadIdentity(scope, 'Identity', { ...PROPS, ...props });
  }));
}

/** The problems the synth reports for the construct built with `props` (building it never throws). */
function errorOf(props: Partial<GcpWorkloadIdentityProps>): string {
  return problemsOf('Identity', (scope) => new GcpWorkloadIdentity(scope, 'Identity', { ...PROPS, ...props }));
}

describe('GcpWorkloadIdentity', () => {
  describe('addresses and ids', () => {
    test('Terraform addresses are stable and role bindings are keyed by role', () => {
      // GIVEN / WHEN
      const json = synthJson({ projectRoles: ['roles/cloudsql.client', 'projects/acme-dev-1234/roles/paymentsReader'] });

      // THEN: renaming any of these replaces real infrastructure
      expect(addressesOf(json)).toEqual([
        'google_project_iam_member.Identity_ProjectRole-cloudsqlclient_246F15DC',
        'google_project_iam_member.Identity_ProjectRole-projects--acme-dev-1234--roles--paymentsReader_B5679C18',
        SA,
        'google_service_account_iam_member.Identity_WorkloadIdentityUser_8B67756C',
      ]);
    });

    test('reordering project roles keeps every address', () => {
      // GIVEN
      const roles = ['roles/cloudsql.client', 'roles/pubsub.publisher', 'roles/storage.objectViewer'];

      // WHEN
      const forward = synthJson({ projectRoles: roles }).resource.google_project_iam_member;
      const reversed = synthJson({ projectRoles: [...roles].reverse() }).resource.google_project_iam_member;

      // THEN
      for (const [address, binding] of Object.entries(forward)) {
        expect(reversed[address]).toEqual(binding);
      }
    });

    test('the Google service account is the primary child and email/member point at it', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const identity = new GcpWorkloadIdentity(stack, 'Identity', PROPS);
      new TerraformOutput(stack, 'email', { value: identity.email });
      new TerraformOutput(stack, 'member', { value: identity.member });
      const outputs = JSON.parse(Testing.synth(stack)).output;

      // THEN
      expect(identity.node.defaultChild).toBe(identity.googleServiceAccount);
      expect(identity.googleServiceAccount).toBeInstanceOf(ServiceAccount);
      expect(identity.node.children.map((c) => c.node.id)).toEqual(['Resource', 'WorkloadIdentityUser']);
      expect(outputs.email.value).toBe(`\${${SA}.email}`);
      expect(outputs.member.value).toBe(`\${${SA}.member}`);
    });
  });

  describe('resources', () => {
    test('creates a Google service account named after prefix, namespace and service account', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      expect(only(json, 'google_service_account')).toEqual({
        project: 'acme-dev-1234',
        account_id: 'acme-dev-payments-api',
        display_name: 'Workload payments/api',
        description: 'Workload Identity of the Kubernetes service account payments/api.',
      });
    });

    test('lets exactly one Kubernetes service account impersonate it', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      expect(only(json, 'google_service_account_iam_member')).toEqual({
        service_account_id: `\${${SA}.name}`,
        role: 'roles/iam.workloadIdentityUser',
        member: 'serviceAccount:acme-dev-1234.svc.id.goog[payments/api]',
      });
    });

    test('grants the project roles to the Google service account', () => {
      // GIVEN / WHEN
      const json = synthJson({ projectRoles: ['roles/cloudsql.client', 'roles/pubsub.publisher'] });

      // THEN
      expect(Object.values(json.resource.google_project_iam_member)).toEqual([
        { project: 'acme-dev-1234', role: 'roles/cloudsql.client', member: `\${${SA}.member}` },
        { project: 'acme-dev-1234', role: 'roles/pubsub.publisher', member: `\${${SA}.member}` },
      ]);
    });

    test('grants no project role by default', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      expect(json.resource.google_project_iam_member).toBeUndefined();
    });

    test('uses the workload pool of a GkeCluster', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');
      const gke = new GkeCluster(stack, 'Gke', GKE_PROPS);

      // WHEN
      new GcpWorkloadIdentity(stack, 'Identity', { ...PROPS, workloadPool: gke.workloadPool });

      // THEN
      const json: TfJson = JSON.parse(Testing.synth(stack));
      expect(only(json, 'google_service_account_iam_member').member).toBe('serviceAccount:acme-dev-1234.svc.id.goog[payments/api]');
    });
  });

  describe('account id', () => {
    test('an explicit account id wins', () => {
      expect(only(synthJson({ accountId: 'payments-api' }), 'google_service_account').account_id).toBe('payments-api');
    });

    test('a long derived id is cut to 30 characters with a hash, and stays distinct', () => {
      // GIVEN / WHEN
      const a = only(synthJson({ namespace: 'payments-settlement', serviceAccount: 'reconciler-a' }), 'google_service_account').account_id;
      const b = only(synthJson({ namespace: 'payments-settlement', serviceAccount: 'reconciler-b' }), 'google_service_account').account_id;

      // THEN
      expect(a).toMatch(/^acme-dev-payments-settl-[0-9a-f]{6}$/);
      expect(a).toHaveLength(30);
      expect(b).toHaveLength(30);
      expect(a).not.toBe(b);
    });

    test('dots in the Kubernetes service account name become hyphens', () => {
      expect(only(synthJson({ serviceAccount: 'api.v2' }), 'google_service_account').account_id).toBe('acme-dev-payments-api-v2');
    });
  });

  describe('validation', () => {
    test('reports every problem at once', () => {
      // GIVEN / WHEN
      const message = errorOf({
        project: 'Acme',
        namespace: 'Payments',
        serviceAccount: 'api_v2',
        workloadPool: 'acme-dev-1234',
        accountId: 'sa',
      });

      // THEN
      expect(message).toBe([
        'GcpWorkloadIdentity: project "Acme" is not a GCP project id (expected 6 to 30 lowercase letters, digits or hyphens, starting with a letter, like acme-dev-1234)',
        'GcpWorkloadIdentity: namespace "Payments" is not a Kubernetes namespace name (expected a DNS label like payments)',
        'GcpWorkloadIdentity: serviceAccount "api_v2" is not a Kubernetes service account name (expected a DNS subdomain like payments-api)',
        'GcpWorkloadIdentity: workloadPool "acme-dev-1234" is not a Workload Identity pool (expected <project>.svc.id.goog, like acme-dev-1234.svc.id.goog)',
        'GcpWorkloadIdentity: accountId "sa" is not a service account id (expected 6 to 30 lowercase letters, digits or hyphens, starting with a letter and ending with a letter or digit)',
      ].join('\n'));
    });

    test('rejects a derived account id that is too short', () => {
      expect(errorOf({ namePrefix: 'a', namespace: 'b', serviceAccount: 'c' })).toBe(
        'GcpWorkloadIdentity: derived accountId "a-b-c" is not a service account id (expected 6 to 30 lowercase letters, digits or hyphens, starting with a letter and ending with a letter or digit)');
    });

    test('rejects an explicit account id that is too long', () => {
      const accountId = 'acme-dev-payments-settlement-api';
      expect(errorOf({ accountId })).toBe(
        `GcpWorkloadIdentity: accountId "${accountId}" is not a service account id (expected 6 to 30 lowercase letters, digits or hyphens, starting with a letter and ending with a letter or digit)`);
    });

    test('rejects basic roles, malformed roles and duplicates', () => {
      expect(errorOf({ projectRoles: ['roles/editor', 'storage.admin', 'roles/cloudsql.client', 'roles/owner', 'roles/cloudsql.client'] })).toBe([
        'GcpWorkloadIdentity: projectRoles "roles/editor" is a basic role (expected a predefined or custom role, like roles/storage.objectViewer)',
        'GcpWorkloadIdentity: projectRoles "storage.admin" is not an IAM role (expected like roles/storage.objectViewer)',
        'GcpWorkloadIdentity: projectRoles "roles/owner" is a basic role (expected a predefined or custom role, like roles/storage.objectViewer)',
        'GcpWorkloadIdentity: projectRoles "roles/cloudsql.client" is listed twice',
      ].join('\n'));
    });

    test('does not check values that are only known to Terraform', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');
      const pool = new TerraformVariable(stack, 'pool', { type: 'string' });
      const ns = new TerraformVariable(stack, 'ns', { type: 'string' });

      // WHEN / THEN
      expect(() => new GcpWorkloadIdentity(stack, 'Identity', { ...PROPS, workloadPool: pool.stringValue, namespace: ns.stringValue })).not.toThrow();
    });
  });
});
