import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { EcrScanFrequency } from './ecr-scan-frequency';
import { pascalCase, REPOSITORY_PATH } from './private/ecr-names';
import { suppressNag } from './private/nag';
import { enumLikeProblem } from '../../core/enum-like';
import { Problems } from '../../core/problems';

/** Properties of an {@link EcrRegistrySettings}. */
export interface EcrRegistrySettingsProps {
  /**
   * The namespaces of the platform's repositories, like `acme-dev`: they cover every repository named
   * `<prefix>/...`, so they include the prefixes of all {@link EcrRegistry} instances of the account and region
   * (a registry prefixed `acme-dev/payments` is covered by `acme-dev`). Repositories outside them are neither scanned
   * nor replicated.
   */
  readonly repositoryPrefixes: string[];
  /**
   * How often Amazon Inspector scans the images of these repositories. `CONTINUOUS_SCAN` rescans when new
   * vulnerabilities are published; `SCAN_ON_PUSH` scans each image once, when pushed.
   * @default EcrScanFrequency.CONTINUOUS_SCAN
   */
  readonly scanFrequency?: EcrScanFrequency;
  /**
   * The disaster-recovery region that receives a copy of every image pushed to these repositories from now on.
   * Create an {@link EcrRegistrySettings} in that region too, before the first push: its repository creation
   * template is what makes the replicas immutable and KMS-encrypted.
   * @default - no replication
   */
  readonly replicationRegion?: string;
  /**
   * The customer-managed key of this region that encrypts the repositories ECR creates here for replicas. ECR fixes
   * a repository's encryption when it creates it: replicas created before the key was set keep the AWS-managed key.
   * @default - a key created here (logical id `EcrReplicaKey`), with yearly rotation, retained on stack deletion
   */
  readonly replicaEncryptionKey?: kms.IKey;
  /**
   * Untagged replica images (superseded builds) expire this many days after they arrive here.
   * @default 14
   */
  readonly replicaUntaggedImageExpiryDays?: number;
  /**
   * How many release images replicas keep per release tag prefix; older ones expire, as in the source registry.
   * @default 50
   */
  readonly replicaKeepReleaseImages?: number;
  /**
   * Tag prefixes that mark a release image (`v` for `v1.4.2`), one lifecycle rule each.
   * @default ['v']
   */
  readonly releaseTagPrefixes?: string[];
}

/** ECR's limit on the filters of one scanning or replication rule. */
const MAX_FILTERS = 100;

/**
 * The registry-wide ECR settings of one account and region, for the repositories under `repositoryPrefixes`:
 *
 * - enhanced scanning (Amazon Inspector, OS and language packages) of these repositories, continuous by default.
 *   Enhanced scanning is billed per image and replaces basic scanning for the whole registry: repositories outside
 *   the prefixes are no longer scanned at all;
 * - with `replicationRegion`, cross-region replication of these repositories to that region;
 * - a repository creation template per prefix, applied when ECR creates a repository for a replica in this region:
 *   immutable tags, encryption with a customer-managed key of this region (`replicaEncryptionKey`, created here by
 *   default), the same lifecycle rules as the source repositories (untagged images expire, a number of release
 *   images is kept) and a policy denying principals of other accounts. ECR creates the replica repositories with the
 *   template's role (`EcrReplicaTemplateRole`), which may create repositories under the prefixes and use the key.
 *   ECR reads the templates of the region where it creates the replica, so the DR region needs its own
 *   EcrRegistrySettings; the template in the source region is then ready for a failback.
 *
 * The scanning configuration and the replication configuration are singletons of the account and region: create
 * exactly one EcrRegistrySettings per account and region, and as many {@link EcrRegistry} as needed. A second
 * instance, or a hand-made configuration, overwrites the first. The logical ids are fixed
 * (`EcrRegistryScanningConfiguration`, `EcrReplicationConfiguration`, `EcrReplicaTemplate<Prefix>`), because a
 * singleton under a new logical id would be written anew and then cleared by the deletion of the old one.
 */
export class EcrRegistrySettings extends Construct {
  /** The registry's scanning configuration. */
  public readonly scanningConfiguration: ecr.CfnRegistryScanningConfiguration;
  /** The registry's replication configuration, when `replicationRegion` is given. */
  public readonly replicationConfiguration?: ecr.CfnReplicationConfiguration;
  /** The repository creation templates applied to replicas, by prefix. */
  public readonly replicaTemplates: Readonly<Record<string, ecr.CfnRepositoryCreationTemplate>>;
  /** The key encrypting the replica repositories created in this region. */
  public readonly replicaEncryptionKey: kms.IKey;
  /** The role ECR assumes to create replica repositories with the key. */
  public readonly replicaTemplateRole: iam.IRole;

  constructor(scope: Construct, id: string, props: EcrRegistrySettingsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const scanFrequency = props.scanFrequency ?? EcrScanFrequency.CONTINUOUS_SCAN;
    // Problems are reported at synth with every other broken construct of the app; until then only the valid
    // prefixes are built on, so a bad one never surfaces as a duplicate construct or an unresolvable logical id.
    const { problems, prefixes } = validate(props, scanFrequency, stack.region);
    const lifecycle = {
      untaggedImageExpiryDays: props.replicaUntaggedImageExpiryDays ?? 14,
      keepReleaseImages: props.replicaKeepReleaseImages ?? 50,
      releaseTagPrefixes: props.releaseTagPrefixes ?? ['v'],
    };
    lifecycleProblems(problems, lifecycle);
    this.node.addValidation(problems);

    this.scanningConfiguration = new ecr.CfnRegistryScanningConfiguration(this, 'ScanningConfiguration', {
      scanType: 'ENHANCED',
      rules: [{
        scanFrequency: scanFrequency.value,
        repositoryFilters: prefixes.map((prefix) => ({ filter: `${prefix}/*`, filterType: 'WILDCARD' })),
      }],
    });
    this.scanningConfiguration.overrideLogicalId('EcrRegistryScanningConfiguration');

    if (props.replicationRegion !== undefined) {
      this.replicationConfiguration = new ecr.CfnReplicationConfiguration(this, 'ReplicationConfiguration', {
        replicationConfiguration: {
          rules: [{
            destinations: [{ region: props.replicationRegion, registryId: stack.account }],
            // The trailing '/' keeps `acme-dev` from matching `acme-devtools/...`.
            repositoryFilters: prefixes.map((prefix) => ({ filter: `${prefix}/`, filterType: 'PREFIX_MATCH' })),
          }],
        },
      });
      this.replicationConfiguration.overrideLogicalId('EcrReplicationConfiguration');
    }

    const replicaPolicy = stack.toJsonString({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'DenyOutsideAccount',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'ecr:*',
        Condition: {
          StringNotEquals: { 'aws:PrincipalAccount': stack.account },
          BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
        },
      }],
    });
    if (props.replicaEncryptionKey) {
      this.replicaEncryptionKey = props.replicaEncryptionKey;
    } else {
      const key = new kms.Key(this, 'ReplicaKey', {
        description: `Encrypts the ECR replica repositories under ${prefixes.map((p) => `${p}/`).join(', ')} in this region`,
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      (key.node.defaultChild as kms.CfnKey).overrideLogicalId('EcrReplicaKey');
      this.replicaEncryptionKey = key;
    }
    // ECR needs a role of its own to create a repository encrypted with a customer-managed key (its service-linked
    // role can only create repositories). It may create repositories under the prefixes only, and use the key.
    const role = new iam.Role(this, 'ReplicaTemplateRole', {
      assumedBy: new iam.ServicePrincipal('ecr.amazonaws.com'),
      description: 'ECR creates replica repositories with it, encrypted with the replica key',
    });
    (role.node.defaultChild as iam.CfnRole).overrideLogicalId('EcrReplicaTemplateRole');
    if (prefixes.length > 0) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['ecr:CreateRepository', 'ecr:ReplicateImage', 'ecr:TagResource'],
        resources: prefixes.map((prefix) => stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: `${prefix}/*` })),
      }));
    }
    this.replicaEncryptionKey.grant(role, 'kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey');
    const rolePolicy = role.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
    if (rolePolicy instanceof iam.CfnPolicy) {
      rolePolicy.overrideLogicalId('EcrReplicaTemplateRolePolicy');
      suppressNag(rolePolicy, [
        // Without a valid prefix there is no wildcard to acknowledge (the problem is reported at synth instead).
        ...(prefixes.length === 0 ? [] : [{
          id: 'AwsSolutions-IAM5',
          reason: 'ECR names replica repositories after their source, so the role may create any repository under the platform prefixes and nothing outside them; the prefix wildcard is the narrowest resource that exists before the repository does.',
          appliesTo: prefixes.map((prefix) => `Resource::arn:<AWS::Partition>:ecr:${stack.region}:${stack.account}:repository/${prefix}/*`),
        }]),
        {
          id: 'NIST.800.53.R5-IAMNoInlinePolicy',
          reason: 'The policy lets ECR create replica repositories under the platform prefixes with the replica key only; inline keeps it bound to this one service role and deleted with it, so no other principal can attach it.',
        },
      ]);
    }
    this.replicaTemplateRole = role;
    const lifecyclePolicy = JSON.stringify({ rules: replicaLifecycleRules(lifecycle) });

    const replicaTemplates: Record<string, ecr.CfnRepositoryCreationTemplate> = {};
    for (const prefix of prefixes) {
      const logicalId = `EcrReplicaTemplate${pascalCase(prefix)}`;
      const template = new ecr.CfnRepositoryCreationTemplate(this, logicalId, {
        prefix,
        appliedFor: ['REPLICATION'],
        description: `Replicas under ${prefix}/: immutable tags, customer-managed KMS key, lifecycle rules, no access from other accounts`,
        imageTagMutability: 'IMMUTABLE',
        encryptionConfiguration: { encryptionType: 'KMS', kmsKey: this.replicaEncryptionKey.keyArn },
        customRoleArn: role.roleArn,
        lifecyclePolicy,
        repositoryPolicy: replicaPolicy,
      });
      // ECR checks the role and its key grants when the template is written.
      template.node.addDependency(role);
      template.overrideLogicalId(logicalId);
      replicaTemplates[prefix] = template;
    }
    this.replicaTemplates = replicaTemplates;
  }
}

/** The lifecycle rules of the replicas, in ECR's lifecycle policy format (the template takes the policy text). */
function replicaLifecycleRules(settings: { untaggedImageExpiryDays: number; keepReleaseImages: number; releaseTagPrefixes: string[] }): object[] {
  return [
    {
      rulePriority: 1,
      description: `Expire untagged images ${settings.untaggedImageExpiryDays} days after their push`,
      selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: settings.untaggedImageExpiryDays },
      action: { type: 'expire' },
    },
    ...settings.releaseTagPrefixes.map((prefix, index) => ({
      rulePriority: index + 2,
      description: `Keep the newest ${settings.keepReleaseImages} release images tagged ${prefix}*`,
      selection: { tagStatus: 'tagged', tagPrefixList: [prefix], countType: 'imageCountMoreThan', countNumber: settings.keepReleaseImages },
      action: { type: 'expire' },
    })),
  ];
}

function lifecycleProblems(
  problems: Problems,
  lifecycle: { untaggedImageExpiryDays: number; keepReleaseImages: number; releaseTagPrefixes: string[] },
): void {
  if (!Number.isInteger(lifecycle.untaggedImageExpiryDays) || lifecycle.untaggedImageExpiryDays < 1) {
    problems.invalid('replicaUntaggedImageExpiryDays', lifecycle.untaggedImageExpiryDays, 'is out of range', 'an integer of at least 1');
  }
  if (!Number.isInteger(lifecycle.keepReleaseImages) || lifecycle.keepReleaseImages < 1) {
    problems.invalid('replicaKeepReleaseImages', lifecycle.keepReleaseImages, 'is out of range', 'an integer of at least 1');
  }
  lifecycle.releaseTagPrefixes.forEach((prefix, i) => {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(prefix)) {
      problems.invalid(`releaseTagPrefixes[${i}]`, prefix, 'is not an image tag prefix', 'letters, digits, "_", "." or "-", like v');
    }
  });
}

/** The problems of the props, and the prefixes that can be built on. */
function validate(props: EcrRegistrySettingsProps, scanFrequency: EcrScanFrequency, stackRegion: string): { problems: Problems; prefixes: string[] } {
  const problems = new Problems('EcrRegistrySettings');
  const prefixes = props.repositoryPrefixes;
  if (prefixes.length === 0) {
    problems.push('repositoryPrefixes is empty (expected the namespaces of the platform\'s repositories, like acme-dev)');
  } else if (prefixes.length > MAX_FILTERS) {
    problems.push(`repositoryPrefixes has ${prefixes.length} entries (expected at most ${MAX_FILTERS}, ECR's limit of filters per rule)`);
  }
  const logicalIds = new Map<string, string>();
  prefixes.forEach((prefix, index) => {
    if (Token.isUnresolved(prefix)) {
      problems.push(`repositoryPrefixes[${index}] is a Token (expected a literal, like acme-dev: a logical id derives from it)`);
      return;
    }
    if (!REPOSITORY_PATH.test(prefix)) {
      problems.push(`repositoryPrefixes[${index}] "${prefix}" is not an ECR repository namespace (expected lowercase path components separated by '/', each letters and digits separated by single '.', '_' or '-', like acme-dev)`);
      return;
    }
    const logicalId = pascalCase(prefix);
    const earlier = logicalIds.get(logicalId);
    if (earlier === prefix) {
      problems.push(`repositoryPrefixes[${index}] "${prefix}" is listed twice (expected unique prefixes)`);
    } else if (earlier !== undefined) {
      problems.push(`repositoryPrefixes[${index}] "${prefix}" and "${earlier}" both map to the logical id EcrReplicaTemplate${logicalId} (expected prefixes that differ in more than their separators)`);
    } else {
      logicalIds.set(logicalId, prefix);
    }
  });
  const buildable = [...logicalIds.values()];
  problems.push(enumLikeProblem('scanFrequency', scanFrequency, {
    type: 'EcrScanFrequency', example: 'CONTINUOUS_SCAN', exampleValue: 'CONTINUOUS_SCAN', pattern: /^[A-Z][A-Z_]*[A-Z]$/, patternText: 'upper-case words joined by _', isUnresolved: Token.isUnresolved,
  }));
  const region = props.replicationRegion;
  if (region !== undefined && !Token.isUnresolved(region)) {
    if (!/^[a-z]{2}(?:-[a-z]+)+-\d$/.test(region)) {
      problems.push(`replicationRegion "${region}" is not an AWS region (expected like eu-central-1)`);
    } else if (!Token.isUnresolved(stackRegion) && region === stackRegion) {
      problems.push(`replicationRegion "${region}" is the stack's own region (expected another region, for disaster recovery)`);
    }
  }
  return { problems, prefixes: buildable };
}
