import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acme } from '../../../../examples/acme/org';
import { ClusterQueue } from '../../../../lib/platform/private/cluster-queue';
import { positionOf, runShare } from '../../../../lib/platform/private/synth-share';
import { planSynthesis } from '../../../../lib/platform/synthesize';
import { defineOrganization } from '../../../../lib/spec';

jest.setTimeout(120_000);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-share-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const org = defineOrganization(acme);
const clustersIn = (outdir: string) => fs.readdirSync(path.join(outdir, 'cdk8s.out')).flatMap((env) =>
  fs.readdirSync(path.join(outdir, 'cdk8s.out', env)).map((cloud) => `${env}/${cloud}`)).sort();

describe('runShare', () => {
  test('builds the clusters the shared queue still has, and only those', () => {
    // GIVEN the 9 clusters of acme, 7 of them already taken by other threads
    const outdir = path.join(tmp, 'rest');
    const plan = planSynthesis(org, { outdir });
    const queue = ClusterQueue.create(plan.kubernetes.length);
    for (let i = 0; i < 7; i++) queue.take();
    // WHEN
    const outcome = runShare(org, plan, {}, { engines: [], clusters: queue });
    // THEN this thread built the last two, and the queue is empty
    expect(outcome.failure).toBeUndefined();
    expect(outcome.result).toEqual({ kubernetes: path.join(outdir, 'cdk8s.out') });
    expect(clustersIn(outdir)).toEqual(['prod/azure', 'prod/gcp']);
    expect(fs.readdirSync(path.join(outdir, 'cdk8s.out', 'prod', 'gcp')).sort()).toEqual(['addons.k8s.yaml', 'baseline.k8s.yaml', 'gitops.k8s.yaml', 'monitoring.k8s.yaml', 'services.k8s.yaml', 'teams']);
    expect(queue.take()).toBeUndefined();
  });

  test('a cluster that fails stops the queue for every thread and is reported at its place in a one-thread synth', () => {
    // GIVEN staging/azure (the fifth cluster) cannot be written: its folder is taken by a file
    const outdir = path.join(tmp, 'blocked');
    fs.mkdirSync(path.join(outdir, 'cdk8s.out', 'staging'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'cdk8s.out', 'staging', 'azure'), 'not a folder');
    const plan = planSynthesis(org, { outdir, environments: ['dev', 'staging', 'prod'] });
    const queue = ClusterQueue.create(plan.kubernetes.length);
    const other = ClusterQueue.attach({ buffer: queue.buffer, count: queue.count });
    // WHEN
    const outcome = runShare(org, plan, {}, { engines: [], clusters: queue });
    // THEN
    expect(plan.kubernetes[4]).toMatchObject({ env: { name: 'staging' }, cloud: 'azure' });
    expect(outcome.failure?.position).toBe(positionOf('kubernetes', 4));
    expect(String(outcome.failure?.error)).toContain(path.join(outdir, 'cdk8s.out', 'staging', 'azure'));
    expect(other.take()).toBeUndefined();
    expect(clustersIn(outdir)).toEqual(['dev/aws', 'dev/azure', 'dev/gcp', 'staging/aws', 'staging/azure']);
  });

  test('an engine that fails stops the share before its clusters, at the engine\'s place', () => {
    // GIVEN the Terraform output folder taken by a file
    const outdir = path.join(tmp, 'engine');
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(path.join(outdir, 'cdktf.out'), 'not a folder');
    const plan = planSynthesis(org, { outdir, environments: ['dev'] });
    const queue = ClusterQueue.create(plan.kubernetes.length);
    // WHEN
    const outcome = runShare(org, plan, {}, { engines: ['terraform'], clusters: queue });
    // THEN the clusters stay in the queue for the other threads
    expect(outcome.failure?.position).toBe(positionOf('terraform'));
    expect(outcome.failure?.position).toBeLessThan(positionOf('kubernetes'));
    expect(queue.take()).toBe(0);
  });
});
