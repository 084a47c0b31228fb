import * as path from 'path';
import { Command } from 'commander';
import { countChanges, diffArtifacts, formatDiff } from '../../diff';
import { artifactsAgainst } from '../against';
import { ExitCode } from '../exit-codes';
import { Io, plural, seconds } from '../output';
import { synthesizeSelection } from '../pipeline';
import { readSynthFolder } from '../synth-folder';
import { CommonOptions, contextOf, withSelection } from './common';

interface DiffOptions extends CommonOptions {
  readonly against: string;
  readonly from?: string;
  readonly allowReplace?: string[];
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** `baseline diff`: what a change adds, removes, modifies and replaces, and whether it loses data. */
export function diffCommand(io: Io, done: (code: number) => void): Command {
  return withSelection(new Command('diff'))
    .summary('what a change adds, removes, modifies and replaces, per environment and cloud; exit 1 when it loses data')
    .description('Compares a synth of the organization with a previous one: a git ref (synthesized in a temporary copy of that\n'
      + 'commit) or the folder of an earlier `baseline synth`. CloudFormation through aws-cdk\'s diff; Terraform and Kubernetes\n'
      + 'by address and object identity, with a reviewed table of the attributes that force a replacement.\n'
      + 'Removing or replacing anything that holds data (registries, keys, vaults, log stores, buckets, clusters, namespaces,\n'
      + 'state) is shown in red and exits 1, unless --allow-replace names it.')
    .option('--against <ref|dir>', 'the previous version: a git ref or a synth folder', 'HEAD')
    .option('--from <dir>', 'the new version from an existing synth folder instead of synthesizing')
    .option('--allow-replace <pattern>', 'accept this destructive change: <artifact>/<address> or <address>, * matches anything (repeat for more)', collect)
    .action(async (options: DiffOptions) => {
      const { out, loaded, selection } = contextOf(options, io);
      const start = performance.now();
      const before = artifactsAgainst(options.against, loaded, selection, out, io.cwd);
      out.progress(`after: ${options.from ?? 'the working tree'}`);
      const after = options.from === undefined
        ? (await synthesizeSelection(loaded, selection, out, { threads: options.threads })).artifacts
        : readSynthFolder(loaded.organization, selection, path.resolve(io.cwd, options.from));
      const result = diffArtifacts(before.artifacts, after, { allowReplace: options.allowReplace });
      const ok = result.blocking.length === 0;
      const durationMs = performance.now() - start;
      out.result({
        command: 'diff',
        ok,
        organization: loaded.organization.name,
        against: before.label,
        counts: countChanges(result.changes),
        changes: result.changes,
        blocking: result.blocking.map((c) => `${c.artifact}/${c.address}`),
        durationMs: Math.round(durationMs),
      });
      out.print(`Changes of ${loaded.organization.name} against ${before.label}:`);
      out.print();
      out.print(formatDiff(result, out.colors));
      out.print();
      const closing = ok
        ? `diff: no data loss${result.changes.some((c) => c.allowed) ? ' (beyond what --allow-replace accepts)' : ''} (${seconds(durationMs)})`
        : `diff FAILED: ${plural(result.blocking.length, 'change')} would lose data (${seconds(durationMs)})`;
      out.print(ok ? out.colors.green(closing) : out.colors.red(out.colors.bold(closing)));
      done(ok ? ExitCode.OK : ExitCode.FAILED);
    });
}
