/** Helpers for asserting on synthesized Terraform JSON (`Testing.synthScope` output). */

// Re-exported: the Terraform tests have always taken it from here.
export { messageOf } from './errors';

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
