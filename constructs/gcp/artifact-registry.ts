import { createHash } from 'crypto';
import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Op, Token } from 'cdktf';
import { Construct } from 'constructs';
import { createServiceAgentKey, serviceAgentMember } from './private/kms';
import { GCP_NAME_MAX_LENGTH, GCP_NAME_PATTERN, gcpResourceName } from './private/names';
import { checkPlacement, GCP_REGION_PATTERN, isKnown } from './private/placement';
import { artifactRegistryImageHost, MULTI_REGIONS, sharedMultiRegion } from './private/registry-location';
import { Problems } from '../../core/problems';

/** The Docker repository of one team. */
export interface GcpTeamRepository {
  /**
   * Team name, used as the repository id: lowercase letters, digits and hyphens, starting with a letter and ending
   * with a letter or digit, at most 63 characters. It also names the repository's Terraform address, so it must be a
   * literal, and renaming a team replaces its repository (which `prevent_destroy` refuses).
   */
  readonly name: string;

  /**
   * The team's services. Each one's images are pushed to `<imageHost>/<project>/<team>/<service>`.
   * Listed so that {@link GcpArtifactRegistry.imageRepository} can build image references; a service is in one
   * repository only.
   *
   * @default - none
   */
  readonly services?: string[];

  /**
   * IAM members granted `roles/artifactregistry.writer` on this repository only, e.g. the team's CI service account
   * (`serviceAccount:<email>`). May be Tokens.
   *
   * @default - none
   */
  readonly writerMembers?: string[];

  /**
   * Labels of this team's repository, on top of the provider's default labels (a key here wins): e.g. the team's own
   * `cost-center`, so billing attributes the repository's storage to the team.
   *
   * @default - the provider's default labels only
   */
  readonly labels?: Record<string, string>;
}

/** Properties of a {@link GcpArtifactRegistry}. */
export interface GcpArtifactRegistryProps {
  /** Name prefix derived by the caller from org and environment, e.g. "acme-dev". Names the KMS key ring. */
  readonly namePrefix: string;

  /** GCP project id (not domain-scoped): it is part of every image reference. */
  readonly project: string;

  /** GCP region of the environment, e.g. "europe-west1". The repositories live there unless `drRegion` is given. */
  readonly region: string;

  /**
   * Disaster-recovery region, e.g. "europe-west4". Artifact Registry has no cross-region replica, so the
   * repositories (and their KMS key) are placed in the multi-region (`asia`, `europe` or `us`) that holds both
   * regions, which Google replicates; the image host then becomes `<multi-region>-docker.pkg.dev`. Google picks the
   * data centres within the multi-region (for `europe`: EU member states). Changing this later would move every
   * repository, which `prevent_destroy` refuses: choose it before the first images are pushed.
   *
   * @default - repositories in `region` only
   */
  readonly drRegion?: string;

  /** One Docker repository per team. Reordering the list changes nothing. */
  readonly repositories: GcpTeamRepository[];

  /**
   * IAM members granted `roles/artifactregistry.reader` on every repository, e.g. the GKE node service account
   * (`serviceAccount:<email>`). May be Tokens. `allUsers` and `allAuthenticatedUsers` are refused: images stay private.
   *
   * A literal member's binding is addressed by a hash of the member, so reordering changes nothing; a Token's is
   * addressed by its position among the Tokens of the list, so keep Tokens in a stable order.
   *
   * @default - none
   */
  readonly readerMembers?: string[];

  /**
   * Untagged image versions older than this are deleted, in days (1 to 365). Tagged images are never deleted by
   * the cleanup policies: tags are immutable, and a tag is what a deployment or rollback refers to.
   *
   * @default 30
   */
  readonly untaggedImageExpiryDays?: number;

  /**
   * The most recent versions of each image that are always kept, whatever the other policies say (1 to 1000).
   *
   * @default 100
   */
  readonly keepReleaseImages?: number;
}

const DEFAULT_UNTAGGED_IMAGE_EXPIRY_DAYS = 30;
const DEFAULT_KEEP_RELEASE_IMAGES = 100;
const MAX_UNTAGGED_IMAGE_EXPIRY_DAYS = 365;
const MAX_KEEP_RELEASE_IMAGES = 1000;
const SECONDS_PER_DAY = 86400;

/** Artifact Registry's multi-regions, each with the prefix of the region names it spans. */

/** A path component of a Docker image name. */
const IMAGE_NAME_PATTERN = /^[a-z0-9]+([._-][a-z0-9]+)*$/;
const MEMBER_PATTERN = /^(user|serviceAccount|group|domain|principal|principalSet):\S+$/;
const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'];
const MEMBER_HASH_LENGTH = 8;

/** Every Terraform address of this construct starts with it. */
const ADDRESS_PREFIX = 'artifact_registry';

/**
 * Docker repositories in Google Artifact Registry, one per team, for one environment's project.
 *
 * Each service's images live in its team's repository, `<imageHost>/<project>/<team>/<service>`: a repository per
 * team rather than per service keeps the Terraform state small for organizations with many services, and lets a
 * team's CI be granted writer on its own repository only. It creates:
 * - the Artifact Registry and Container Scanning APIs (left enabled on `terraform destroy`);
 * - a KMS key ring and key (rotated every 90 days, protected from `terraform destroy`) in the repositories'
 *   location, and the Artifact Registry service agent's `roles/cloudkms.cryptoKeyEncrypterDecrypter` on it;
 * - per team, a Docker repository encrypted with the key (CMEK), with immutable tags, vulnerability scanning,
 *   cleanup policies (untagged versions expire, the most recent versions are kept) and `prevent_destroy`;
 * - per repository, `roles/artifactregistry.reader` for each reader member and `roles/artifactregistry.writer` for
 *   each of the team's writer members, as `_iam_member` bindings that leave grants made elsewhere alone.
 *
 * Every Terraform address is derived from a fixed name or from a team name (`artifact_registry_<team>`), never
 * from the construct's path or the order of the lists, so moving or renaming the construct and reordering teams
 * replace nothing. Hence one `GcpArtifactRegistry` per Terraform stack.
 *
 * There is no single primary resource, so no child is named `Resource`.
 *
 * Bootstrap: Google creates the Artifact Registry service agent with the project's first repository, and the
 * key binding (needed before that repository can use the key) fails while the agent does not exist. In a project
 * that never had a repository, create the agent once before the first apply:
 * `gcloud beta services identity create --service=artifactregistry.googleapis.com --project=<project>`
 * (the GA provider has no `google_project_service_identity`).
 */
export class GcpArtifactRegistry extends Construct {
  /**
   * The image host a registry with these placement props will have, as a plain string, without building it: for
   * Kubernetes manifests synthesized in another app than the Terraform stack.
   */
  public static imageHostFor(region: string, drRegion?: string): string {
    return artifactRegistryImageHost(region, drRegion);
  }

  /** Where the repositories live: the region, or the multi-region when `drRegion` is given. */
  public readonly location: string;

  /** Host of every image reference, e.g. `europe-west1-docker.pkg.dev`. A plain string. */
  public readonly imageHost: string;

  /** The repositories, by team name. */
  public readonly repositories: Readonly<Record<string, ArtifactRegistryRepository>>;

  /** Image repository of each service, e.g. `{ api: 'europe-west1-docker.pkg.dev/acme-dev-1234/payments/api' }`. */
  public readonly imageRepositories: Readonly<Record<string, string>>;

  /** The key ring holding {@link key}. */
  public readonly keyRing: KmsKeyRing;

  /** The KMS key that encrypts every repository. */
  public readonly key: KmsCryptoKey;

  private readonly project: string;

  constructor(scope: Construct, id: string, props: GcpArtifactRegistryProps) {
    super(scope, id);
    this.node.addValidation(validateProps(props));

    const { project } = props;
    this.project = project;
    // Validation has made sure a DR region shares a multi-region with the region.
    this.imageHost = GcpArtifactRegistry.imageHostFor(props.region, props.drRegion);
    this.location = this.imageHost.replace(/-docker\.pkg\.dev$/, '');

    const api = (constructId: string, address: string, service: string) => {
      const resource = new ProjectService(this, constructId, {
        project,
        service,
        // Turning an API off breaks whatever else in the project uses it; it stays on.
        disableOnDestroy: false,
      });
      resource.overrideLogicalId(`${ADDRESS_PREFIX}_${address}`);
      return resource;
    };
    const registryApi = api('ArtifactRegistryApi', 'api', 'artifactregistry.googleapis.com');
    const scanningApi = api('ContainerScanningApi', 'container_scanning_api', 'containerscanning.googleapis.com');

    // The project number is needed for the service agent's address, and is only known to Terraform.
    const projectData = new DataGoogleProject(this, 'Project', { projectId: project });
    projectData.overrideLogicalId(`${ADDRESS_PREFIX}_project`);

    const cmek = createServiceAgentKey(this, 'Key', {
      project,
      // Artifact Registry only accepts a key in the repository's own location (a multi-region included).
      location: this.location,
      keyRingName: gcpResourceName(props.namePrefix, 'artifact-registry'),
      keyName: 'artifact-registry',
      encrypterDecrypter: serviceAgentMember(projectData.number, 'gcp-sa-artifactregistry'),
      dependsOn: [registryApi],
      // A key ring can never be deleted nor its name reused: its address must not follow the construct's path.
      logicalIds: {
        keyRing: `${ADDRESS_PREFIX}_key_ring`,
        key: `${ADDRESS_PREFIX}_key`,
        binding: `${ADDRESS_PREFIX}_key_encrypter_decrypter`,
      },
    });
    this.keyRing = cmek.keyRing;
    this.key = cmek.key;

    const expiryDays = props.untaggedImageExpiryDays ?? DEFAULT_UNTAGGED_IMAGE_EXPIRY_DAYS;
    // Arithmetic on a Token's placeholder would corrupt it: Terraform multiplies instead.
    const untaggedExpirySeconds = isKnown(expiryDays) ? expiryDays * SECONDS_PER_DAY : Token.asString(Op.mul(expiryDays, SECONDS_PER_DAY));
    const keepCount = props.keepReleaseImages ?? DEFAULT_KEEP_RELEASE_IMAGES;

    const repositories: Record<string, ArtifactRegistryRepository> = {};
    const imageRepositories: Record<string, string> = {};
    // Problems are reported at synth with every other broken construct of the app; until then only the teams whose
    // names can be an id and an address are built, so a bad one never surfaces as a construct error.
    const named = new Set<string>();
    const buildable = props.repositories.filter((team) => isKnown(team.name) && team.name.length <= GCP_NAME_MAX_LENGTH
      && GCP_NAME_PATTERN.test(team.name) && !named.has(team.name) && named.add(team.name));
    for (const team of buildable) {
      const repository = new ArtifactRegistryRepository(this, `Repository-${team.name}`, {
        project,
        location: this.location,
        repositoryId: team.name,
        description: `Container images of team ${team.name}, one image per service.`,
        ...(team.labels && Object.keys(team.labels).length > 0 && { labels: { ...team.labels } }),
        format: 'DOCKER',
        mode: 'STANDARD_REPOSITORY',
        kmsKeyName: this.key.id,
        // A pushed tag always names the same image, so what was tested is what runs and a rollback is exact.
        dockerConfig: { immutableTags: true },
        vulnerabilityScanningConfig: { enablementConfig: 'INHERITED' },
        cleanupPolicyDryRun: false,
        cleanupPolicies: [
          {
            id: 'delete-untagged',
            action: 'DELETE',
            condition: { tagState: 'UNTAGGED', olderThan: `${untaggedExpirySeconds}s` },
          },
          {
            // Keep policies win over delete policies.
            id: 'keep-most-recent',
            action: 'KEEP',
            mostRecentVersions: { keepCount },
          },
        ],
        // Deleting a repository deletes every image in it, including those running in production.
        lifecycle: { preventDestroy: true },
        // The service agent must be able to use the key when the repository is created; scanning needs its API.
        dependsOn: [cmek.binding, registryApi, scanningApi],
      });
      repository.overrideLogicalId(repositoryAddress(team.name));
      repositories[team.name] = repository;

      this.grant(team.name, repository, 'Reader', 'roles/artifactregistry.reader', props.readerMembers ?? []);
      this.grant(team.name, repository, 'Writer', 'roles/artifactregistry.writer', team.writerMembers ?? []);

      for (const service of team.services ?? []) {
        imageRepositories[service] = `${this.imageHost}/${project}/${team.name}/${service}`;
      }
    }
    this.repositories = repositories;
    this.imageRepositories = imageRepositories;
  }

  /**
   * The path of a team's repository, `<imageHost>/<project>/<team>`, e.g.
   * `europe-west1-docker.pkg.dev/acme-dev-1234/payments`. Throws for a team without a repository here.
   */
  public repositoryPath(team: string): string {
    // Own properties only: `toString` is no team.
    if (!Object.hasOwn(this.repositories, team)) {
      throw new Error(`GcpArtifactRegistry: no repository for team "${team}" (expected one of ${Object.keys(this.repositories).join(', ')})`);
    }
    return `${this.imageHost}/${this.project}/${team}`;
  }

  /**
   * The image repository of a service, `<imageHost>/<project>/<team>/<service>`, to which a tag or digest is
   * appended. Throws for a service not listed in any repository.
   */
  public imageRepository(service: string): string {
    const path = Object.hasOwn(this.imageRepositories, service) ? this.imageRepositories[service] : undefined;
    if (path === undefined) {
      throw new Error(`GcpArtifactRegistry: service "${service}" is in no repository (expected a service listed in repositories[].services)`);
    }
    return path;
  }

  /** One `_iam_member` per member: authoritative bindings would remove grants made outside this construct. */
  private grant(team: string, repository: ArtifactRegistryRepository, kind: 'Reader' | 'Writer', role: string, members: string[]): void {
    let tokens = 0;
    // A duplicate is a reported problem; building it twice would be a construct error instead.
    for (const member of new Set(members)) {
      // A Token's placeholder changes from one synth to the next; its position among the Tokens does not.
      const suffix = isKnown(member)
        ? createHash('sha256').update(member).digest('hex').slice(0, MEMBER_HASH_LENGTH)
        : `token${tokens++}`;
      const binding = new ArtifactRegistryRepositoryIamMember(this, `${kind}-${team}-${suffix}`, {
        project: this.project,
        location: this.location,
        repository: repository.name,
        role,
        member,
      });
      binding.overrideLogicalId(`${repositoryAddress(team)}_${kind.toLowerCase()}_${suffix}`);
    }
  }
}

/** `artifact_registry_<team with underscores>`. Team names hold no underscores, so distinct teams keep distinct addresses. */
function repositoryAddress(team: string): string {
  return `${ADDRESS_PREFIX}_${team.replace(/-/g, '_')}`;
}

/** Every problem of `props`. Unresolved tokens are not checked. */
function validateProps(props: GcpArtifactRegistryProps): Problems {
  const problems = new Problems('GcpArtifactRegistry');
  checkPlacement(problems, props);

  const { region, drRegion } = props;
  if (drRegion !== undefined) {
    if (!isKnown(drRegion) || !isKnown(region)) {
      problems.push('drRegion and region must be literals when drRegion is given (expected like europe-west4: they decide the repositories\' location)');
    } else if (!GCP_REGION_PATTERN.test(drRegion)) {
      problems.push(`drRegion "${drRegion}" is not a GCP region (expected like europe-west4)`);
    } else if (drRegion === region) {
      problems.push(`drRegion "${drRegion}" is the region itself (expected a different region, so a regional outage does not take the replica too)`);
    } else if (GCP_REGION_PATTERN.test(region) && sharedMultiRegion(region, drRegion) === undefined) {
      problems.push(`drRegion "${drRegion}" and region "${region}" share no Artifact Registry multi-region (expected both in one of ${MULTI_REGIONS.map((m) => `${m}-*`).join(', ')})`);
    }
  }

  if (props.repositories.length === 0) {
    problems.push('repositories is empty (expected at least one team repository)');
  }
  const teams = new Set<string>();
  const serviceOwners = new Map<string, string>();
  props.repositories.forEach((team, i) => {
    const path = `repositories[${i}]`;
    if (!isKnown(team.name)) {
      problems.push(`${path}.name is a Token (expected a literal: it is the repository id and names its Terraform address)`);
    } else if (team.name.length > GCP_NAME_MAX_LENGTH || !GCP_NAME_PATTERN.test(team.name)) {
      problems.push(`${path}.name "${team.name}" is not a repository id (expected lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit, at most ${GCP_NAME_MAX_LENGTH} characters, like payments)`);
    } else if (teams.has(team.name)) {
      problems.push(`${path}.name "${team.name}" is listed twice`);
    }
    teams.add(team.name);
    for (const [key, value] of Object.entries(team.labels ?? {})) {
      if (isKnown(key) && !/^[a-z][a-z0-9_-]{0,62}$/.test(key)) {
        problems.push(`${path}.labels key "${key}" is not a GCP label key (expected lowercase letters, digits, - and _, starting with a letter, at most 63)`);
      }
      if (isKnown(value) && !/^[a-z0-9_-]{0,63}$/.test(value)) {
        problems.push(`${path}.labels "${key}" value "${value}" is not a GCP label value (expected lowercase letters, digits, - and _, at most 63)`);
      }
    }

    (team.services ?? []).forEach((service, j) => {
      if (!isKnown(service) || !IMAGE_NAME_PATTERN.test(service)) {
        problems.push(`${path}.services[${j}] "${service}" is not an image name (expected lowercase letters and digits, separated by single dots, hyphens or underscores, like payments-api)`);
        return;
      }
      const owner = serviceOwners.get(service);
      if (owner !== undefined) {
        problems.push(`${path}.services[${j}] "${service}" is already in repository "${owner}" (expected each service in one repository)`);
      } else {
        serviceOwners.set(service, team.name);
      }
    });
    checkMembers(problems, `${path}.writerMembers`, team.writerMembers ?? []);
  });
  checkMembers(problems, 'readerMembers', props.readerMembers ?? []);

  const expiry = props.untaggedImageExpiryDays;
  if (expiry !== undefined && isKnown(expiry) && !(Number.isInteger(expiry) && expiry >= 1 && expiry <= MAX_UNTAGGED_IMAGE_EXPIRY_DAYS)) {
    problems.push(`untaggedImageExpiryDays ${expiry} is not a whole number from 1 to ${MAX_UNTAGGED_IMAGE_EXPIRY_DAYS}`);
  }
  const keep = props.keepReleaseImages;
  if (keep !== undefined && isKnown(keep) && !(Number.isInteger(keep) && keep >= 1 && keep <= MAX_KEEP_RELEASE_IMAGES)) {
    problems.push(`keepReleaseImages ${keep} is not a whole number from 1 to ${MAX_KEEP_RELEASE_IMAGES}`);
  }

  return problems;
}

function checkMembers(problems: Problems, path: string, members: readonly string[]): void {
  const seen = new Set<string>();
  members.forEach((member, i) => {
    if (!isKnown(member)) return;
    if (PUBLIC_MEMBERS.includes(member)) {
      problems.push(`${path}[${i}] "${member}" would make the images public (expected a principal like serviceAccount:<email>)`);
    } else if (!MEMBER_PATTERN.test(member)) {
      problems.push(`${path}[${i}] "${member}" is not an IAM member (expected like serviceAccount:<email> or group:<email>)`);
    } else if (seen.has(member)) {
      problems.push(`${path}[${i}] "${member}" is listed twice`);
    }
    seen.add(member);
  });
}
