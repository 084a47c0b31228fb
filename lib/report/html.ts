import type { OrganizationGraph } from './graph';
import { countChanges, describeChange } from '../diff/report';
import type { DiffResult } from '../diff/types';
import type { ParityResult } from '../parity/parity';
import { describeDrift } from '../parity/report';
import type { ControlsMatrix } from '../policy/controls';
import type { PolicyResult } from '../policy/engine';
import type { PolicyException } from '../policy/types';

/** Everything the report page shows. */
export interface ReportData {
  readonly graph: OrganizationGraph;
  /** The day the report is for (`YYYY-MM-DD`): exception expiry is counted from it. */
  readonly today: string;
  /** Per cloud: stacks, resources, manifests, Kubernetes objects. */
  readonly clouds: ReadonlyArray<{
    readonly cloud: string; readonly stacks: number; readonly resources: number; readonly manifests: number; readonly objects: number;
  }>;
  readonly policy: PolicyResult;
  readonly controls: ControlsMatrix;
  readonly exceptions: readonly PolicyException[];
  /** Undefined with fewer than two environments. */
  readonly parity?: ParityResult;
  /** The last diff, when one was asked for. */
  readonly diff?: { readonly against: string; readonly result: DiffResult };
}

const BOX_H = 22;

/**
 * One self-contained HTML page (no external script, style, font or image): the organization diagram as inline SVG,
 * the controls matrix, the parity matrix, the policy findings with the exceptions ledger and expiry dates, and the
 * last diff. The data is embedded as JSON; a small inline script adds filtering by environment.
 */
export function renderReport(data: ReportData): string {
  const g = data.graph;
  const json = JSON.stringify({
    organization: g.organization,
    environments: g.environments.map((e) => e.name),
    clusters: g.environments.reduce((n, e) => n + e.placements.reduce((m, p) => m + p.clusters.length, 0), 0),
    registries: g.environments.reduce((n, e) => n + e.placements.reduce((m, p) => m + p.registries.length, 0), 0),
    services: g.teams.reduce((n, t) => n + t.services.length, 0),
    calls: g.calls.length,
  }).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(g.organization)}: baseline report</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(g.organization)}: baseline report</h1>
<p class="meta">${esc(data.today)} · ${g.environments.length} environments · ${g.teams.length} teams · ${g.teams.reduce((n, t) => n + t.services.length, 0)} services</p>
<nav id="filters" aria-label="environments"></nav>
</header>
<main>
${summarySection(data)}
<section id="diagram"><h2>Organization</h2>${diagram(g)}</section>
<section id="controls"><h2>Controls matrix</h2>${controlsTable(data.controls)}</section>
<section id="parity"><h2>Environment parity</h2>${paritySection(data.parity)}</section>
<section id="findings"><h2>Policy findings</h2>${findingsSection(data)}</section>
<section id="diff"><h2>Last diff</h2>${diffSection(data.diff)}</section>
</main>
<script type="application/json" id="baseline-data">${json}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function summarySection(data: ReportData): string {
  const errors = data.policy.errors.length;
  const drifts = data.parity?.drifts.length;
  const blocking = data.diff?.result.blocking.length;
  const card = (id: string, label: string, value: string, ok: boolean | undefined) =>
    `<div class="card ${ok === undefined ? '' : ok ? 'ok' : 'bad'}" id="${id}"><span class="value">${esc(value)}</span><span class="label">${esc(label)}</span></div>`;
  const rows = data.clouds.map((c) => `<tr><th>${esc(c.cloud)}</th><td>${c.stacks}</td><td>${c.resources}</td><td>${c.manifests}</td><td>${c.objects}</td></tr>`).join('');
  return `<section id="summary"><h2>Summary</h2><div class="cards">${[
    card('card-policy', 'policy errors', String(errors), errors === 0),
    card('card-parity', 'parity drifts', drifts === undefined ? '–' : String(drifts), drifts === undefined ? undefined : drifts === 0),
    card('card-diff', 'changes losing data', blocking === undefined ? '–' : String(blocking), blocking === undefined ? undefined : blocking === 0),
  ].join('')}</div>
<table id="clouds-table"><thead><tr><th>cloud</th><th>stacks</th><th>resources</th><th>manifests</th><th>Kubernetes objects</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** Environments as columns, clouds as rows (cluster and registry boxes), then the teams with their services and calls. */
function diagram(g: OrganizationGraph): string {
  const clouds = ['aws', 'azure', 'gcp'].filter((c) => g.environments.some((e) => e.placements.some((p) => p.cloud === c)));
  const colW = 300;
  const rowH = 28 + 2 * (BOX_H + 6) + 14;
  const left = 70;
  const top = 30;
  const parts: string[] = [];
  g.environments.forEach((env, i) => {
    const x = left + i * colW;
    parts.push(`<g class="environment" data-environment="${esc(env.name)}"><text class="env-label" x="${x + 8}" y="${top - 10}">${esc(env.name)} (${esc(env.tier)})</text>`);
    clouds.forEach((cloud, j) => {
      const p = env.placements.find((q) => q.cloud === cloud);
      const y = top + j * rowH;
      if (!p) {
        parts.push(`<rect class="placement absent" x="${x}" y="${y}" width="${colW - 12}" height="${rowH - 10}"/>`);
        return;
      }
      parts.push(`<g class="placement" data-cloud="${cloud}"><rect class="placement-box ${cloud}" x="${x}" y="${y}" width="${colW - 12}" height="${rowH - 10}"/>`
        + `<text class="placement-label" x="${x + 8}" y="${y + 16}">${esc(cloud)} · ${esc(p.region)} · ${p.namespaces.length} namespaces</text>`);
      const clusterW = (colW - 28 - (p.clusters.length - 1) * 6) / Math.max(1, p.clusters.length);
      p.clusters.forEach((c, k) => parts.push(box('cluster', x + 8 + k * (clusterW + 6), y + 26, clusterW, `${c.product} ${c.name}`)));
      p.registries.forEach((r, k) => parts.push(box('registry', x + 8 + k * (colW - 28), y + 26 + BOX_H + 6, colW - 28, `${r.product} ${r.name}${r.count > 1 ? ` · ${r.count} repositories` : ''}`)));
      parts.push('</g>');
    });
    parts.push('</g>');
  });
  clouds.forEach((cloud, j) => parts.push(`<text class="cloud-label" x="8" y="${top + j * rowH + 20}">${esc(cloud)}</text>`));

  // Services by team, in columns; calls as arrows between them.
  const teamsTop = top + clouds.length * rowH + 30;
  const teamW = 200;
  const perRow = Math.max(1, Math.floor((left + g.environments.length * colW) / (teamW + 12)));
  const position = new Map<string, { x: number; y: number }>();
  let teamsBottom = teamsTop;
  const tallest = Math.max(0, ...g.teams.map((t) => t.services.length));
  g.teams.forEach((team, i) => {
    const x = left + (i % perRow) * (teamW + 12);
    const y = teamsTop + Math.floor(i / perRow) * (40 + tallest * (BOX_H + 4));
    const h = 28 + team.services.length * (BOX_H + 4);
    parts.push(`<g class="team" data-team="${esc(team.name)}"><rect class="team-box" x="${x}" y="${y}" width="${teamW}" height="${h}"/><text class="team-label" x="${x + 8}" y="${y + 17}">team ${esc(team.name)}</text>`);
    team.services.forEach((s, k) => {
      const sy = y + 24 + k * (BOX_H + 4);
      position.set(s, { x: x + 8, y: sy });
      parts.push(box('service', x + 8, sy, teamW - 16, s));
    });
    parts.push('</g>');
    teamsBottom = Math.max(teamsBottom, y + h);
  });
  for (const c of g.calls) {
    const a = position.get(c.from);
    const b = position.get(c.to);
    if (!a || !b) continue;
    parts.push(`<line class="call" data-from="${esc(c.from)}" data-to="${esc(c.to)}" x1="${a.x + teamW - 16}" y1="${a.y + BOX_H / 2}" x2="${b.x}" y2="${b.y + BOX_H / 2}" marker-end="url(#arrow)"/>`);
  }
  const width = left + Math.max(g.environments.length * colW, perRow * (teamW + 12));
  return `<svg id="organization-diagram" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${teamsBottom + 20}" viewBox="0 0 ${width} ${teamsBottom + 20}" role="img" aria-label="organization diagram">`
    + '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>'
    + `<text class="section-label" x="8" y="${teamsTop - 10}">services by team${g.calls.length > 0 ? ` · ${g.calls.length} declared calls` : ''}</text>`
    + `${parts.join('')}</svg>`;
}

function box(kind: string, x: number, y: number, w: number, text: string): string {
  // About 7 px per character at 12 px: a longer label is cut, and its tooltip keeps it whole.
  const fits = Math.floor((w - 12) / 7);
  const shown = text.length > fits ? `${text.slice(0, fits - 1)}…` : text;
  return `<g class="${kind}"><rect x="${x}" y="${y}" width="${w}" height="${BOX_H}" rx="4"/><text x="${x + 6}" y="${y + 15}">${esc(shown)}<title>${esc(text)}</title></text></g>`;
}

function controlsTable(matrix: ControlsMatrix): string {
  const head = matrix.columns.map((c) => `<th data-environment="${esc(c.environment)}">${esc(c.environment)}/${esc(c.cloud)}</th>`).join('');
  const rows = matrix.rows.map((row) => `<tr><th title="${esc(row.control.title)}">${esc(row.control.id)}</th>${row.cells.map((cell) => {
    const excepted = cell.status === 'pass' && cell.exceptedRules.length > 0;
    const cls = cell.status === 'n/a' ? 'na' : excepted ? 'excepted' : cell.status;
    const title = cell.status === 'fail' ? cell.failingRules.join(', ') : excepted ? `passes with exceptions for ${cell.exceptedRules.join(', ')}` : cell.notApplicableReason ?? '';
    const symbol = cell.status === 'pass' ? (excepted ? '✓*' : '✓') : cell.status === 'fail' ? '✗' : '–';
    return `<td class="cell ${cls}" data-environment="${esc(cell.environment)}" title="${esc(title)}">${symbol}</td>`;
  }).join('')}</tr>`).join('');
  return `<table id="controls-matrix" class="matrix"><thead><tr><th>control</th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function paritySection(parity: ParityResult | undefined): string {
  if (!parity) return '<p>Parity needs two environments or more.</p>';
  const head = parity.scopes.map((s) => `<th>${esc(s)}</th>`).join('');
  const rows = parity.environments.map((env) => `<tr data-environment="${esc(env)}"><th>${esc(env)}</th>${parity.scopes.map((s) => {
    const n = parity.matrix[env]?.[s];
    return n === undefined ? '<td class="cell na">–</td>' : n === 0 ? '<td class="cell pass">✓</td>' : `<td class="cell fail">${n} drift${n === 1 ? '' : 's'}</td>`;
  }).join('')}</tr>`).join('');
  const drifts = parity.drifts.slice(0, 100).map((d) => `<li>${esc(describeDrift(d))}</li>`).join('');
  return `<table id="parity-matrix" class="matrix"><thead><tr><th></th>${head}</tr></thead><tbody>${rows}</tbody></table>`
    + (parity.ok ? '<p class="ok">No drift: environments differ only where their placements, tags and tier knobs say so.</p>'
      : `<ul id="drifts">${drifts}</ul>${parity.drifts.length > 100 ? `<p>… and ${parity.drifts.length - 100} more</p>` : ''}`);
}

function findingsSection(data: ReportData): string {
  const today = Date.parse(`${data.today}T00:00:00Z`);
  const daysLeft = (expires: string) => Math.round((Date.parse(`${expires}T00:00:00Z`) - today) / 86_400_000);
  const findings = data.policy.findings.map((f) => `<tr class="${f.exception ? 'excepted' : f.severity}" data-environment="${esc(f.environment)}"><td>${esc(f.ruleId)}</td><td>${esc(f.severity)}${f.exception ? ' (excepted)' : ''}</td><td>${esc(f.environment)}/${esc(f.cloud)}</td><td>${esc(f.resource)}</td><td>${esc(f.message)}</td><td>${f.exception ? `${esc(f.exception.owner)}, expires ${esc(f.exception.expires)}` : ''}</td></tr>`).join('');
  const ledger = data.exceptions.map((e) => {
    const left = daysLeft(e.expires);
    return `<tr class="${left < 0 ? 'expired' : left <= 30 ? 'expiring' : ''}"><td>${esc(e.ruleId)}</td><td>${esc(e.resource)}</td><td>${esc(e.environment ?? 'every environment')}</td><td>${esc(e.owner)}</td><td>${esc(e.expires)}</td><td>${left < 0 ? `expired ${-left} days ago` : `${left} days left`}</td><td>${esc(e.reason)}</td></tr>`;
  }).join('');
  return (data.policy.findings.length === 0 ? '<p class="ok" id="no-findings">No findings.</p>'
    : `<table id="findings-table"><thead><tr><th>rule</th><th>severity</th><th>where</th><th>resource</th><th>message</th><th>exception</th></tr></thead><tbody>${findings}</tbody></table>`)
    + '<h3>Exceptions ledger</h3>'
    + (data.exceptions.length === 0 ? '<p id="no-exceptions">The ledger is empty.</p>'
      : `<table id="exceptions-table"><thead><tr><th>rule</th><th>resource</th><th>environment</th><th>owner</th><th>expires</th><th></th><th>reason</th></tr></thead><tbody>${ledger}</tbody></table>`);
}

function diffSection(diff: ReportData['diff']): string {
  if (!diff) return '<p id="no-diff">No diff in this report: run <code>baseline report --against &lt;git ref or synth folder&gt;</code>.</p>';
  const n = countChanges(diff.result.changes);
  const lines = diff.result.changes.filter((c) => c.change !== 'modify').slice(0, 200)
    .map((c) => `<li class="${c.destructive && !c.allowed ? 'loss' : c.change}">${esc(describeChange(c))}</li>`).join('');
  return `<p id="diff-counts">Against ${esc(diff.against)}: ${n.add} to add, ${n.remove} to remove, ${n.modify} to modify, ${n.replace} to replace; `
    + `<strong>${diff.result.blocking.length} would lose data</strong>.</p><ul id="diff-changes">${lines}</ul>`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1d2430;color:#fff;padding:16px 24px}h1{margin:0;font-size:22px}.meta{margin:4px 0 8px;opacity:.8}
main{padding:8px 24px 40px}section{background:#fff;border:1px solid #dde1e6;border-radius:6px;margin:16px 0;padding:12px 16px;overflow-x:auto}
h2{font-size:17px;margin:4px 0 10px}.cards{display:flex;gap:12px;margin-bottom:12px}.card{border:1px solid #dde1e6;border-radius:6px;padding:8px 14px;min-width:140px}
.card .value{display:block;font-size:22px;font-weight:600}.card.ok{border-color:#2e8b57}.card.bad{border-color:#c0392b;background:#fdecea}
table{border-collapse:collapse}th,td{border:1px solid #e3e6ea;padding:3px 8px;text-align:left;vertical-align:top}thead th{background:#f0f2f5}
.matrix td.cell{text-align:center;min-width:48px}.cell.pass{background:#e8f5ec;color:#1e6b3a}.cell.fail{background:#fdecea;color:#a12a1d;font-weight:600}
.cell.na{color:#8a929c}.cell.excepted{background:#fff6e0}tr.error td{background:#fdecea}tr.expired td{background:#fdecea}tr.expiring td{background:#fff6e0}
.ok{color:#1e6b3a}li.loss{color:#a12a1d;font-weight:600}li.add{color:#1e6b3a}
svg text{font-size:12px;fill:#1d2430}.placement-box{fill:#f8f9fb;stroke:#b8c0ca}.placement-box.aws{stroke:#e48b1f}.placement-box.azure{stroke:#2f7bd8}.placement-box.gcp{stroke:#2f9e5b}
.placement.absent{fill:none;stroke:#dde1e6;stroke-dasharray:4 3}.cluster rect{fill:#e7effa;stroke:#2f5d9e}.registry rect{fill:#f2eafa;stroke:#7a4fb0}
.team-box{fill:#fbfbf4;stroke:#b9b58a}.service rect{fill:#fff;stroke:#8a929c}.call{stroke:#c0392b;stroke-width:1.5}.env-label,.team-label,.cloud-label,.section-label{font-weight:600}
nav button{margin:0 6px 0 0;border:1px solid #5b6675;background:#2a3341;color:#fff;border-radius:4px;padding:2px 10px;cursor:pointer}nav button[aria-pressed=false]{opacity:.5}
.hidden{display:none}
`;

// Filtering by environment; with #selfcheck, the page also reports what the browser rendered (for the report's test).
const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('baseline-data').textContent);
  var nav = document.getElementById('filters');
  var shown = {};
  data.environments.forEach(function (env) {
    shown[env] = true;
    var b = document.createElement('button');
    b.className = 'env-filter'; b.textContent = env; b.setAttribute('aria-pressed', 'true');
    b.addEventListener('click', function () {
      shown[env] = !shown[env];
      b.setAttribute('aria-pressed', String(shown[env]));
      document.querySelectorAll('[data-environment="' + env + '"]').forEach(function (el) { el.classList.toggle('hidden', !shown[env]); });
    });
    nav.appendChild(b);
  });
  if (location.hash !== '#selfcheck') return;
  var count = function (selector) { return document.querySelectorAll(selector).length; };
  var svg = document.getElementById('organization-diagram').getBoundingClientRect();
  var clipped = [];
  document.querySelectorAll('#organization-diagram .cluster, #organization-diagram .registry, #organization-diagram .service').forEach(function (g) {
    var r = g.querySelector('rect').getBBox(); var t = g.querySelector('text').getBBox();
    if (t.width === 0 || t.x + t.width > r.x + r.width + 1) clipped.push(g.querySelector('title').textContent);
  });
  var check = {
    expected: data,
    rendered: {
      environments: count('#organization-diagram g.environment'),
      placements: count('#organization-diagram g.placement'),
      clusters: count('#organization-diagram g.cluster'),
      registries: count('#organization-diagram g.registry'),
      services: count('#organization-diagram g.service'),
      calls: count('#organization-diagram line.call'),
      controlRows: count('#controls-matrix tbody tr'),
      controlCells: count('#controls-matrix td.cell'),
      failingControlCells: count('#controls-matrix td.cell.fail'),
      parityCells: count('#parity-matrix td.cell'),
      driftCells: count('#parity-matrix td.cell.fail'),
      findings: count('#findings-table tbody tr'),
      exceptions: count('#exceptions-table tbody tr'),
      expiredExceptions: count('#exceptions-table tr.expired'),
      filters: count('nav button.env-filter'),
      diagramWidth: Math.round(svg.width), diagramHeight: Math.round(svg.height),
      textOverflowingItsBox: clipped
    }
  };
  var out = document.createElement('pre'); out.id = 'selfcheck'; out.textContent = JSON.stringify(check);
  document.body.appendChild(out);
})();
`;
