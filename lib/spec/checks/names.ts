import { show } from '../../../core/show';
import { naming } from '../../naming';
import { formatPath, SpecIssue } from '../errors';

/**
 * Namespaces that Kubernetes, the cloud or the platform's own add-ons run in. A team namespace there would merge
 * the team's workloads with theirs and inherit their exemptions: every Kyverno policy skips these namespaces.
 * A test holds this list to the namespaces the policies exclude (`policyExcludedNamespaces` in lib/addons).
 */
export const RESERVED_NAMESPACES: readonly string[] = [
  'default', 'kube-system', 'kube-public', 'kube-node-lease', // Kubernetes
  'argocd', 'kyverno', 'argo-rollouts', 'monitoring', 'metrics-server', 'cluster-autoscaler', 'cert-manager', 'envoy-gateway-system', 'opentelemetry', // the platform's add-ons
  'amazon-cloudwatch', // EKS (Container Insights)
  'gatekeeper-system', // AKS (Azure Policy)
  'gke-gmp-system', 'gke-managed-system', 'gmp-public', 'gmp-system', // GKE
];

/** The Argo CD AppProject of the platform: the GitOps chart names it so, and no team may take the name. */
export const PLATFORM_PROJECT = 'platform';

/**
 * Names the engines cannot take as construct ids: the `constructs` library keeps children in a plain object and
 * looks ids up with `in`, so an id inherited from `Object.prototype` already "exists".
 */
const RESERVED_IDS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The engine that holds a synthesized stack: stack names must be unique per app. */
type App = 'CloudFormation' | 'Terraform';

/**
 * Names the spec chooses that the platform turns into namespaces, construct ids, stack names and cloud resource
 * names: each must be one those accept, and no two may turn into the same stack.
 */
export function nameIssues(spec: any): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const teams: any[] = Array.isArray(spec?.teams) ? spec.teams : [];
  const services: any[] = Array.isArray(spec?.services) ? spec.services : [];
  const environments: any[] = Array.isArray(spec?.environments) ? spec.environments : [];

  const reservedId = (name: unknown, path: PropertyKey[]) => {
    if (typeof name === 'string' && RESERVED_IDS.has(name)) {
      issues.push({ path: formatPath(path), message: `${show(name)} is reserved (expected another name: the construct libraries cannot hold a construct with this id)` });
      return true;
    }
    return false;
  };
  reservedId(spec?.name, ['name']);
  environments.forEach((env, i) => reservedId(env?.name, ['environments', i, 'name']));
  services.forEach((svc, i) => reservedId(svc?.name, ['services', i, 'name']));
  teams.forEach((team, i) => {
    const name = team?.name;
    if (reservedId(name, ['teams', i, 'name']) || typeof name !== 'string') return;
    if (RESERVED_NAMESPACES.includes(name) || name.startsWith('kube-')) {
      issues.push({
        path: formatPath(['teams', i, 'name']),
        message: `${show(name)} is a namespace Kubernetes, the cloud or the platform runs in (expected a team name other than ${RESERVED_NAMESPACES.join(', ')} and not starting with "kube-": every policy exempts those namespaces)`,
      });
    } else if (spec?.delivery !== undefined && name === PLATFORM_PROJECT) {
      issues.push({
        path: formatPath(['teams', i, 'name']),
        message: `${show(name)} is the Argo CD project of the platform itself (expected another team name, like platform-engineering: each team gets an AppProject named after it, which would merge with the platform's and its rights)`,
      });
    }
  });

  // Stack names per app: the first environment to claim a name keeps it.
  const org = spec?.name;
  if (typeof org !== 'string') return issues;
  const teamNames = teams.map((t) => t?.name).filter((n): n is string => typeof n === 'string' && !RESERVED_IDS.has(n));
  const claimed = new Map<string, { env: number; what: string }>();
  const envNames = new Set<string>();
  environments.forEach((env, i) => {
    const name = env?.name;
    // A duplicate environment name is reported as such; its stacks are the same mistake.
    if (typeof name !== 'string' || RESERVED_IDS.has(name) || envNames.has(name)) return;
    envNames.add(name);
    const stacks: Array<[App, string, string]> = [];
    if (env.aws) {
      stacks.push(['CloudFormation', naming.awsStack(org, name), 'AWS stack']);
      if (typeof env.aws.drRegion === 'string') stacks.push(['CloudFormation', naming.awsDrStack(org, name), 'AWS DR stack']);
      for (const team of teamNames) stacks.push(['CloudFormation', naming.awsTeamStack(org, name, team), `AWS stack of team "${team}"`]);
    }
    for (const cloud of ['azure', 'gcp'] as const) {
      if (env[cloud]) stacks.push(['Terraform', naming.terraformStack(org, name, cloud), `${cloud === 'azure' ? 'Azure' : 'GCP'} stack`]);
    }
    let clashed = false;
    for (const [app, stack, what] of stacks) {
      const key = `${app} ${stack}`;
      const earlier = claimed.get(key);
      if (earlier === undefined) {
        claimed.set(key, { env: i, what });
      } else if (earlier.env !== i && !clashed) {
        // One problem per environment: renaming it resolves every clash at once.
        clashed = true;
        issues.push({
          path: formatPath(['environments', i, 'name']),
          message: `${show(name)} names its ${what} "${stack}", which is already the ${earlier.what} of ${formatPath(['environments', earlier.env])} (expected an environment name whose stacks no other environment or team produces)`,
        });
      }
    }

    // Azure Container Registry names are 5-50 letters and digits: `cr` + organization + environment.
    if (env.azure) {
      const registry = `cr${naming.namePrefix(org, name).replace(/-/g, '')}`;
      if (registry.length < 5) {
        issues.push({
          path: formatPath(['environments', i, 'name']),
          message: `${show(name)} with organization ${show(org)} names the Azure container registry "${registry}", ${registry.length} characters (expected at least 5: organization and environment names of 3 letters or more together)`,
        });
      }
    }
  });
  return issues;
}
