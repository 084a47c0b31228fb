/**
 * Validating a whole construct tree at once, for the engines that stop early: cdktf validates one stack at a time
 * (the first broken stack hides the others) and cdk8s's `Chart.toJson()` validates nothing.
 *
 * The kernel imports no engine, so a construct is described here by the part of `constructs`' `Node` it needs.
 */

/** The part of a construct (from the `constructs` package) that validation reads. */
export interface ValidatableConstruct {
  readonly node: {
    readonly path: string;
    /** Every construct of the subtree, this one included. */
    findAll(): ValidatableConstruct[];
    /** The messages of every validation added with `node.addValidation`. */
    validate(): string[];
  };
}

/** One problem a construct's validation reported. */
export interface ConstructProblem {
  /** The construct's path, e.g. `acme-dev-azure/Cluster`. */
  readonly path: string;
  /** The problem, e.g. `AksCluster: dnsServiceIp "10.0.0.300" is not an IPv4 address (expected ...)`. */
  readonly message: string;
}

/** The heading aws-cdk-lib, cdktf and cdk8s print above their `  [<path>] <problem>` lines, and so do we. */
export const VALIDATION_HEADING = 'Validation failed with the following errors:';

/**
 * Every broken construct of an app, at once. The message has the layout of aws-cdk-lib's, cdktf's and cdk8s's own
 * validation errors (`[<path>] <problem>` under one heading), so the output reads the same on every engine.
 */
export class ConstructValidationError extends Error {
  constructor(public readonly problems: readonly ConstructProblem[]) {
    super(`${VALIDATION_HEADING}\n${problems.map((p) => `  [${p.path}] ${p.message}`).join('\n')}`);
    this.name = 'ConstructValidationError';
  }
}

/** The problems of every construct under `root` (an app, a stack or a chart), in tree order. */
export function constructProblems(root: ValidatableConstruct): ConstructProblem[] {
  return root.node.findAll().flatMap((c) => c.node.validate().map((message) => ({ path: c.node.path, message })));
}

/**
 * Validates every construct under `root` and throws one {@link ConstructValidationError} listing all their problems.
 *
 * Call it on a cdktf `App` before `app.synth()`, which validates stack by stack and stops at the first broken one,
 * so that every broken construct of every stack is reported at once. aws-cdk-lib's and cdk8s's `app.synth()`
 * already validate the whole app.
 */
export function validateApp(root: ValidatableConstruct): void {
  const problems = constructProblems(root);
  if (problems.length > 0) throw new ConstructValidationError(problems);
}
