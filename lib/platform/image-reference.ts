import { acrLoginServer } from '../../constructs/azure/private/registry-name';
import { artifactRegistryImageHost } from '../../constructs/gcp/private/registry-location';
import { naming } from '../naming';
import type { Cloud, Environment, Organization, Service } from '../spec';
import { ecrRegistryDomain } from '../spec/clouds';

/*
 * Image references are computed from the spec, never written by hand, so a manifest can only name the
 * organization's own registry in its own environment. The name functions come from the registries' pure helpers
 * (the same ones `AcrRegistry` and `GcpArtifactRegistry` use), so manifests never load a Terraform provider.
 */

/** The registry prefix every image of an environment on a cloud starts with (ends in `/`). */
export function registryPrefix(org: Organization, env: Environment, cloud: Cloud): string {
  const prefix = naming.namePrefix(org.name, env.name);
  switch (cloud) {
    case 'aws': {
      const aws = placement(env, 'aws');
      return `${ecrRegistryDomain(aws.account, aws.region)}/${naming.ecrRepositoryPrefix(org.name, env.name)}/`;
    }
    case 'azure':
      placement(env, 'azure');
      return `${acrLoginServer(prefix)}/`;
    case 'gcp': {
      const gcp = placement(env, 'gcp');
      return `${artifactRegistryImageHost(gcp.region, gcp.drRegion)}/${gcp.project}/`;
    }
  }
}

/**
 * The full image reference of a service in an environment on a cloud, tagged with the service's release:
 * - AWS: `<account>.dkr.ecr.<region>.amazonaws.com/<org>-<env>/<service>:<release>`
 * - Azure: `<registry>.azurecr.io/<team>/<service>:<release>`
 * - GCP: `<location>-docker.pkg.dev/<project>/<team>/<service>:<release>`
 *
 * `ref` is `service@environment@cloud`, e.g. `checkout@prod@aws`.
 */
export function imageReference(org: Organization, ref: string): string {
  const parts = ref.split('@');
  const problems: string[] = [];
  const [serviceName, envName, cloud] = parts;
  if (parts.length !== 3) {
    throw new Error(`imageReference: "${ref}" is not service@environment@cloud (expected like checkout@prod@aws)`);
  }
  const service = org.services.find((s) => s.name === serviceName);
  const env = org.environments.find((e) => e.name === envName);
  if (!service) problems.push(`service "${serviceName}" is not a service of ${org.name} (expected one of ${org.services.map((s) => s.name).join(', ') || 'none: the spec has no services'})`);
  if (!env) problems.push(`environment "${envName}" is not an environment of ${org.name} (expected one of ${org.environments.map((e) => e.name).join(', ')})`);
  if (!['aws', 'azure', 'gcp'].includes(cloud)) problems.push(`cloud "${cloud}" is not a cloud (expected aws, azure or gcp)`);
  else if (env && !env[cloud as Cloud]) problems.push(`environment "${envName}" has no ${cloud} placement (expected one of ${(['aws', 'azure', 'gcp'] as const).filter((c) => env[c]).join(', ')})`);
  if (problems.length > 0) throw new Error(problems.map((p) => `imageReference: ${p}`).join('\n'));
  return imageOf(org, env!, cloud as Cloud, service!);
}

/** {@link imageReference} for resolved objects. */
export function imageOf(org: Organization, env: Environment, cloud: Cloud, service: Service): string {
  const path = cloud === 'aws' ? service.name : `${service.team}/${service.name}`;
  return `${registryPrefix(org, env, cloud)}${path}:${service.release}`;
}

function placement<C extends Cloud>(env: Environment, cloud: C): NonNullable<Environment[C]> {
  const value = env[cloud];
  if (!value) throw new Error(`imageReference: environment "${env.name}" has no ${cloud} placement`);
  return value as NonNullable<Environment[C]>;
}
