import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Artifact } from '../artifacts';
import { CliError, ExitCode, usageError } from './exit-codes';
import { Output, displayPath } from './output';
import { LoadedOrganization } from './project';
import { Selection } from './selection';
import { readSynthFolder } from './synth-folder';

/**
 * The artifacts to compare against: a folder of a previous synth, or a git commit, synthesized in a temporary copy
 * of that commit's tree (`git archive`, so the repository and its worktrees are never touched). The copy is
 * synthesized by its own `bin/baseline` when it has one (a commit of this library), else by this one with the
 * commit's organization file.
 */
export function artifactsAgainst(
  against: string,
  loaded: LoadedOrganization,
  selection: Selection,
  out: Output,
  cwd: string,
): { artifacts: Artifact[]; label: string } {
  const folder = path.resolve(cwd, against);
  if (fs.existsSync(folder) && fs.statSync(folder).isDirectory()) {
    const looksLikeSynth = ['cdk.out', 'cdktf.out', 'cdk8s.out'].some((d) => fs.existsSync(path.join(folder, d)));
    if (!looksLikeSynth) throw usageError(`--against "${against}" is a folder without cdk.out/, cdktf.out/ or cdk8s.out/ (expected the --outdir of a previous baseline synth, or a git ref)`);
    return { artifacts: readSynthFolder(loaded.organization, selection, folder), label: displayPath(cwd, folder) };
  }

  const top = git(cwd, ['rev-parse', '--show-toplevel']);
  if (top.status !== 0) throw usageError(`--against "${against}" is neither a folder nor a git ref (${cwd} is not in a git repository)`);
  const root = top.stdout.trim();
  const commit = git(cwd, ['rev-parse', '--verify', '--quiet', `${against}^{commit}`]);
  if (commit.status !== 0) throw usageError(`--against "${against}" is neither a folder nor a commit of ${root} (expected e.g. HEAD, main, origin/main, v1.2.0, or a synth folder)`);
  const sha = commit.stdout.trim();

  const relativeOrg = path.relative(root, loaded.file);
  if (relativeOrg.startsWith('..')) throw usageError(`the organization file ${loaded.file} is outside the repository ${root}, so --against "${against}" cannot find its earlier version (compare against a synth folder instead)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-against-'));
  try {
    out.progress(`before: ${against} (${sha.slice(0, 12)}), synthesized in a temporary copy`);
    const tar = path.join(tmp, 'tree.tar');
    const archived = git(root, ['archive', '--format=tar', '-o', tar, sha]);
    if (archived.status !== 0) throw new CliError(`git archive ${against} failed: ${archived.stderr.trim()}`, ExitCode.INTERNAL);
    const tree = path.join(tmp, 'tree');
    fs.mkdirSync(tree);
    const untar = spawnSync('tar', ['-xf', tar, '-C', tree], { encoding: 'utf8' });
    if (untar.status !== 0) throw new CliError(`unpacking ${against} failed: ${untar.stderr.trim()}`, ExitCode.INTERNAL);
    if (fs.existsSync(path.join(root, 'node_modules'))) fs.symlinkSync(path.join(root, 'node_modules'), path.join(tree, 'node_modules'), 'dir');

    const orgThen = path.join(tree, relativeOrg);
    if (!fs.existsSync(orgThen)) {
      out.warn(`${relativeOrg} does not exist at ${against}: everything counts as added`);
      return { artifacts: [], label: against };
    }
    const ownBin = path.join(tree, 'bin', 'baseline');
    const bin = fs.existsSync(ownBin) ? ownBin : thisBin();
    const outdir = path.join(tmp, 'out');
    const reference = loaded.exportName === undefined ? orgThen : `${orgThen}#${loaded.exportName}`;
    const args = [bin, 'synth', '--org', reference, '--outdir', outdir, '--json', ...selection.clouds.flatMap((c) => ['--cloud', c])];
    const run = spawnSync(process.execPath, args, { cwd: tree, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' }, maxBuffer: 256 * 1024 * 1024 });
    if (run.status !== 0) {
      throw new CliError(`could not synthesize ${against} (${path.relative(tree, bin) || bin} exited ${run.status}):\n${(run.stderr || run.stdout).trim().split('\n').slice(-15).join('\n')}`, ExitCode.INVALID_ORGANIZATION);
    }
    return { artifacts: readSynthFolder(loaded.organization, selection, outdir), label: `${against} (${sha.slice(0, 12)})` };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function git(cwd: string, args: string[]) {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (run.error) throw new CliError(`--against needs git: ${run.error.message}`, ExitCode.USAGE);
  return run;
}

/** This package's `bin/baseline`: two folders up from the sources, three from dist/. */
function thisBin(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const bin = path.join(dir, 'bin', 'baseline');
    if (fs.existsSync(bin) && fs.existsSync(path.join(dir, 'package.json'))) return bin;
  }
  throw new CliError('cannot find bin/baseline of this package', ExitCode.INTERNAL);
}
