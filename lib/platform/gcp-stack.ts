import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GcpArtifactRegistry } from '../../constructs/gcp/artifact-registry';
import { GcpBinaryAuthorization } from '../../constructs/gcp/binary-authorization';
import { GcpProjectBudget } from '../../constructs/gcp/budget';
import { GcpGitHubActionsFederation } from '../../constructs/gcp/github-actions-federation';
import { GcpGitHubActionsServiceAccount } from '../../constructs/gcp/github-actions-service-account';
import { GkeCluster } from '../../constructs/gcp/gke-cluster';
import { GcpNetwork } from '../../constructs/gcp/network';
import { GcpOrgPolicyGuardrails } from '../../constructs/gcp/org-policies';
import type { GcpWorkloadIdentity } from '../../constructs/gcp/workload-identity';
import { addonImagePatterns, addonsFor } from '../addons/catalog';
import { naming } from '../naming';
import { GCP_CI_POOL_ID, GCP_CI_PROVIDER_ID, gcpCiServiceAccountId, teamRepository } from '../pipelines/ci-identity';
import type { Environment, Organization } from '../spec';
import { GcpAlerting, gcpAlerting } from './gcp-alerting';
import { IMAGE_VERIFICATION_READER_ID, imageVerificationIdentity } from './image-verification-identity';
import { serviceIdentities } from './service-identities';
import { OTEL_COLLECTOR_IDENTITY, runsCollector } from './telemetry-collector';
import { addRemoteState } from './terraform-backends';

/** Properties of an {@link EnvironmentGcpStack}. */
export interface EnvironmentGcpStackProps {
  readonly organization: Organization;
  readonly environment: Environment;
}

/**
 * The Google Cloud baseline of one environment as a Terraform stack, `<org>-<env>-gcp`: the google provider bound
 * to the environment's project and region with the mandatory labels as `default_labels` (so every resource that
 * takes labels gets them), remote state, and the baseline constructs.
 */
export class EnvironmentGcpStack extends TerraformStack {
  public readonly network: GcpNetwork;
  public readonly cluster: GkeCluster;
  public readonly registry: GcpArtifactRegistry;
  public readonly budget: GcpProjectBudget;
  public readonly guardrails: GcpOrgPolicyGuardrails;
  /** The alert standards on Google Cloud: channels per escalation role, GKE policies, the audit log sink. */
  public readonly alerting: GcpAlerting;
  /**
   * The project's Binary Authorization policy and attestor; undefined without `imageSigning` in the spec (the
   * policy check then fails on the cluster).
   */
  public readonly binaryAuthorization?: GcpBinaryAuthorization;
  /**
   * Kyverno's Google service account for reading image signatures, impersonated by the admission controller's
   * Kubernetes service account through Workload Identity; it reads the organization's repositories and nothing else.
   */
  public readonly imageVerificationReader: GcpWorkloadIdentity;
  /** The OpenTelemetry Collector's Google service account (Cloud Trace agent); undefined where GKE does not run it. */
  public readonly telemetryCollector?: GcpWorkloadIdentity;
  /** The CI service account of each team with services, when the organization has `delivery.github`. */
  public readonly ciServiceAccounts: Record<string, GcpGitHubActionsServiceAccount> = {};

  constructor(scope: Construct, id: string, props: EnvironmentGcpStackProps) {
    super(scope, id);
    const { organization: org, environment: env } = props;
    const gcp = env.gcp;
    if (!gcp) throw new Error(`EnvironmentGcpStack: environment "${env.name}" has no GCP placement`);

    const provider = new GoogleProvider(this, 'google', {
      project: gcp.project,
      region: gcp.region,
    });
    // cdktf snake-cases the keys of provider maps (`cost-center` would become `cost_center`); labels are data.
    provider.addOverride('default_labels', { ...env.tags });
    addRemoteState(this, 'gcp', id, org.terraformState);

    this.network = new GcpNetwork(this, 'Network', {
      namePrefix: naming.namePrefix(org.name, env.name),
      project: gcp.project,
      region: gcp.region,
      nodesCidr: gcp.subnets.nodes,
      podsCidr: gcp.subnets.pods,
      servicesCidr: gcp.subnets.services,
      flowLogSampling: env.profile.network.flowLogSampling,
    });

    // Tier bounds are per cluster; a regional GKE pool repeats its bounds in each of the region's three zones.
    const cluster = env.profile.cluster;
    const perZone = (total: number) => Math.max(1, Math.ceil(total / 3));
    this.cluster = new GkeCluster(this, 'Cluster', {
      namePrefix: naming.namePrefix(org.name, env.name),
      project: gcp.project,
      region: gcp.region,
      network: this.network.networkName,
      subnetwork: this.network.subnetworkName,
      podsRangeName: this.network.podsRangeName,
      servicesRangeName: this.network.servicesRangeName,
      nodesCidr: gcp.subnets.nodes,
      // From the spec's CIDR plan, which checks it against every environment network.
      masterIpv4CidrBlock: gcp.controlPlaneCidr,
      nodePools: {
        system: { minNodeCountPerZone: perZone(cluster.systemNodesMin), maxNodeCountPerZone: perZone(cluster.systemNodesMax) },
        general: { minNodeCountPerZone: perZone(cluster.generalNodesMin), maxNodeCountPerZone: perZone(cluster.generalNodesMax) },
      },
      rbacSecurityGroup: org.kubernetes.gcpSecurityGroup,
      // GKE copies these to the node VMs and disks, so billing export attributes their cost.
      resourceLabels: { ...env.tags },
    });

    // The policy engine reads each image's signature as itself (Workload Identity gives pods no node credentials).
    // Its grant is the registry's reader role on each repository, not a project role.
    this.imageVerificationReader = imageVerificationIdentity().bindGcp(this, IMAGE_VERIFICATION_READER_ID, {
      project: gcp.project,
      namePrefix: naming.namePrefix(org.name, env.name),
      workloadPool: this.cluster.workloadPool,
    });

    // One repository per team; each service's images live in its team's repository.
    this.registry = new GcpArtifactRegistry(this, 'Registry', {
      namePrefix: naming.namePrefix(org.name, env.name),
      project: gcp.project,
      region: gcp.region,
      drRegion: gcp.drRegion,
      repositories: org.teams.map((team) => ({
        name: team.name,
        // The team's own tags (a team cost-center) over the environment's default labels.
        labels: { ...team.tags, team: team.name },
        services: org.services.filter((s) => s.team === team.name).map((s) => s.name),
      })),
      // Append only: a member known only at apply is addressed by its position among such members.
      readerMembers: [`serviceAccount:${this.cluster.nodeServiceAccountEmail}`, this.imageVerificationReader.member],
      untaggedImageExpiryDays: env.profile.registry.untaggedImageExpiryDays,
      keepReleaseImages: env.profile.registry.keepReleaseImages,
    });

    // Each team's workflows push to the team's repository as the team's service account, impersonable only from the
    // GitHub environment of the same name; the pool admits only the organization's repositories.
    const github = org.delivery?.github;
    const teams = org.teams.filter((t) => org.services.some((s) => s.team === t.name));
    if (github && teams.length > 0) {
      const federation = new GcpGitHubActionsFederation(this, 'GitHubActions', {
        project: gcp.project,
        owner: github.owner,
        poolId: GCP_CI_POOL_ID,
        providerId: GCP_CI_PROVIDER_ID,
      });
      for (const team of teams) {
        this.ciServiceAccounts[team.name] = new GcpGitHubActionsServiceAccount(this, `Ci-${team.name}`, {
          project: gcp.project,
          accountId: gcpCiServiceAccountId(team.name),
          poolName: federation.poolName,
          repository: teamRepository(github.owner, team.name),
          environment: env.name,
          pushRepositories: [{
            project: gcp.project,
            location: this.registry.location,
            repository: this.registry.repositories[team.name].repositoryId,
          }],
        });
      }
      new TerraformOutput(this, 'Ci-WorkloadIdentityProvider', {
        value: federation.providerName,
        description: 'GCP_WORKLOAD_IDENTITY_PROVIDER of every GitHub environment of this environment',
      }).overrideLogicalId('ci_workload_identity_provider');
    }

    for (const { service, identity } of serviceIdentities(org, 'gcp')) {
      identity.bindGcp(this, `Identity-${service.name}`, {
        project: gcp.project,
        namePrefix: naming.namePrefix(org.name, env.name),
        workloadPool: this.cluster.workloadPool,
      });
    }

    // The cluster's OpenTelemetry Collector writes spans to Cloud Trace as a Google service account of its own.
    if (runsCollector('gcp')) {
      this.telemetryCollector = OTEL_COLLECTOR_IDENTITY.bindGcp(this, 'TelemetryCollector', {
        project: gcp.project,
        namePrefix: naming.namePrefix(org.name, env.name),
        workloadPool: this.cluster.workloadPool,
      });
    }

    // Validation requires the billing account whenever an environment is on GCP.
    this.budget = new GcpProjectBudget(this, 'Budget', {
      namePrefix: naming.namePrefix(org.name, env.name),
      project: gcp.project,
      billingAccountId: org.billing.gcpBillingAccountId!,
      currency: org.billing.currency,
      monthlyAmount: env.profile.budget.monthlyAmount,
      escalation: org.alerting.escalation.map((r) => ({ name: r.name, emails: [...r.emails] })),
      // default_labels do not reach notification channels.
      labels: { ...env.tags },
    });

    // Where the registry moved to a multi-region for DR, that multi-region must be allowed too.
    this.guardrails = new GcpOrgPolicyGuardrails(this, 'Guardrails', {
      project: gcp.project,
      allowedRegions: gcp.drRegion ? [gcp.region, gcp.drRegion] : [gcp.region],
      allowedMultiRegions: this.registry.location !== gcp.region ? [this.registry.location] : [],
    });

    this.alerting = gcpAlerting(this, org, env, naming.namePrefix(org.name, env.name), this.cluster);
    // Validation asks for the public key whenever an environment is on GCP and images are signed.
    const publicKey = org.imageSigning?.publicKey;
    if (publicKey !== undefined) {
      this.binaryAuthorization = new GcpBinaryAuthorization(this, 'BinaryAuthorization', {
        project: gcp.project,
        namePrefix: naming.namePrefix(org.name, env.name),
        attestorPublicKeysPem: [publicKey],
        // The add-ons' vendor images; the organization's own images need the attestation.
        allowlistedImagePatterns: addonImagePatterns(addonsFor('gcp')),
        ...(org.imageSigning?.gcpKmsKeyVersion !== undefined && { kmsKeyVersion: org.imageSigning.gcpKmsKeyVersion }),
      });
      // Each team's release workflow attests its images with the KMS key, as the team's CI service account.
      if (org.imageSigning?.gcpKmsKeyVersion !== undefined) {
        for (const [team, account] of Object.entries(this.ciServiceAccounts)) this.binaryAuthorization.grantAttestation(team, `serviceAccount:${account.email}`);
      }
    }
  }
}
