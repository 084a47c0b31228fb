/**
 * Checks a Grafana dashboard's JSON model the way Grafana's provisioning would trip over it: identity, the data
 * source variable every query goes through, panel ids and refIds, the grid (24 columns, no overlap), thresholds in
 * order, and known panel types. Returns every problem, each naming the panel.
 */
const PANEL_TYPES = new Set(['timeseries', 'stat', 'row', 'gauge', 'table', 'bargauge', 'text']);

export function dashboardShapeProblems(dashboard: any): string[] {
  const problems: string[] = [];
  if (typeof dashboard?.uid !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(dashboard.uid)) problems.push(`uid ${JSON.stringify(dashboard?.uid)} is not a Grafana uid`);
  if (typeof dashboard?.title !== 'string' || dashboard.title === '') problems.push('title is empty');
  if (!Number.isInteger(dashboard?.schemaVersion)) problems.push('schemaVersion is not an integer');
  const variables: any[] = dashboard?.templating?.list ?? [];
  const datasourceVars = new Set(variables.filter((v) => v.type === 'datasource' && v.query === 'prometheus').map((v) => `\${${v.name}}`));
  if (datasourceVars.size === 0) problems.push('templating has no Prometheus data source variable');
  if (JSON.stringify(JSON.parse(JSON.stringify(dashboard))) !== JSON.stringify(dashboard)) problems.push('the model does not survive a JSON round trip');
  const ids = new Set<number>();
  const cells = new Map<string, string>();
  for (const panel of dashboard?.panels ?? []) {
    const where = `panel ${JSON.stringify(panel.title)}`;
    if (!Number.isInteger(panel.id) || panel.id < 1) problems.push(`${where}: id ${JSON.stringify(panel.id)} is not a positive integer`);
    if (ids.has(panel.id)) problems.push(`${where}: id ${panel.id} is used twice`);
    ids.add(panel.id);
    if (!PANEL_TYPES.has(panel.type)) problems.push(`${where}: type ${JSON.stringify(panel.type)} is unknown`);
    const { x, y, w, h } = panel.gridPos ?? {};
    if (![x, y, w, h].every(Number.isInteger) || x < 0 || y < 0 || w < 1 || h < 1 || x + w > 24) {
      problems.push(`${where}: gridPos ${JSON.stringify(panel.gridPos)} is off the 24-column grid`);
    } else {
      for (let col = x; col < x + w; col++) {
        for (let row = y; row < y + h; row++) {
          const other = cells.get(`${col},${row}`);
          if (other !== undefined) {
            problems.push(`${where}: overlaps ${other} at column ${col}, row ${row}`);
            col = x + w;
            break;
          }
          cells.set(`${col},${row}`, where);
        }
      }
    }
    if (panel.type === 'row') continue;
    const targets: any[] = panel.targets ?? [];
    if (targets.length === 0) problems.push(`${where}: has no query`);
    if (!datasourceVars.has(panel.datasource?.uid)) problems.push(`${where}: datasource ${JSON.stringify(panel.datasource)} is not the dashboard's variable`);
    const refIds = new Set<string>();
    for (const t of targets) {
      if (typeof t.refId !== 'string' || refIds.has(t.refId)) problems.push(`${where}: refId ${JSON.stringify(t.refId)} is missing or used twice`);
      refIds.add(t.refId);
      if (typeof t.expr !== 'string' || t.expr.trim() === '') problems.push(`${where}: query ${t.refId} has no expression`);
      if (/\$/.test(t.expr ?? '')) problems.push(`${where}: query ${t.refId} uses a Grafana variable, which promtool cannot check`);
      if (t.datasource?.uid !== panel.datasource?.uid) problems.push(`${where}: query ${t.refId} queries another data source than its panel`);
    }
    const steps: any[] = panel.fieldConfig?.defaults?.thresholds?.steps ?? [];
    if (typeof panel.fieldConfig?.defaults?.unit !== 'string') problems.push(`${where}: has no unit`);
    if (steps.length === 0 || steps[0].value !== null) problems.push(`${where}: thresholds do not start with a base step`);
    for (let i = 2; i < steps.length; i++) {
      if (!(steps[i].value > steps[i - 1].value)) problems.push(`${where}: threshold ${steps[i].value} is not above ${steps[i - 1].value}`);
    }
  }
  return problems;
}
