/**
 * Exit codes of the `baseline` command, the same for every subcommand, so CI can tell a failed gate from a broken
 * invocation.
 */
export const ExitCode = {
  /** Done, and every gate the command runs passed. */
  OK: 0,
  /** A gate failed: a policy error no exception covers, environment drift, or a diff that loses data. */
  FAILED: 1,
  /** The command line is wrong: an unknown command, flag or value. */
  USAGE: 2,
  /** The organization could not be used: the file does not load, exports no spec, or the spec is invalid. */
  INVALID_ORGANIZATION: 3,
  /** Anything else (a bug, a disk error): the message, and the stack with `BASELINE_DEBUG=1`. */
  INTERNAL: 4,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error for people: its message is printed as it is, without a stack, and the command exits with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, public readonly exitCode: ExitCodeValue) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad command line: the message says what was given and what is allowed. */
export function usageError(message: string): CliError {
  return new CliError(message, ExitCode.USAGE);
}
