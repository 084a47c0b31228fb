import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { Testing, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
// Brings in the types of the matchers that Testing.setupJest() registers.
import 'cdktf/lib/testing/adapters/jest';
import { Construct } from 'constructs';
import { GcpArtifactRegistry, GcpArtifactRegistryProps, GkeCluster } from '../../../constructs/gcp';
import { BAD_PLACEMENT, badPlacementProblems, GKE_PROPS } from '../../support/gcp';
import { addressesOf, onlyResource as only, problemsOf, resourceAt, resourcesOf, synthChecked, TfJson } from '../../support/terraform';

Testing.setupJest();

const CI = 'serviceAccount:payments-ci@acme-dev-1234.iam.gserviceaccount.com';
const NODES = 'serviceAccount:acme-dev-gke-nodes@acme-dev-1234.iam.gserviceaccount.com';

const PROPS: GcpArtifactRegistryProps = {
  namePrefix: 'acme-dev',
  project: 'acme-dev-1234',
  region: 'europe-west1',
  repositories: [
    { name: 'payments', services: ['api', 'ledger'], writerMembers: [CI] },
    { name: 'data-platform', services: ['ingest'] },
  ],
  readerMembers: [NODES],
};

const PAYMENTS = 'google_artifact_registry_repository.artifact_registry_payments';
const DATA_PLATFORM = 'google_artifact_registry_repository.artifact_registry_data_platform';
const KEY = 'google_kms_crypto_key.artifact_registry_key';
const KEY_RING = 'google_kms_key_ring.artifact_registry_key_ring';
const KEY_BINDING = 'google_kms_crypto_key_iam_member.artifact_registry_key_encrypter_decrypter';
const REGISTRY_API = 'google_project_service.artifact_registry_api';
const SCANNING_API = 'google_project_service.artifact_registry_container_scanning_api';
// The suffix is the first 8 hex digits of the member's SHA-256.
const PAYMENTS_NODES_READER = 'google_artifact_registry_repository_iam_member.artifact_registry_payments_reader_3394429f';
const DATA_PLATFORM_NODES_READER = 'google_artifact_registry_repository_iam_member.artifact_registry_data_platform_reader_3394429f';
const PAYMENTS_CI_WRITER = 'google_artifact_registry_repository_iam_member.artifact_registry_payments_writer_75ca1037';

const ADDRESSES = [
  PAYMENTS,
  DATA_PLATFORM,
  KEY,
  KEY_RING,
  KEY_BINDING,
  REGISTRY_API,
  SCANNING_API,
  PAYMENTS_NODES_READER,
  DATA_PLATFORM_NODES_READER,
  PAYMENTS_CI_WRITER,
].sort();

function synthJson(props: Partial<GcpArtifactRegistryProps> = {}, id = 'Registry', parent?: (scope: Construct) => Construct): TfJson {
  return JSON.parse(synthChecked((scope) => {
    new GcpArtifactRegistry(parent ? parent(scope) : scope, id, { ...PROPS, ...props });
  }));
}

/** The problems the synth reports for the construct built with `props` (building it never throws). */
function errorOf(props: Partial<GcpArtifactRegistryProps>): string {
  return problemsOf('Registry', (scope) => new GcpArtifactRegistry(scope, 'Registry', { ...PROPS, ...props }));
}

describe('GcpArtifactRegistry', () => {
  describe('addresses and ids', () => {
    test('Terraform addresses are pinned to fixed names and team names', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN: renaming any of these replaces real infrastructure (a repository with every image in it)
      expect(addressesOf(json)).toEqual(ADDRESSES);
      expect(Object.keys(json.data!.google_project)).toEqual(['artifact_registry_project']);
    });

    test('renaming or moving the construct and reordering teams, services and members change no address', () => {
      // GIVEN
      const before = synthJson();

      // WHEN
      const after = synthJson({
        repositories: [
          { name: 'data-platform', services: ['ingest'] },
          { name: 'payments', services: ['ledger', 'api'], writerMembers: [CI] },
        ],
        readerMembers: [NODES],
      }, 'ImagesRenamed', (scope) => new Construct(scope, 'Nested'));

      // THEN: the same addresses, holding the same configuration
      expect(addressesOf(after)).toEqual(addressesOf(before));
      expect(after.resource).toEqual(before.resource);
      expect(after.data).toEqual(before.data);
    });

    test('reordering literal members changes no binding address', () => {
      // GIVEN
      const other = 'group:payments-oncall@acme.example';

      // WHEN
      const a = synthJson({ readerMembers: [NODES, other] });
      const b = synthJson({ readerMembers: [other, NODES] });

      // THEN
      expect(addressesOf(a)).toEqual(addressesOf(b));
      expect(resourceAt(a, PAYMENTS_NODES_READER).member).toBe(NODES);
      expect(resourceAt(b, PAYMENTS_NODES_READER).member).toBe(NODES);
    });

    test('adding a team adds its repository and bindings, and leaves the others as they were', () => {
      // GIVEN
      const before = synthJson();

      // WHEN
      const after = synthJson({ repositories: [...PROPS.repositories, { name: 'search' }] });

      // THEN
      expect(addressesOf(after)).toEqual([
        ...ADDRESSES,
        'google_artifact_registry_repository.artifact_registry_search',
        'google_artifact_registry_repository_iam_member.artifact_registry_search_reader_3394429f',
      ].sort());
      expect(resourceAt(after, PAYMENTS)).toEqual(resourceAt(before, PAYMENTS));
    });

    test('Token members are addressed by their position among the Tokens', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');
      const nodes = new TerraformVariable(stack, 'nodes', { type: 'string' });
      const ci = new TerraformVariable(stack, 'ci', { type: 'string' });

      // WHEN
      new GcpArtifactRegistry(stack, 'Registry', {
        ...PROPS,
        repositories: [{ name: 'payments', writerMembers: [`serviceAccount:${ci.stringValue}`] }],
        readerMembers: [`serviceAccount:${nodes.stringValue}`, NODES],
      });
      const json: TfJson = JSON.parse(Testing.synth(stack));

      // THEN
      const bindings = json.resource.google_artifact_registry_repository_iam_member;
      expect(Object.keys(bindings).sort()).toEqual([
        'artifact_registry_payments_reader_3394429f',
        'artifact_registry_payments_reader_token0',
        'artifact_registry_payments_writer_token0',
      ]);
      expect(bindings.artifact_registry_payments_reader_token0.member).toBe('serviceAccount:${var.nodes}');
      expect(bindings.artifact_registry_payments_writer_token0.member).toBe('serviceAccount:${var.ci}');
    });

    test('construct ids and attributes', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const registry = new GcpArtifactRegistry(stack, 'Registry', PROPS);

      // THEN
      expect(registry.node.children.map((c) => c.node.id)).toEqual([
        'ArtifactRegistryApi', 'ContainerScanningApi', 'Project', 'KeyRing', 'Key', 'KeyEncrypterDecrypter',
        'Repository-payments', 'Reader-payments-3394429f', 'Writer-payments-75ca1037',
        'Repository-data-platform', 'Reader-data-platform-3394429f',
      ]);
      expect(Object.keys(registry.repositories)).toEqual(['payments', 'data-platform']);
      expect(registry.repositories.payments).toBeInstanceOf(ArtifactRegistryRepository);
      expect(registry.keyRing).toBeInstanceOf(KmsKeyRing);
      expect(registry.key).toBeInstanceOf(KmsCryptoKey);
      new TerraformOutput(stack, 'repositoryName', { value: registry.repositories.payments.name });
      new TerraformOutput(stack, 'keyId', { value: registry.key.id });
      const outputs = JSON.parse(Testing.synth(stack)).output;
      expect(outputs.repositoryName.value).toBe(`\${${PAYMENTS}.name}`);
      expect(outputs.keyId.value).toBe(`\${${KEY}.id}`);
    });
  });

  describe('image references', () => {
    test('are plain strings under the regional host, one repository per team', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const registry = new GcpArtifactRegistry(stack, 'Registry', PROPS);

      // THEN
      expect(registry.location).toBe('europe-west1');
      expect(registry.imageHost).toBe('europe-west1-docker.pkg.dev');
      expect(registry.repositoryPath('payments')).toBe('europe-west1-docker.pkg.dev/acme-dev-1234/payments');
      expect(registry.imageRepository('ledger')).toBe('europe-west1-docker.pkg.dev/acme-dev-1234/payments/ledger');
      expect(registry.imageRepositories).toEqual({
        api: 'europe-west1-docker.pkg.dev/acme-dev-1234/payments/api',
        ledger: 'europe-west1-docker.pkg.dev/acme-dev-1234/payments/ledger',
        ingest: 'europe-west1-docker.pkg.dev/acme-dev-1234/data-platform/ingest',
      });
    });

    test('an unknown team or service is an error, not a wrong reference', () => {
      // GIVEN
      const registry = new GcpArtifactRegistry(new TerraformStack(Testing.app(), 'stack'), 'Registry', PROPS);

      // WHEN / THEN
      expect(() => registry.repositoryPath('search')).toThrow(
        'GcpArtifactRegistry: no repository for team "search" (expected one of payments, data-platform)');
      expect(() => registry.imageRepository('checkout')).toThrow(
        'GcpArtifactRegistry: service "checkout" is in no repository (expected a service listed in repositories[].services)');
      expect(() => registry.imageRepository('toString')).toThrow(
        'GcpArtifactRegistry: service "toString" is in no repository (expected a service listed in repositories[].services)');
      expect(() => registry.repositoryPath('constructor')).toThrow(
        'GcpArtifactRegistry: no repository for team "constructor" (expected one of payments, data-platform)');
    });
  });

  describe('repositories', () => {
    test('are Docker repositories in the region, named after the team', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      const repository = resourceAt(json, PAYMENTS);
      expect(repository.project).toBe('acme-dev-1234');
      expect(repository.location).toBe('europe-west1');
      expect(repository.repository_id).toBe('payments');
      expect(repository.format).toBe('DOCKER');
      expect(repository.mode).toBe('STANDARD_REPOSITORY');
      expect(repository.description).toBe('Container images of team payments, one image per service.');
      expect(resourceAt(json, DATA_PLATFORM).repository_id).toBe('data-platform');
      expect(resourcesOf(json, 'google_artifact_registry_repository')).toHaveLength(2);
    });

    test('carry a team\'s labels, so billing attributes its storage to the team; no labels means none set', () => {
      // GIVEN / WHEN
      const json = synthJson({
        repositories: [
          { name: 'payments', services: ['api'], labels: { 'cost-center': 'cc-payments' } },
          { name: 'data-platform', services: ['ingest'] },
        ],
      });

      // THEN: only the labelled team's repository has them (the provider's default labels apply to both)
      expect(resourceAt(json, PAYMENTS).labels).toEqual({ 'cost-center': 'cc-payments' });
      expect(resourceAt(json, DATA_PLATFORM).labels).toBeUndefined();
    });

    test('have immutable tags, vulnerability scanning and prevent_destroy', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      for (const repository of resourcesOf(json, 'google_artifact_registry_repository')) {
        expect(repository.docker_config).toEqual({ immutable_tags: true });
        expect(repository.vulnerability_scanning_config).toEqual({ enablement_config: 'INHERITED' });
        expect(repository.lifecycle).toEqual({ prevent_destroy: true });
      }
    });

    test('are encrypted with the key, once the service agent may use it and the APIs are on', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      for (const repository of resourcesOf(json, 'google_artifact_registry_repository')) {
        expect(repository.kms_key_name).toBe(`\${${KEY}.id}`);
        expect(repository.depends_on).toEqual([KEY_BINDING, REGISTRY_API, SCANNING_API]);
      }
    });

    test('production cleanup defaults: untagged versions expire after 30 days, the 100 most recent are kept, for real', () => {
      // GIVEN / WHEN
      const repository = resourceAt(synthJson(), PAYMENTS);

      // THEN
      expect(repository.cleanup_policy_dry_run).toBe(false);
      expect(repository.cleanup_policies).toEqual([
        { id: 'delete-untagged', action: 'DELETE', condition: { tag_state: 'UNTAGGED', older_than: '2592000s' } },
        { id: 'keep-most-recent', action: 'KEEP', most_recent_versions: { keep_count: 100 } },
      ]);
    });

    test('a tier profile sets the cleanup knobs', () => {
      // GIVEN / WHEN
      const repository = resourceAt(synthJson({ untaggedImageExpiryDays: 7, keepReleaseImages: 20 }), PAYMENTS);

      // THEN
      expect(repository.cleanup_policies).toEqual([
        { id: 'delete-untagged', action: 'DELETE', condition: { tag_state: 'UNTAGGED', older_than: '604800s' } },
        { id: 'keep-most-recent', action: 'KEEP', most_recent_versions: { keep_count: 20 } },
      ]);
    });
  });

  describe('disaster recovery', () => {
    test('a DR region puts repositories and key in the multi-region that holds both regions', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const registry = new GcpArtifactRegistry(stack, 'Registry', { ...PROPS, drRegion: 'europe-west4' });
      const json: TfJson = JSON.parse(Testing.synth(stack));

      // THEN
      expect(registry.location).toBe('europe');
      expect(registry.imageHost).toBe('europe-docker.pkg.dev');
      expect(registry.imageRepository('api')).toBe('europe-docker.pkg.dev/acme-dev-1234/payments/api');
      expect(resourcesOf(json, 'google_artifact_registry_repository').map((r) => r.location)).toEqual(['europe', 'europe']);
      expect(only(json, 'google_kms_key_ring').location).toBe('europe');
      expect(resourcesOf(json, 'google_artifact_registry_repository_iam_member').map((b) => b.location)).toEqual(['europe', 'europe', 'europe']);
      expect(addressesOf(json)).toEqual(ADDRESSES);
    });

    test.each([
      ['us-central1', 'us-east4', 'us'],
      ['asia-northeast1', 'asia-southeast1', 'asia'],
    ])('region %s with DR region %s uses %s', (region, drRegion, location) => {
      // GIVEN / WHEN
      const registry = new GcpArtifactRegistry(new TerraformStack(Testing.app(), 'stack'), 'Registry', { ...PROPS, region, drRegion });

      // THEN
      expect(registry.location).toBe(location);
      expect(registry.imageHost).toBe(`${location}-docker.pkg.dev`);
    });
  });

  describe('encryption key', () => {
    test('a key ring and a key rotated every 90 days, protected from destroy', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      expect(resourceAt(json, KEY_RING)).toEqual({ project: 'acme-dev-1234', location: 'europe-west1', name: 'acme-dev-artifact-registry' });
      const key = resourceAt(json, KEY);
      expect(key.name).toBe('artifact-registry');
      expect(key.key_ring).toBe(`\${${KEY_RING}.id}`);
      expect(key.purpose).toBe('ENCRYPT_DECRYPT');
      expect(key.rotation_period).toBe('7776000s');
      expect(key.lifecycle).toEqual({ prevent_destroy: true });
    });

    test('only the Artifact Registry service agent may encrypt and decrypt with it', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      expect(resourceAt(json, KEY_BINDING)).toEqual({
        crypto_key_id: `\${${KEY}.id}`,
        role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
        member: 'serviceAccount:service-${data.google_project.artifact_registry_project.number}@gcp-sa-artifactregistry.iam.gserviceaccount.com',
        depends_on: [REGISTRY_API],
      });
      expect(json.data!.google_project.artifact_registry_project).toEqual({ project_id: 'acme-dev-1234' });
      expect(resourcesOf(json, 'google_kms_crypto_key_iam_member')).toHaveLength(1);
    });
  });

  describe('APIs', () => {
    test('enables Artifact Registry and Container Scanning, and leaves them on at destroy', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      expect(resourceAt(json, REGISTRY_API)).toEqual({ project: 'acme-dev-1234', service: 'artifactregistry.googleapis.com', disable_on_destroy: false });
      expect(resourceAt(json, SCANNING_API)).toEqual({ project: 'acme-dev-1234', service: 'containerscanning.googleapis.com', disable_on_destroy: false });
    });
  });

  describe('access', () => {
    test('readers get roles/artifactregistry.reader on every repository, as non-authoritative members', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      expect(resourceAt(json, PAYMENTS_NODES_READER)).toEqual({
        project: 'acme-dev-1234',
        location: 'europe-west1',
        repository: `\${${PAYMENTS}.name}`,
        role: 'roles/artifactregistry.reader',
        member: NODES,
      });
      expect(resourceAt(json, DATA_PLATFORM_NODES_READER).repository).toBe(`\${${DATA_PLATFORM}.name}`);
      expect(resourceAt(json, DATA_PLATFORM_NODES_READER).role).toBe('roles/artifactregistry.reader');
      expect(json.resource.google_artifact_registry_repository_iam_policy).toBeUndefined();
      expect(json.resource.google_artifact_registry_repository_iam_binding).toBeUndefined();
    });

    test('a team\'s writers get roles/artifactregistry.writer on its own repository only', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      const writers = resourcesOf(json, 'google_artifact_registry_repository_iam_member').filter((b) => b.role === 'roles/artifactregistry.writer');
      expect(writers).toEqual([{
        project: 'acme-dev-1234',
        location: 'europe-west1',
        repository: `\${${PAYMENTS}.name}`,
        role: 'roles/artifactregistry.writer',
        member: CI,
      }]);
    });

    test('no readers and no writers means no bindings', () => {
      // GIVEN / WHEN
      const json = synthJson({ readerMembers: undefined, repositories: [{ name: 'payments' }] });

      // THEN
      expect(json.resource.google_artifact_registry_repository_iam_member).toBeUndefined();
    });

    test('takes the GKE node service account', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');
      const gke = new GkeCluster(stack, 'Gke', GKE_PROPS);

      // WHEN
      new GcpArtifactRegistry(stack, 'Registry', {
        ...PROPS,
        repositories: [{ name: 'payments' }],
        readerMembers: [`serviceAccount:${gke.nodeServiceAccountEmail}`],
      });
      const json: TfJson = JSON.parse(Testing.synth(stack));

      // THEN
      expect(resourceAt(json, 'google_artifact_registry_repository_iam_member.artifact_registry_payments_reader_token0').member)
        .toBe('serviceAccount:${google_service_account.Gke_NodeServiceAccount_1B3F26BD.email}');
    });
  });

  describe('validation', () => {
    test('reports every problem at once', () => {
      // GIVEN / WHEN
      const message = errorOf({
        ...BAD_PLACEMENT,
        repositories: [
          { name: 'Payments', services: ['API'], writerMembers: ['payments-ci@acme.example'] },
          { name: 'search', services: ['api', 'api'] },
          { name: 'search' },
        ],
        readerMembers: ['allUsers', NODES, NODES],
        untaggedImageExpiryDays: 0,
        keepReleaseImages: 2.5,
      });

      // THEN
      expect(message).toBe([
        ...badPlacementProblems('GcpArtifactRegistry'),
        'GcpArtifactRegistry: repositories[0].name "Payments" is not a repository id (expected lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit, at most 63 characters, like payments)',
        'GcpArtifactRegistry: repositories[0].services[0] "API" is not an image name (expected lowercase letters and digits, separated by single dots, hyphens or underscores, like payments-api)',
        'GcpArtifactRegistry: repositories[0].writerMembers[0] "payments-ci@acme.example" is not an IAM member (expected like serviceAccount:<email> or group:<email>)',
        'GcpArtifactRegistry: repositories[1].services[1] "api" is already in repository "search" (expected each service in one repository)',
        'GcpArtifactRegistry: repositories[2].name "search" is listed twice',
        'GcpArtifactRegistry: readerMembers[0] "allUsers" would make the images public (expected a principal like serviceAccount:<email>)',
        `GcpArtifactRegistry: readerMembers[2] "${NODES}" is listed twice`,
        'GcpArtifactRegistry: untaggedImageExpiryDays 0 is not a whole number from 1 to 365',
        'GcpArtifactRegistry: keepReleaseImages 2.5 is not a whole number from 1 to 1000',
      ].join('\n'));
    });

    test('a service belongs to one team', () => {
      expect(errorOf({ repositories: [{ name: 'payments', services: ['api'] }, { name: 'search', services: ['api'] }] })).toBe(
        'GcpArtifactRegistry: repositories[1].services[0] "api" is already in repository "payments" (expected each service in one repository)');
    });

    test.each([
      ['a'.repeat(64), 'too long'],
      ['9teams', 'starts with a digit'],
      ['payments-', 'ends with a hyphen'],
      ['pay_ments', 'underscore'],
    ])('rejects repository name %s (%s)', (name) => {
      expect(errorOf({ repositories: [{ name }] })).toBe(
        `GcpArtifactRegistry: repositories[0].name "${name}" is not a repository id (expected lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit, at most 63 characters, like payments)`);
    });

    test('rejects labels GCP would refuse, all at once', () => {
      expect(errorOf({ repositories: [{ name: 'payments', labels: { 'Cost-Center': 'cc-1', 'owner': 'Team A' } }] })).toBe([
        'GcpArtifactRegistry: repositories[0].labels key "Cost-Center" is not a GCP label key (expected lowercase letters, digits, - and _, starting with a letter, at most 63)',
        'GcpArtifactRegistry: repositories[0].labels "owner" value "Team A" is not a GCP label value (expected lowercase letters, digits, - and _, at most 63)',
      ].join('\n'));
    });

    test('accepts a 63-character repository name', () => {
      expect(() => synthJson({ repositories: [{ name: `a${'b'.repeat(62)}` }] })).not.toThrow();
    });

    test('rejects an empty list of repositories and public writers', () => {
      expect(errorOf({ repositories: [] })).toBe('GcpArtifactRegistry: repositories is empty (expected at least one team repository)');
      expect(errorOf({ repositories: [{ name: 'payments', writerMembers: ['allAuthenticatedUsers'] }] })).toBe(
        'GcpArtifactRegistry: repositories[0].writerMembers[0] "allAuthenticatedUsers" would make the images public (expected a principal like serviceAccount:<email>)');
    });

    test('rejects DR regions that give no multi-region', () => {
      expect(errorOf({ drRegion: 'europe-west1' })).toBe(
        'GcpArtifactRegistry: drRegion "europe-west1" is the region itself (expected a different region, so a regional outage does not take the replica too)');
      expect(errorOf({ drRegion: 'us-east1' })).toBe(
        'GcpArtifactRegistry: drRegion "us-east1" and region "europe-west1" share no Artifact Registry multi-region (expected both in one of asia-*, europe-*, us-*)');
      expect(errorOf({ region: 'australia-southeast1', drRegion: 'australia-southeast2' })).toBe(
        'GcpArtifactRegistry: drRegion "australia-southeast2" and region "australia-southeast1" share no Artifact Registry multi-region (expected both in one of asia-*, europe-*, us-*)');
      expect(errorOf({ drRegion: 'Europe West 4' })).toBe(
        'GcpArtifactRegistry: drRegion "Europe West 4" is not a GCP region (expected like europe-west4)');
    });

    test('values that decide addresses or the location must be literals', () => {
      // GIVEN
      const message = problemsOf('Registry', (stack) => {
        const name = new TerraformVariable(stack, 'team', { type: 'string' });
        const region = new TerraformVariable(stack, 'region', { type: 'string' });

        // WHEN
        new GcpArtifactRegistry(stack, 'Registry', {
          ...PROPS,
          region: region.stringValue,
          drRegion: 'europe-west4',
          repositories: [{ name: name.stringValue }],
        });
      });

      // THEN
      expect(message).toBe([
        'GcpArtifactRegistry: drRegion and region must be literals when drRegion is given (expected like europe-west4: they decide the repositories\' location)',
        'GcpArtifactRegistry: repositories[0].name is a Token (expected a literal: it is the repository id and names its Terraform address)',
      ].join('\n'));
    });

    test('does not check other values that are only known to Terraform', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');
      const project = new TerraformVariable(stack, 'project', { type: 'string' });
      const days = new TerraformVariable(stack, 'days', { type: 'number' });
      const member = new TerraformVariable(stack, 'member', { type: 'string' });

      // WHEN
      new GcpArtifactRegistry(stack, 'Registry', {
        ...PROPS,
        project: project.stringValue,
        untaggedImageExpiryDays: days.numberValue,
        readerMembers: [member.stringValue],
      });
      const json: TfJson = JSON.parse(Testing.synth(stack));

      // THEN: Terraform does the arithmetic on the expiry
      expect(resourceAt(json, PAYMENTS).project).toBe('${var.project}');
      expect(resourceAt(json, PAYMENTS).cleanup_policies[0].condition.older_than).toBe('${(var.days * 86400)}s');
    });
  });
});

describe('GcpArtifactRegistry.imageHostFor', () => {
  test('gives the host a registry built with the same placement has, without building one', () => {
    // GIVEN a regional and a DR placement  THEN the host is the region's, or the shared multi-region's
    expect(GcpArtifactRegistry.imageHostFor('europe-west3')).toBe('europe-west3-docker.pkg.dev');
    expect(GcpArtifactRegistry.imageHostFor('europe-west3', 'europe-west1')).toBe('europe-docker.pkg.dev');
    expect(GcpArtifactRegistry.imageHostFor('us-east1', 'us-west1')).toBe('us-docker.pkg.dev');
  });
});
