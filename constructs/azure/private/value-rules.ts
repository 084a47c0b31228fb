import { Token } from 'cdktf';

/** Azure resource ID shapes that baseline constructs take as props, with an example for messages. */
const RESOURCE_ID_SHAPES = {
  'subnet': {
    pattern: /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i,
    example: '/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>',
  },
  'virtual network': {
    pattern: /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+$/i,
    example: '/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>',
  },
  'Log Analytics workspace': {
    pattern: /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i,
    example: '/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<workspace>',
  },
  'private DNS zone': {
    pattern: /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/[^/]+$/i,
    example: '/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<zone>',
  },
  'AKS cluster': {
    pattern: /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/managedClusters\/[^/]+$/i,
    example: '/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<cluster>',
  },
  'Azure Monitor workspace': {
    pattern: /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Monitor\/accounts\/[^/]+$/i,
    example: '/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Monitor/accounts/<workspace>',
  },
} as const;

/** A kind of resource ID that {@link resourceIdProblems} recognises. */
export type ResourceIdKind = keyof typeof RESOURCE_ID_SHAPES;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks that `value` is the resource ID of a `kind` resource. A Token passes:
 * it is usually another resource's `id`.
 * @returns one message per problem, phrased to follow `<Construct>: `
 */
export function resourceIdProblems(label: string, value: string, kind: ResourceIdKind): string[] {
  const shape = RESOURCE_ID_SHAPES[kind];
  if (Token.isUnresolved(value) || shape.pattern.test(value ?? '')) {
    return [];
  }
  return [`${label} "${value}" is not a ${kind} resource ID (expected like ${shape.example})`];
}

/**
 * Checks that `value` is an Entra ID object ID (a GUID). A Token passes.
 * @returns one message per problem, phrased to follow `<Construct>: `
 */
export function objectIdProblems(label: string, value: string): string[] {
  return guidProblems(label, value, 'an object ID');
}

/**
 * Checks that `value` is a GUID, such as a Log Analytics workspace ID. A Token passes.
 * @param what names the expected kind of ID in messages, with its article, e.g. "a workspace ID"
 * @returns one message per problem, phrased to follow `<Construct>: `
 */
export function guidProblems(label: string, value: string, what: string): string[] {
  if (Token.isUnresolved(value) || GUID.test(value ?? '')) {
    return [];
  }
  return [`${label} "${value}" is not ${what} (expected a GUID like 00000000-0000-0000-0000-000000000000)`];
}

/**
 * Checks that `value`, when given, is a whole number from `min` to `max`. A Token passes.
 * @returns one message per problem, phrased to follow `<Construct>: `
 */
export function wholeNumberProblems(label: string, value: number | undefined, min: number, max: number): string[] {
  if (value === undefined || Token.isUnresolved(value)
    || (Number.isInteger(value) && value >= min && value <= max)) {
    return [];
  }
  return [`${label} ${value} is out of range (expected a whole number from ${min} to ${max})`];
}
