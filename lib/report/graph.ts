import type { Artifact } from '../artifacts';
import type { Cloud, Organization } from '../spec';
import { CLOUDS } from '../spec';

/** A cluster or registry found in the synthesized output. */
export interface GraphNode {
  /** `EKS`, `AKS`, `GKE`, `ECR`, `ACR`, `Artifact Registry`. */
  readonly product: string;
  /** The physical name as synthesized (for ECR, the repository prefix). */
  readonly name: string;
  /** Repositories of a registry; 1 for a cluster. */
  readonly count: number;
}

/** One environment on one cloud. */
export interface GraphPlacement {
  readonly cloud: Cloud;
  /** Region or location. */
  readonly region: string;
  readonly clusters: readonly GraphNode[];
  readonly registries: readonly GraphNode[];
  /** Namespaces in the cluster's manifests. */
  readonly namespaces: readonly string[];
}

/** The organization as a diagram: environments × clouds with their clusters and registries, services by team, calls. */
export interface OrganizationGraph {
  readonly organization: string;
  readonly environments: ReadonlyArray<{ readonly name: string; readonly tier: string; readonly placements: readonly GraphPlacement[] }>;
  readonly teams: ReadonlyArray<{ readonly name: string; readonly services: readonly string[] }>;
  /** Declared calls between services (`calls` in the spec), caller first. */
  readonly calls: ReadonlyArray<{ readonly from: string; readonly to: string }>;
}

/**
 * The diagram's model. Clusters, registries and namespaces are read from the synthesized artifacts, so the picture
 * shows what will be deployed; teams, services and their declared calls come from the organization.
 */
export function organizationGraph(org: Organization, artifacts: readonly Artifact[]): OrganizationGraph {
  const environments = org.environments
    .filter((env) => artifacts.some((a) => a.environment === env.name))
    .map((env) => ({
      name: env.name,
      tier: env.tier,
      placements: CLOUDS
        .filter((cloud) => env[cloud] !== undefined && artifacts.some((a) => a.environment === env.name && a.cloud === cloud))
        .map((cloud) => {
          const of = artifacts.filter((a) => a.environment === env.name && a.cloud === cloud);
          const placement = env[cloud] as { region?: string; location?: string };
          return {
            cloud,
            region: placement.region ?? placement.location ?? '',
            clusters: clustersOf(of),
            registries: registriesOf(of),
            namespaces: [...new Set(of.filter((a) => a.kind === 'kubernetes').flatMap((a) => (a.document as any[])
              .filter((o) => o?.kind === 'Namespace').map((o) => String(o.metadata?.name))))].sort(),
          };
        }),
    }));
  const teams = org.teams.map((t) => ({ name: t.name, services: org.services.filter((s) => s.team === t.name).map((s) => s.name) }));
  // `calls` is declared per service by newer specs; older ones have none.
  const calls = org.services.flatMap((s) => ((s as { calls?: readonly string[] }).calls ?? []).map((to) => ({ from: s.name, to })));
  return { organization: org.name, environments, teams, calls };
}

function clustersOf(artifacts: readonly Artifact[]): GraphNode[] {
  const nodes: GraphNode[] = [];
  for (const a of artifacts) {
    if (a.kind === 'cloudformation') {
      for (const [id, r] of Object.entries<any>(a.document.Resources ?? {})) {
        if (r.Type === 'AWS::EKS::Cluster') nodes.push({ product: 'EKS', name: typeof r.Properties?.Name === 'string' ? r.Properties.Name : id, count: 1 });
      }
    } else if (a.kind === 'terraform') {
      for (const r of Object.values<any>(a.document.resource?.azurerm_kubernetes_cluster ?? {})) nodes.push({ product: 'AKS', name: String(r.name), count: 1 });
      for (const r of Object.values<any>(a.document.resource?.google_container_cluster ?? {})) nodes.push({ product: 'GKE', name: String(r.name), count: 1 });
    }
  }
  return nodes;
}

function registriesOf(artifacts: readonly Artifact[]): GraphNode[] {
  const ecr = artifacts.filter((a) => a.kind === 'cloudformation')
    .flatMap((a) => Object.values<any>(a.document.Resources ?? {}).filter((r) => r.Type === 'AWS::ECR::Repository'))
    .map((r) => String(r.Properties?.RepositoryName ?? ''));
  const nodes: GraphNode[] = [];
  if (ecr.length > 0) nodes.push({ product: 'ECR', name: `${commonPrefix(ecr)}*`, count: ecr.length });
  for (const a of artifacts.filter((x) => x.kind === 'terraform')) {
    for (const r of Object.values<any>(a.document.resource?.azurerm_container_registry ?? {})) nodes.push({ product: 'ACR', name: String(r.name), count: 1 });
    const repos = Object.values<any>(a.document.resource?.google_artifact_registry_repository ?? {}).map((r) => String(r.repository_id));
    const prefix = commonPrefix(repos);
    if (repos.length > 0) nodes.push({ product: 'Artifact Registry', name: repos.length === 1 ? repos[0] : prefix === '' ? 'one per team' : `${prefix}*`, count: repos.length });
  }
  return nodes;
}

function commonPrefix(names: readonly string[]): string {
  let prefix = names[0] ?? '';
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
