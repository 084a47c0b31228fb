import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium } from '../../support/chromium';
import { baseline, jsonOf } from '../../support/cli';

// `baseline report` opened in headless Chromium: the page's own check (run with #selfcheck) reports what the
// browser rendered, and the counts must be those of the organization. The screenshot is kept for CI's output.
const FIXTURES = path.join(__dirname, 'fixtures');
const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'test-reports');
jest.setTimeout(300_000);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-report-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function selfCheck(file: string): any {
  const dom = chromium(`file://${file}#selfcheck`, ['--dump-dom']);
  const match = /<pre id="selfcheck">([^<]*)<\/pre>/.exec(dom);
  if (!match) throw new Error(`the page did not run its check (no #selfcheck in the rendered DOM):\n${dom.slice(0, 2000)}`);
  return JSON.parse(match[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

test('the second organization with an expired exception and a diff: diagram, matrices, ledger and diff render with the right counts', () => {
  // GIVEN a synth of the changed globex (renamed service, moved prod Azure placement, dropped team), to diff against
  const before = path.join(tmp, 'before');
  expect(baseline(['synth', '--org', path.join(FIXTURES, 'globex-changed.ts'), '--outdir', before, '--json']).status).toBe(0);
  const file = path.join(tmp, 'globex.html');

  // WHEN the report of globex is written against it (the expired-exception ledger comes with globex-expired.ts)
  const run = baseline(['report', '--org', path.join(FIXTURES, 'globex-expired.ts'), '--no-nag', '--against', before, '--today', '2026-06-01', '--out', file, '--json']);
  expect(run.status).toBe(0);
  expect(jsonOf(run)).toMatchObject({ command: 'report', ok: true, file });

  // THEN the page needs nothing from outside
  const html = fs.readFileSync(file, 'utf8');
  expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);

  // AND Chromium renders what the organization holds: 2 environments x 3 clouds, a cluster and a registry each,
  // 3 services, 25 controls x 6 columns, a 2 x 6 parity matrix, the ledger's one expired exception
  const { expected, rendered } = selfCheck(file);
  expect(expected).toMatchObject({ organization: 'globex', environments: ['dev', 'prod'], clusters: 6, registries: 6, services: 3 });
  expect(rendered).toMatchObject({
    environments: 2,
    placements: 6,
    clusters: 6,
    registries: 6,
    services: 3,
    calls: expected.calls,
    parityCells: 12,
    exceptions: 1,
    expiredExceptions: 1,
    filters: 2,
    textOverflowingItsBox: [],
  });
  expect(rendered.controlCells).toBe(rendered.controlRows * 6);
  expect(rendered.controlRows).toBeGreaterThanOrEqual(20);
  expect(rendered.diagramWidth).toBeGreaterThan(500);
  expect(rendered.diagramHeight).toBeGreaterThan(300);

  // AND the diff section names the data loss of the change
  expect(html).toMatch(/id="diff-counts">Against [^:]+: \d+ to add, \d+ to remove, \d+ to modify, \d+ to replace; <strong>\d+ would lose data/);
  expect(html).toMatch(/<li class="loss">± globex-prod-azure azurerm_kubernetes_cluster\.\S+ \(azurerm_kubernetes_cluster\) replace: location/);
  expect(html).toMatch(/id="card-diff"><span class="value">[1-9]\d*<\/span>/);

  // AND a screenshot is kept for CI's output
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const png = path.join(SCREENSHOTS, 'baseline-report.png');
  fs.rmSync(png, { force: true });
  chromium(`file://${file}`, ['--window-size=1400,2400', `--screenshot=${png}`]);
  const header = fs.readFileSync(png);
  expect(header.subarray(1, 4).toString('ascii')).toBe('PNG');
  expect(header.readUInt32BE(16)).toBe(1400);
  process.stdout.write(`report screenshot: ${png}\n`);
});

test('the example organization: every environment, cloud and team is in the diagram; graph prints the same as Mermaid', () => {
  const file = path.join(tmp, 'acme.html');
  expect(baseline(['report', '--no-nag', '--out', file]).status).toBe(0);
  const { expected, rendered } = selfCheck(file);
  expect(expected).toMatchObject({ organization: 'acme', environments: ['dev', 'staging', 'prod'], clusters: 9, registries: 9, services: 13 });
  expect(rendered).toMatchObject({
    environments: 3, placements: 9, clusters: 9, registries: 9, services: 13, parityCells: 18, textOverflowingItsBox: [],
  });

  const graph = baseline(['graph']);
  expect(graph.status).toBe(0);
  expect(graph.stdout.split('\n')[0]).toBe('flowchart LR');
  expect(graph.stdout.match(/\[\["(EKS|AKS|GKE) /g)).toHaveLength(9);
  expect(graph.stdout.match(/^ {6}svc_\w+\(\["/gm)).toHaveLength(13);
  for (const env of ['dev', 'staging', 'prod']) expect(graph.stdout).toContain(`subgraph env_${env}["${env} (${env})"]`);
});
