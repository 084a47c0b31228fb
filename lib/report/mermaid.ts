import type { OrganizationGraph } from './graph';

/**
 * The organization diagram as a Mermaid flowchart: a subgraph per environment with one per cloud holding its
 * clusters and registries, the services grouped by team, and the declared calls as arrows.
 */
export function toMermaid(graph: OrganizationGraph): string {
  const lines = ['flowchart LR'];
  for (const env of graph.environments) {
    lines.push(`  subgraph ${id('env', env.name)}["${label(`${env.name} (${env.tier})`)}"]`);
    for (const p of env.placements) {
      lines.push(`    subgraph ${id('env', env.name, p.cloud)}["${label(`${p.cloud} ${p.region}`)}"]`);
      p.clusters.forEach((c, i) => lines.push(`      ${id('cluster', env.name, p.cloud, String(i))}[["${label(`${c.product} ${c.name} · ${p.namespaces.length} namespaces`)}"]]`));
      p.registries.forEach((r, i) => lines.push(`      ${id('registry', env.name, p.cloud, String(i))}[("${label(`${r.product} ${r.name} · ${r.count} ${r.count === 1 ? 'registry' : 'repositories'}`)}")]`));
      lines.push('    end');
    }
    lines.push('  end');
  }
  lines.push('  subgraph services["services by team"]');
  for (const team of graph.teams) {
    lines.push(`    subgraph ${id('team', team.name)}["${label(`team ${team.name}`)}"]`);
    for (const s of team.services) lines.push(`      ${id('svc', s)}(["${label(s)}"])`);
    lines.push('    end');
  }
  lines.push('  end');
  for (const c of graph.calls) lines.push(`  ${id('svc', c.from)} -->|calls| ${id('svc', c.to)}`);
  return `${lines.join('\n')}\n`;
}

/** Mermaid ids: letters, digits and underscores. */
function id(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9]/g, '_')).join('_');
}

/** Labels are quoted: a double quote would end them, so it becomes the HTML entity Mermaid understands. */
function label(text: string): string {
  return text.replace(/"/g, '#quot;');
}
