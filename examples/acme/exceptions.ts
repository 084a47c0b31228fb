import type { PolicyException } from '../../lib/policy';

/**
 * The example organization's policy exceptions. Each one is a known gap with an owner and a short expiry: when it
 * expires, `npm run check` fails until the gap is fixed or the exception is renewed with a new reason.
 *
 * Empty: the baseline constructs pass every rule on the example.
 */
export const exceptions: readonly PolicyException[] = [];
