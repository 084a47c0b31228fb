import type { Artifact } from '../../../lib/artifacts';
import type { Finding, PolicyException, Rule, RulePack } from '../../../lib/policy';

/** A tiny Terraform artifact: `resource.<type>.<name>` with a `public` flag the test rule reads. */
export function tfArtifact(environment: string, cloud: 'azure' | 'gcp', resources: Record<string, { public: boolean }>): Artifact {
  return {
    kind: 'terraform',
    cloud,
    environment,
    name: `acme-${environment}-${cloud}`,
    file: `cdktf.out/stacks/acme-${environment}-${cloud}/cdk.tf.json`,
    document: { resource: { thing: resources } },
  };
}

/** Reports every `thing` whose `public` flag is true. */
export const publicThingRule: Rule = {
  id: 'TEST-NOT-PUBLIC',
  severity: 'error',
  controls: ['registry-private'],
  description: 'Things are not public.',
  remediation: 'Set public = false.',
  kind: 'terraform',
  check: (artifact) => Object.entries<any>(artifact.document.resource.thing ?? {})
    .filter(([, body]) => body.public)
    .map(([name]) => ({ resource: `thing.${name}`, message: 'public is true (expected false)' })),
};

export const testPack: RulePack = { name: 'test', description: 'Test rules.', rules: [publicThingRule] };

export function exception(overrides: Partial<PolicyException> = {}): PolicyException {
  return { ruleId: 'TEST-NOT-PUBLIC', resource: 'thing.a', reason: 'Migrating to a private endpoint in Q1.', owner: 'platform-team', expires: '2026-12-31', ...overrides };
}

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'NAG-TEST',
    severity: 'error',
    controls: ['cluster-api-private'],
    environment: 'prod',
    cloud: 'aws',
    kind: 'cloudformation',
    file: 'cdk.out/acme-prod.template.json',
    resource: 'Cluster',
    message: 'from another engine',
    remediation: 'Fix it.',
    ...overrides,
  };
}
