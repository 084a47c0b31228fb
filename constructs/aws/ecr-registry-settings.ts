import { Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { pascalCase, REPOSITORY_PATH } from './private/ecr-names';
import { Problems } from '../../core/problems';

/** How often enhanced scanning scans an image. */
export type EcrScanFrequency = 'CONTINUOUS_SCAN' | 'SCAN_ON_PUSH';

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
   * @default 'CONTINUOUS_SCAN'
   */
  readonly scanFrequency?: EcrScanFrequency;
  /**
   * The disaster-recovery region that receives a copy of every image pushed to these repositories from now on.
   * Create an {@link EcrRegistrySettings} in that region too, before the first push: its repository creation
   * template is what makes the replicas immutable and KMS-encrypted.
   * @default - no replication
   */
  readonly replicationRegion?: string;
}

const SCAN_FREQUENCIES: readonly EcrScanFrequency[] = ['CONTINUOUS_SCAN', 'SCAN_ON_PUSH'];
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
 *   immutable tags, KMS encryption with the AWS-managed `aws/ecr` key of the region (a customer-managed key of the
 *   destination region would need a stack there that owns it) and a policy denying principals of other accounts.
 *   ECR reads the templates of the region where it creates the replica, so the DR region needs its own
 *   EcrRegistrySettings; the template in the source region is then ready for a failback. Replicas get no lifecycle
 *   policy: they keep every replicated image.
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

  constructor(scope: Construct, id: string, props: EcrRegistrySettingsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const scanFrequency = props.scanFrequency ?? 'CONTINUOUS_SCAN';
    // Problems are reported at synth with every other broken construct of the app; until then only the valid
    // prefixes are built on, so a bad one never surfaces as a duplicate construct or an unresolvable logical id.
    const { problems, prefixes } = validate(props, scanFrequency, stack.region);
    this.node.addValidation(problems);

    this.scanningConfiguration = new ecr.CfnRegistryScanningConfiguration(this, 'ScanningConfiguration', {
      scanType: 'ENHANCED',
      rules: [{
        scanFrequency,
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
    const replicaTemplates: Record<string, ecr.CfnRepositoryCreationTemplate> = {};
    for (const prefix of prefixes) {
      const logicalId = `EcrReplicaTemplate${pascalCase(prefix)}`;
      const template = new ecr.CfnRepositoryCreationTemplate(this, logicalId, {
        prefix,
        appliedFor: ['REPLICATION'],
        description: `Replicas under ${prefix}/: immutable tags, KMS encryption, no access from other accounts`,
        imageTagMutability: 'IMMUTABLE',
        // No key given: ECR uses the AWS-managed aws/ecr key of this region, which needs no custom role.
        encryptionConfiguration: { encryptionType: 'KMS' },
        repositoryPolicy: replicaPolicy,
      });
      template.overrideLogicalId(logicalId);
      replicaTemplates[prefix] = template;
    }
    this.replicaTemplates = replicaTemplates;
  }
}

/** The problems of the props, and the prefixes that can be built on. */
function validate(props: EcrRegistrySettingsProps, scanFrequency: string, stackRegion: string): { problems: Problems; prefixes: string[] } {
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
  if (!Token.isUnresolved(scanFrequency) && !(SCAN_FREQUENCIES as readonly string[]).includes(scanFrequency)) {
    problems.push(`scanFrequency "${scanFrequency}" is not an enhanced scanning frequency (expected one of ${SCAN_FREQUENCIES.join(', ')})`);
  }
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
