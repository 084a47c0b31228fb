import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cdk8s from 'cdk8s';
import * as cdktf from 'cdktf';
import { readAppOutput } from '../../../lib/artifacts';

let dir: string;

beforeAll(() => {
  // GIVEN an app with a stack per stage, a Terraform stack per cloud and a folder of manifests
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-app-'));
  const app = new App({ outdir: path.join(dir, 'cdk.out') });
  for (const stage of ['Dev', 'Prod']) new sqs.Queue(new Stack(new Stage(app, stage), 'payments'), 'Queue');
  app.synth();
  const tf = new cdktf.App({ outdir: path.join(dir, 'cdktf.out') });
  const gcp = new cdktf.TerraformStack(tf, 'payments-dev-gcp');
  gcp.addOverride('provider', { google: [{ project: 'p-1234' }] });
  const azure = new cdktf.TerraformStack(tf, 'payments-dev-azure');
  azure.addOverride('provider', { azurerm: [{ features: [{}] }] });
  tf.synth();
  const k8s = new cdk8s.App({ outdir: path.join(dir, 'dist') });
  new cdk8s.ApiObject(new cdk8s.Chart(k8s, 'payments-dev'), 'Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } });
  k8s.synth();
  fs.mkdirSync(path.join(dir, 'dist', 'prod'));
  fs.writeFileSync(path.join(dir, 'dist', 'prod', 'payments.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n');
  fs.writeFileSync(path.join(dir, 'dist', 'values.yaml'), 'replicas: 3\n');
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('readAppOutput', () => {
  test('reads a project folder: stage stacks by their stack names, Terraform stacks by provider, every manifest', () => {
    // WHEN
    const outputs = readAppOutput(dir);

    // THEN (a YAML file that holds no Kubernetes objects, such as Helm values, is not a manifest)
    const base = path.basename(dir);
    expect(outputs.map((o) => [o.kind, o.cloud, o.name, o.file])).toEqual([
      ['cloudformation', 'aws', 'Dev-payments', path.join(base, 'cdk.out', 'assembly-Dev', 'Devpayments23AAF5CE.template.json')],
      ['cloudformation', 'aws', 'Prod-payments', path.join(base, 'cdk.out', 'assembly-Prod', 'Prodpayments7F9AB18E.template.json')],
      ['terraform', 'azure', 'payments-dev-azure', path.join(base, 'cdktf.out', 'stacks', 'payments-dev-azure', 'cdk.tf.json')],
      ['terraform', 'gcp', 'payments-dev-gcp', path.join(base, 'cdktf.out', 'stacks', 'payments-dev-gcp', 'cdk.tf.json')],
      ['kubernetes', undefined, 'payments-dev', path.join(base, 'dist', 'payments-dev.k8s.yaml')],
      ['kubernetes', undefined, 'prod/payments', path.join(base, 'dist', 'prod', 'payments.yaml')],
    ]);
    expect(Object.values<any>(outputs[0].document.Resources).map((r) => r.Type)).toEqual(['AWS::SQS::Queue']);
    expect(outputs[4].document).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } }]);
  });

  test('reads each engine folder on its own', () => {
    expect(readAppOutput(path.join(dir, 'cdk.out')).map((o) => o.name)).toEqual(['Dev-payments', 'Prod-payments']);
    expect(readAppOutput(path.join(dir, 'cdktf.out')).map((o) => o.name)).toEqual(['payments-dev-azure', 'payments-dev-gcp']);
    expect(readAppOutput(path.join(dir, 'dist')).map((o) => o.name)).toEqual(['payments-dev', 'prod/payments']);
  });

  test('a folder without output, a missing folder and a Terraform stack of no known cloud are errors that say what was expected', () => {
    // GIVEN
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'read-app-empty-'));
    const stacks = path.join(empty, 'tf', 'stacks', 'payments-dev');
    fs.mkdirSync(stacks, { recursive: true });
    fs.writeFileSync(path.join(stacks, 'cdk.tf.json'), JSON.stringify({ provider: { kubernetes: [{}] } }));
    try {
      // WHEN / THEN
      expect(() => readAppOutput(path.join(empty, 'missing'))).toThrow(`readAppOutput: "${path.join(empty, 'missing')}" is not a folder (expected a cdk.out, cdktf.out or manifests folder, or a project folder holding them)`);
      expect(() => readAppOutput(empty)).toThrow(`readAppOutput: "${empty}" holds no synthesized output (expected a cloud assembly with manifest.json, a cdktf.out with stacks/*/cdk.tf.json, *.yaml manifests, or one of cdk.out, cdktf.out, cdk8s.out, dist inside it)`);
      expect(() => readAppOutput(path.join(empty, 'tf'))).toThrow('readAppOutput: Terraform stack "payments-dev" configures no cloud provider (expected exactly one of azurerm, google, aws)');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
