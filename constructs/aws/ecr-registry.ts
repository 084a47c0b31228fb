import { CfnResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { pascalCase, REPOSITORY_PATH } from './private/ecr-names';
import { Problems } from '../../core/problems';

/** One service of an {@link EcrRegistry}: it gets the repository `<repositoryPrefix>/<name>`. */
export interface EcrServiceRepository {
  /**
   * The service name, one path component of the repository name: lowercase letters and digits separated by single
   * `.`, `_` or `-`, like `orders-api`. It names the repository and its logical id, so changing it replaces the
   * repository.
   */
  readonly name: string;
}

/** Properties of an {@link EcrRegistry}. */
export interface EcrRegistryProps {
  /**
   * The namespace of the repositories, like `acme-dev` or `acme-dev/payments`: each repository is named
   * `<repositoryPrefix>/<service>`. Give the same prefix (or a parent of it) to {@link EcrRegistrySettings} so the
   * registry scans and replicates these repositories.
   */
  readonly repositoryPrefix: string;
  /** The services, one repository each. Their order plays no part in the template. */
  readonly services: EcrServiceRepository[];
  /**
   * The customer-managed KMS key encrypting the repositories. ECR fixes a repository's encryption at creation, and
   * CloudFormation cannot replace a repository with a fixed name: choose the key (or the default) for good, since
   * changing it later, either way, makes the update fail.
   * @default - a key created here (logical id `EcrKey<Prefix>`), with yearly rotation, retained on stack deletion
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Untagged images (superseded builds, layers of failed pushes) expire this many days after their push.
   * @default 14
   */
  readonly untaggedImageExpiryDays?: number;
  /**
   * How many release images to keep per release tag prefix; older ones expire.
   * @default 50
   */
  readonly keepReleaseImages?: number;
  /**
   * Tag prefixes that mark a release image, like `v` for `v1.4.2`. Each prefix gets its own rule keeping the newest
   * `keepReleaseImages` images with such a tag (ECR selects images carrying *all* prefixes of one rule, so they cannot
   * share a rule). Images with other tags (commit SHAs, branch builds) are never expired by this registry.
   * @default ['v']
   */
  readonly releaseTagPrefixes?: string[];
  /**
   * IAM principals allowed by the repository policy to pull from every repository, like the EKS node role and
   * pod-identity roles. They must be in the stack's account: the policy denies every other account. May be Tokens.
   * ECR refuses a policy naming a principal that does not exist yet.
   * @default - none: only identity policies in the account grant access
   */
  readonly pullPrincipalArns?: string[];
}

/** The name ECR accepts for one path component of a repository name. */
const NAME_COMPONENT = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** ECR's limit on a repository name. */
const MAX_REPOSITORY_NAME_LENGTH = 256;
/** The characters of a Docker image tag. */
const TAG_PREFIX = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

/**
 * The container repositories of a set of services: one ECR repository per service, named
 * `<repositoryPrefix>/<service>`, with immutable tags, scan on push, encryption with a customer-managed KMS key,
 * lifecycle rules and a repository policy that denies every principal outside the account. Repositories and the key
 * are retained when removed from the stack or when the stack is deleted; nothing deletes images on the way out
 * (no Lambda-backed custom resource).
 *
 * The registry-wide settings (enhanced scanning, cross-region replication, the template of the replicas) are
 * singletons of an account and region and live in {@link EcrRegistrySettings}, created once per account and region.
 * This split lets a platform create several registries in one account, for example one per team in its own stack
 * (a stack holds at most 500 resources).
 *
 * Logical ids derive from names only, never from the construct path or the order of `services`: the key is
 * `EcrKey<Prefix>` and each repository `Repository<Prefix><Service>`, in PascalCase of the repository name (so
 * `acme-dev/orders-api` is `RepositoryAcmeDevOrdersApi`). Renaming or moving this construct, or reordering the
 * services, leaves every repository in place.
 */
export class EcrRegistry extends Construct {
  /**
   * The registry host of an account and region, `<account>.dkr.ecr.<region>.<urlSuffix>`, as a plain string, without
   * building anything: for Kubernetes manifests synthesized in another app than the AWS stack. An image reference is
   * `<host>/<repositoryPrefix>/<service>:<tag>`.
   */
  public static registryHostFor(account: string, region: string, urlSuffix: string = 'amazonaws.com'): string {
    return `${account}.dkr.ecr.${region}.${urlSuffix}`;
  }

  /** The registry host (login server) of the stack's account and region. */
  public readonly registryHost: string;
  /** The namespace of the repositories. */
  public readonly repositoryPrefix: string;
  /** The key encrypting the repositories. */
  public readonly encryptionKey: kms.IKey;
  /** The repositories, by service name. */
  public readonly repositories: Readonly<Record<string, ecr.Repository>>;

  constructor(scope: Construct, id: string, props: EcrRegistryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const settings = {
      untaggedImageExpiryDays: props.untaggedImageExpiryDays ?? 14,
      keepReleaseImages: props.keepReleaseImages ?? 50,
      releaseTagPrefixes: props.releaseTagPrefixes ?? ['v'],
      pullPrincipalArns: props.pullPrincipalArns ?? [],
    };
    // Problems are reported at synth with every other broken construct of the app; until then only what is valid is
    // built, so a bad name never surfaces as an aws-cdk-lib error from inside a repository.
    const { problems, buildable } = validate(props, settings, stack.account);
    this.node.addValidation(problems);
    this.repositoryPrefix = props.repositoryPrefix;
    this.registryHost = EcrRegistry.registryHostFor(stack.account, stack.region, stack.urlSuffix);

    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
    } else {
      const key = new kms.Key(this, 'Key', {
        description: `Encrypts the ECR repositories under ${props.repositoryPrefix}/`,
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      if (buildable.length > 0) pinLogicalId(key, `EcrKey${pascalCase(props.repositoryPrefix)}`);
      this.encryptionKey = key;
    }

    const lifecycleRules: ecr.LifecycleRule[] = [
      {
        rulePriority: 1,
        description: `Expire untagged images ${settings.untaggedImageExpiryDays} days after their push`,
        tagStatus: ecr.TagStatus.UNTAGGED,
        maxImageAge: Duration.days(settings.untaggedImageExpiryDays),
      },
      ...settings.releaseTagPrefixes.map((prefix, index): ecr.LifecycleRule => ({
        rulePriority: index + 2,
        description: `Keep the newest ${settings.keepReleaseImages} release images tagged ${prefix}*`,
        tagStatus: ecr.TagStatus.TAGGED,
        tagPrefixList: [prefix],
        maxImageCount: settings.keepReleaseImages,
      })),
    ];

    const repositories: Record<string, ecr.Repository> = {};
    for (const name of buildable) {
      const repositoryName = `${props.repositoryPrefix}/${name}`;
      const repository = new ecr.Repository(this, name, {
        repositoryName,
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        // Ignored once the registry scans with enhanced scanning; scans anyway where EcrRegistrySettings is missing.
        imageScanOnPush: true,
        encryption: ecr.RepositoryEncryption.KMS,
        encryptionKey: this.encryptionKey,
        lifecycleRules,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      addRepositoryPolicy(repository, settings.pullPrincipalArns);
      pinLogicalId(repository, repositoryLogicalId(repositoryName));
      repositories[name] = repository;
    }
    this.repositories = repositories;
  }

  /** The names of the services, in the order given. */
  public get serviceNames(): string[] {
    return Object.keys(this.repositories);
  }

  /** The repository of a service. */
  public repositoryFor(service: string): ecr.Repository {
    const repository = this.repositories[service];
    if (!repository) {
      throw new Error(`EcrRegistry: no repository for service "${service}" (expected one of ${this.serviceNames.join(', ')})`);
    }
    return repository;
  }

  /** The URI of a service's repository, `<account>.dkr.ecr.<region>.<suffix>/<prefix>/<service>`, to build image references. */
  public repositoryUriFor(service: string): string {
    // The resource's own attribute reads better in templates than the URI the L2 assembles from its ARN.
    return (this.repositoryFor(service).node.defaultChild as ecr.CfnRepository).attrRepositoryUri;
  }
}

/**
 * Allows the pull principals, and denies everything to principals of other accounts. AWS services acting as
 * themselves (such as ECR's replication and Amazon Inspector's scanning) carry no principal account, so the deny
 * exempts them rather than break them; services acting for a caller carry the caller's account and stay covered.
 */
function addRepositoryPolicy(repository: ecr.Repository, pullPrincipalArns: string[]): void {
  if (pullPrincipalArns.length > 0) {
    repository.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowPull',
      principals: pullPrincipalArns.map((arn) => new iam.ArnPrincipal(arn)),
      actions: PULL_ACTIONS,
    }));
  }
  repository.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyOutsideAccount',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['ecr:*'],
    conditions: {
      StringNotEquals: { 'aws:PrincipalAccount': Stack.of(repository).account },
      BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
    },
  }));
}

function pinLogicalId(construct: Construct, logicalId: string): void {
  (construct.node.defaultChild as CfnResource).overrideLogicalId(logicalId);
}

function repositoryLogicalId(repositoryName: string): string {
  return `Repository${pascalCase(repositoryName)}`;
}

interface ResolvedSettings {
  readonly untaggedImageExpiryDays: number;
  readonly keepReleaseImages: number;
  readonly releaseTagPrefixes: string[];
  readonly pullPrincipalArns: string[];
}

/** The problems of the props, and the services whose repositories can be built (none while the prefix is bad). */
function validate(props: EcrRegistryProps, settings: ResolvedSettings, account: string): { problems: Problems; buildable: string[] } {
  const problems = new Problems('EcrRegistry');
  const buildable: string[] = [];
  const prefix = props.repositoryPrefix;
  let prefixOk = false;
  if (Token.isUnresolved(prefix)) {
    problems.push('repositoryPrefix is a Token (expected a literal, like acme-dev: the logical ids of the repositories derive from it)');
  } else if (!REPOSITORY_PATH.test(prefix)) {
    problems.push(`repositoryPrefix "${prefix}" is not an ECR repository namespace (expected lowercase path components separated by '/', each letters and digits separated by single '.', '_' or '-', like acme-dev)`);
  } else {
    prefixOk = true;
  }

  if (props.services.length === 0) {
    problems.push('services is empty (expected at least one { name }, one repository each)');
  }
  const seen = new Map<string, string>();
  props.services.forEach(({ name }, index) => {
    if (Token.isUnresolved(name)) {
      problems.push(`services[${index}].name is a Token (expected a literal, like orders-api: the repository's logical id derives from it)`);
      return;
    }
    if (!NAME_COMPONENT.test(name)) {
      problems.push(`services[${index}].name "${name}" is not an ECR repository name component (expected lowercase letters and digits separated by single '.', '_' or '-', like orders-api)`);
      return;
    }
    if (!prefixOk) return;
    const repositoryName = `${prefix}/${name}`;
    if (repositoryName.length > MAX_REPOSITORY_NAME_LENGTH) {
      problems.push(`services[${index}].name "${name}" makes the repository name ${repositoryName.length} characters long (expected at most ${MAX_REPOSITORY_NAME_LENGTH} with the prefix)`);
      return;
    }
    const logicalId = repositoryLogicalId(repositoryName);
    const earlier = seen.get(logicalId);
    if (earlier === name) {
      problems.push(`services[${index}].name "${name}" is listed twice (expected unique service names)`);
    } else if (earlier !== undefined) {
      problems.push(`services[${index}].name "${name}" and "${earlier}" both map to the logical id ${logicalId} (expected names that differ in more than their separators)`);
    } else {
      seen.set(logicalId, name);
      buildable.push(name);
    }
  });

  const days = settings.untaggedImageExpiryDays;
  if (!Token.isUnresolved(days) && !(Number.isInteger(days) && days >= 1)) {
    problems.push(`untaggedImageExpiryDays ${days} is out of range (expected an integer of at least 1)`);
  }
  const keep = settings.keepReleaseImages;
  if (!Token.isUnresolved(keep) && !(Number.isInteger(keep) && keep >= 1)) {
    problems.push(`keepReleaseImages ${keep} is out of range (expected an integer of at least 1)`);
  }
  if (settings.releaseTagPrefixes.length === 0) {
    problems.push("releaseTagPrefixes is empty (expected at least one tag prefix marking release images, like 'v')");
  }
  settings.releaseTagPrefixes.forEach((tagPrefix, index) => {
    if (Token.isUnresolved(tagPrefix)) return;
    if (!TAG_PREFIX.test(tagPrefix)) {
      problems.push(`releaseTagPrefixes[${index}] "${tagPrefix}" is not an image tag prefix (expected up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-', like v)`);
    } else if (settings.releaseTagPrefixes.indexOf(tagPrefix) !== index) {
      problems.push(`releaseTagPrefixes[${index}] "${tagPrefix}" is listed twice (expected unique prefixes)`);
    }
  });

  settings.pullPrincipalArns.forEach((arn, index) => {
    if (Token.isUnresolved(arn)) return;
    const match = /^arn:aws[a-z-]*:iam::(\d{12}):(?:role|user)\/.+$|^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(arn);
    if (!match) {
      problems.push(`pullPrincipalArns[${index}] "${arn}" is not an IAM principal ARN (expected like arn:aws:iam::111111111111:role/eks-nodes)`);
      return;
    }
    const principalAccount = match[1] ?? match[2];
    if (!Token.isUnresolved(account) && principalAccount !== account) {
      problems.push(`pullPrincipalArns[${index}] "${arn}" is in account ${principalAccount} (expected a principal of account ${account}: the repository policy denies every other account)`);
    }
  });

  return { problems, buildable };
}
