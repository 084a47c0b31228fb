import type { OrganizationSpec } from '../../lib/spec';

/**
 * ACME Corp: three environments on all three clouds, three teams.
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
      aws: { account: '333333333333', region: 'eu-central-1', cidr: '10.30.0.0/16' },
      azure: { subscriptionId: '33333333-3333-4333-8333-333333333333', location: 'germanywestcentral', cidr: '10.31.0.0/16' },
      gcp: { project: 'acme-prod-4821', region: 'europe-west3', cidr: '10.32.0.0/16' },
    },
  ],
  kubernetes: {
    version: '1.33',
    awsAdminRoleName: 'platform-admin',
    azureAdminGroupObjectIds: ['6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b'],
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
