import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acme } from '../../../examples/acme/org';
import { readArtifacts } from '../../../lib/artifacts';
import { synthesizeArtifacts } from '../../../lib/platform';
import { defineOrganization } from '../../../lib/spec';

describe('reading synthesized artifacts', () => {
  const org = defineOrganization(acme);
  const artifacts = synthesizeArtifacts(org);

  test('every environment has its CloudFormation, Terraform and Kubernetes artifacts, attributed to it', () => {
    // THEN each environment x cloud is present once per kind, named by the naming convention
    for (const env of org.environments) {
      const mine = artifacts.filter((a) => a.environment === env.name);
      expect(mine.filter((a) => a.kind === 'cloudformation').map((a) => a.name))
        .toEqual(expect.arrayContaining([`acme-${env.name}`, `acme-${env.name}-team-payments`]));
      expect(mine.filter((a) => a.kind === 'terraform').map((a) => `${a.name}:${a.cloud}`).sort())
        .toEqual([`acme-${env.name}-azure:azure`, `acme-${env.name}-gcp:gcp`]);
      expect(mine.filter((a) => a.kind === 'kubernetes').map((a) => a.name).sort()).toEqual(['aws', 'azure', 'gcp']
        .flatMap((cloud) => [`${env.name}/${cloud}/addons`, `${env.name}/${cloud}/baseline`, `${env.name}/${cloud}/gitops`, `${env.name}/${cloud}/monitoring`, `${env.name}/${cloud}/services`]));
    }
  });

  test('documents are parsed: templates, Terraform JSON and lists of Kubernetes objects', () => {
    const template = artifacts.find((a) => a.kind === 'cloudformation')!;
    expect(Object.keys(template.document.Resources).length).toBeGreaterThan(10);
    const tf = artifacts.find((a) => a.kind === 'terraform' && a.cloud === 'gcp')!;
    expect(tf.document.resource.google_container_cluster).toBeDefined();
    const manifest = artifacts.find((a) => a.kind === 'kubernetes' && a.name.endsWith('/baseline'))!;
    expect(manifest.document.map((o: any) => o.kind)).toContain('Namespace');
  });

  test('the temporary synth folder is removed', () => {
    // GIVEN a folder of our own for temporary folders (the system one is shared with other processes)
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-root-'));
    const read = synthesizeArtifacts(org, { clouds: ['gcp'], environments: ['dev'], tempRoot: root });
    expect(read.length).toBeGreaterThan(0);
    expect(fs.readdirSync(root)).toEqual([]);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('a stack that belongs to no environment is an error, not silently skipped', () => {
    // GIVEN an output folder with a stray Terraform stack
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stray-'));
    fs.mkdirSync(path.join(outdir, 'cdktf.out', 'stacks', 'other-qa-gcp'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'cdktf.out', 'stacks', 'other-qa-gcp', 'cdk.tf.json'), '{}');

    // WHEN it is read THEN the stack is named
    expect(() => readArtifacts(org, outdir)).toThrow('readArtifacts: stack "other-qa-gcp" belongs to no environment of "acme" (expected acme-<environment>[-...])');
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('the longest environment name wins, so prod-eu is never read as prod', () => {
    const spec = structuredClone(acme) as any;
    spec.environments = [spec.environments[2], {
      ...structuredClone(spec.environments[2]),
      name: 'prod-eu',
      // Another account: one environment per account and region.
      aws: { ...spec.environments[2].aws, account: '444444444444', cidr: '10.40.0.0/16' },
      azure: undefined,
      gcp: undefined,
    }];
    const two = defineOrganization(spec);
    const names = synthesizeArtifacts(two, { clouds: ['aws'] }).filter((a) => a.kind === 'cloudformation')
      .map((a) => `${a.name}:${a.environment}`);
    expect(names).toEqual(expect.arrayContaining(['acme-prod:prod', 'acme-prod-eu:prod-eu']));
  });
});
