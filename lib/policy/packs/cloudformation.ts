import { PUBLIC_ENDPOINT_RECORD } from '../../../core/public-endpoint';
import type { Artifact } from '../../artifacts';
import { MANDATORY_TAG_KEYS } from '../../spec/tags';
import { cfnResources, eachCfnResource, refersTo, tagMap } from '../private/cloudformation';
import { expected, isRecord, missingKeys, recordedReason, show } from '../private/values';
import { cfnKeyRotation } from '../rules/encryption/key-rotation';
import { cfnNodeDisksCmk } from '../rules/encryption/node-disks';
import { cfnRegistryCmk } from '../rules/encryption/registries';
import { cfnGitHubTrustScoped } from '../rules/identity/ci-federation';
import { cfnImageVerifierIdentity } from '../rules/images/verifier-identity';
import { cfnNoAdminPortsFromInternet } from '../rules/network/admin-ports';
import { cfnAlertStandards } from '../rules/observability/cfn-alert-standards';
import { cfnAuditTrail } from '../rules/observability/cfn-audit-trail';
import type { Rule, RulePack, Violation } from '../types';

const EKS = 'AWS::EKS::Cluster';
const ECR = 'AWS::ECR::Repository';

/** The five EKS control-plane log types. */
const EKS_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** Types whose loss is unrecoverable: keys make data unreadable, logs are evidence, registries hold releases. */
const RETAINED_TYPES = ['AWS::KMS::Key', 'AWS::Logs::LogGroup', ECR, 'AWS::S3::Bucket'];
const RETAIN_POLICIES = ['Retain', 'RetainExceptOnCreate'];

/**
 * CloudFormation types that take `Tags`, so a resource of one of them without tags is a finding. A resource of any
 * other type that writes `Tags` is checked too. Launch templates are left out: their own tags sit in
 * `TagSpecifications`, and what they launch is tagged through `LaunchTemplateData`.
 */
export const AWS_TAGGABLE_TYPES: readonly string[] = [
  'AWS::CloudTrail::Trail',
  'AWS::CloudWatch::Alarm',
  'AWS::EC2::EIP',
  'AWS::EC2::FlowLog',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::NatGateway',
  'AWS::EC2::RouteTable',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::Subnet',
  'AWS::EC2::VPC',
  'AWS::EC2::VPCEndpoint',
  'AWS::ECR::Repository',
  'AWS::EKS::AccessEntry',
  'AWS::EKS::Addon',
  'AWS::EKS::Cluster',
  'AWS::EKS::Nodegroup',
  'AWS::EKS::PodIdentityAssociation',
  'AWS::IAM::OIDCProvider',
  'AWS::IAM::Role',
  'AWS::KMS::Key',
  'AWS::Lambda::Function',
  'AWS::Logs::LogGroup',
  'AWS::S3::Bucket',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
];

const cloudformation = { kind: 'cloudformation', clouds: ['aws'] } as const;

const eksPrivateApi: Rule = {
  ...cloudformation,
  id: 'CFN-EKS-PRIVATE-API',
  severity: 'error',
  controls: ['cluster-api-private'],
  description: 'EKS API endpoints are private only.',
  remediation: 'Set ResourcesVpcConfig.EndpointPrivateAccess = true and EndpointPublicAccess = false (EksCluster does this unless publicEndpoint is given).',
  check: (artifact) => eachCfnResource(artifact, [EKS], ({ properties, body }) => {
    const vpc = properties.ResourcesVpcConfig ?? {};
    const why = recordedReason(body.Metadata?.[PUBLIC_ENDPOINT_RECORD]?.reason);
    return [
      vpc.EndpointPrivateAccess !== true ? expected('ResourcesVpcConfig.EndpointPrivateAccess', vpc.EndpointPrivateAccess, 'true') : undefined,
      // EKS makes the endpoint public when the property is absent.
      vpc.EndpointPublicAccess !== false ? expected('ResourcesVpcConfig.EndpointPublicAccess', vpc.EndpointPublicAccess, 'false') + why : undefined,
    ];
  }),
};

const eksSecretsCmk: Rule = {
  ...cloudformation,
  id: 'CFN-EKS-SECRETS-CMK',
  severity: 'error',
  controls: ['secrets-encrypted-cmk'],
  description: 'EKS envelope-encrypts Kubernetes secrets with a customer-managed KMS key.',
  remediation: 'Add EncryptionConfig [{ Resources: ["secrets"], Provider: { KeyArn: <KMS key ARN> } }].',
  check: (artifact) => eachCfnResource(artifact, [EKS], ({ properties }) => {
    const configs: any[] = Array.isArray(properties.EncryptionConfig) ? properties.EncryptionConfig : [];
    const secrets = configs.find((c) => Array.isArray(c?.Resources) && c.Resources.includes('secrets') && c.Provider?.KeyArn);
    return [secrets ? undefined : `EncryptionConfig is ${show(properties.EncryptionConfig)} (expected secrets encrypted with a KMS key ARN)`];
  }),
};

const noStaticCredentials: Rule = {
  ...cloudformation,
  id: 'CFN-NO-STATIC-CREDENTIALS',
  severity: 'error',
  controls: ['no-static-credentials'],
  description: 'No IAM access keys are created, and EKS grants access through access entries (API mode), not the aws-auth ConfigMap.',
  remediation: 'Use EKS Pod Identity or IAM roles instead of access keys; set AccessConfig.AuthenticationMode = "API".',
  check: (artifact) => [
    ...eachCfnResource(artifact, ['AWS::IAM::AccessKey'], () => ['an IAM access key is a static credential (expected a role assumed through Pod Identity or federation)']),
    ...eachCfnResource(artifact, [EKS], ({ properties }) => {
      const mode = properties.AccessConfig?.AuthenticationMode;
      return [mode !== 'API' ? expected('AccessConfig.AuthenticationMode', mode, '"API"') : undefined];
    }),
  ],
};

const nodesNoPublicIp: Rule = {
  ...cloudformation,
  id: 'CFN-EKS-NODES-NO-PUBLIC-IP',
  severity: 'error',
  controls: ['nodes-no-public-ip'],
  description: 'EKS node groups run in subnets that assign no public IP, and their launch templates request none.',
  remediation: 'Place node groups in private subnets (MapPublicIpOnLaunch unset or false) and do not set AssociatePublicIpAddress in their launch templates.',
  check: (artifact) => {
    const publicSubnets = cfnResources(artifact.document, 'AWS::EC2::Subnet').filter((s) => s.properties.MapPublicIpOnLaunch === true);
    return [
      ...eachCfnResource(artifact, ['AWS::EKS::Nodegroup'], ({ properties }) => {
        const subnets: unknown[] = Array.isArray(properties.Subnets) ? properties.Subnets : [];
        return publicSubnets
          .filter((s) => subnets.some((ref) => refersTo(ref, s.logicalId)))
          .map((s) => `Subnets include ${s.logicalId}, which has MapPublicIpOnLaunch true (expected private subnets only)`);
      }),
      ...eachCfnResource(artifact, ['AWS::EC2::LaunchTemplate'], ({ properties }) => {
        const declared = properties.LaunchTemplateData?.NetworkInterfaces;
        const interfaces: any[] = Array.isArray(declared) ? declared : [];
        return [interfaces.some((i) => i?.AssociatePublicIpAddress === true)
          ? expected('LaunchTemplateData.NetworkInterfaces[].AssociatePublicIpAddress', true, 'false or unset') : undefined];
      }),
    ];
  },
};

const ecrPrivate: Rule = {
  ...cloudformation,
  id: 'CFN-ECR-PRIVATE',
  severity: 'error',
  controls: ['registry-private'],
  description: 'No ECR repository policy allows everyone ("*") without a condition.',
  remediation: 'Name the accounts or roles allowed to pull, or add a condition (e.g. aws:PrincipalOrgID) to the statement.',
  check: (artifact) => eachCfnResource(artifact, [ECR], ({ properties }) => {
    const statements = properties.RepositoryPolicyText?.Statement;
    const list: any[] = Array.isArray(statements) ? statements : statements ? [statements] : [];
    const open = list.filter((s) => s?.Effect === 'Allow' && !s.Condition && isEveryone(s.Principal));
    return open.map((s) => `RepositoryPolicyText allows ${show(s.Action)} to principal "*" without a condition (expected named principals or an aws:PrincipalOrgID condition)`);
  }),
};

const ecrImmutableTags: Rule = {
  ...cloudformation,
  id: 'CFN-ECR-IMMUTABLE-TAGS',
  severity: 'error',
  controls: ['registry-tags-immutable'],
  description: 'ECR repositories, and the creation templates of replicated repositories, have immutable tags.',
  remediation: 'Set ImageTagMutability = "IMMUTABLE".',
  check: (artifact) => eachCfnResource(artifact, [ECR, 'AWS::ECR::RepositoryCreationTemplate'], ({ properties }) => [
    // The default is MUTABLE, and exclusions make some tags mutable again.
    properties.ImageTagMutability !== 'IMMUTABLE' ? expected('ImageTagMutability', properties.ImageTagMutability, '"IMMUTABLE"') : undefined,
  ]),
};

const ecrScanOnPush: Rule = {
  ...cloudformation,
  id: 'CFN-ECR-SCAN-ON-PUSH',
  severity: 'error',
  controls: ['registry-scan-on-push'],
  description: 'Every ECR repository is scanned on push: by its own ImageScanningConfiguration or by a registry scanning rule of the same stack that matches it.',
  remediation: 'Set ImageScanningConfiguration.ScanOnPush = true, or cover the repository with an AWS::ECR::RegistryScanningConfiguration rule (EcrRegistrySettings) whose filter matches its name.',
  check: (artifact) => {
    const registryFilters = cfnResources(artifact.document, 'AWS::ECR::RegistryScanningConfiguration')
      .flatMap((c) => (Array.isArray(c.properties.Rules) ? c.properties.Rules : []))
      .filter((r: any) => ['SCAN_ON_PUSH', 'CONTINUOUS_SCAN'].includes(r?.ScanFrequency))
      .flatMap((r: any) => (Array.isArray(r.RepositoryFilters) ? r.RepositoryFilters : []))
      .filter((f: any) => f?.FilterType === 'WILDCARD' && typeof f.Filter === 'string')
      .map((f: any) => wildcard(f.Filter));
    return eachCfnResource(artifact, [ECR], ({ properties }) => {
      if (properties.ImageScanningConfiguration?.ScanOnPush === true) return [];
      const name = properties.RepositoryName;
      const covered = registryFilters.some((filter) => (typeof name === 'string' ? filter.test(name) : filter.source === '^.*$'));
      return [covered ? undefined : `ImageScanningConfiguration.ScanOnPush is ${show(properties.ImageScanningConfiguration?.ScanOnPush)} and no registry scanning rule of the stack matches ${show(name)} (expected one of them)`];
    });
  },
};

const vpcFlowLogs: Rule = {
  ...cloudformation,
  id: 'CFN-VPC-FLOW-LOGS',
  severity: 'error',
  controls: ['flow-logs-on'],
  description: 'Every VPC has a flow log of all traffic.',
  remediation: 'Add an AWS::EC2::FlowLog with ResourceType VPC, ResourceId = the VPC and TrafficType ALL (AwsNetwork does this).',
  check: (artifact) => {
    const flowLogs = cfnResources(artifact.document, 'AWS::EC2::FlowLog').filter((f) => f.properties.ResourceType === 'VPC' && f.properties.TrafficType === 'ALL');
    return eachCfnResource(artifact, ['AWS::EC2::VPC'], (vpc) => [
      flowLogs.some((f) => refersTo(f.properties.ResourceId, vpc.logicalId))
        ? undefined : 'no AWS::EC2::FlowLog of TrafficType ALL refers to this VPC (expected one with ResourceType VPC)',
    ]);
  },
};

const eksControlPlaneLogs: Rule = {
  ...cloudformation,
  id: 'CFN-EKS-CONTROL-PLANE-LOGS',
  severity: 'error',
  controls: ['diagnostics-on'],
  description: `EKS exports all five control-plane log types (${EKS_LOG_TYPES.join(', ')}).`,
  remediation: 'Set Logging.ClusterLogging.EnabledTypes to all five types.',
  check: (artifact) => eachCfnResource(artifact, [EKS], ({ properties }) => {
    const enabled: unknown[] = (properties.Logging?.ClusterLogging?.EnabledTypes ?? []).map((t: any) => t?.Type);
    const missing = EKS_LOG_TYPES.filter((t) => !enabled.includes(t));
    return [missing.length > 0 ? `Logging.ClusterLogging.EnabledTypes lack ${missing.join(', ')} (expected all of ${EKS_LOG_TYPES.join(', ')})` : undefined];
  }),
};

const retainStateful: Rule = {
  ...cloudformation,
  id: 'CFN-DELETION-PROTECTION',
  severity: 'error',
  controls: ['deletion-protection'],
  description: 'KMS keys, log groups, ECR repositories and buckets are retained when removed from the stack or replaced; EKS clusters have deletion protection.',
  remediation: 'Use RemovalPolicy.RETAIN (DeletionPolicy and UpdateReplacePolicy Retain) and set DeletionProtection = true on EKS clusters.',
  check: (artifact) => [
    ...eachCfnResource(artifact, RETAINED_TYPES, ({ body }) => [
      !RETAIN_POLICIES.includes(body.DeletionPolicy) ? expected('DeletionPolicy', body.DeletionPolicy, '"Retain"') : undefined,
      body.UpdateReplacePolicy !== 'Retain' ? expected('UpdateReplacePolicy', body.UpdateReplacePolicy, '"Retain"') : undefined,
    ]),
    ...eachCfnResource(artifact, [EKS], ({ properties }) => [
      properties.DeletionProtection !== true ? expected('DeletionProtection', properties.DeletionProtection, 'true') : undefined,
    ]),
  ],
};

const mandatoryTags: Rule = {
  ...cloudformation,
  id: 'CFN-MANDATORY-TAGS',
  severity: 'error',
  controls: ['mandatory-tags'],
  description: `Every taggable AWS resource carries the mandatory tags (${MANDATORY_TAG_KEYS.join(', ')}).`,
  remediation: 'Apply the MandatoryTags aspect to the stack (the platform does), or tag the resource.',
  check: (artifact) => cfnResources(artifact.document)
    .filter((r) => r.properties.Tags !== undefined || AWS_TAGGABLE_TYPES.includes(r.type))
    .flatMap((r) => {
      const missing = missingKeys(tagMap(r.properties.Tags), MANDATORY_TAG_KEYS);
      return missing.length === 0 ? [] : [{ resource: r.logicalId, message: `Tags lack ${missing.join(', ')}` }];
    }),
};

/** Thresholds every environment's budget alerts at, in percent of the monthly amount. */
const BUDGET_ALERT_PERCENTS = [80, 100];

const budgetAlerts: Rule = {
  ...cloudformation,
  id: 'CFN-BUDGET-ALERTS',
  severity: 'error',
  controls: ['budget-alert-set'],
  description: `Every environment stack has a monthly cost budget with ACTUAL alerts above ${BUDGET_ALERT_PERCENTS.join(' % and ')} %, each with a subscriber.`,
  remediation: 'Add an AWS::Budgets::Budget with BudgetType COST, TimeUnit MONTHLY and GREATER_THAN / PERCENTAGE notifications of type ACTUAL at 80 and 100 with email subscribers (AwsBudget does this).',
  check: (artifact) => {
    if (!isEnvironmentStack(artifact)) return [];
    const budgets = cfnResources(artifact.document, 'AWS::Budgets::Budget').map((b) => ({ budget: b, problems: budgetProblems(b.properties) }));
    if (budgets.some((b) => b.problems.length === 0)) return [];
    if (budgets.length === 0) {
      return [{ resource: artifact.name, message: 'the environment stack has no AWS::Budgets::Budget (expected a monthly COST budget alerting at 80 % and 100 %)' }];
    }
    return budgets.flatMap((b) => b.problems.map((message) => ({ resource: b.budget.logicalId, message })));
  },
};

/**
 * The AWS Config managed rules that enforce the baseline's controls in the account, by the control they enforce.
 * Stated here independently of the construct that creates them, so dropping one from the construct is caught.
 */
export const AWS_CONFIG_GUARDRAIL_RULES: Readonly<Record<string, readonly string[]>> = {
  'cluster-api-private': ['EKS_ENDPOINT_NO_PUBLIC_ACCESS'],
  'secrets-encrypted-cmk': ['EKS_SECRETS_ENCRYPTED'],
  'diagnostics-on': ['EKS_CLUSTER_LOG_ENABLED'],
  'registry-scan-on-push': ['ECR_PRIVATE_IMAGE_SCANNING_ENABLED'],
  'registry-tags-immutable': ['ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED'],
  'flow-logs-on': ['VPC_FLOW_LOGS_ENABLED'],
  'nodes-no-public-ip': ['EC2_INSTANCE_NO_PUBLIC_IP', 'SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED'],
  'deletion-protection': ['KMS_CMK_NOT_SCHEDULED_FOR_DELETION'],
  'no-static-credentials': ['IAM_ROOT_ACCESS_KEY_CHECK'],
  'mandatory-tags': ['REQUIRED_TAGS'],
};

const configGuardrails: Rule = {
  ...cloudformation,
  id: 'CFN-CONFIG-GUARDRAILS',
  severity: 'error',
  controls: ['cloud-guardrails-enforced'],
  description: 'Every environment stack has the AWS Config managed rules that enforce the baseline controls on the live resources, REQUIRED_TAGS naming every mandatory tag key.',
  remediation: `Add AWS::Config::ConfigRule resources with Source.Owner AWS for ${[...new Set(Object.values(AWS_CONFIG_GUARDRAIL_RULES).flat())].join(', ')} (AwsConfigGuardrails does this, with a recorder unless the organization records already).`,
  check: (artifact) => {
    if (!isEnvironmentStack(artifact)) return [];
    const rules = cfnResources(artifact.document, 'AWS::Config::ConfigRule').filter((r) => r.properties.Source?.Owner === 'AWS');
    const violations: Violation[] = [];
    for (const [control, identifiers] of Object.entries(AWS_CONFIG_GUARDRAIL_RULES)) {
      for (const identifier of identifiers.filter((id) => !rules.some((r) => r.properties.Source?.SourceIdentifier === id))) {
        violations.push({ resource: artifact.name, message: `no AWS Config rule ${identifier} (expected an AWS::Config::ConfigRule with Source.Owner AWS and SourceIdentifier ${identifier}, enforcing ${control})` });
      }
    }
    const tagRules = rules.filter((r) => r.properties.Source?.SourceIdentifier === 'REQUIRED_TAGS');
    const tagRuleKeys = tagRules.map((r) => ({ rule: r, keys: requiredTagKeys(r.properties.InputParameters) }));
    if (tagRules.length > 0 && !tagRuleKeys.some((t) => missingFrom(t.keys).length === 0)) {
      for (const t of tagRuleKeys) {
        violations.push({ resource: t.rule.logicalId, message: `REQUIRED_TAGS InputParameters lack ${missingFrom(t.keys).join(', ')} (expected tag1Key to tag6Key naming every mandatory tag: ${MANDATORY_TAG_KEYS.join(', ')})` });
      }
    }
    return violations;
  },
};

/** The AWS side of the controls, over CloudFormation templates; cdk-nag packs add their own findings. */
export const cloudFormationPack: RulePack = {
  name: 'cloudformation',
  description: 'EKS, ECR, VPC, KMS, logs, tags, budgets and AWS Config guardrails of the AWS CloudFormation stacks.',
  rules: [
    eksPrivateApi,
    eksSecretsCmk,
    noStaticCredentials,
    nodesNoPublicIp,
    ecrPrivate,
    ecrImmutableTags,
    ecrScanOnPush,
    vpcFlowLogs,
    eksControlPlaneLogs,
    retainStateful,
    mandatoryTags,
    budgetAlerts,
    configGuardrails,
    cfnNoAdminPortsFromInternet,
    cfnKeyRotation,
    cfnNodeDisksCmk,
    cfnGitHubTrustScoped,
    cfnAuditTrail,
    cfnAlertStandards,
    cfnRegistryCmk,
    cfnImageVerifierIdentity,
  ],
};

function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isRecord(principal)) return false;
  const aws = principal.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

/** An ECR WILDCARD filter (`acme-prod/*`) as an anchored regular expression. */
function wildcard(filter: string): RegExp {
  return new RegExp(`^${filter.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
}

/**
 * Whether the artifact is an environment's own stack, `<org>-<env>`, rather than one of its team stacks
 * (`<org>-<env>-team-<team>`) or its DR stack (`<org>-<env>-dr`).
 */
function isEnvironmentStack(artifact: Artifact): boolean {
  return artifact.name.endsWith(`-${artifact.environment}`) && !artifact.name.includes(`-${artifact.environment}-team-`);
}

/** What keeps a budget from being the environment's monthly budget with the baseline's alerts; empty when it is. */
function budgetProblems(properties: Record<string, any>): string[] {
  const budget = isRecord(properties.Budget) ? properties.Budget : {};
  const notifications: any[] = Array.isArray(properties.NotificationsWithSubscribers) ? properties.NotificationsWithSubscribers : [];
  const alertsAt = (percent: number) => notifications.some((n) => {
    const notification = n?.Notification ?? {};
    return notification.NotificationType === 'ACTUAL'
      && notification.ComparisonOperator === 'GREATER_THAN'
      && Number(notification.Threshold) === percent
      && (notification.ThresholdType ?? 'PERCENTAGE') === 'PERCENTAGE'
      && Array.isArray(n.Subscribers) && n.Subscribers.length > 0;
  });
  return [
    budget.BudgetType !== 'COST' ? expected('Budget.BudgetType', budget.BudgetType, '"COST"') : undefined,
    budget.TimeUnit !== 'MONTHLY' ? expected('Budget.TimeUnit', budget.TimeUnit, '"MONTHLY"') : undefined,
    ...BUDGET_ALERT_PERCENTS.map((percent) => (alertsAt(percent) ? undefined
      : `NotificationsWithSubscribers has no ACTUAL GREATER_THAN ${percent} PERCENTAGE alert with a subscriber (expected one)`)),
  ].filter((p): p is string => p !== undefined);
}

/** The tag keys of a REQUIRED_TAGS rule (`tag1Key` to `tag6Key`), whether InputParameters is an object or JSON. */
function requiredTagKeys(parameters: unknown): unknown[] {
  let object: unknown = parameters;
  if (typeof parameters === 'string') {
    try {
      object = JSON.parse(parameters);
    } catch {
      return [];
    }
  }
  return isRecord(object) ? Object.entries(object).filter(([key]) => /^tag[1-6]Key$/.test(key)).map(([, value]) => value) : [];
}

function missingFrom(keys: readonly unknown[]): string[] {
  return MANDATORY_TAG_KEYS.filter((key) => !keys.includes(key));
}
