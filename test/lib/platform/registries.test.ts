import { acme } from '../../../examples/acme/org';
import type { Artifact } from '../../../lib/artifacts';
import { synthesizeArtifacts } from '../../../lib/platform';
import { registryPrefix } from '../../../lib/platform/image-reference';
import { defineOrganization } from '../../../lib/spec';

const org = defineOrganization(acme);
const artifacts = synthesizeArtifacts(org);
const ENVIRONMENTS = ['dev', 'staging', 'prod'];
const stack = (name: string): Artifact => {
  const found = artifacts.find((a) => a.name === name);
  if (!found) throw new Error(`no artifact ${name}`);
  return found;
};
const resourcesOf = (template: any, type: string) => Object.entries<any>(template.Resources).filter(([, r]) => r.Type === type);

describe('registries wired into every environment', () => {
  test.each(ENVIRONMENTS)('%s: one ECR repository per service, in its team\'s stack, with pinned logical ids', (env) => {
    for (const team of org.teams) {
      const repos = resourcesOf(stack(`acme-${env}-team-${team.name}`).document, 'AWS::ECR::Repository');
      const services = org.services.filter((s) => s.team === team.name).map((s) => s.name);
      expect(repos.map(([, r]) => r.Properties.RepositoryName).sort()).toEqual(services.map((s) => `acme-${env}/${s}`).sort());
      // Logical ids are derived from the repository name only: renaming or reordering replaces nothing.
      const pascal = (s: string) => s.split(/[-/]/).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
      expect(repos.map(([id]) => id).sort()).toEqual(services.map((s) => `Repository${pascal(`acme-${env}`)}${pascal(s)}`).sort());
      for (const [, r] of repos) {
        expect(r.DeletionPolicy).toBe('Retain');
        expect(r.UpdateReplacePolicy).toBe('Retain');
        expect(r.Properties.ImageTagMutability).toBe('IMMUTABLE');
        expect(r.Properties.ImageScanningConfiguration).toEqual({ ScanOnPush: true });
        expect(r.Properties.EncryptionConfiguration.EncryptionType).toBe('KMS');
      }
    }
  });

  test('ECR lifecycle rules follow the tier profile', () => {
    const rules = ENVIRONMENTS.map((env) => {
      const [, repo] = resourcesOf(stack(`acme-${env}-team-payments`).document, 'AWS::ECR::Repository')[0];
      return JSON.parse(repo.Properties.LifecyclePolicy.LifecyclePolicyText).rules.map((r: any) => r.selection.countNumber);
    });
    const profile = org.environments.map((e) => [e.profile.registry.untaggedImageExpiryDays, e.profile.registry.keepReleaseImages]);
    expect(rules).toEqual(profile);
  });

  test('the EKS node role of the environment may pull, and nobody outside the account', () => {
    const [, repo] = resourcesOf(stack('acme-prod-team-storefront').document, 'AWS::ECR::Repository')[0];
    const statements = repo.Properties.RepositoryPolicyText.Statement;
    expect(statements[0].Principal.AWS).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^acme-prod:.*ClusterNodeRole/) });
    expect(statements[1]).toMatchObject({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:PrincipalAccount': '333333333333' } } });
  });

  test('replication to the DR region only where the spec gives one, with its settings stack in the DR region', () => {
    const replication = ENVIRONMENTS.map((env) => resourcesOf(stack(`acme-${env}`).document, 'AWS::ECR::ReplicationConfiguration')
      .map(([, r]) => r.Properties.ReplicationConfiguration.Rules[0].Destinations[0].Region));
    expect(replication).toEqual([[], [], ['eu-west-1']]);
    expect(artifacts.filter((a) => a.name.endsWith('-dr')).map((a) => a.name)).toEqual(['acme-prod-dr']);
    expect(resourcesOf(stack('acme-prod-dr').document, 'AWS::ECR::RepositoryCreationTemplate')).toHaveLength(1);
    expect(ENVIRONMENTS.map((env) => resourcesOf(stack(`acme-${env}`).document, 'AWS::ECR::RegistryScanningConfiguration').length)).toEqual([1, 1, 1]);
  });

  test.each(ENVIRONMENTS)('%s: one private Premium ACR, pulled by the AKS kubelet identity, geo-replicated only in prod', (env) => {
    const tf = stack(`acme-${env}-azure`).document;
    const acr = tf.resource.azurerm_container_registry.acr;
    expect(acr).toMatchObject({ name: `cracme${env}`, sku: 'Premium', admin_enabled: false, public_network_access_enabled: false, zone_redundancy_enabled: true });
    expect(acr.lifecycle.prevent_destroy).toBe(true);
    expect(acr.georeplications ?? []).toEqual(env === 'prod' ? [expect.objectContaining({ location: 'westeurope' })] : []);
    expect(tf.resource.azurerm_role_assignment.acr_pull_0.principal_id).toMatch(/kubelet_identity/);
    expect(acr.retention_policy_in_days).toBe(org.environments.find((e) => e.name === env)!.profile.registry.untaggedImageExpiryDays);
  });

  test.each(ENVIRONMENTS)('%s: one Artifact Registry repository per team, readable by the GKE node service account and the image verifier', (env) => {
    const tf = stack(`acme-${env}-gcp`).document;
    const repos = tf.resource.google_artifact_registry_repository;
    expect(Object.keys(repos).sort()).toEqual(['artifact_registry_data_platform', 'artifact_registry_payments', 'artifact_registry_storefront']);
    const location = env === 'prod' ? 'europe' : 'europe-west1';
    for (const repo of Object.values<any>(repos)) {
      expect(repo).toMatchObject({ format: 'DOCKER', location, docker_config: { immutable_tags: true } });
      expect(repo.lifecycle.prevent_destroy).toBe(true);
    }
    const readers = Object.values<any>(tf.resource.google_artifact_registry_repository_iam_member).filter((m) => m.role === 'roles/artifactregistry.reader');
    // Each repository: the nodes pull, Kyverno reads the signatures (test/lib/platform/image-verification-identity.test.ts)
    expect(readers.map((m) => m.member).sort()).toEqual([
      ...Array(3).fill('${google_service_account.ImageVerificationReader_42B3F977.member}'),
      ...Array(3).fill('serviceAccount:${google_service_account.Cluster_NodeServiceAccount_5891CF5E.email}'),
    ]);
  });
});

describe('image references in the manifests', () => {
  test.each(ENVIRONMENTS.flatMap((env) => ['aws', 'azure', 'gcp'].map((cloud) => [env, cloud])))(
    '%s/%s: every container image is the organization\'s registry in that environment, tagged with the release', (env, cloud) => {
      const manifest = artifacts.find((a) => a.kind === 'kubernetes' && a.name === `${env}/${cloud}/services`)!;
      const deployments = manifest.document.filter((o: any) => o.kind === 'Rollout');
      expect(deployments).toHaveLength(org.services.length);
      const prefix = registryPrefix(org, org.environments.find((e) => e.name === env)!, cloud as any);
      for (const d of deployments) {
        const service = org.services.find((s) => s.name === d.metadata.name)!;
        const path = cloud === 'aws' ? service.name : `${service.team}/${service.name}`;
        expect(d.spec.template.spec.containers.map((c: any) => c.image)).toEqual([`${prefix}${path}:${service.release}`]);
      }
    });
});

describe('data safety: reordering services replaces no repository', () => {
  test('the registries\' logical ids and Terraform addresses are identical when the services are listed in reverse', () => {
    // GIVEN the example with its services in reverse order
    const reversed = synthesizeArtifacts(defineOrganization({ ...acme, services: [...acme.services!].reverse() }), { environments: ['prod'] });
    const registryIds = (all: Artifact[]) => all.filter((a) => a.environment === 'prod').flatMap((a) => {
      if (a.kind === 'cloudformation') {
        return Object.entries<any>(a.document.Resources).filter(([, r]) => r.Type.startsWith('AWS::ECR::') || r.Type === 'AWS::KMS::Key')
          .map(([id, r]) => `${a.name} ${id} ${r.Properties.RepositoryName ?? ''}`);
      }
      if (a.kind === 'terraform') {
        return Object.entries<any>(a.document.resource).filter(([type]) => /container_registry|artifact_registry|kms/.test(type))
          .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${a.name} ${type}.${name}`));
      }
      return [];
    }).sort();

    // THEN every registry resource keeps its id and name
    const before = registryIds(artifacts);
    expect(before.length).toBeGreaterThan(20);
    expect(registryIds(reversed)).toEqual(before);
  });
});
