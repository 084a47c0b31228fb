import type { Artifact } from '../../../artifacts';
import { controlById } from '../../controls';
import { cfnResources, tagMap } from '../../private/cloudformation';
import { block, terraformResources } from '../../private/terraform';
import { isRecord } from '../../private/values';
import type { ArtifactViolation, CrossArtifactRule } from '../../types';
import { nameOf, objectsOf } from '../kubernetes/private/helpers';

/** The keys the baseline writes on every team resource: which team owns it, and who pays for it. */
const TEAM_KEY = 'team';
const COST_CENTER_KEY = 'cost-center';

/** One resource that says which team owns it, with the cost-center it carries (undefined when it carries none). */
interface TeamResource {
  readonly artifact: Artifact;
  readonly resource: string;
  readonly team: string;
  readonly costCenter: string | undefined;
  /** Kubernetes namespaces are where a team's cost-center is most visible; they decide what the team's value is. */
  readonly namespace: boolean;
}

/**
 * Every resource of a team carries the team's one cost-center, on every cloud and cluster. The artifacts do not
 * carry the spec, so the rule does not know which cost-center is right; it knows that one team has one: the value
 * its Kubernetes namespaces carry (or, with no namespace, the one most of its resources carry) is the reference, and
 * every team resource that says otherwise is reported with both values. This catches a team's Azure identity or GCP
 * repository billed to the platform's cost-center while its AWS stack and namespaces name the team's own.
 */
export const teamCostCenterConsistent: CrossArtifactRule = {
  id: 'TEAM-COST-CENTER-CONSISTENT',
  severity: 'error',
  controls: [controlById('mandatory-tags').id],
  kinds: ['cloudformation', 'terraform', 'kubernetes'],
  description: 'Every resource tagged or labelled with a team (AWS tags, Azure tags, GCP labels with the provider\'s default labels, Kubernetes labels) carries the same cost-center as the team\'s namespaces on every cloud and environment.',
  remediation: 'Give the resource the owning team\'s tags over the environment\'s (`{ ...env.tags, ...team.tags, team }`), as the platform\'s team stacks, identities, repositories and namespaces do.',
  check: (artifacts) => {
    const byTeam = new Map<string, TeamResource[]>();
    for (const found of artifacts.flatMap(teamResources)) {
      byTeam.set(found.team, [...byTeam.get(found.team) ?? [], found]);
    }
    const violations: ArtifactViolation[] = [];
    for (const [team, resources] of [...byTeam.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const namespaces = resources.filter((r) => r.namespace && r.costCenter !== undefined);
      const reference = mostCommon(namespaces.length > 0 ? namespaces : resources.filter((r) => r.costCenter !== undefined));
      if (reference === undefined) continue;
      const where = namespaces.length > 0 ? 'on its Kubernetes namespaces' : 'on most of its resources';
      for (const r of resources.filter((x) => x.costCenter !== reference.costCenter)) {
        violations.push({
          artifact: r.artifact,
          resource: r.resource,
          message: r.costCenter === undefined
            ? `team "${team}" resource has no ${COST_CENTER_KEY} (expected "${reference.costCenter}", the team's ${where}, e.g. ${reference.resource} in ${reference.artifact.name})`
            : `team "${team}" resource has ${COST_CENTER_KEY} "${r.costCenter}" but the team's is "${reference.costCenter}" ${where} (e.g. ${reference.resource} in ${reference.artifact.name})`,
        });
      }
    }
    return violations;
  },
};

/** The value most resources carry; ties go to the lexically first, so the report is stable. */
function mostCommon(resources: readonly TeamResource[]): TeamResource | undefined {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.costCenter!, (counts.get(r.costCenter!) ?? 0) + 1);
  const [value] = [...counts.entries()].sort(([a, na], [b, nb]) => nb - na || a.localeCompare(b))[0] ?? [];
  return value === undefined ? undefined : resources.find((r) => r.costCenter === value);
}

function teamResources(artifact: Artifact): TeamResource[] {
  switch (artifact.kind) {
    case 'cloudformation':
      return cfnResources(artifact.document).flatMap((r) => owned(artifact, r.logicalId, tagMap(r.properties.Tags ?? r.properties.tags), false));
    case 'terraform': {
      // Google applies the provider's default labels under each resource's own; the effective labels are both.
      const defaults = block(artifact.document?.provider?.google)?.default_labels;
      return terraformResources(artifact.document).flatMap((r) => {
        const own = isRecord(r.body.tags) ? r.body.tags : isRecord(r.body.labels) ? r.body.labels : undefined;
        const google = r.type.startsWith('google_') && isRecord(defaults);
        return owned(artifact, r.address, google && own ? { ...defaults, ...own } : own, false);
      });
    }
    case 'kubernetes':
      return objectsOf(artifact).flatMap((o) => owned(artifact, nameOf(o), o.metadata?.labels, o.kind === 'Namespace'));
  }
}

function owned(artifact: Artifact, resource: string, tags: unknown, namespace: boolean): TeamResource[] {
  if (!isRecord(tags) || typeof tags[TEAM_KEY] !== 'string') return [];
  const costCenter = tags[COST_CENTER_KEY];
  return [{ artifact, resource, team: tags[TEAM_KEY], costCenter: typeof costCenter === 'string' ? costCenter : undefined, namespace }];
}
