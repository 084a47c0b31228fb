import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** The source folders a synth needs, relative to the repository root. */
const SOURCE_FOLDERS = ['core', 'lib', 'constructs', 'bench', 'examples'];

/**
 * Transpiles the library and the benchmark to CommonJS under `outdir`, file by file, keeping the folder layout so
 * relative `require`s and `node_modules` resolution work unchanged. No type-check: `tsc` does that elsewhere.
 *
 * Why not measure with tsx: tsx transpiles on load and adds its own start-up to every process (measured in
 * `bench/README.md`); users run compiled JavaScript from `dist/`, so the benchmark does too.
 *
 * Returns the number of files written.
 */
export function compileForBench(root: string, outdir: string): number {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    experimentalDecorators: true,
    // One file at a time: what makes this fast, and what the code base already supports (jest transpiles per file).
    isolatedModules: true,
  };
  fs.rmSync(outdir, { recursive: true, force: true });
  let count = 0;
  for (const folder of SOURCE_FOLDERS) {
    for (const file of sourcesUnder(path.join(root, folder), outdir)) {
      const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file });
      const target = path.join(outdir, path.relative(root, file)).replace(/\.ts$/, '.js');
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, outputText);
      count++;
    }
  }
  return count;
}

function sourcesUnder(dir: string, skip: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // The benchmark's own output lives under bench/out.
      if (entry.name !== 'out' && full !== skip && entry.name !== 'node_modules') files.push(...sourcesUnder(full, skip));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      files.push(full);
    }
  }
  return files;
}
