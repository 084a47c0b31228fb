import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acme } from '../../../examples/acme/org';
import { readArtifacts, readSynthManifest } from '../../../lib/artifacts';
import { synthesizeArtifacts, synthesize } from '../../../lib/platform';
import { defineOrganization } from '../../../lib/spec';

/** `dev` on AWS and Azure, beside `dev-azure` and `dev-team` on AWS: names that are prefixes of each other's stacks. */
const org = defineOrganization({
  ...acme,
  teams: [{ name: 'payments' }],
  services: [{ name: 'ledger', team: 'payments' }],
  environments: [
    { name: 'dev', tier: 'dev', aws: acme.environments[0].aws, azure: acme.environments[0].azure },
    { name: 'dev-azure', tier: 'dev', aws: { account: '444444444444', region: 'eu-west-2', cidr: '10.40.0.0/16' } },
    { name: 'dev-team', tier: 'dev', aws: { account: '555555555555', region: 'eu-west-2', cidr: '10.50.0.0/16' } },
  ],
});

describe('stacks are assigned to environments from the synthesizer\'s manifest', () => {
  const artifacts = synthesizeArtifacts(org, { clouds: ['aws', 'azure'] });
  const environmentOf = (kind: string, name: string) => artifacts.find((a) => a.kind === kind && a.name === name)?.environment;

  test.each([
    ['cloudformation', 'acme-dev', 'dev'],
    ['cloudformation', 'acme-dev-team-payments', 'dev'],
    ['terraform', 'acme-dev-azure', 'dev'],
    ['cloudformation', 'acme-dev-azure', 'dev-azure'],
    ['cloudformation', 'acme-dev-azure-team-payments', 'dev-azure'],
    ['cloudformation', 'acme-dev-team', 'dev-team'],
    ['cloudformation', 'acme-dev-team-team-payments', 'dev-team'],
  ])('%s stack %s belongs to %s', (kind, name, environment) => {
    expect(environmentOf(kind, name)).toBe(environment);
  });

  test('a sharded synth into one folder keeps what each run wrote', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
    try {
      synthesize(org, { outdir, environments: ['dev-team'], clouds: ['aws'], cloudFormationValidation: false });
      synthesize(org, { outdir, environments: ['dev'], clouds: ['azure'], cloudFormationValidation: false });
      expect(readSynthManifest(outdir)!.stacks.map((s) => `${s.kind} ${s.name} ${s.environment}`)).toEqual([
        'cloudformation acme-dev-team dev-team',
        'cloudformation acme-dev-team-team-payments dev-team',
        'terraform acme-dev-azure dev',
      ]);
      expect(readArtifacts(org, outdir).filter((a) => a.kind !== 'kubernetes').map((a) => `${a.name} ${a.environment}`).sort()).toEqual([
        'acme-dev-azure dev',
        'acme-dev-team dev-team',
        'acme-dev-team-team-payments dev-team',
      ]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
