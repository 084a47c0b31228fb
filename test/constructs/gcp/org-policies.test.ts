import { OrgPolicyPolicy } from '@cdktf/provider-google/lib/org-policy-policy';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
// Brings in the types of the matchers that Testing.setupJest() registers.
import 'cdktf/lib/testing/adapters/jest';
import { GCP_GUARDRAIL_CONSTRAINTS, GcpOrgPolicyGuardrails, GcpOrgPolicyGuardrailsProps } from '../../../constructs/gcp/org-policies';
import { addressesOf, problemsOf, resourceAt, synthChecked, TfJson } from '../../support/terraform';

Testing.setupJest();

const PROPS: GcpOrgPolicyGuardrailsProps = {
  project: 'acme-prod-1234',
  allowedRegions: ['europe-west3', 'europe-west1'],
  allowedMultiRegions: ['europe'],
};

const POLICY = 'google_org_policy_policy';
const ADDRESSES = [
  `${POLICY}.Guardrails_DisableSerialPortAccess_CC6857D6`,
  `${POLICY}.Guardrails_DisableServiceAccountKeyCreation_095DB9FE`,
  `${POLICY}.Guardrails_DisableServiceAccountKeyUpload_E5C8BF00`,
  `${POLICY}.Guardrails_PublicAccessPrevention_F33F5AD2`,
  `${POLICY}.Guardrails_RequireShieldedVm_0F86B30D`,
  `${POLICY}.Guardrails_ResourceLocations_B898A16E`,
  `${POLICY}.Guardrails_UniformBucketLevelAccess_6318EF6B`,
  `${POLICY}.Guardrails_VmExternalIpAccess_422D6F9A`,
  'google_project_service.Guardrails_OrgPolicyApi_CE101C2D',
];
const API = 'google_project_service.Guardrails_OrgPolicyApi_CE101C2D';

function synthJson(props: Partial<GcpOrgPolicyGuardrailsProps> = {}): TfJson {
  return JSON.parse(synthChecked((scope) => {
    new GcpOrgPolicyGuardrails(scope, 'Guardrails', { ...PROPS, ...props });
  }));
}

function policyOf(json: TfJson, constraint: string): Record<string, any> {
  const found = Object.values(json.resource[POLICY]).filter((p) => p.name === `projects/acme-prod-1234/policies/${constraint}`);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The problems the synth reports for the construct built with `props` (building it never throws). */
function errorOf(props: Partial<GcpOrgPolicyGuardrailsProps>): string {
  return problemsOf('Guardrails', (scope) => new GcpOrgPolicyGuardrails(scope, 'Guardrails', { ...PROPS, ...props }));
}

describe('GcpOrgPolicyGuardrails', () => {
  describe('addresses and ids', () => {
    test('Terraform addresses are pinned, one per constraint', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN: renaming one would delete the policy and set it again, leaving the constraint unenforced in between
      expect(addressesOf(json)).toEqual(ADDRESSES);
    });

    test('construct ids are stable and policies are exposed by constraint', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const guardrails = new GcpOrgPolicyGuardrails(stack, 'Guardrails', PROPS);

      // THEN
      expect(guardrails.node.children.map((c) => c.node.id)).toEqual([
        'OrgPolicyApi',
        'VmExternalIpAccess',
        'UniformBucketLevelAccess',
        'PublicAccessPrevention',
        'ResourceLocations',
        'DisableServiceAccountKeyCreation',
        'DisableServiceAccountKeyUpload',
        'RequireShieldedVm',
        'DisableSerialPortAccess',
      ]);
      expect(Object.keys(guardrails.policies).sort()).toEqual(Object.values(GCP_GUARDRAIL_CONSTRAINTS).sort());
      expect(guardrails.policies['gcp.resourceLocations'].node.id).toBe('ResourceLocations');
    });
  });

  describe('policies', () => {
    test('every policy is set on the project, after the Organization Policy API is enabled', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      for (const policy of Object.values(json.resource[POLICY])) {
        expect(policy.parent).toBe('projects/acme-prod-1234');
        expect(policy.name).toMatch(/^projects\/acme-prod-1234\/policies\/[a-zA-Z]+\.[a-zA-Z]+$/);
        expect(policy.depends_on).toEqual([API]);
        expect(policy.dry_run_spec).toBeUndefined();
      }
      expect(resourceAt(json, API)).toEqual(expect.objectContaining({ service: 'orgpolicy.googleapis.com', disable_on_destroy: false }));
    });

    test('no VM may have an external IP', () => {
      expect(policyOf(synthJson(), 'compute.vmExternalIpAccess').spec).toEqual({ rules: [{ deny_all: 'TRUE' }] });
    });

    test.each([
      'storage.uniformBucketLevelAccess',
      'storage.publicAccessPrevention',
      'iam.disableServiceAccountKeyCreation',
      'iam.disableServiceAccountKeyUpload',
      'compute.requireShieldedVm',
      'compute.disableSerialPortAccess',
    ])('%s is enforced', (constraint) => {
      expect(policyOf(synthJson(), constraint).spec).toEqual({ rules: [{ enforce: 'TRUE' }] });
    });

    test('resource locations are the regions with their zones and the multi-regions, without inheriting a broader list', () => {
      // GIVEN / WHEN
      const out = synthChecked((scope) => { new GcpOrgPolicyGuardrails(scope, 'Guardrails', PROPS); });

      // THEN
      expect(out).toHaveResourceWithProperties(OrgPolicyPolicy, {
        name: 'projects/acme-prod-1234/policies/gcp.resourceLocations',
        spec: {
          inherit_from_parent: false,
          rules: [{ values: { allowed_values: ['in:europe-west3-locations', 'in:europe-west1-locations', 'europe'] } }],
        },
      });
      expect(out).toHaveResourceWithProperties(ProjectService, { service: 'orgpolicy.googleapis.com' });
    });

    test('without multi-regions only the region is allowed', () => {
      // GIVEN / WHEN
      const json = synthJson({ allowedRegions: ['europe-west1'], allowedMultiRegions: undefined });

      // THEN
      expect(policyOf(json, 'gcp.resourceLocations').spec.rules).toEqual([{ values: { allowed_values: ['in:europe-west1-locations'] } }]);
    });
  });

  describe('validation', () => {
    test('reports every problem at once', () => {
      // GIVEN / WHEN
      const message = errorOf({
        project: 'Acme',
        allowedRegions: ['europe-west1', 'europe-west1-b', 'europe-west1'],
        allowedMultiRegions: ['in:europe-locations', 'europe-west1'],
      });

      // THEN
      expect(message).toBe([
        'GcpOrgPolicyGuardrails: project "Acme" is not a GCP project id (expected 6 to 30 lowercase letters, digits or hyphens, starting with a letter, like acme-dev-1234)',
        'GcpOrgPolicyGuardrails: allowedRegions[1] "europe-west1-b" is not a GCP region (expected like europe-west1)',
        'GcpOrgPolicyGuardrails: allowedRegions[2] "europe-west1" is listed twice',
        'GcpOrgPolicyGuardrails: allowedMultiRegions[0] "in:europe-locations" is not a multi-region (expected like europe, us or asia; regions go in allowedRegions)',
        'GcpOrgPolicyGuardrails: allowedMultiRegions[1] "europe-west1" is not a multi-region (expected like europe, us or asia; regions go in allowedRegions)',
      ].join('\n'));
    });

    test('rejects an empty list of regions', () => {
      expect(errorOf({ allowedRegions: [] })).toBe('GcpOrgPolicyGuardrails: allowedRegions is empty (expected at least the environment\'s region, like europe-west1)');
    });

    test('Tokens are left to Terraform', () => {
      expect(() => synthChecked((scope) => {
        const project = new TerraformVariable(scope, 'project', { type: 'string' });
        const region = new TerraformVariable(scope, 'region', { type: 'string' });
        new GcpOrgPolicyGuardrails(scope, 'Guardrails', { project: project.stringValue, allowedRegions: [region.stringValue] });
      })).not.toThrow();
    });
  });
});
