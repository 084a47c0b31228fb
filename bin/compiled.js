'use strict';
// Compiled JavaScript for a checkout of this repository. The TypeScript sources (core/, lib/, constructs/,
// examples/) are transpiled once, file by file, into node_modules/.cache/cdk-enterprise-baseline/js, and only the
// files changed since are transpiled again; `baseline` and the cdk.json / cdktf.json apps then run that JavaScript,
// as users run dist/ from the package. Transpiling on every load (tsx) cost 1-2 s per command (bench/README.md).
//
//   node bin/compiled.js <file.ts> [args...]   runs a file of the repository compiled (cdk.json, cdktf.json)
//
// Not a package command (projen lists only the executable files of bin/): installed, nothing uses it.
const fs = require('fs');
const Module = require('module');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
/** The folders of TypeScript that make up the library and its examples, relative to the repository. */
const SOURCE_FOLDERS = ['core', 'lib', 'constructs', 'examples'];
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'cdk-enterprise-baseline', 'js');

/** Every file under `dir` that `wanted` keeps, descending only into the folders `descend` keeps. */
function filesUnder(dir, descend, wanted, files = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return files;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (descend(entry.name)) filesUnder(full, descend, wanted, files);
    } else if (wanted(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

/** The TypeScript sources under `dir` (no declarations, no node_modules, no engine output folders). */
const sourcesUnder = (dir) => filesUnder(dir, (name) => name !== 'node_modules' && !name.endsWith('.out'), (name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));
/** The compiled JavaScript and its source maps under `dir`. */
const outputsUnder = (dir) => filesUnder(dir, () => true, (name) => name.endsWith('.js') || name.endsWith('.js.map'));

/** Where the compiled twin of a source file lives. */
function twinOf(source, root = ROOT, cache = CACHE) {
  return path.join(cache, path.relative(root, source)).replace(/\.ts$/, '.js');
}

/**
 * Brings the compiled copy up to date: transpiles every source newer than its JavaScript (or without one) and
 * removes JavaScript whose source is gone, so a deleted module cannot keep loading from the cache. Writes each file
 * through a temporary name and a rename, so a second process reading the cache meanwhile never sees half a file.
 * Returns the number of files transpiled.
 */
function compileSources(root = ROOT, cache = CACHE) {
  const sources = SOURCE_FOLDERS.flatMap((folder) => sourcesUnder(path.join(root, folder)));
  const wanted = new Set();
  const stale = [];
  for (const source of sources) {
    const twin = twinOf(source, root, cache);
    wanted.add(twin);
    wanted.add(`${twin}.map`);
    let fresh = false;
    try {
      fresh = fs.statSync(twin).mtimeMs >= fs.statSync(source).mtimeMs;
    } catch {
      fresh = false;
    }
    if (!fresh) stale.push(source);
  }
  for (const output of outputsUnder(cache)) {
    if (!wanted.has(output)) fs.rmSync(output, { force: true });
  }
  if (stale.length === 0) return 0;

  // esbuild comes with tsx (a dependency of the package): one call transpiles any number of files, without
  // type-checking (tsc does that in `npm test`), the way jest's swc transpiles the tests.
  const esbuild = require(require.resolve('esbuild', { paths: [path.dirname(require.resolve('tsx/package.json'))] }));
  const result = esbuild.buildSync({
    entryPoints: stale,
    outdir: cache,
    outbase: root,
    bundle: false,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'silent',
    tsconfigRaw: { compilerOptions: { target: 'ES2022', useDefineForClassFields: true, esModuleInterop: true } },
  });
  const suffix = `.${process.pid}.tmp`;
  for (const file of result.outputFiles) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    fs.writeFileSync(file.path + suffix, file.contents);
    fs.renameSync(file.path + suffix, file.path);
  }
  return stale.length;
}

let redirected = false;

/**
 * Makes every `require` that resolves to one of the TypeScript sources load its compiled twin instead. A user's own
 * file loaded through tsx that imports `../lib` then shares the one compiled library with everything else, rather
 * than loading a second copy transpiled on the fly.
 */
function redirectSources(root = ROOT, cache = CACHE) {
  if (redirected) return;
  redirected = true;
  const folders = SOURCE_FOLDERS.map((folder) => path.join(root, folder) + path.sep);
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, isMain, options) {
    const resolved = resolve.call(this, request, parent, isMain, options);
    if (typeof resolved === 'string' && resolved.endsWith('.ts') && !resolved.endsWith('.d.ts') && folders.some((f) => resolved.startsWith(f))) {
      return twinOf(resolved, root, cache);
    }
    return resolved;
  };
}

/** Whether this is a checkout of the repository (sources next to bin/) rather than the installed package. */
function isCheckout(root = ROOT) {
  return fs.existsSync(path.join(root, 'lib', 'cli', 'main.ts'));
}

/**
 * Prepares a checkout to run compiled: transpiles what changed and redirects the sources to the compiled copy.
 * Source maps point stack traces at the TypeScript lines when BASELINE_DEBUG=1 asks for stacks.
 */
function useCompiled(root = ROOT, cache = CACHE) {
  compileSources(root, cache);
  redirectSources(root, cache);
  if (process.env.BASELINE_DEBUG === '1' && process.setSourceMapsEnabled) process.setSourceMapsEnabled(true);
  return cache;
}

module.exports = { ROOT, CACHE, SOURCE_FOLDERS, compileSources, redirectSources, twinOf, isCheckout, useCompiled };

if (require.main === module) {
  const [file, ...args] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bin/compiled.js <file.ts> [args...] (runs a TypeScript file of this repository compiled)\n');
    process.exitCode = 2;
  } else {
    useCompiled();
    const target = path.resolve(file);
    process.argv = [process.argv[0], target, ...args];
    // A file of the repository runs from the cache; any other TypeScript goes through tsx (its imports of the
    // library still load the compiled copy).
    if (/\.[cm]?tsx?$/.test(target) && !require.resolve(target).endsWith('.js')) {
      require('tsx/cjs/api').require(target, __filename);
    } else {
      require(target);
    }
  }
}
