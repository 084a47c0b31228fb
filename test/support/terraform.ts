/** Helpers for asserting on synthesized Terraform JSON (`Testing.synthScope` output). */

import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { problemsAt } from './validation';

// Re-exported: the Terraform tests have always taken it from here.
export { messageOf } from './errors';

/** What cdktf's own validation says about a test stack without a provider construct; not the construct's problem. */
const NO_PROVIDER = /^\[stack\] Found resources without a matching provider construct/;

/**
 * `Testing.synthScope` with every validation on, as `cdktf synth` runs them: a construct's problems fail the synth.
 * (The plain `Testing.synthScope` validates nothing.) cdktf's notice about a test stack without a provider is no
 * problem of the construct, and is left out.
 */
export function synthChecked(build: (scope: Construct) => void): string {
  const stack = new TerraformStack(Testing.app(), 'stack');
  build(stack);
  try {
    return Testing.synth(stack, true);
  } catch (e) {
    const [heading, ...problems] = (e as Error).message.split('\n\n')[0].split('\n');
    const kept = problems.filter((line) => !NO_PROVIDER.test(line.trim()));
    if (kept.length === problems.length) throw e;
    if (kept.length > 0) throw new Error([heading, ...kept].join('\n'));
    return Testing.synth(stack, false);
  }
}

/** Builds in a fresh stack and returns the problems `synthChecked` reports under `stack/<id>`, one per line. */
export function problemsOf(id: string, build: (scope: Construct) => void): string {
  return problemsAt(`stack/${id}`, () => synthChecked(build));
}

export type TfResource = Record<string, any>;

export interface TfJson {
  readonly resource: Record<string, Record<string, TfResource>>;
  readonly data?: Record<string, Record<string, TfResource>>;
  readonly output?: Record<string, { value: unknown }>;
}

/** The resource at a Terraform address such as `azurerm_subnet.Network_X_1234`; throws when there is none. */
export function resourceAt(json: TfJson, address: string): TfResource {
  const [type, name] = address.split('.');
  const resource = json.resource[type]?.[name];
  if (resource === undefined) throw new Error(`no resource at ${address}`);
  return resource;
}

/** Every resource of one type. */
export function resourcesOf(json: TfJson, type: string): TfResource[] {
  return Object.values(json.resource[type] ?? {});
}

/** The one resource of a type; fails the test when there are none or several. */
export function onlyResource(json: TfJson, type: string): TfResource {
  const resources = resourcesOf(json, type);
  expect(resources).toHaveLength(1);
  return resources[0];
}

/** All resource addresses, sorted. */
export function addressesOf(json: TfJson): string[] {
  return Object.entries(json.resource)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/** A Terraform reference as cdktf renders it: `${address.attribute}`. */
export function ref(address: string, attribute: string): string {
  return `\${${address}.${attribute}}`;
}
