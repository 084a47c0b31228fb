import { acme } from '../../../../examples/acme/org';
import { policyExcludedNamespaces } from '../../../../lib/addons';
import { defineOrganization, RESERVED_NAMESPACES } from '../../../../lib/spec';
import { issuesOf } from '../../../support/spec-issues';

const awsEnv = (name: string) => ({ name, tier: 'dev' as const, aws: { account: '444444444444', region: 'eu-west-2', cidr: '10.40.0.0/16' } });

describe('names the engines and clusters cannot take', () => {
  test.each([
    ['team', { ...acme, teams: [...acme.teams, { name: 'constructor' }] }, 'teams[3].name'],
    ['service', { ...acme, services: [...acme.services!, { name: 'constructor', team: 'payments' }] }, 'services[13].name'],
    ['environment', { ...acme, environments: [...acme.environments, awsEnv('constructor')] }, 'environments[3].name'],
  ])('a %s named "constructor" is rejected (the constructs library sees it as taken)', (_what, spec, path) => {
    expect(issuesOf(spec)).toEqual([`${path}: "constructor" is reserved (expected another name: the construct libraries cannot hold a construct with this id)`]);
  });

  test.each(['kube-system', 'default', 'kyverno', 'argocd', 'kube-anything', 'gmp-system'])('team "%s" would share a system namespace and its policy exemptions', (name) => {
    const [issue] = issuesOf({ ...acme, teams: [...acme.teams, { name }] });
    expect(issue).toMatch(new RegExp(`^teams\\[3\\]\\.name: "${name}" is a namespace Kubernetes, the cloud or the platform runs in \\(expected a team name other than default, kube-system`));
  });

  test('every namespace the policies exempt, on every cloud, is reserved for teams', () => {
    const exempt = (['aws', 'azure', 'gcp'] as const).flatMap((c) => policyExcludedNamespaces(undefined, c));
    expect(exempt.filter((ns) => !RESERVED_NAMESPACES.includes(ns) && !ns.startsWith('kube-'))).toEqual([]);
  });

  test('an environment whose AWS stack is another environment\'s DR stack is rejected', () => {
    const spec = {
      ...acme,
      environments: [{ ...acme.environments[0], aws: { ...acme.environments[0].aws!, drRegion: 'eu-central-1' } }, ...acme.environments.slice(1), awsEnv('dev-dr')],
    };
    expect(issuesOf(spec)).toEqual([
      'environments[3].name: "dev-dr" names its AWS stack "acme-dev-dr", which is already the AWS DR stack of environments[0] (expected an environment name whose stacks no other environment or team produces)',
    ]);
  });

  test('an environment whose AWS stack is a team stack of another environment is rejected', () => {
    const spec = { ...acme, teams: [...acme.teams, { name: 'pay' }], environments: [...acme.environments, awsEnv('dev-team-pay')] };
    expect(issuesOf(spec)).toEqual([
      'environments[3].name: "dev-team-pay" names its AWS stack "acme-dev-team-pay", which is already the AWS stack of team "pay" of environments[0] (expected an environment name whose stacks no other environment or team produces)',
    ]);
  });

  test('names that only look alike are accepted: dev beside dev-azure and dev-team', () => {
    const spec = { ...acme, environments: [...acme.environments, awsEnv('dev-azure'), { ...awsEnv('dev-team'), aws: { account: '555555555555', region: 'eu-west-2', cidr: '10.50.0.0/16' } }] };
    expect(() => defineOrganization(spec)).not.toThrow();
  });

  test('an Azure registry name below 5 characters is rejected with the name it would get', () => {
    const spec = { ...acme, name: 'a', environments: [{ ...acme.environments[0], name: 'd', aws: undefined, gcp: undefined }] };
    expect(issuesOf(spec)).toEqual([
      'environments[0].name: "d" with organization "a" names the Azure container registry "crad", 4 characters (expected at least 5: organization and environment names of 3 letters or more together)',
    ]);
  });
});
