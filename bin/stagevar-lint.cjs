#!/usr/bin/env node
'use strict';
// CommonJS, so that a version check does not start Node's ES module loader (about 20 ms);
// the CLI itself is an ES module, imported below.

// A reader that stops early (`stagevar-lint . | head`) closes the pipe. Nothing more can be shown
// then, but the run still ends with its own exit code, not with Node's stack trace for EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // What `main` prints for it (package.json is the one source of the version), without loading
  // the CLI: pre-commit and editors ask for it.
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  // A lint run is short: V8's optimizing compiler spends more time inlining our large model and
  // rule functions than the inlined code then saves. Without inlining a 600-file run takes about
  // 12% less time and 20% less CPU, a 4x larger run the same, and a one-file run is unchanged
  // (docs/performance.md). The CLI only: the library and the ESLint plugin run in the user's process.
  require('node:v8').setFlagsFromString('--no-turbo-inlining');
  // dist/cli.js is the CLI bundled into one file (`npm run build`): resolving and loading some
  // 50 ES modules one by one was a third of a one-file lint.
  import('../dist/cli.js').then(async ({ main }) => {
    process.exitCode = await main(args);
  });
}
