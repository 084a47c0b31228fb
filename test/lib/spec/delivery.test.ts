import { acme } from '../../../examples/acme/org';
import { defineOrganization, SpecValidationError } from '../../../lib/spec';

function issues(spec: any): string[] {
  try {
    defineOrganization(spec);
  } catch (e) {
    if (e instanceof SpecValidationError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

describe('spec: delivery', () => {
  test('the GitOps source resolves with its defaults', () => {
    expect(defineOrganization(acme).delivery).toEqual({
      gitopsRepoUrl: 'https://github.com/acme/platform-gitops.git',
      gitopsRevision: 'main',
      gitopsPath: 'cdk8s.out',
      github: { owner: 'acme', platformRepository: 'platform' },
    });
    expect(defineOrganization({ ...acme, delivery: undefined }).delivery).toBeUndefined();
  });

  test('tiers carry the delivery knobs; an organization may override them', () => {
    const org = defineOrganization({ ...acme, tierProfiles: { prod: { delivery: { syncWindowSchedule: '0 8 * * 1-5' } } } });
    const prod = org.environments.find((e) => e.tier === 'prod')!;
    expect(prod.profile.delivery).toEqual({ autoSync: false, syncWindowSchedule: '0 8 * * 1-5', syncWindowDurationHours: 6 });
    expect(org.environments.find((e) => e.tier === 'dev')!.profile.delivery.autoSync).toBe(true);
  });

  test('bad values are reported with their path', () => {
    const found = issues({
      ...acme,
      delivery: { gitopsRepoUrl: 'git@github.com:acme/gitops.git', gitopsPath: '/abs' },
      tierProfiles: { prod: { delivery: { syncWindowSchedule: 'weekdays', syncWindowDurationHours: 48 } } },
    });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^delivery\.gitopsRepoUrl: .*is not an https Git URL/),
      expect.stringMatching(/^delivery\.gitopsPath: .*is not a relative folder/),
      expect.stringMatching(/^tierProfiles\.prod\.delivery\.syncWindowSchedule: .*is not a cron schedule/),
      expect.stringMatching(/^tierProfiles\.prod\.delivery\.syncWindowDurationHours: .*is not a window length/),
    ]));
  });

  test('a GitHub owner or repository GitHub would refuse is reported with its path', () => {
    const found = issues({ ...acme, delivery: { gitopsRepoUrl: 'https://github.com/acme/gitops.git', github: { owner: '-acme', platformRepository: 'plat form' } } });
    expect(found).toEqual([
      'delivery.github.owner: "-acme" is not a GitHub organization name (expected letters, digits and single hyphens, at most 39 characters, like acme)',
      'delivery.github.platformRepository: "plat form" is not a GitHub repository name (expected letters, digits, ".", "-" and "_", like platform)',
    ]);
  });

  test('with GitOps, no team may take the platform\'s Argo CD project name', () => {
    // (acme's platform repository is also named platform: that is the next test's rule.)
    expect(issues({ ...acme, delivery: { gitopsRepoUrl: acme.delivery!.gitopsRepoUrl }, teams: [...acme.teams, { name: 'platform' }] })).toEqual([
      'teams[3].name: "platform" is the Argo CD project of the platform itself (expected another team name, like platform-engineering: each team gets an AppProject named after it, which would merge with the platform\'s and its rights)',
    ]);
    expect(issues({ ...acme, delivery: undefined, teams: [...acme.teams, { name: 'platform' }] })).toEqual([]);
  });

  test('no team may be named like the platform repository, whose folder and OIDC subject it would share', () => {
    const github = { owner: 'acme', platformRepository: 'Payments' };
    const teamIndex = acme.teams.findIndex((t) => t.name === 'payments');
    expect(issues({ ...acme, delivery: { ...acme.delivery!, github } })).toEqual([
      `teams[${teamIndex}].name: "payments" is the platform repository (delivery.github.platformRepository) (expected another team name: each team builds in its own repository <owner>/<team>, which the clouds trust to push that team's images)`,
    ]);
  });

  test('the spec\'s signers must admit what the generated workflows sign with', () => {
    const signing = acme.imageSigning!;
    expect(issues({ ...acme, imageSigning: { ...signing, keyless: { ...signing.keyless!, subject: 'https://github.com/acme/payments/*' } } })).toEqual([
      'imageSigning.keyless.subject: "https://github.com/acme/payments/*" does not admit the signatures of 9 generated workflows, like '
        + 'https://github.com/acme/storefront/.github/workflows/storefront-web.yml@refs/tags/storefront-web/v1.0.0 (expected a subject every release workflow of delivery.github matches, like https://github.com/acme/*)',
    ]);
    expect(issues({ ...acme, imageSigning: { ...signing, keyless: { issuer: 'https://accounts.google.com', subject: 'https://github.com/acme/*' } } })).toEqual([
      'imageSigning.keyless.issuer: "https://accounts.google.com" is not the issuer of the generated workflows\' signatures (expected https://token.actions.githubusercontent.com: delivery.github\'s workflows sign with GitHub Actions\' OIDC token)',
    ]);
    expect(issues({ ...acme, imageSigning: { publicKey: signing.publicKey, gcpKmsKeyVersion: signing.gcpKmsKeyVersion } })).toEqual([
      'imageSigning.keyless: is required because delivery.github generates the release workflows, which sign every image keyless (expected { issuer: \'https://token.actions.githubusercontent.com\', subject: \'https://github.com/acme/*\' })',
    ]);
    expect(issues({ ...acme, imageSigning: { ...signing, gcpKmsKeyVersion: undefined } })).toEqual([
      'imageSigning.gcpKmsKeyVersion: is required because delivery.github generates the release workflows and "dev", "staging", "prod" run on GCP (expected the Cloud KMS key version of publicKey, '
        + 'like projects/acme-security/locations/global/keyRings/release/cryptoKeys/cosign/cryptoKeyVersions/1: Binary Authorization admits only images attested with it)',
    ]);
    expect(issues({ ...acme, imageSigning: { ...signing, gcpKmsKeyVersion: 'projects/x/keys/1' } })).toEqual([
      'imageSigning.gcpKmsKeyVersion: "projects/x/keys/1" is not a Cloud KMS key version (expected projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>/cryptoKeyVersions/<n>)',
    ]);
    // Without delivery.github nothing is generated, so nothing is tied; the key version still needs its public key.
    expect(issues({ ...acme, delivery: { gitopsRepoUrl: acme.delivery!.gitopsRepoUrl }, imageSigning: { ...signing, keyless: { ...signing.keyless!, subject: 'https://github.com/acme/payments/*' } } })).toEqual([]);
    expect(issues({ ...acme, delivery: undefined, imageSigning: { keyless: signing.keyless, gcpKmsKeyVersion: signing.gcpKmsKeyVersion } })).toEqual([
      'imageSigning.publicKey: is required with gcpKmsKeyVersion (expected the key version\'s public key, PEM: `gcloud kms keys versions get-public-key`; the clusters verify with it, offline)',
      'imageSigning.publicKey: is required because "dev", "staging", "prod" run on GCP (expected the cosign public key, PEM ECDSA P-256: GKE\'s Binary Authorization attestor verifies a PKIX key, not a keyless identity)',
    ]);
  });
});
