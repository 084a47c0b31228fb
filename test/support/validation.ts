/**
 * The problems an engine's synth reports, as `[<construct path>] <message>` lines. aws-cdk-lib, cdktf and cdk8s
 * all throw one error headed "Validation failed with the following errors:" (cdktf adds a hint after a blank line).
 * Fails when `synth` succeeds or throws anything else.
 */
export function synthProblems(synth: () => unknown): string[] {
  try {
    synth();
  } catch (e) {
    const message = (e as Error).message;
    const [heading, ...rest] = message.split('\n\n')[0].split('\n');
    if (heading !== 'Validation failed with the following errors:') throw e;
    return rest.map((line) => line.replace(/^ {2}/, ''));
  }
  throw new Error('expected the synth to report validation problems');
}

/** `lines` (one problem per line) as a synth reports them under the construct at `path`. */
export function under(path: string, lines: string): string[] {
  return lines.split('\n').map((line) => `[${path}] ${line}`);
}

/**
 * The problems a synth reports, all of them under the construct at `path`, one per line without the path (the
 * layout of a construct's `Problems`). Fails when the synth succeeds or reports a problem elsewhere.
 */
export function problemsAt(path: string, synth: () => unknown): string {
  const prefix = `[${path}] `;
  const lines = synthProblems(synth);
  const elsewhere = lines.filter((line) => !line.startsWith(prefix));
  if (elsewhere.length > 0) throw new Error(`expected every problem under ${path}, got:\n${lines.join('\n')}`);
  return lines.map((line) => line.slice(prefix.length)).join('\n');
}
