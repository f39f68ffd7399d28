// The built CLI over the real-template corpus (/work/shared/corpus/real, 1,481 public templates):
// it must finish without crashing, account for every file, report the few unparseable ones with a
// fatal parse message, and give the same output twice. The corpus is never copied into the repo;
// the test skips, saying so, when it is not there.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LintResult } from '../src/engine/types.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/real');
const BIN = path.join(ROOT, 'bin/stagevar-lint.cjs');
const TEMPLATE = /\.(ya?ml|json|template)$/;

/**
 * The corpus files that are not valid YAML or JSON, checked by hand: cfn-lint's deliberately
 * broken fixtures, a Go-templated schema, and a sample template with a stray character.
 */
const UNPARSEABLE = [
  'aws-cloudformation__cfn-lint/test/fixtures/templates/bad/core/config_invalid_json.json',
  'aws-cloudformation__cfn-lint/test/fixtures/templates/bad/core/config_invalid_yaml.yaml',
  'aws-cloudformation__cfn-lint/test/fixtures/templates/bad/json_parse.json',
  'aws-cloudformation__cfn-lint/test/fixtures/templates/bad/template.yaml',
  'aws-samples__serverless-patterns/apigw-custom-domain-edge/template.yaml',
  'awslabs__goformation/generate/templates/schema.template',
];

/**
 * Not valid YAML 1.2 (a flow collection that leaves its block indentation, a quoted scalar whose
 * continuation lines are not indented) but deployable, because CloudFormation's YAML parser is
 * laxer: these get one "Not checked" warning instead of a fatal error.
 */
const LAX = [
  'aws-samples__serverless-patterns/apigw-lambda-rust/template.yml',
  'aws-samples__serverless-patterns/msk-lambda-iam-node-sam/MSKAndKafkaClientEC2.yaml',
  'aws-samples__serverless-samples/owasp-api-security-controls-demo/owasp-api-security-controls-demo/fulfillment/template.yaml',
  'aws-samples__sessions-with-aws-sam/s12d/server/api.yaml',
];

/** Template-named files under `directory`, relative, with `/`. */
function listTemplates(directory: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const file = path.join(current, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (TEMPLATE.test(name)) out.push(path.relative(directory, file).split(path.sep).join('/'));
    }
  };
  walk(directory);
  return out.sort();
}

function runCli(paths: readonly string[]): { status: number | null; stdout: string; stderr: string; ms: number } {
  const start = performance.now();
  const run = spawnSync(process.execPath, [BIN, '--format', 'json', '--debug', ...paths], {
    cwd: CORPUS,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 300_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, ms: performance.now() - start };
}

/** Skips (with the reason) when the corpus or the build is missing; true when the test can run. */
function available(t: TestContext): boolean {
  if (!existsSync(CORPUS)) {
    t.skip(`corpus not found at ${CORPUS}; nothing to check`);
    return false;
  }
  if (!existsSync(path.join(ROOT, 'dist/cli.js'))) {
    t.skip('dist/ is missing: run `npm run build` first (npm test builds before testing)');
    return false;
  }
  return true;
}

function relativeResults(stdout: string): Map<string, LintResult> {
  const results = JSON.parse(stdout) as LintResult[];
  const byFile = new Map(results.map((result) => [path.relative(CORPUS, result.filePath).split(path.sep).join('/'), result]));
  assert.equal(byFile.size, results.length, 'one result per file');
  return byFile;
}

function fatalFiles(byFile: ReadonlyMap<string, LintResult>): string[] {
  const fatal: string[] = [];
  for (const [file, result] of byFile) {
    if (result.fatalErrorCount === 0) continue;
    fatal.push(file);
    assert.deepEqual(result.messages.filter((m) => m.fatal).map((m) => m.message.replace(/: .*/, ':')), ['Parsing error:'], file);
  }
  return fatal.sort();
}

describe('the real-template corpus', () => {
  it('a directory run finishes without a crash, accounts for every file, and gives the same output twice', (t) => {
    if (!available(t)) return;
    const first = runCli(['.']);
    assert.ok(first.status === 0 || first.status === 1, `exit code ${first.status} (2 means a crash or a usage error):\n${first.stderr.slice(-3000)}`);

    // stderr holds only the debug lines that say which files were skipped and why.
    const skipped = new Map<string, string>();
    for (const line of first.stderr.split('\n').filter(Boolean)) {
      const match = /^\[debug\] skipped (.+?): (it names no stage variable, Lambda permission or linked file|not a CloudFormation, SAM or OpenAPI document|not valid YAML\/JSON \(.+\))$/.exec(line);
      assert.ok(match, `unexpected output on stderr: ${line}`);
      skipped.set(match[1]!, match[2]!);
    }

    // Directory walks skip hidden folders, as ESLint does; every other template-named file has a
    // result, and the skipped ones have no messages.
    const byFile = relativeResults(first.stdout);
    const all = listTemplates(CORPUS);
    const hidden = all.filter((file) => file.split('/').some((segment) => segment.startsWith('.')));
    assert.deepEqual([...byFile.keys()].sort(), all.filter((file) => !hidden.includes(file)));
    for (const [file, reason] of skipped) {
      assert.ok(byFile.has(file), `skipped ${file} has no result`);
      assert.deepEqual(byFile.get(file)!.messages, [], `skipped ${file} (${reason}) has messages`);
    }
    // A found file is parsed only when it can hold stage-variable facts, so some unparseable
    // files are skipped before parsing; those that are parsed must be among the known ones.
    const fatal = fatalFiles(byFile);
    assert.deepEqual(fatal.filter((file) => !UNPARSEABLE.includes(file)), []);
    for (const file of LAX) assert.ok(byFile.get(file)!.messages.every((m) => !m.fatal), file);

    const second = runCli(['.']);
    assert.equal(second.status, first.status);
    assert.equal(second.stdout, first.stdout, 'the same corpus gives the same report');
    assert.equal(second.stderr, first.stderr);

    const byRule = new Map<string, number>();
    for (const result of byFile.values()) for (const message of result.messages) byRule.set(message.ruleId ?? '(core)', (byRule.get(message.ruleId ?? '(core)') ?? 0) + 1);
    const reasons = new Map<string, number>();
    for (const reason of skipped.values()) reasons.set(reason.replace(/ \(.*/, ''), (reasons.get(reason.replace(/ \(.*/, '')) ?? 0) + 1);
    t.diagnostic(`${all.length} template files: ${byFile.size} results; skipped: ${[...reasons].map(([r, n]) => `${n} ${r}`).join('; ')}; ${hidden.length} in hidden folders (${hidden.join(', ')}); ${fatal.length} unparseable; exit ${first.status}; ${first.ms.toFixed(0)} ms`);
    t.diagnostic(`messages by rule: ${[...byRule].sort().map(([rule, n]) => `${rule} ${n}`).join(', ')}`);
  });

  it('every file named explicitly is parsed and linted in full; exactly the known unparseable ones get a fatal parse message, the lax ones a warning', (t) => {
    if (!available(t)) return;
    const all = listTemplates(CORPUS);
    const run = runCli(all);
    assert.ok(run.status === 0 || run.status === 1, `exit code ${run.status}:\n${run.stderr.slice(-3000)}`);
    for (const line of run.stderr.split('\n').filter(Boolean)) {
      assert.match(line, /^\[debug\] skipped .+?: (not a CloudFormation, SAM or OpenAPI document|not valid YAML\/JSON \(.+\))$/);
    }
    const byFile = relativeResults(run.stdout);
    assert.deepEqual([...byFile.keys()].sort(), all);
    assert.deepEqual(fatalFiles(byFile), UNPARSEABLE);
    for (const file of LAX) {
      assert.deepEqual(byFile.get(file)!.messages.map((m) => [m.severity, m.fatal ?? false, m.message.replace(/: .*/s, ':')]), [[1, false, 'Not checked:']], file);
    }
    t.diagnostic(`${all.length} files in ${run.ms.toFixed(0)} ms; unparseable: ${UNPARSEABLE.map((file) => `${file} (${byFile.get(file)!.messages[0]!.line}:${byFile.get(file)!.messages[0]!.column} ${byFile.get(file)!.messages[0]!.message})`).join('; ')}`);
  });
});
