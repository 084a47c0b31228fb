import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { EcrRegistry, EcrRegistryProps, EcrRegistrySettings } from '../../../constructs/aws';
import { cloudFormationValidationReport } from '../../support/cdk';
import { ACCOUNT, DENY_OUTSIDE_ACCOUNT } from '../../support/ecr';
import { synthProblems, under } from '../../support/validation';

const NODE_ROLE_ARN = 'arn:aws:iam::111111111111:role/acme-dev-nodes';

function newStack(app = new App()): Stack {
  return new Stack(app, 'Test', { env: { account: ACCOUNT, region: 'eu-west-1' } });
}

function synth(props: Partial<EcrRegistryProps> = {}, id = 'Registry'): { stack: Stack; template: Template; registry: EcrRegistry } {
  const stack = newStack();
  const registry = new EcrRegistry(stack, id, {
    repositoryPrefix: 'acme-dev',
    services: [{ name: 'orders-api' }, { name: 'payments' }],
    ...props,
  });
  return { stack, template: Template.fromStack(stack), registry };
}

function resources(template: Template): Record<string, { Type: string; Properties: any; DeletionPolicy?: string; UpdateReplacePolicy?: string }> {
  return template.toJSON().Resources;
}

function lifecycleRules(template: Template, logicalId: string): any[] {
  return JSON.parse(resources(template)[logicalId].Properties.LifecyclePolicy.LifecyclePolicyText).rules;
}

describe('repositories', () => {
  test('one repository per service, named <prefix>/<service>, immutable, scanned on push', () => {
    // GIVEN two services
    const { template } = synth();
    // THEN each gets its repository with immutable tags and scan on push
    template.resourceCountIs('AWS::ECR::Repository', 2);
    for (const name of ['acme-dev/orders-api', 'acme-dev/payments']) {
      template.hasResourceProperties('AWS::ECR::Repository', {
        RepositoryName: name,
        ImageTagMutability: 'IMMUTABLE',
        ImageScanningConfiguration: { ScanOnPush: true },
        EmptyOnDelete: Match.absent(),
      });
    }
  });

  test('repositories are encrypted with a rotated, retained customer-managed key created here', () => {
    // GIVEN no key
    const { template, registry, stack } = synth();
    // THEN one key is created, rotated and retained
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    // AND every repository uses it
    for (const id of ['RepositoryAcmeDevOrdersApi', 'RepositoryAcmeDevPayments']) {
      expect(resources(template)[id].Properties.EncryptionConfiguration).toEqual({
        EncryptionType: 'KMS',
        KmsKey: { 'Fn::GetAtt': ['EcrKeyAcmeDev', 'Arn'] },
      });
    }
    expect(stack.resolve(registry.encryptionKey.keyArn)).toEqual({ 'Fn::GetAtt': ['EcrKeyAcmeDev', 'Arn'] });
  });

  test('a given key is used instead, and none is created', () => {
    // GIVEN a key of the platform
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'PlatformKey', 'arn:aws:kms:eu-west-1:111111111111:key/0a1b2c3d-0000-4000-8000-000000000000');
    // WHEN the registry gets it
    const registry = new EcrRegistry(stack, 'Registry', { repositoryPrefix: 'acme-dev', services: [{ name: 'orders-api' }], encryptionKey: key });
    // THEN the repository uses it and no key is created
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::ECR::Repository', {
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: 'arn:aws:kms:eu-west-1:111111111111:key/0a1b2c3d-0000-4000-8000-000000000000' },
    });
    expect(registry.encryptionKey).toBe(key);
  });

  test('repositories are retained on deletion and replacement, and nothing empties them', () => {
    // GIVEN a registry
    const { template } = synth();
    // THEN every repository is retained
    for (const id of ['RepositoryAcmeDevOrdersApi', 'RepositoryAcmeDevPayments']) {
      expect(resources(template)[id].DeletionPolicy).toBe('Retain');
      expect(resources(template)[id].UpdateReplacePolicy).toBe('Retain');
    }
    // AND no Lambda-backed custom resource deletes images
    const types = new Set(Object.values(resources(template)).map((r) => r.Type));
    expect([...types].sort()).toEqual(['AWS::ECR::Repository', 'AWS::KMS::Key']);
  });
});

describe('logical ids', () => {
  test('are derived from the repository names and pinned', () => {
    // GIVEN a registry
    const { template } = synth();
    // THEN the ids are the PascalCase of the names
    expect(Object.keys(resources(template)).sort()).toEqual(['EcrKeyAcmeDev', 'RepositoryAcmeDevOrdersApi', 'RepositoryAcmeDevPayments']);
  });

  test('do not change when the construct is renamed, moved or the services are reordered', () => {
    // GIVEN the same registry under another id, in another scope, with the services reversed
    const before = synth({ services: [{ name: 'orders-api' }, { name: 'payments' }] }, 'Registry').template;
    const stack = newStack();
    const renamed = new EcrRegistry(new Construct(stack, 'Platform'), 'TeamPaymentsImages', {
      repositoryPrefix: 'acme-dev',
      services: [{ name: 'payments' }, { name: 'orders-api' }],
    });
    // WHEN both synthesize
    const after = Template.fromStack(Stack.of(renamed));
    // THEN the logical ids, and each resource, are identical
    expect(Object.keys(resources(after)).sort()).toEqual(Object.keys(resources(before)).sort());
    for (const id of Object.keys(resources(before))) {
      expect(resources(after)[id]).toEqual(resources(before)[id]);
    }
  });

  test('are unique between registries of different prefixes in one stack', () => {
    // GIVEN two teams' registries sharing a service name in one stack
    const stack = newStack();
    new EcrRegistry(stack, 'Payments', { repositoryPrefix: 'acme-dev/payments', services: [{ name: 'api' }] });
    new EcrRegistry(stack, 'Orders', { repositoryPrefix: 'acme-dev/orders', services: [{ name: 'api' }] });
    // THEN each has its own ids
    expect(Object.keys(resources(Template.fromStack(stack))).sort()).toEqual([
      'EcrKeyAcmeDevOrders', 'EcrKeyAcmeDevPayments', 'RepositoryAcmeDevOrdersApi', 'RepositoryAcmeDevPaymentsApi',
    ]);
  });
});

describe('lifecycle', () => {
  test('by default, untagged images expire after 14 days and the newest 50 v* releases are kept', () => {
    // GIVEN the defaults
    const { template } = synth();
    // THEN two rules, untagged first
    expect(lifecycleRules(template, 'RepositoryAcmeDevOrdersApi')).toEqual([
      {
        rulePriority: 1,
        description: 'Expire untagged images 14 days after their push',
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 14, countUnit: 'days' },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: 'Keep the newest 50 release images tagged v*',
        selection: { tagStatus: 'tagged', tagPrefixList: ['v'], countType: 'imageCountMoreThan', countNumber: 50 },
        action: { type: 'expire' },
      },
    ]);
  });

  test('the tier sizes the rules, with one rule per release tag prefix', () => {
    // WHEN a tier profile sets the numbers and two release prefixes
    const { template } = synth({ untaggedImageExpiryDays: 3, keepReleaseImages: 10, releaseTagPrefixes: ['v', 'release-'] });
    // THEN each prefix keeps its own newest 10
    const rules = lifecycleRules(template, 'RepositoryAcmeDevPayments');
    expect(rules.map((r) => [r.rulePriority, r.selection])).toEqual([
      [1, { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 3, countUnit: 'days' }],
      [2, { tagStatus: 'tagged', tagPrefixList: ['v'], countType: 'imageCountMoreThan', countNumber: 10 }],
      [3, { tagStatus: 'tagged', tagPrefixList: ['release-'], countType: 'imageCountMoreThan', countNumber: 10 }],
    ]);
  });
});

describe('repository policy', () => {
  test('denies every principal outside the account, except AWS services acting as themselves', () => {
    // GIVEN no pull principals
    const { template } = synth();
    // THEN only the deny statement
    expect(resources(template).RepositoryAcmeDevOrdersApi.Properties.RepositoryPolicyText).toEqual(DENY_OUTSIDE_ACCOUNT);
  });

  test('lets the pull principals pull, Tokens included, from every repository', () => {
    // GIVEN the node role ARN and a pod role of the same stack
    const stack = newStack();
    const podRole = new iam.Role(stack, 'PodRole', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
    new EcrRegistry(stack, 'Registry', {
      repositoryPrefix: 'acme-dev',
      services: [{ name: 'orders-api' }, { name: 'payments' }],
      pullPrincipalArns: [NODE_ROLE_ARN, podRole.roleArn],
    });
    // THEN every repository allows exactly the pull actions to both, before the deny
    const template = Template.fromStack(stack);
    for (const id of ['RepositoryAcmeDevOrdersApi', 'RepositoryAcmeDevPayments']) {
      const statements = resources(template)[id].Properties.RepositoryPolicyText.Statement;
      expect(statements.map((s: any) => s.Sid)).toEqual(['AllowPull', 'DenyOutsideAccount']);
      expect(statements[0]).toEqual({
        Sid: 'AllowPull',
        Effect: 'Allow',
        Principal: { AWS: [NODE_ROLE_ARN, { 'Fn::GetAtt': ['PodRole29A92600', 'Arn'] }] },
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      });
    }
  });

  test('an environment-agnostic stack denies by the deploying account', () => {
    // GIVEN a stack without env
    const stack = new Stack(new App(), 'Agnostic');
    new EcrRegistry(stack, 'Registry', { repositoryPrefix: 'acme-dev', services: [{ name: 'orders-api' }] });
    // THEN the condition refers to the account at deployment
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      RepositoryPolicyText: { Statement: [Match.objectLike({ Condition: Match.objectLike({ StringNotEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } }) })] },
    });
  });
});

describe('references for the platform', () => {
  test('repositoryUriFor and repositoryFor give each service its repository', () => {
    // GIVEN a registry
    const { stack, registry } = synth();
    // THEN the URI is the repository's own attribute
    expect(stack.resolve(registry.repositoryUriFor('orders-api'))).toEqual({ 'Fn::GetAtt': ['RepositoryAcmeDevOrdersApi', 'RepositoryUri'] });
    expect(stack.resolve(registry.repositoryFor('payments').repositoryName)).toEqual({ Ref: 'RepositoryAcmeDevPayments' });
    expect(registry.serviceNames).toEqual(['orders-api', 'payments']);
    expect(Object.keys(registry.repositories)).toEqual(['orders-api', 'payments']);
    expect(registry.repositoryPrefix).toBe('acme-dev');
  });

  test('the registry host is known with or without the stack', () => {
    // GIVEN a registry
    const { stack, registry } = synth();
    // THEN its host is the account's and region's
    expect(stack.resolve(registry.registryHost)).toEqual({ 'Fn::Join': ['', ['111111111111.dkr.ecr.eu-west-1.', { Ref: 'AWS::URLSuffix' }]] });
    // AND another app can compute it as a plain string
    expect(EcrRegistry.registryHostFor('111111111111', 'eu-west-1')).toBe('111111111111.dkr.ecr.eu-west-1.amazonaws.com');
    expect(EcrRegistry.registryHostFor('111111111111', 'cn-north-1', 'amazonaws.com.cn')).toBe('111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn');
  });

  test('an unknown service is refused with the known ones', () => {
    const { registry } = synth();
    expect(() => registry.repositoryUriFor('billing')).toThrow('EcrRegistry: no repository for service "billing" (expected one of orders-api, payments)');
  });
});

describe('validation', () => {
  test('every problem is reported at once', () => {
    // GIVEN props wrong in every way
    const stack = newStack();
    // THEN all problems are listed, one per line
    new EcrRegistry(stack, 'Bad', {
      repositoryPrefix: 'Acme_Dev/',
      services: [{ name: 'Orders' }, { name: 'team/api' }],
      untaggedImageExpiryDays: 0,
      keepReleaseImages: 2.5,
      releaseTagPrefixes: ['-v'],
      pullPrincipalArns: ['nodes', 'arn:aws:iam::222222222222:role/other'],
    });
    expect(synthProblems(() => Template.fromStack(stack))).toEqual(under('Test/Bad', [
      'EcrRegistry: repositoryPrefix "Acme_Dev/" is not an ECR repository namespace (expected lowercase path components separated by \'/\', each letters and digits separated by single \'.\', \'_\' or \'-\', like acme-dev)',
      'EcrRegistry: services[0].name "Orders" is not an ECR repository name component (expected lowercase letters and digits separated by single \'.\', \'_\' or \'-\', like orders-api)',
      'EcrRegistry: services[1].name "team/api" is not an ECR repository name component (expected lowercase letters and digits separated by single \'.\', \'_\' or \'-\', like orders-api)',
      'EcrRegistry: untaggedImageExpiryDays 0 is out of range (expected an integer of at least 1)',
      'EcrRegistry: keepReleaseImages 2.5 is out of range (expected an integer of at least 1)',
      'EcrRegistry: releaseTagPrefixes[0] "-v" is not an image tag prefix (expected up to 128 letters, digits, \'_\', \'.\' and \'-\', not starting with \'.\' or \'-\', like v)',
      'EcrRegistry: pullPrincipalArns[0] "nodes" is not an IAM principal ARN (expected like arn:aws:iam::111111111111:role/eks-nodes)',
      'EcrRegistry: pullPrincipalArns[1] "arn:aws:iam::222222222222:role/other" is in account 222222222222 (expected a principal of account 111111111111: the repository policy denies every other account)',
    ].join('\n')));
  });

  test('duplicate services and names mapping to one logical id are refused', () => {
    const stack = newStack();
    new EcrRegistry(stack, 'Dup', {
      repositoryPrefix: 'acme-dev',
      services: [{ name: 'orders-api' }, { name: 'orders_api' }, { name: 'orders-api' }],
    });
    expect(synthProblems(() => Template.fromStack(stack))).toEqual(under('Test/Dup', [
      'EcrRegistry: services[1].name "orders_api" and "orders-api" both map to the logical id RepositoryAcmeDevOrdersApi (expected names that differ in more than their separators)',
      'EcrRegistry: services[2].name "orders-api" is listed twice (expected unique service names)',
    ].join('\n')));
  });

  test('empty lists are refused', () => {
    const stack = newStack();
    new EcrRegistry(stack, 'Empty', { repositoryPrefix: 'acme-dev', services: [], releaseTagPrefixes: [] });
    expect(synthProblems(() => Template.fromStack(stack))).toEqual(under('Test/Empty', [
      'EcrRegistry: services is empty (expected at least one { name }, one repository each)',
      "EcrRegistry: releaseTagPrefixes is empty (expected at least one tag prefix marking release images, like 'v')",
    ].join('\n')));
  });

  test('a repository name longer than 256 characters is refused', () => {
    const stack = newStack();
    const name = 'a'.repeat(250);
    new EcrRegistry(stack, 'Long', { repositoryPrefix: 'acme-dev', services: [{ name }] });
    expect(synthProblems(() => Template.fromStack(stack))).toEqual(under('Test/Long', `EcrRegistry: services[0].name "${name}" makes the repository name 259 characters long (expected at most 256 with the prefix)`));
  });

  test('Tokens are refused where logical ids derive from the value', () => {
    const stack = newStack();
    const token = new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }).roleName;
    new EcrRegistry(stack, 'Tokens', { repositoryPrefix: token, services: [{ name: token }] });
    expect(synthProblems(() => Template.fromStack(stack))).toEqual(under('Test/Tokens', [
      'EcrRegistry: repositoryPrefix is a Token (expected a literal, like acme-dev: the logical ids of the repositories derive from it)',
      "EcrRegistry: services[0].name is a Token (expected a literal, like orders-api: the repository's logical id derives from it)",
    ].join('\n')));
  });

  test('a duplicated release tag prefix is refused', () => {
    const stack = newStack();
    new EcrRegistry(stack, 'Tags', { repositoryPrefix: 'acme-dev', services: [{ name: 'a1' }], releaseTagPrefixes: ['v', 'v'] });
    expect(synthProblems(() => Template.fromStack(stack))).toEqual(under('Test/Tags', 'EcrRegistry: releaseTagPrefixes[1] "v" is listed twice (expected unique prefixes)'));
  });
});

/** Synthesizes with the bundled CloudFormation validation engine on, as in `cdk synth`, and returns its findings. */
function validationErrors(build: (stack: Stack) => void): unknown[] {
  const report = cloudFormationValidationReport((app) => build(newStack(app)));
  return report.pluginReports.flatMap((r: any) => r.violations.map((v: any) => `${v.severity} ${v.ruleName}: ${v.description}`));
}

test('the CloudFormation validation engine finds nothing, not even a warning, in a registry with its settings', () => {
  // GIVEN a registry and the registry settings
  const errors = validationErrors((stack) => {
    new EcrRegistry(stack, 'Registry', { repositoryPrefix: 'acme-dev', services: [{ name: 'orders-api' }], pullPrincipalArns: [NODE_ROLE_ARN] });
    new EcrRegistrySettings(stack, 'Settings', { repositoryPrefixes: ['acme-dev'], replicationRegion: 'eu-central-1' });
  });
  // THEN the engine reports nothing
  expect(errors).toEqual([]);
  // AND it does run: a property outside the resource schema is reported
  const control = validationErrors((stack) => {
    const registry = new EcrRegistry(stack, 'Registry', { repositoryPrefix: 'acme-dev', services: [{ name: 'orders-api' }] });
    (registry.repositoryFor('orders-api').node.defaultChild as CfnResource).addPropertyOverride('NoSuchProperty', 'x');
  });
  expect(control).toEqual([expect.stringContaining("'NoSuchProperty' was unexpected")]);
});
