import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Node } from 'constructs';
import { ConstructValidationError } from '../../../core/validation';
import { acme } from '../../../examples/acme/org';
import { synthesizeTerraform } from '../../../lib/platform/synth-terraform';
import { defineOrganization } from '../../../lib/spec';
import { baseline } from '../../support/cli';

jest.setTimeout(120_000);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-terraform-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('synthesizeTerraform', () => {
  test('needs no terraform binary: a synth with moved blocks succeeds where none is on the PATH', () => {
    // GIVEN a PATH with node and nothing else (cdktf's own validation ran `terraform version` in a shell for each
    // stack with a moved block, and failed the synth without it)
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const outdir = path.join(tmp, 'no-terraform');
    // WHEN
    const run = baseline(['synth', '--threads', '1', '--outdir', outdir], { env: { PATH: bin } });
    // THEN the Azure stacks, moved block included, and the GitHub settings stack are written
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    const azure = JSON.parse(fs.readFileSync(path.join(outdir, 'cdktf.out', 'stacks', 'acme-dev-azure', 'cdk.tf.json'), 'utf8'));
    expect(azure.moved).toEqual([expect.objectContaining({ from: expect.stringMatching(/^azurerm_log_analytics_workspace\./) })]);
    expect(fs.readdirSync(path.join(outdir, 'ci.out', 'platform', 'github-settings', 'stacks'))).toEqual(['acme-github']);
  });

  test('still validates every construct and reports the broken ones of every stack at once', () => {
    // GIVEN one construct in each of two stacks whose validation fails
    const org = defineOrganization(acme);
    const dev = org.environments.find((e) => e.name === 'dev')!;
    const broken = ['acme-dev-azure', 'acme-dev-gcp'];
    const validate = Node.prototype.validate;
    const spy = jest.spyOn(Node.prototype, 'validate').mockImplementation(function (this: Node) {
      return [...validate.call(this), ...broken.includes(this.path) ? ['broken on purpose'] : []];
    });
    try {
      // WHEN / THEN
      let error: unknown;
      try {
        synthesizeTerraform(org, [{ env: dev, cloud: 'azure' }, { env: dev, cloud: 'gcp' }], path.join(tmp, 'broken'));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConstructValidationError);
      expect((error as ConstructValidationError).problems).toEqual(broken.map((p) => ({ path: p, message: 'broken on purpose' })));
    } finally {
      spy.mockRestore();
    }
  });
});
