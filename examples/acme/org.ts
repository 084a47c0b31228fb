import type { OrganizationSpec } from '../../lib';

/**
 * ACME Corp: three environments on all three clouds, three teams running thirteen services that call each other
 * across teams; prod has DR replicas.
 *
 * Exported as a plain object so tests and users can derive variants (`{ ...acme, environments: [...] }`).
 * Networks are carved from 10.0.0.0/8 per environment and cloud so everything can be connected later.
 */
export const acme: OrganizationSpec = {
  name: 'acme',
  tags: {
    'owner': 'platform-team',
    'cost-center': 'cc-1001',
    'data-classification': 'internal',
  },
  teams: [
    { name: 'payments', tags: { 'cost-center': 'cc-2001' } },
    { name: 'storefront' },
    { name: 'data-platform', tags: { 'data-classification': 'confidential' } },
  ],
  services: [
    {
      name: 'payments-api',
      team: 'payments',
      release: 'v3.8.1',
      slo: { availabilityPercent: 99.95, latencyP99Ms: 250 },
      // Reads its own secrets and publishes payment events, on every cloud, through workload identity.
      cloudAccess: {
        aws: { statements: [{ actions: ['sqs:SendMessage'], resources: ['arn:{partition}:sqs:{region}:{account}:acme-payment-events'] }] },
        azure: { roleAssignments: [{ roleDefinitionName: 'Key Vault Secrets User' }] },
        gcp: { projectRoles: ['roles/pubsub.publisher', 'roles/secretmanager.secretAccessor'] },
      },
      calls: ['fraud-scoring', 'ledger'],
      // The back office settles and refunds through it from the corporate network.
      exposure: { level: 'internal' },
    },
    {
      name: 'checkout',
      team: 'payments',
      replicas: 4,
      resources: { cpuRequest: '500m', memoryRequest: '512Mi', cpuLimit: '2', memoryLimit: '1Gi' },
      calls: ['payments-api', 'ledger', 'cart', 'notifications'],
    },
    { name: 'fraud-scoring', team: 'payments', port: 9000, resources: { memoryRequest: '1Gi', memoryLimit: '2Gi' } },
    { name: 'ledger', team: 'payments', slo: { availabilityPercent: 99.95 } },
    {
      name: 'storefront-web',
      team: 'storefront',
      port: 3000,
      replicas: 6,
      // The CDN caches most pages: twice the base load is the most the origin has to take.
      maxReplicas: 12,
      calls: ['catalog', 'cart', 'search', 'recommendations', 'checkout'],
      // The CDN reaches it through the internal load balancer; nothing reaches it from the internet directly.
      exposure: { level: 'internal' },
    },
    { name: 'catalog', team: 'storefront' },
    { name: 'search', team: 'storefront', maxReplicas: 6, resources: { cpuRequest: '500m', memoryRequest: '1Gi', cpuLimit: '2', memoryLimit: '2Gi' }, calls: ['catalog'] },
    { name: 'cart', team: 'storefront', slo: { latencyP99Ms: 200 }, calls: ['catalog'] },
    { name: 'recommendations', team: 'storefront', replicas: 2, slo: { availabilityPercent: 99.5 }, calls: ['catalog'] },
    { name: 'notifications', team: 'storefront', replicas: 2 },
    {
      name: 'ingest-gateway',
      team: 'data-platform',
      port: 8443,
      cloudAccess: {
        aws: { managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess'] },
        gcp: { projectRoles: ['roles/pubsub.subscriber'] },
      },
    },
    { name: 'event-router', team: 'data-platform', calls: ['ingest-gateway'] },
    {
      name: 'reporting-api',
      team: 'data-platform',
      replicas: 2,
      slo: { latencyP99Ms: 1000 },
      calls: ['ledger'],
      // Analysts' BI tools query it from the corporate network.
      exposure: { level: 'internal' },
    },
  ],
  environments: [
    {
      name: 'dev',
      tier: 'dev',
      aws: { account: '111111111111', region: 'eu-west-1', cidr: '10.10.0.0/16' },
      azure: { subscriptionId: '11111111-1111-4111-8111-111111111111', location: 'westeurope', cidr: '10.11.0.0/16' },
      gcp: { project: 'acme-dev-4821', region: 'europe-west1', cidr: '10.12.0.0/16' },
    },
    {
      name: 'staging',
      tier: 'staging',
      aws: { account: '222222222222', region: 'eu-west-1', cidr: '10.20.0.0/16' },
      azure: { subscriptionId: '22222222-2222-4222-8222-222222222222', location: 'westeurope', cidr: '10.21.0.0/16' },
      gcp: { project: 'acme-staging-4821', region: 'europe-west1', cidr: '10.22.0.0/16' },
    },
    {
      name: 'prod',
      tier: 'prod',
      tags: { 'data-classification': 'confidential' },
      aws: { account: '333333333333', region: 'eu-central-1', cidr: '10.30.0.0/16', drRegion: 'eu-west-1' },
      azure: {
        subscriptionId: '33333333-3333-4333-8333-333333333333',
        location: 'germanywestcentral',
        cidr: '10.31.0.0/16',
        drLocation: 'westeurope',
      },
      gcp: { project: 'acme-prod-4821', region: 'europe-west3', cidr: '10.32.0.0/16', drRegion: 'europe-west1' },
    },
  ],
  alerting: {
    escalation: [
      { name: 'platform-team', emails: ['platform-team@acme.example'] },
      { name: 'platform-oncall', emails: ['platform-oncall@acme.pagerduty.example'] },
      { name: 'engineering-leads', emails: ['eng-leads@acme.example'] },
      { name: 'security-team', emails: ['security@acme.example'], webhooks: ['https://hooks.acme.example/security'] },
      { name: 'cto-office', emails: ['cto-office@acme.example'] },
    ],
    // Which receivers stand for each role of the alert standards (lib/standards): an outage pages platform on-call,
    // then the engineering leads, then the CTO's office; a security event reaches on-call and security together.
    roles: {
      'devops': ['platform-oncall'],
      'eng-lead': ['engineering-leads'],
      'cto': ['cto-office'],
      'on-call': ['platform-oncall'],
      'team-lead': ['engineering-leads'],
      'security': ['security-team'],
    },
    smtp: { smarthost: 'smtp.acme.example:587', from: 'alertmanager@acme.example' },
    // Emergency-access accounts: any use of one is a security event (AWS's is the root user, always watched).
    breakGlass: { azure: ['breakglass1@acme.example'], gcp: ['breakglass@acme.example'] },
  },
  billing: { currency: 'USD', gcpBillingAccountId: '01A2B3-C4D5E6-F7A8B9' },
  kubernetes: {
    version: '1.33',
    awsAdminRoleName: 'platform-admin',
    azureAdminGroupObjectIds: ['6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b'],
    gcpSecurityGroup: 'gke-security-groups@acme.example',
  },
  // Argo CD in every cluster deploys the synthesized manifests committed to this repository.
  delivery: {
    gitopsRepoUrl: 'https://github.com/acme/platform-gitops.git',
    // Each team's services build in its own repository (acme/<team>); releases are proposed to acme/platform.
    github: { owner: 'acme', platformRepository: 'platform' },
  },
  // Release images are signed in CI with cosign: keyless by the organization's GitHub Actions workflows, and with
  // the platform key (cosign.pub), which GKE's Binary Authorization attestor also holds.
  imageSigning: {
    keyless: { issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/acme/*' },
    publicKey: [
      '-----BEGIN PUBLIC KEY-----',
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEGVAyEQurteIF0rZqlePDZcFYT2aX',
      'A1Uz0vn3cbdA6+1IEOLjU+hYLP8BiBMcuuMC5N6am8hWYonFIwmxhq9JdQ==',
      '-----END PUBLIC KEY-----',
      '',
    ].join('\n'),
    // The same key, held in Cloud KMS: CI signs with it and attests each image for GKE's Binary Authorization.
    gcpKmsKeyVersion: 'projects/acme-security/locations/global/keyRings/release/cryptoKeys/cosign/cryptoKeyVersions/1',
  },
  terraformState: {
    azure: {
      subscriptionId: '00000000-0000-4000-8000-000000000001',
      resourceGroupName: 'rg-acme-tfstate',
      storageAccountName: 'stacmetfstate4821',
      containerName: 'tfstate',
    },
    gcp: {
      bucket: 'acme-tfstate-4821',
      kmsEncryptionKey: 'projects/acme-shared-4821/locations/europe/keyRings/tfstate/cryptoKeys/tfstate',
    },
  },
};
