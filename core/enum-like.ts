/**
 * Checks for the values of enum-like classes (aws-cdk-lib's pattern: `GkeReleaseChannel.STABLE`, or
 * `GkeReleaseChannel.of('NEW_CHANNEL')` for a value the cloud adds before this library lists it).
 */

/** What every enum-like class of the constructs holds: the cloud API's own spelling of the choice. */
export interface EnumLikeValue {
  /** The value as the cloud's API spells it, e.g. `STABLE`. */
  readonly value: string;
}

/** How a construct checks one enum-like prop. */
export interface EnumLikeRule {
  /** The class name, for the message, e.g. `GkeReleaseChannel`. */
  readonly type: string;
  /** A member to copy, e.g. `NODE_IMAGE`. */
  readonly example: string;
  /** That member's value, e.g. `node-image`. */
  readonly exampleValue: string;
  /** The shape of any value the cloud could accept, so that a typo in `of(...)` is caught before deploy. */
  readonly pattern: RegExp;
  /** How the pattern reads, e.g. `lower-case words joined by -`. */
  readonly patternText: string;
  /** True for a value the engine resolves later (a Token). */
  readonly isUnresolved: (value: unknown) => boolean;
}

/**
 * The problem of `given` (the prop at `path`), or undefined: it must be an instance of the class (a JavaScript caller
 * may pass anything), and a value given through `of(...)` must have the shape of the cloud's values.
 */
export function enumLikeProblem(path: string, given: unknown, rule: EnumLikeRule): string | undefined {
  const value = (given as Partial<EnumLikeValue> | undefined)?.value;
  if (typeof given !== 'object' || given === null || typeof value !== 'string') {
    return `${path} ${JSON.stringify(given)} is not of type ${rule.type} (expected like ${rule.type}.${rule.example}, or ${rule.type}.of('...') for a value this library does not list yet)`;
  }
  if (rule.isUnresolved(value) || rule.pattern.test(value)) return undefined;
  return `${path} ${JSON.stringify(value)} does not look like a value of ${rule.type} (expected ${rule.patternText}, like ${rule.exampleValue})`;
}
