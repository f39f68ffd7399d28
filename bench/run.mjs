#!/usr/bin/env node
// `npm run bench`: one run that times the linter against cfn-lint and two parse-only floors on a
// generated worst-case corpus and on the real-template corpus, plus linear growth and startup.
// Prints a table and writes .bench/results.json (and appends to .bench/history.jsonl).
//
// This is a benchmark, not a test: nothing here asserts a time. It needs `dist/` (it builds
// first unless --no-build) because it times the CLI the way users run it.
//
// Options:
//   --files N          worst-case corpus size (default 600 files, about 25 MB)
//   --growth LIST      corpus multiples to time for linear growth (default 1,2,4; "" to skip)
//   --cfn-sample N     files per corpus timed with cfn-lint (default 30; it needs ~0.3 s a file)
//   --real DIR         the realistic corpus (default ../shared/corpus/real)
//   --repeat N         rounds per corpus in which our CLI and the parse floors take turns;
//                      the median of each is reported (default 3)
//   --no-build         use dist/ as it is
//   --no-cfn-lint      skip cfn-lint

import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FILES, generate } from './gen.mjs';

const root = path.resolve(import.meta.dirname, '..');
const benchDir = path.join(root, '.bench');
const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: String(DEFAULT_FILES) },
    growth: { type: 'string', default: '1,2,4' },
    'cfn-sample': { type: 'string', default: '30' },
    real: { type: 'string', default: path.join(root, '..', 'shared', 'corpus', 'real') },
    repeat: { type: 'string', default: '3' },
    'no-build': { type: 'boolean', default: false },
    'no-cfn-lint': { type: 'boolean', default: false },
  },
});
const fileCount = Number(args.files);
const cfnSample = Number(args['cfn-sample']);
const repeat = Math.max(1, Number(args.repeat));
const growth = args.growth.split(',').filter(Boolean).map(Number);
const notes = [];
const log = (line) => process.stderr.write(`${line}\n`);

mkdirSync(benchDir, { recursive: true });
if (!args['no-build']) {
  // The build users get (`npm run build`): tsc, then the CLI bundled into dist/cli.js.
  log('building dist/ (npm run build)...');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) notes.push('npm run build reported errors; dist/ was timed as it is.');
}
const { discoverFiles } = await import(path.join(root, 'dist/src/files/discover.js'));

// ---------------------------------------------------------------------------------------------
// Measurement helpers

const timeBinary = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
if (!timeBinary) notes.push('/usr/bin/time is missing: peak RSS of whole processes is not reported.');

/** Runs a command to completion; wall time from hrtime, CPU and peak RSS from /usr/bin/time. */
function measure(command, commandArgs, { cwd = root, env = process.env } = {}) {
  const timeFile = path.join(benchDir, 'time.txt');
  const argv = timeBinary ? [timeBinary, '-f', '%U %S %M', '-o', timeFile, command, ...commandArgs] : [command, ...commandArgs];
  const started = process.hrtime.bigint();
  const run = spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, env: { ...env, NODE_OPTIONS: '' } });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.error) throw run.error;
  let cpuMs = null;
  let maxRssMB = null;
  if (timeBinary) {
    const [user, sys, rssKb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpuMs = (user + sys) * 1000;
    maxRssMB = rssKb / 1024;
  }
  return { wallMs, cpuMs, maxRssMB, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The median run by `time`, with the times of all runs (`runs`). */
function medianRun(runs, time) {
  const middle = median(runs.map(time));
  return { ...runs.find((run) => time(run) === middle), runs: runs.map((run) => Math.round(time(run))) };
}

/**
 * Median-by-wall of n runs of each command, the commands taking turns: a busy spell of the
 * machine then slows every command alike, so their differences hold (start-up differs by tens of
 * milliseconds, less than the noise of runs measured one command after the other).
 */
function measureInterleaved(n, commands, options) {
  const runs = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < n; i++) {
    for (const [name, [command, commandArgs]] of Object.entries(commands)) runs[name].push(measure(command, commandArgs, options));
  }
  return Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, medianRun(list, (run) => run.wallMs)]));
}

function rate(files, bytes, ms) {
  return { files, bytes, ms: Math.round(ms), filesPerSec: files / (ms / 1000), mbPerSec: bytes / 1e6 / (ms / 1000) };
}

/** Evenly spaced, so the sample has the same mix of shapes as the corpus; deterministic. */
function sample(list, n) {
  if (list.length <= n) return list;
  const out = [];
  for (let i = 0; i < n; i++) out.push(list[Math.floor((i * list.length) / n)]);
  return out;
}

const cli = path.join(root, 'bin', 'stagevar-lint.cjs');
const cfnLintPath = args['no-cfn-lint'] ? null : findOnPath('cfn-lint');
if (!cfnLintPath) notes.push(args['no-cfn-lint'] ? 'cfn-lint skipped (--no-cfn-lint).' : 'cfn-lint is not on the PATH: its columns are empty.');

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// One corpus: ours, the floors, cfn-lint

async function benchCorpus(name, dir) {
  const discovery = await discoverFiles(['.'], { cwd: dir, root: dir });
  const files = discovery.files.map((f) => f.filePath);
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const listFile = path.join(benchDir, `${name}.list`);
  writeFileSync(listFile, files.join('\n') + '\n');
  log(`[${name}] ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB`);

  // Our CLI and the parse floors take turns, `repeat` rounds, and each reports its median: the
  // ratios then compare runs made under the same load (the machine is shared; measured one after
  // the other, the ratio against parseDocument ranged from 2.5x to 3.9x between runs).
  log(`[${name}] stagevar-lint and the parse floors, taking turns (${repeat}x)...`);
  const ourRuns = [];
  const floorRuns = { 'yaml-parseDocument': [], 'js-yaml-load': [] };
  for (let round = 0; round < repeat; round++) {
    // The linter lints the directory, as a user would; it discovers the same list.
    ourRuns.push(measure(process.execPath, [cli, '--format', 'json', '.'], { cwd: dir }));
    for (const [mode, runs] of Object.entries(floorRuns)) {
      const run = measure(process.execPath, [path.join(root, 'bench', 'floor.mjs'), mode, listFile]);
      runs.push({ ...run, report: JSON.parse(run.stdout) });
    }
  }
  const ours = medianRun(ourRuns, (run) => run.wallMs);
  writeFileSync(path.join(benchDir, `${name}.out.json`), ours.stdout);
  const results = JSON.parse(ours.stdout);
  const findings = results.reduce((sum, r) => sum + r.messages.length, 0);

  log(`[${name}] stagevar-lint reference path (fastPath: false)...`);
  const reference = measure(process.execPath, [path.join(root, 'bench', 'reference.mjs')], { cwd: dir });
  // The two paths must agree (test/fast-path.test.ts checks it); a difference here is a bug.
  const sameFindings = JSON.parse(reference.stdout).reduce((sum, r) => sum + r.messages.length, 0) === findings;
  if (!sameFindings) notes.push(`${name}: the reference path reported a different number of findings than the fast path: a bug.`);

  const floors = {};
  for (const [mode, runs] of Object.entries(floorRuns)) {
    const run = medianRun(runs, (candidate) => candidate.report.ms);
    const report = run.report;
    floors[mode] = { ...rate(report.files, report.bytes, report.ms), processMs: Math.round(run.wallMs), maxRssMB: run.maxRssMB, failures: report.failures, runsMs: runs.map((candidate) => Math.round(candidate.report.ms)) };
  }

  let cfnLint = null;
  if (cfnLintPath) {
    const chosen = sample(files, cfnSample);
    const chosenBytes = chosen.reduce((sum, f) => sum + statSync(f).size, 0);
    log(`[${name}] cfn-lint on ${chosen.length} files...`);
    const run = measure(cfnLintPath, ['--format', 'json', '--', ...chosen]);
    cfnLint = { ...rate(chosen.length, chosenBytes, run.wallMs), sampled: chosen.length < files.length, maxRssMB: run.maxRssMB, exitCode: run.status };
  }

  return {
    name,
    dir,
    files: files.length,
    bytes,
    findings,
    filesWithFindings: results.filter((r) => r.messages.length > 0).length,
    ours: { ...rate(files.length, bytes, ours.wallMs), cpuMs: Math.round(ours.cpuMs), maxRssMB: ours.maxRssMB, exitCode: ours.status, runsMs: ours.runs },
    reference: { ...rate(files.length, bytes, reference.wallMs), cpuMs: Math.round(reference.cpuMs), maxRssMB: reference.maxRssMB, sameFindings },
    floors,
    cfnLint,
  };
}

// ---------------------------------------------------------------------------------------------

const startedAt = new Date().toISOString();
const loadBefore = os.loadavg();
const worstDir = path.join(benchDir, 'corpus');
log(`generating ${fileCount} worst-case files in ${path.relative(root, worstDir)}...`);
generate({ out: worstDir, files: fileCount });

const corpora = [await benchCorpus('worst-case', worstDir)];
if (existsSync(args.real)) corpora.push(await benchCorpus('real', path.resolve(args.real)));
else notes.push(`The real corpus ${args.real} is absent: only the generated corpus was timed.`);

// Linear growth: the same generator, more files (file i is the same whatever the count).
const growthRows = [];
for (const factor of growth) {
  const dir = factor === 1 ? worstDir : path.join(benchDir, `corpus-${factor}x`);
  if (factor !== 1) {
    log(`generating ${fileCount * factor} files for the ${factor}x growth run...`);
    generate({ out: dir, files: fileCount * factor });
  }
  log(`[growth ${factor}x] stagevar-lint...`);
  const discovery = await discoverFiles(['.'], { cwd: dir, root: dir });
  const bytes = discovery.files.reduce((sum, f) => sum + statSync(f.filePath).size, 0);
  const run = measure(process.execPath, [cli, '--format', 'json', '.'], { cwd: dir });
  growthRows.push({ factor, ...rate(discovery.files.length, bytes, run.wallMs), cpuMs: Math.round(run.cpuMs), maxRssMB: run.maxRssMB });
  if (factor !== 1) rmSync(dir, { recursive: true, force: true });
}

log('startup...');
const smallFile = path.join(root, 'fixtures', 'examples', 'orders-api.yaml');
const startupCommands = {
  version: [process.execPath, [cli, '--version']],
  smallFile: [process.execPath, [cli, '--format', 'json', smallFile]],
  node: [process.execPath, ['-e', '']],
};
const startup = measureInterleaved(9, startupCommands);
// Node reads the whole CA bundle at start when NODE_EXTRA_CA_CERTS is set (some CI images set
// it): that is the machine's cost, not ours, so startup is also shown without it.
let startupWithoutCaCerts = null;
if (process.env.NODE_EXTRA_CA_CERTS) {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const bare = measureInterleaved(9, startupCommands, { env });
  startupWithoutCaCerts = {
    versionMs: Math.round(bare.version.wallMs),
    smallFileMs: Math.round(bare.smallFile.wallMs),
    nodeMs: Math.round(bare.node.wallMs),
  };
}

let eslint = null;
if (existsSync(path.join(root, 'src', 'eslint'))) {
  log('ESLint keystroke...');
  const run = spawnSync(process.execPath, [path.join(root, 'bench', 'eslint-keystroke.mjs')], { cwd: root, encoding: 'utf8' });
  if (run.status === 0) eslint = JSON.parse(run.stdout);
  else notes.push(`ESLint keystroke bench failed: ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' / ')}`);
} else {
  notes.push('src/eslint/ does not exist yet: the ESLint keystroke timing is skipped.');
}
const loadAfter = os.loadavg();

const environment = {
  cpus: os.availableParallelism(),
  cpuModel: cpuModel(),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  cfnLint: cfnLintPath ? execFileSync(cfnLintPath, ['--version'], { encoding: 'utf8' }).trim() : null,
  loadAverage: { before: loadBefore.map(round2), after: loadAfter.map(round2) },
  commit: gitCommit(),
};
if (loadBefore[0] > environment.cpus * 0.5 || loadAfter[0] > environment.cpus * 0.5) {
  notes.push(`The machine was busy (load average ${loadBefore[0].toFixed(1)} before, ${loadAfter[0].toFixed(1)} after, ${environment.cpus} CPUs): wall times are noisy; CPU times are reported beside them.`);
}
for (const corpus of corpora) {
  if (corpus.cfnLint?.sampled) notes.push(`cfn-lint timed on ${corpus.cfnLint.files} of ${corpus.files} ${corpus.name} files (evenly spaced sample); its files/s includes its 2-3 s start.`);
}

const ratios = Object.fromEntries(
  corpora.map((c) => [
    c.name,
    {
      vsCfnLint: c.cfnLint ? c.ours.filesPerSec / c.cfnLint.filesPerSec : null,
      vsReferencePath: c.ours.filesPerSec / c.reference.filesPerSec,
      vsYamlParseDocument: c.ours.filesPerSec / c.floors['yaml-parseDocument'].filesPerSec,
      vsJsYamlLoad: c.ours.filesPerSec / c.floors['js-yaml-load'].filesPerSec,
    },
  ]),
);

const results = {
  startedAt,
  environment,
  corpora,
  ratios,
  growth: growthRows,
  startup: {
    versionMs: Math.round(startup.version.wallMs),
    smallFileMs: Math.round(startup.smallFile.wallMs),
    nodeMs: Math.round(startup.node.wallMs),
    versionRunsMs: startup.version.runs,
    smallFileRunsMs: startup.smallFile.runs,
    withoutNodeExtraCaCerts: startupWithoutCaCerts,
  },
  eslint,
  notes,
};
writeFileSync(path.join(benchDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
appendFileSync(path.join(benchDir, 'history.jsonl'), JSON.stringify(results) + '\n');
process.stdout.write(report(results));

// ---------------------------------------------------------------------------------------------

function report(r) {
  const lines = [];
  const f1 = (n) => (n === null || n === undefined ? '-' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
  const mb = (n) => (n === null || n === undefined ? '-' : `${n.toFixed(0)} MB`);
  lines.push(`stagevar-lint benchmark, ${r.startedAt}`);
  lines.push(`${r.environment.cpus} CPUs (${r.environment.cpuModel}), Node ${r.environment.node}, ${r.environment.cfnLint ?? 'no cfn-lint'}, load ${r.environment.loadAverage.before[0]} -> ${r.environment.loadAverage.after[0]}`);
  for (const c of r.corpora) {
    lines.push('');
    lines.push(`${c.name}: ${c.files} files, ${(c.bytes / 1e6).toFixed(1)} MB, ${c.findings} findings in ${c.filesWithFindings} files`);
    lines.push('| tool | files | time | files/s | MB/s | peak RSS | ours is |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|');
    lines.push(`| stagevar-lint (whole process) | ${c.files} | ${c.ours.ms} ms (cpu ${c.ours.cpuMs} ms) | ${f1(c.ours.filesPerSec)} | ${f1(c.ours.mbPerSec)} | ${mb(c.ours.maxRssMB)} | |`);
    lines.push(`| stagevar-lint, reference path (full parsers, no pre-filter) | ${c.files} | ${c.reference.ms} ms (cpu ${c.reference.cpuMs} ms) | ${f1(c.reference.filesPerSec)} | ${f1(c.reference.mbPerSec)} | ${mb(c.reference.maxRssMB)} | ${f1(c.ours.filesPerSec / c.reference.filesPerSec)}x |`);
    for (const [mode, floor] of Object.entries(c.floors)) {
      lines.push(`| ${mode} (parse only, in-process) | ${floor.files} | ${floor.ms} ms | ${f1(floor.filesPerSec)} | ${f1(floor.mbPerSec)} | ${mb(floor.maxRssMB)} | ${f1(c.ours.filesPerSec / floor.filesPerSec)}x |`);
    }
    if (c.cfnLint) lines.push(`| cfn-lint${c.cfnLint.sampled ? ` (sample of ${c.cfnLint.files})` : ''} | ${c.cfnLint.files} | ${c.cfnLint.ms} ms | ${f1(c.cfnLint.filesPerSec)} | ${f1(c.cfnLint.mbPerSec)} | ${mb(c.cfnLint.maxRssMB)} | ${f1(c.ours.filesPerSec / c.cfnLint.filesPerSec)}x |`);
  }
  if (r.growth.length) {
    lines.push('', 'Linear growth (worst-case corpus multiples):', '| corpus | files | MB | time | ms/MB | peak RSS |', '|---|---:|---:|---:|---:|---:|');
    for (const g of r.growth) lines.push(`| ${g.factor}x | ${g.files} | ${(g.bytes / 1e6).toFixed(1)} | ${g.ms} ms | ${(g.ms / (g.bytes / 1e6)).toFixed(0)} | ${mb(g.maxRssMB)} |`);
  }
  lines.push('', `Startup (median of 9, the three commands taking turns): --version ${r.startup.versionMs} ms, one small file ${r.startup.smallFileMs} ms; \`node -e ''\` alone ${r.startup.nodeMs} ms`);
  const bare = r.startup.withoutNodeExtraCaCerts;
  if (bare) lines.push(`  without NODE_EXTRA_CA_CERTS (set here; node then parses a CA bundle at start): --version ${bare.versionMs} ms, one small file ${bare.smallFileMs} ms; \`node -e ''\` ${bare.nodeMs} ms`);
  if (r.eslint) {
    const e = r.eslint;
    lines.push(`ESLint plugin, re-lint of a ${e.lines}-line template per keystroke (median of ${e.runs}): our engine ${e.engineMedianMs.toFixed(1)} ms (p95 ${e.engineP95Ms.toFixed(1)} ms); whole Linter#verify ${e.medianMs.toFixed(1)} ms (p95 ${e.p95Ms.toFixed(1)} ms), of which ${e.eslintYamlParseMedianMs.toFixed(1)} ms is eslint-plugin-yml's parse and ESLint itself with no rules`);
  }
  for (const note of r.notes) lines.push(`note: ${note}`);
  lines.push('', `Written to ${path.relative(root, path.join(benchDir, 'results.json'))}`);
  return lines.join('\n') + '\n';
}

function cpuModel() {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
}

function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} (uncommitted changes)` : head;
  } catch {
    return null;
  }
}

function round2(n) {
  return Math.round(n * 100) / 100;
}
