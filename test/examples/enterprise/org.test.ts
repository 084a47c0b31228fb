import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { enterprise } from '../../../examples/enterprise/org';
import { defineOrganization } from '../../../lib/spec';
import { actionlint } from '../../support/actionlint';
import { baseline, jsonOf } from '../../support/cli';

/*
 * The 120-service example, run the way its users would: `baseline check` synthesizes every environment on every
 * cloud, the 120 workflows included, then gates it with every policy pack (cdk-nag too) and environment parity.
 * Its synth time and memory are in bench/ (cases synth-enterprise and check-enterprise), never asserted here.
 */
const org = defineOrganization(enterprise);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'enterprise-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe('examples/enterprise', () => {
  test('120 services across 12 teams, in 4 environments (one a DR environment of the prod tier) on 3 clouds', () => {
    expect(org.services).toHaveLength(120);
    expect(org.teams).toHaveLength(12);
    for (const team of org.teams) expect(org.services.filter((s) => s.team === team.name)).toHaveLength(10);
    expect(org.environments.map((e) => [e.name, e.tier, Boolean(e.aws && e.azure && e.gcp)])).toEqual([
      ['dev', 'dev', true], ['staging', 'staging', true], ['prod', 'prod', true], ['dr', 'prod', true],
    ]);
    // Realistic traffic: one service is public; each team's API (the first of its ten), domain services (the next
    // three) and scorer (the eighth) are reached only through declared calls; six of each team's ten call others.
    expect(org.services.filter((s) => s.exposure.level === 'public').map((s) => s.name)).toEqual(['edge-gateway']);
    const called = new Set(org.services.flatMap((s) => s.calls));
    for (const team of org.teams) {
      const own = org.services.filter((s) => s.team === team.name);
      const backends = [0, 1, 2, 3, 7].map((i) => own[i]).filter((s) => s.exposure.level !== 'public');
      expect(backends.filter((s) => !called.has(s.name)).map((s) => s.name)).toEqual([]);
    }
    expect(org.services.filter((s) => s.calls.length > 0)).toHaveLength(72);
  });

  test('synthesizes everything and passes check: every policy pack, parity, no exception', () => {
    const report = path.join(outdir, 'policy-report.json');
    const run = baseline(['check', '--org', 'examples/enterprise/org.ts', '--outdir', outdir, '--report', report, '--json']);
    const doc = jsonOf(run);
    expect([run.status, doc.ok, doc.policy.summary.errors, doc.parity.drifts]).toEqual([0, true, 0, 0]);
    expect(doc.summary.map((r: any) => [r.cloud, r.findings.errors, r.findings.excepted, r.drifts])).toEqual([
      ['aws', 0, 0, 0], ['azure', 0, 0, 0], ['gcp', 0, 0, 0],
    ]);
  }, 20 * 60_000);

  test('its 120 workflows are written for the 12 team repositories, the platform\'s own next to them, and pass actionlint', () => {
    const ci = path.join(outdir, 'ci.out');
    const platform = org.delivery!.github!.platformRepository;
    const workflows = [
      ...org.services.map((s) => ({ team: s.team, file: path.join(ci, s.team, '.github', 'workflows', `${s.name}.yml`) })),
      { team: platform, file: path.join(ci, platform, '.github', 'workflows', 'baseline.yml') },
    ];
    const problems = actionlint(workflows.map((w) => ({
      file: `.github/workflows/${path.basename(w.file)}`,
      text: fs.readFileSync(w.file, 'utf8'),
      config: fs.readFileSync(path.join(ci, w.team, '.github', 'actionlint.yaml'), 'utf8'),
    })));
    expect(problems.flat()).toEqual([]);
    expect(fs.readdirSync(ci).sort()).toEqual([...org.teams.map((t) => t.name), platform].sort());
    // 4 environments on 3 clouds: 12 shards.
    expect((yaml.load(fs.readFileSync(path.join(ci, platform, '.github', 'workflows', 'baseline.yml'), 'utf8')) as any).jobs.check.strategy.matrix.include).toHaveLength(12);
  });
});
