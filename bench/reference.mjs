#!/usr/bin/env node
// The linter's reference path, for bench/run.mjs: what `stagevar-lint --format json .` does, with
// `fastPath: false` (every file parsed, by the full yaml and jsonc-parser parsers; no pre-filter).
// It is the "before" of docs/performance.md, timed in the same run as the fast path.
//
// Usage (from the corpus directory): node bench/reference.mjs

const { lintFiles } = await import('../dist/src/engine/lint.js');
const { formatters } = await import('../dist/src/formatters/index.js');
const results = await lintFiles(['.'], { cwd: process.cwd(), fastPath: false });
const report = formatters.json(results, { cwd: process.cwd(), rules: [], toolVersion: 'bench', color: false });
process.stdout.write(report);
