import { show } from '../../../core/show';
import { AWS_CLOUD, awsPartitionOf, gcpSharedMultiRegion, GCP_CLOUD } from '../clouds';
import { formatPath, SpecIssue } from '../errors';
import { CLOUDS } from '../network-plan';

/**
 * Where environments are placed: every environment somewhere, each account, subscription and project holding
 * one environment, zones of the environment's own region, DR placements the registries can replicate to, and
 * AWS partitions the baseline supports.
 */
export function placementIssues(spec: any): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const environments: any[] = Array.isArray(spec?.environments) ? spec.environments : [];

  environments.forEach((env, i) => {
    if (env === null || typeof env !== 'object') return;
    if (CLOUDS.every((c) => !(c in env))) {
      issues.push({ path: formatPath(['environments', i]), message: 'has no placement (expected at least one of aws, azure, gcp: an environment on no cloud deploys nothing)' });
    }
    const aws = env.aws;
    if (aws && typeof aws === 'object') {
      for (const field of ['region', 'drRegion'] as const) {
        const region = aws[field];
        if (typeof region !== 'string') continue;
        const partition = awsPartitionOf(region);
        const reason = AWS_CLOUD.partitions[partition].unsupported;
        if (reason !== undefined) {
          issues.push({
            path: formatPath(['environments', i, 'aws', field]),
            message: `${show(region)} is in the ${partition} partition, where the baseline cannot deploy yet: ${reason} (expected a region of the aws partition, like eu-west-1)`,
          });
        }
      }
      const zones: unknown[] = Array.isArray(aws.availabilityZones) ? aws.availabilityZones : [];
      const seen = new Map<string, number>();
      zones.forEach((zone, z) => {
        if (typeof zone !== 'string') return;
        const path = formatPath(['environments', i, 'aws', 'availabilityZones', z]);
        if (typeof aws.region === 'string' && !new RegExp(`^${aws.region}[a-z]$`).test(zone)) {
          issues.push({ path, message: `${show(zone)} is not a zone of region ${show(aws.region)} (expected like ${aws.region}${'abc'[z] ?? 'a'})` });
        } else if (seen.has(zone)) {
          issues.push({ path, message: `${show(zone)} repeats ${formatPath(['environments', i, 'aws', 'availabilityZones', seen.get(zone)!])} (expected three different zones, so one zone's outage leaves two)` });
        }
        if (!seen.has(zone)) seen.set(zone, z);
      });
    }
    const gcp = env.gcp;
    if (gcp && typeof gcp.region === 'string' && typeof gcp.drRegion === 'string' && gcp.region !== gcp.drRegion
      && gcpSharedMultiRegion(gcp.region, gcp.drRegion) === undefined) {
      issues.push({
        path: formatPath(['environments', i, 'gcp', 'drRegion']),
        message: `${show(gcp.drRegion)} shares no Artifact Registry multi-region with region ${show(gcp.region)} (expected a DR region in the same multi-region as the region, ${GCP_CLOUD.multiRegions.map((m) => `${m}-*`).join(', ')}: repositories move there to be replicated)`,
      });
    }
  });

  // Account-, subscription- and project-wide resources (guardrails, budgets, policy assignments) exist once per
  // environment: two environments in one place would fight over them.
  const owners = new Map<string, number>();
  const claim = (key: string, i: number, path: PropertyKey[], what: string, value: unknown) => {
    const earlier = owners.get(key);
    if (earlier === undefined) {
      owners.set(key, i);
    } else if (earlier !== i) {
      issues.push({
        path: formatPath(path),
        message: `${what} is already where ${formatPath(['environments', earlier])} runs (expected ${value} for one environment only: guardrails, budgets and policy assignments are per ${path[2] === 'aws' ? 'account and region' : path[2] === 'azure' ? 'subscription' : 'project'})`,
      });
    }
  };
  environments.forEach((env, i) => {
    const { aws, azure, gcp } = env ?? {};
    if (typeof aws?.account === 'string' && typeof aws?.region === 'string') {
      claim(`aws ${aws.account} ${aws.region}`, i, ['environments', i, 'aws', 'account'], `${show(aws.account)} in ${show(aws.region)}`, 'an account and region');
    }
    if (typeof azure?.subscriptionId === 'string') {
      claim(`azure ${azure.subscriptionId.toLowerCase()}`, i, ['environments', i, 'azure', 'subscriptionId'], show(azure.subscriptionId), 'a subscription');
    }
    if (typeof gcp?.project === 'string') {
      claim(`gcp ${gcp.project}`, i, ['environments', i, 'gcp', 'project'], show(gcp.project), 'a project');
    }
  });
  return issues;
}
