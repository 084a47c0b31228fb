import * as fs from 'fs';
import * as path from 'path';
import { ENGINE_PEERS, loadEngine } from '../../../../lib/platform/private/engine';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf-8'));

describe('engines are optional peers', () => {
  test('the install hint names exactly the peers package.json declares, each optional', () => {
    // THEN
    expect(ENGINE_PEERS).toEqual(pkg.peerDependencies);
    for (const name of Object.keys(pkg.peerDependencies)) expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
  });

  test('a missing engine is one line that names the package to install', () => {
    // GIVEN a load that fails the way Node fails when cdktf is not installed
    const load = () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require('cdktf-not-installed/lib/app');
    };
    const asIfCdktf = () => {
      try {
        return load();
      } catch (e: any) {
        e.message = String(e.message).replace('cdktf-not-installed', 'cdktf');
        throw e;
      }
    };

    // WHEN / THEN
    expect(() => loadEngine('synthesize: the Terraform output', ['cdktf', 'constructs'], asIfCdktf))
      .toThrow(new Error('synthesize: the Terraform output needs cdktf, which is not installed: npm install cdktf@^0.21.0 constructs@^10.8.1'));
  });

  test('any other failure while loading is not disguised as a missing engine', () => {
    // GIVEN
    const broken = () => {
      throw new TypeError('boom');
    };

    // WHEN / THEN
    expect(() => loadEngine('synthesize: the AWS output', ['aws-cdk-lib'], broken)).toThrow(new TypeError('boom'));
  });
});
