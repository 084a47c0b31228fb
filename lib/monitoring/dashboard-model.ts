/**
 * The part of Grafana's dashboard JSON model (the classic model that file provisioning and the kube-prometheus-stack
 * sidecar load) that the baseline's generated dashboards use, and a small layout helper so no panel position is
 * typed by hand.
 */

/** Grafana's grid is 24 columns wide. */
export const GRAFANA_GRID_COLUMNS = 24;

/**
 * The dashboard schema version the generated JSON is written for (Grafana 11.0's). Grafana migrates an older schema
 * forward when it loads it, never backward, so this is the oldest Grafana the dashboards need.
 */
export const GRAFANA_SCHEMA_VERSION = 39;

/** Name of the data source variable every panel queries through, so one dashboard works against any Prometheus. */
export const DATASOURCE_VARIABLE = 'datasource';

/** The data source reference of every panel and query: the dashboard's Prometheus variable. */
export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` } as const;

/** A Prometheus query of a panel. */
export interface GrafanaTarget {
  readonly refId: string;
  readonly datasource: typeof PROMETHEUS_DATASOURCE;
  /** PromQL, without Grafana variables: every expression is checked by promtool as written. */
  readonly expr: string;
  readonly legendFormat: string;
  /** `true` for stat panels, which show the latest value only. */
  readonly instant?: boolean;
  readonly range?: boolean;
}

/** A threshold step: the colour from `value` up (`null` is the base step). */
export interface GrafanaThresholdStep {
  readonly color: string;
  readonly value: number | null;
}

/** Where a panel sits on the grid: columns from the left, rows from the top, width and height in grid units. */
export interface GrafanaGridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A panel: a time series, a stat or a row header. */
export interface GrafanaPanel {
  readonly id: number;
  readonly type: 'timeseries' | 'stat' | 'row';
  readonly title: string;
  readonly description?: string;
  readonly gridPos: GrafanaGridPos;
  readonly datasource?: typeof PROMETHEUS_DATASOURCE;
  readonly targets?: readonly GrafanaTarget[];
  readonly fieldConfig?: {
    readonly defaults: {
      readonly unit: string;
      readonly min?: number;
      readonly max?: number;
      readonly decimals?: number;
      readonly thresholds: { readonly mode: 'absolute'; readonly steps: readonly GrafanaThresholdStep[] };
      readonly custom?: Readonly<Record<string, unknown>>;
      readonly color?: Readonly<Record<string, unknown>>;
    };
    readonly overrides: readonly unknown[];
  };
  readonly options?: Readonly<Record<string, unknown>>;
  /** Row panels only. */
  readonly collapsed?: boolean;
  readonly panels?: readonly GrafanaPanel[];
}

/** A template variable: only the Prometheus data source variable is used. */
export interface GrafanaVariable {
  readonly name: string;
  readonly label: string;
  readonly type: 'datasource';
  readonly query: 'prometheus';
  readonly current: Readonly<Record<string, unknown>>;
  readonly hide: number;
  readonly refresh: number;
  readonly regex: string;
}

/** A link in the dashboard's header. */
export interface GrafanaLink {
  readonly title: string;
  readonly type: 'dashboards';
  readonly tags: readonly string[];
  readonly asDropdown: boolean;
  readonly includeVars: boolean;
  readonly keepTime: boolean;
  readonly icon: 'external link';
  readonly targetBlank: boolean;
  readonly tooltip: string;
  readonly url: string;
}

/** A whole dashboard, as Grafana provisions it from a file. */
export interface GrafanaDashboard {
  /** Stable identifier (8-40 characters of `[A-Za-z0-9_-]`): links and bookmarks survive a title change. */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly timezone: 'utc';
  /** Provisioned from code: edits in the UI would be lost at the next sync, so the UI does not offer them. */
  readonly editable: false;
  readonly graphTooltip: 1;
  readonly time: { readonly from: string; readonly to: 'now' };
  readonly refresh: string;
  readonly schemaVersion: number;
  readonly version: 1;
  readonly templating: { readonly list: readonly GrafanaVariable[] };
  readonly annotations: { readonly list: readonly unknown[] };
  readonly links: readonly GrafanaLink[];
  readonly panels: readonly GrafanaPanel[];
}

/** What a panel shows, before it is placed on the grid. */
export interface PanelSpec {
  readonly type: 'timeseries' | 'stat';
  readonly title: string;
  readonly description: string;
  /** Grafana unit id: `reqps`, `percentunit`, `s`, `short`, `bytes`, ... */
  readonly unit: string;
  readonly queries: readonly { readonly expr: string; readonly legend: string }[];
  /** Width in grid columns (1-24). */
  readonly width: number;
  /** Height in grid rows. @default 8 */
  readonly height?: number;
  /** Threshold steps from the base colour up: each value turns the next colour on. @default none */
  readonly thresholds?: readonly { readonly value: number; readonly color: string }[];
  /** Colour below the first threshold. @default 'green' for stats, none for time series */
  readonly baseColor?: string;
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
}

/** A titled row of panels. */
export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

/** What a dashboard is made of, before layout. */
export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** @default 'now-24h' */
  readonly from?: string;
  readonly rows: readonly RowSpec[];
  readonly links?: readonly GrafanaLink[];
}

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Lays a dashboard out on Grafana's grid: each row gets a row header, its panels fill the row left to right and
 * wrap at 24 columns, and panel ids count up from 1 in reading order.
 */
export function buildDashboard(spec: DashboardSpec): GrafanaDashboard {
  const panels: GrafanaPanel[] = [];
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, panels: [], gridPos: { x: 0, y, w: GRAFANA_GRID_COLUMNS, h: 1 } });
    y += 1;
    let x = 0;
    let lineHeight = 0;
    for (const p of row.panels) {
      const h = p.height ?? 8;
      if (x + p.width > GRAFANA_GRID_COLUMNS) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      panels.push(panel(id++, p, { x, y, w: p.width, h }));
      x += p.width;
      lineHeight = Math.max(lineHeight, h);
    }
    y += lineHeight;
  }
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: [...spec.tags],
    timezone: 'utc',
    editable: false,
    graphTooltip: 1,
    time: { from: spec.from ?? 'now-24h', to: 'now' },
    refresh: '1m',
    schemaVersion: GRAFANA_SCHEMA_VERSION,
    version: 1,
    templating: {
      list: [{
        name: DATASOURCE_VARIABLE,
        label: 'Data source',
        type: 'datasource',
        query: 'prometheus',
        current: {},
        hide: 0,
        refresh: 1,
        regex: '',
      }],
    },
    annotations: { list: [] },
    links: [...(spec.links ?? [])],
    panels,
  };
}

function panel(id: number, p: PanelSpec, gridPos: GrafanaGridPos): GrafanaPanel {
  const stat = p.type === 'stat';
  return {
    id,
    type: p.type,
    title: p.title,
    description: p.description,
    gridPos,
    datasource: PROMETHEUS_DATASOURCE,
    targets: p.queries.map((q, i) => ({
      refId: REF_IDS[i],
      datasource: PROMETHEUS_DATASOURCE,
      expr: q.expr,
      legendFormat: q.legend,
      ...(stat ? { instant: true, range: false } : { range: true }),
    })),
    fieldConfig: {
      defaults: {
        unit: p.unit,
        ...(p.min !== undefined && { min: p.min }),
        ...(p.max !== undefined && { max: p.max }),
        ...(p.decimals !== undefined && { decimals: p.decimals }),
        thresholds: {
          mode: 'absolute',
          steps: [
            { color: p.baseColor ?? (stat ? 'green' : 'transparent'), value: null },
            ...(p.thresholds ?? []).map((t) => ({ color: t.color, value: t.value })),
          ],
        },
        ...(stat
          ? { color: { mode: 'thresholds' } }
          : {
            color: { mode: 'palette-classic' },
            // Threshold lines drawn on the graph, so the standard a series is judged by is in sight.
            custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never', spanNulls: false, thresholdsStyle: { mode: p.thresholds?.length ? 'line+area' : 'off' } },
          }),
      },
      overrides: [],
    },
    options: stat
      ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'background', graphMode: 'none', textMode: 'value_and_name', orientation: 'auto', justifyMode: 'auto' }
      : { legend: { displayMode: 'table', placement: 'bottom', showLegend: true, calcs: ['lastNotNull', 'max'] }, tooltip: { mode: 'multi', sort: 'desc' } },
  };
}

/** A link to every dashboard carrying `tag`, as a drop-down in the header. */
export function dashboardLink(title: string, tag: string): GrafanaLink {
  return { title, type: 'dashboards', tags: [tag], asDropdown: true, includeVars: true, keepTime: true, icon: 'external link', targetBlank: false, tooltip: '', url: '' };
}

/** Every PromQL expression of a dashboard's panels, with where it is, for checks (promtool) and reviews. */
export function dashboardQueries(dashboard: GrafanaDashboard): { readonly panel: string; readonly refId: string; readonly expr: string }[] {
  return dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, refId: t.refId, expr: t.expr })));
}
