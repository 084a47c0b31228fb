import { ContextProvider, Stack, Token } from 'aws-cdk-lib';
import * as cxschema from 'aws-cdk-lib/cloud-assembly-schema';

/** The zones each stack was told about here, so two networks in one stack extend the list rather than clash. */
const declared = new WeakMap<Stack, Set<string>>();

/**
 * Makes `zones` the answer to `stack.availabilityZones`, so that nothing asks AWS for them.
 *
 * `ec2.Vpc` reads `stack.availabilityZones` even when it is given its zones (to check they belong to the stack),
 * and in a stack with a concrete `env` that read is a context lookup: synth records "missing context", and the CLI
 * calls AWS to fill it. The answer is put where `cdk.context.json` would put it, on the stack, unless the user's
 * context already holds one (a real lookup wins: the Vpc then checks the given zones against it).
 */
export function declareAvailabilityZones(stack: Stack, zones: readonly string[]): void {
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region) || zones.some((z) => Token.isUnresolved(z))) {
    // Environment-agnostic stacks answer with Fn::GetAZs and never look up; tokens cannot be declared.
    return;
  }
  const { key } = ContextProvider.getKey(stack, { provider: cxschema.ContextProvider.AVAILABILITY_ZONE_PROVIDER });
  const mine = declared.get(stack);
  if (mine === undefined && stack.node.tryGetContext(key) !== undefined) return;
  const all = mine ?? new Set<string>();
  zones.forEach((zone) => all.add(zone));
  declared.set(stack, all);
  // node.setContext refuses once a stack has children, which it always has here, so this writes to the
  // same store it would write to. Should a constructs release rename it, the lookup simply happens as before.
  const node = stack.node as unknown as { _context?: Record<string, unknown> };
  if ('_context' in node) node._context = { ...node._context, [key]: [...all].sort() };
}
