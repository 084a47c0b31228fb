/**
 * One way to report bad input, for constructs and the spec alike: collect every problem first, each naming the prop
 * (or spec path), quoting the bad value and saying what is expected, then report them all at once.
 */
import { show } from './show';

/**
 * The problems of one construct's props, collected before anything is reported.
 *
 * It is a `constructs` validation (`validate(): string[]`), so a construct hands it to `this.node.addValidation` and
 * the engine's synth (`app.synth()` in aws-cdk-lib and cdk8s, each stack's synth in cdktf) reports every broken
 * construct of the app in one error, each problem under the construct's path:
 *
 * ```text
 * [app/stack/Network] AwsNetwork: cidr "10.0.0.0/8" has a prefix the baseline cannot use (expected /16 to /20)
 * ```
 *
 * Each problem is one sentence that starts with the prop's path and the quoted value, and ends with what is expected.
 */
export class Problems {
  private readonly sentences: string[] = [];

  /** @param subject names the construct in every message, e.g. `AwsNetwork` or `ServiceWorkload "orders"` */
  constructor(public readonly subject: string) {}

  /**
   * Records that the value at `path` is bad: `<path> <quoted value> <complaint> (expected <expected>)`.
   * @param complaint what is wrong, e.g. `is not a DNS label`
   * @param expected what would be right, e.g. `like payments`
   */
  public invalid(path: string, value: unknown, complaint: string, expected: string): this {
    this.sentences.push(`${path} ${show(value)} ${complaint} (expected ${expected})`);
    return this;
  }

  /** Records whole sentences, each starting with the prop's path; undefined entries (no problem) are skipped. */
  public push(...sentences: ReadonlyArray<string | undefined>): this {
    for (const sentence of sentences) {
      if (sentence !== undefined) this.sentences.push(sentence);
    }
    return this;
  }

  /** How many problems were found. */
  public get length(): number {
    return this.sentences.length;
  }

  /** The problems as sentences, without the subject. */
  public get messages(): readonly string[] {
    return [...this.sentences];
  }

  /** Every problem as `<subject>: <sentence>`: what `node.addValidation` reports under the construct's path. */
  public validate(): string[] {
    return this.sentences.map((sentence) => `${this.subject}: ${sentence}`);
  }

  /**
   * Throws one Error listing every problem, one per line, for checks that run outside a synth (a method call,
   * a helper without a construct). Constructs register themselves with `node.addValidation` instead.
   */
  public throwIfAny(): void {
    if (this.sentences.length > 0) throw new Error(this.validate().join('\n'));
  }
}
