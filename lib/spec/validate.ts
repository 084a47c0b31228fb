import type { z } from 'zod';
import { alertingRoleIssues, breakGlassIssues } from './alerting';
import { autoscalingIssues, capacityIssues } from './capacity';
import { cloudApiIssues } from './checks/cloud-apis';
import { clusterSizingIssues } from './checks/cluster-sizing';
import { containerResourceIssues } from './checks/container-resources';
import { deliveryIssues } from './checks/delivery';
import { imageSigningIssues } from './checks/image-signing';
import { ingressIssues } from './checks/ingress';
import { kubernetesVersionIssues } from './checks/kubernetes-version';
import { nameIssues } from './checks/names';
import { networkIssues } from './checks/networks';
import { nodeCapacityIssues } from './checks/node-capacity';
import { placementIssues } from './checks/placements';
import type { EnvironmentSketch, ServiceSketch } from './checks/sketch';
import { structureIssues, withoutInvalid } from './checks/structure';
import { trafficIssues } from './checks/traffic';
import { cloudLimitIssues } from './cloud-limits';
import { SpecIssue, formatPath } from './errors';
import { CLOUDS } from './network-plan';
import { SERVICE_DEFAULTS } from './organization';
import { organizationSchema } from './schema';
import { ORGANIZATION_TAG_KEYS } from './tags';
import { TIERS, Tier, TierProfile, resolveTierProfile } from './tiers';
import { overlaps, parseIpv4Cidr, Ipv4Network } from '../../core/cidr';
import { DEFAULT_AUTOSCALING_FACTOR } from '../../core/rollout';
import { show, showKey } from '../../core/show';

type Issue = z.core.$ZodIssue;

/**
 * Most resources one team's AWS stack may need: one ECR repository per service, plus a role, its policy and a pod
 * identity association per service with AWS access. A team's resources share one CloudFormation stack per
 * environment (so a service never moves between stacks when others are added), and a stack holds at most 500
 * resources; the rest is headroom for the stack's own key and outputs.
 */
export const MAX_TEAM_STACK_RESOURCES = 450;

/** Messages for the generic zod issues the schema does not word itself. */
function describe(issue: Issue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined
        ? `is required (expected ${article(issue.expected)})`
        : `${show(input)} is not ${article(issue.expected)}`;
    case 'invalid_key':
      // A record key failed its rule; the nested issue quotes the key.
      return issue.issues.map((i) => i.message).join('; ');
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((k) => showKey(k)).join(', ')} (check the spelling; see OrganizationSpec for the keys allowed here)`;
    default:
      return input === undefined ? issue.message : `${show(input)} ${issue.message}`;
  }
}

function article(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object' || expected === 'record') return 'an object';
  return `a ${expected}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: any = root;
  for (const key of path) node = node == null ? undefined : node[key as any];
  return node;
}

/**
 * Validates a spec completely and returns every problem; an empty list means it is valid, and then it
 * synthesizes on every engine.
 *
 * Field rules come from the zod schema. Every other rule (across fields, on names, placements, networks,
 * versions, and on the resolved tier profiles and services) runs on whatever parts are well-formed: the values
 * the schema refused are left out, so one typo neither hides a mistake elsewhere nor is reported twice.
 */
export function validateOrganizationSpec(input: unknown): SpecIssue[] {
  const issues: SpecIssue[] = structureIssues(input);
  const reported = new Set(issues.map((i) => i.path));
  const schemaPaths = new Set<string>();
  const invalid: PropertyKey[][] = [];
  const result = organizationSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        // One problem per key, at the key's own path: `extra`, not the empty path of the object holding it.
        for (const key of issue.keys) {
          const path = [...issue.path, key];
          invalid.push(path);
          issues.push({ path: formatPath(path), message: `unknown key ${showKey(key)} (check the spelling; see OrganizationSpec for the keys allowed here)` });
        }
        continue;
      }
      invalid.push(issue.path);
      schemaPaths.add(formatPath(issue.path));
      const input_ = valueAt(input, issue.path);
      // Messages from the schema already quote the value; generic ones are worded here.
      const worded = input_ !== undefined && issue.message.startsWith(`${show(input_)} `);
      issues.push({ path: formatPath(issue.path), message: worded ? issue.message : describe(issue, input_) });
    }
  }
  const spec = withoutInvalid(input, invalid);
  // A value the schema refused is left out of the other rules; one that reads it as missing is the same mistake.
  issues.push(...[
    ...crossFieldIssues(spec),
    ...nameIssues(spec),
    ...placementIssues(spec),
    ...networkIssues(spec),
    ...kubernetesVersionIssues(spec),
    ...imageSigningIssues(spec),
    ...deliveryIssues(spec),
    ...trafficIssues(spec),
    ...ingressIssues(spec),
    ...cloudApiIssues(spec),
    ...resolvedIssues(spec),
  ].filter((i) => !schemaPaths.has(i.path)));
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key) || (reported.has(i.path) && i.message.startsWith('unknown key'))) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Rules on resolved values (tier profiles with the organization's overrides, services with their defaults),
 * resolved from the well-formed parts only.
 */
function resolvedIssues(spec: any): SpecIssue[] {
  if (spec === null || typeof spec !== 'object') return [];
  const overrides = isObject(spec.tierProfiles) ? spec.tierProfiles : {};
  const profiles = Object.fromEntries(
    TIERS.map((t) => [t, resolveTierProfile(t, isObject(overrides[t]) ? overrides[t] : undefined)]),
  ) as Record<Tier, TierProfile>;
  const environments: EnvironmentSketch[] = (Array.isArray(spec.environments) ? spec.environments : [])
    .filter((e: any) => isObject(e) && typeof e.name === 'string' && TIERS.includes(e.tier))
    .map((e: any) => ({
      name: e.name,
      tier: e.tier,
      profile: profiles[e.tier as Tier],
      ...(isObject(e.aws) && { aws: e.aws }),
      ...(isObject(e.azure) && { azure: e.azure }),
      ...(isObject(e.gcp) && { gcp: e.gcp }),
    }));
  const services: ServiceSketch[] = [];
  const names = new Set<string>();
  (Array.isArray(spec.services) ? spec.services : []).forEach((svc: any, index: number) => {
    // A duplicate is reported as such and not counted twice.
    if (!isObject(svc) || typeof svc.name !== 'string' || typeof svc.team !== 'string' || names.has(svc.name)) return;
    names.add(svc.name);
    const resources = isObject(svc.resources) ? svc.resources : {};
    const replicas = typeof svc.replicas === 'number' ? svc.replicas : SERVICE_DEFAULTS.replicas;
    services.push({
      index,
      service: {
        name: svc.name,
        team: svc.team,
        replicas,
        maxReplicas: typeof svc.maxReplicas === 'number' ? svc.maxReplicas : DEFAULT_AUTOSCALING_FACTOR * replicas,
        resources: { ...SERVICE_DEFAULTS.resources, ...resources },
      },
      given: new Set(Object.keys(resources)),
    });
  });
  return [
    ...clusterSizingIssues(profiles, environments),
    ...containerResourceIssues(profiles, services),
    ...autoscalingIssues(services),
    ...capacityIssues(environments, services.map((s) => s.service)),
    ...nodeCapacityIssues(environments, services.map((s) => s.service)),
    ...cloudLimitIssues(environments),
  ];
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function crossFieldIssues(spec: any): SpecIssue[] {
  if (spec === null || typeof spec !== 'object') return [];
  const issues: SpecIssue[] = [];
  const environments: any[] = Array.isArray(spec.environments) ? spec.environments : [];
  const teams: any[] = Array.isArray(spec.teams) ? spec.teams : [];

  const services: any[] = Array.isArray(spec.services) ? spec.services : [];
  duplicates(teams, ['teams'], 'team', issues);
  duplicates(services, ['services'], 'service', issues);
  duplicates(environments, ['environments'], 'environment', issues);
  duplicates(Array.isArray(spec.alerting?.escalation) ? spec.alerting.escalation : [], ['alerting', 'escalation'], 'receiver', issues);
  issues.push(...alertingRoleIssues(spec.alerting), ...breakGlassIssues(spec));

  const teamNames = [...new Set(teams.map((t) => t?.name).filter((n): n is string => typeof n === 'string'))];
  const perTeam = new Map<string, number>();
  services.forEach((svc, i) => {
    const team = svc?.team;
    if (typeof team !== 'string') return;
    if (!teamNames.includes(team)) {
      issues.push({ path: formatPath(['services', i, 'team']), message: `${show(team)} is not a team of this organization (expected one of ${teamNames.join(', ')})` });
      return;
    }
    // A repository per service; a role, its policy and a pod identity association per service with AWS access.
    perTeam.set(team, (perTeam.get(team) ?? 0) + 1 + (svc?.cloudAccess?.aws ? 3 : 0));
  });
  if (environments.some((env) => env?.aws !== undefined)) {
    for (const [team, count] of perTeam) {
      if (count > MAX_TEAM_STACK_RESOURCES) {
        issues.push({
          path: formatPath(['services']),
          message: `team ${show(team)} needs ${count} resources for its repositories and workload identities (expected at most ${MAX_TEAM_STACK_RESOURCES}: they share one CloudFormation stack per environment, which holds at most 500 resources; split the team)`,
        });
      }
    }
  }

  if (spec.tags && typeof spec.tags === 'object') {
    for (const key of ORGANIZATION_TAG_KEYS) {
      const value = spec.tags[key];
      if (typeof value !== 'string' || value === '') {
        issues.push({ path: formatPath(['tags', key]), message: `missing mandatory tag (expected ${ORGANIZATION_TAG_KEYS.join(', ')} on the organization)` });
      }
    }
    if ('environment' in spec.tags) {
      issues.push({ path: formatPath(['tags', 'environment']), message: `${show(spec.tags.environment)} is set by the library for each environment (expected no "environment" tag here)` });
    }
  }
  environments.forEach((env, i) => {
    for (const [cloud, field, home] of [['aws', 'drRegion', 'region'], ['azure', 'drLocation', 'location'], ['gcp', 'drRegion', 'region']] as const) {
      const dr = env?.[cloud]?.[field];
      if (typeof dr === 'string' && dr === env[cloud][home]) {
        issues.push({ path: formatPath(['environments', i, cloud, field]), message: `${show(dr)} is the environment's own ${home} (expected a different ${home}, so a regional outage does not take the replica too)` });
      }
    }
    if (env?.tags && typeof env.tags === 'object' && 'environment' in env.tags) {
      issues.push({ path: formatPath(['environments', i, 'tags', 'environment']), message: `${show(env.tags.environment)} is set by the library to the environment name (expected no "environment" tag here)` });
    }
  });

  // Every network will be connected (peering, VPN, interconnect), so no two may share an address.
  const seen: { path: string; net: Ipv4Network }[] = [];
  environments.forEach((env, i) => {
    for (const cloud of CLOUDS) {
      const cidr = env?.[cloud]?.cidr;
      const net = typeof cidr === 'string' ? parseIpv4Cidr(cidr) : undefined;
      if (!net) continue;
      const path = formatPath(['environments', i, cloud, 'cidr']);
      const clash = seen.find((s) => overlaps(s.net, net));
      if (clash) {
        issues.push({ path, message: `${show(cidr)} overlaps ${clash.path} ${show(clash.net.cidr)} (expected a network unique across all environments and clouds; they will be connected)` });
      }
      seen.push({ path, net });
    }
  });

  if (environments.some((env) => env?.azure !== undefined) && spec.kubernetes?.azureAdminGroupObjectIds === undefined) {
    issues.push({
      path: formatPath(['kubernetes', 'azureAdminGroupObjectIds']),
      message: 'is required because environments are placed on Azure (expected the Entra ID groups that administer the AKS clusters; local accounts are disabled)',
    });
  }
  // Budget alerts reach every escalation address at 100 %: a GCP budget notifies at most 5 channels, an AWS
  // notification at most 10 subscribers.
  const emails = new Set((Array.isArray(spec.alerting?.escalation) ? spec.alerting.escalation : [])
    .flatMap((r: any) => (Array.isArray(r?.emails) ? r.emails : [])));
  for (const [cloud, limit, label] of [['gcp', 5, 'a GCP billing budget notifies at most 5 channels'], ['aws', 10, 'an AWS budget notification has at most 10 subscribers']] as const) {
    if (environments.some((env) => env?.[cloud] !== undefined) && emails.size > limit) {
      issues.push({
        path: formatPath(['alerting', 'escalation']),
        message: `has ${emails.size} distinct email addresses (expected at most ${limit}: ${label}; use group or paging-service addresses)`,
      });
      break;
    }
  }
  const currency = spec.billing?.currency ?? 'USD';
  if (environments.some((env) => env?.aws !== undefined) && currency !== 'USD') {
    issues.push({
      path: formatPath(['billing', 'currency']),
      message: `${show(currency)} cannot be used with AWS environments (expected USD: AWS Budgets count in USD only, and one amount per tier must mean the same on every cloud)`,
    });
  }
  if (environments.some((env) => env?.gcp !== undefined) && spec.billing?.gcpBillingAccountId === undefined) {
    issues.push({
      path: formatPath(['billing', 'gcpBillingAccountId']),
      message: 'is required because environments are placed on GCP (expected the Cloud Billing account the budgets watch, like 012345-6789AB-CDEF01)',
    });
  }
  for (const [cloud, label] of [['azure', 'Azure'], ['gcp', 'GCP']] as const) {
    const placed = environments.some((env) => env?.[cloud] !== undefined);
    if (placed && spec.terraformState?.[cloud] === undefined) {
      issues.push({
        path: formatPath(['terraformState', cloud]),
        message: `is required because environments are placed on ${label} (expected the remote state location; Terraform state is never local)`,
      });
    }
  }
  return issues;
}

function duplicates(items: any[], list: readonly string[], what: string, issues: SpecIssue[]): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const name = item?.name;
    if (typeof name !== 'string') return;
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, i);
    } else {
      issues.push({ path: formatPath([...list, i, 'name']), message: `${show(name)} duplicates ${formatPath([...list, earlier, 'name'])} (expected unique ${what} names)` });
    }
  });
}
