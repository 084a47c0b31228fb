import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { CliError, ExitCode } from './exit-codes';
import { Io, processIo } from './output';

const EXIT_CODES = `Exit codes:
  0  done, and every gate the command runs passed
  1  a gate failed: a policy error no exception covers, environment drift, a diff that loses data
  2  the command line is wrong: an unknown command, flag or value
  3  the organization could not be used: the file does not load, exports no spec, or the spec is invalid
     (parity --app: the parity configuration or the app could not be used)
  4  anything else (set BASELINE_DEBUG=1 for the stack)`;

type CommandFactory = (io: Io, done: (code: number) => void) => Command;

/**
 * The commands, each loaded on first use: a command's module pulls in what it runs (the policy packs, the parity
 * engine, the diff engine, the report), and `baseline synth` should load none of that.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Record<string, () => CommandFactory> = {
  synth: () => (require('./commands/synth') as typeof import('./commands/synth')).synthCommand,
  check: () => (require('./commands/check') as typeof import('./commands/check')).checkCommand,
  parity: () => (require('./commands/parity') as typeof import('./commands/parity')).parityCommand,
  diff: () => (require('./commands/diff') as typeof import('./commands/diff')).diffCommand,
  report: () => (require('./commands/report') as typeof import('./commands/report')).reportCommand,
  graph: () => (require('./commands/graph') as typeof import('./commands/graph')).graphCommand,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Runs the `baseline` command line with `argv` (without `node` and the script) and returns the exit code. Nothing
 * calls `process.exit`, so it can be run in-process.
 */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let code: number = ExitCode.OK;
  const done = (c: number) => { code = c; };
  const program = new Command('baseline')
    .description('Synthesize, check and compare an organization\'s baseline on AWS, Azure, Google Cloud and Kubernetes, offline.')
    .version(version(), '--version', 'print the version')
    .showSuggestionAfterError(true)
    .addHelpText('after', `\n${EXIT_CODES}\n\nRun baseline <command> --help for a command's flags.`)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  // A command named first needs only itself; anything else (help, a typo to suggest a command for) needs them all.
  const named = argv.length > 0 && Object.hasOwn(COMMANDS, argv[0]) ? [argv[0]] : Object.keys(COMMANDS);
  for (const name of named) program.addCommand(COMMANDS[name]()(io, done));
  for (const command of program.commands) {
    command.exitOverride().showSuggestionAfterError(true).addHelpText('after', `\n${EXIT_CODES}`).configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  }
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return ExitCode.USAGE;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has printed its message (unknown option, invalid choice with the allowed ones, ...).
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? ExitCode.OK : ExitCode.USAGE;
    }
    if (e instanceof CliError) {
      io.stderr.write(`baseline: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr.write(`baseline: ${e instanceof Error ? e.message : String(e)}\n`);
    if (io.env.BASELINE_DEBUG === '1' && e instanceof Error) io.stderr.write(`${e.stack}\n`);
    return ExitCode.INTERNAL;
  }
}

/** The package's version: its package.json is two folders up from the sources and three from dist/. */
function version(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg.name === 'cdk-enterprise-baseline') return pkg.version;
    }
  }
  return 'unknown';
}
