/** A cheap test that is true of every string an alternative can match in. */
export type MayMatch = (s: string) => boolean;

/**
 * A necessary condition for the tokenizer's regular expression to match a string, checked with substring searches.
 *
 * The tokenizer's expression is one alternation of every environment value, most behind lookbehinds, and V8 tries
 * every alternative at every position of every string: at 100 services that was 1.2 s of `checkParity`'s 2.5 s,
 * mostly on the Grafana dashboards' 14 KB JSON strings; 92 % of the bytes it read (306 of the 324 strings over 1 KB)
 * held no environment value at all. Every alternative's match contains a literal (its value), or the alternative
 * gives a cheap test of its own (a cut name after the organization name, the noise patterns), so a string none of
 * them admits cannot match and the expression runs only on the strings that can.
 */
export class MatchPrefilter {
  private readonly literals: readonly string[];

  /**
   * @param literals strings of which each match of a literal alternative contains one
   * @param tests the other alternatives' tests
   */
  constructor(literals: readonly string[], private readonly tests: readonly MayMatch[] = []) {
    // A literal that contains another is redundant: wherever it is found, the shorter one is too.
    const unique = [...new Set(literals)].sort((a, b) => a.length - b.length);
    this.literals = unique.filter((l, i) => !unique.slice(0, i).some((shorter) => l.includes(shorter)));
  }

  /** False only when the expression cannot match anywhere in `s`. */
  mayMatch(s: string): boolean {
    for (const literal of this.literals) if (s.includes(literal)) return true;
    for (const test of this.tests) if (test(s)) return true;
    return false;
  }
}
