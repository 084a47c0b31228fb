import { acme } from '../../../examples/acme/org';
import { imageReference } from '../../../lib/platform/image-reference';
import { defineOrganization } from '../../../lib/spec';

describe('imageReference(service@environment@cloud)', () => {
  const org = defineOrganization(acme);

  test.each([
    ['checkout@dev@aws', '111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme-dev/checkout:v1.0.0'],
    ['payments-api@prod@aws', '333333333333.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/payments-api:v3.8.1'],
    ['checkout@staging@azure', 'cracmestaging.azurecr.io/payments/checkout:v1.0.0'],
    ['search@dev@gcp', 'europe-west1-docker.pkg.dev/acme-dev-4821/storefront/search:v1.0.0'],
    // prod has a DR region, so its repositories live in the multi-region
    ['search@prod@gcp', 'europe-docker.pkg.dev/acme-prod-4821/storefront/search:v1.0.0'],
  ])('%s is %s', (ref, expected) => {
    expect(imageReference(org, ref)).toBe(expected);
  });

  test('unknown parts are all named at once with what is expected', () => {
    expect(() => imageReference(org, 'billing@qa@oci')).toThrow([
      'imageReference: service "billing" is not a service of acme (expected one of payments-api, checkout, fraud-scoring, ledger, storefront-web, catalog, search, cart, recommendations, notifications, ingest-gateway, event-router, reporting-api)',
      'imageReference: environment "qa" is not an environment of acme (expected one of dev, staging, prod)',
      'imageReference: cloud "oci" is not a cloud (expected aws, azure or gcp)',
    ].join('\n'));
    expect(() => imageReference(org, 'checkout/prod')).toThrow('imageReference: "checkout/prod" is not service@environment@cloud (expected like checkout@prod@aws)');
  });

  test('an environment without a placement on the cloud is named', () => {
    const awsOnly = defineOrganization({ ...acme, environments: [{ ...acme.environments[0], azure: undefined, gcp: undefined }] });
    expect(() => imageReference(awsOnly, 'checkout@dev@gcp')).toThrow('imageReference: environment "dev" has no gcp placement (expected one of aws)');
  });
});
