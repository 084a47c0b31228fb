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
});
