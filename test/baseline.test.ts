// Baselines: record today's findings, report only new ones, survive edits that move findings,
// and list entries that no longer occur.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../src/cli/main.ts';
import { restApiTemplate } from './support/templates.ts';

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  // --no-config: a configuration file in a parent of the temporary directory must not change the outcome.
  const code = await main(['--no-config', ...args], { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), cwd, env: { NO_COLOR: '1' }, isTTY: false });
  return { code, stdout, stderr };
}

interface JsonResult { filePath: string; messages: { ruleId: string | null; line: number; message: string }[] }

function reported(stdout: string, cwd: string): string[] {
  return (JSON.parse(stdout) as JsonResult[]).flatMap((result) => result.messages.map((message) => `${path.relative(cwd, result.filePath)}:${message.line} ${message.ruleId}`));
}

const temporary: string[] = [];
function project(files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'stagevar-baseline-'));
  temporary.push(directory);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(directory, name), content);
  return directory;
}
after(() => {
  for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
});

// hots is referenced but not defined (undefined-variable); host and spare are defined but unused.
const TEMPLATE = restApiTemplate({ reference: 'hots', variables: { host: 'example.com', spare: 'x' } });
const TODAY = ['api.yaml:11 undefined-variable', 'api.yaml:18 unused-variable', 'api.yaml:19 unused-variable'];

describe('baselines', () => {
  test('--write-baseline records every finding, sorted, deterministic; the run then reports none', async () => {
    const cwd = project({ 'api.yaml': TEMPLATE });
    assert.deepEqual(reported((await cli(['-f', 'json', 'api.yaml'], cwd)).stdout, cwd), TODAY);
    const written = await cli(['-f', 'json', '--write-baseline', 'baseline.json', 'api.yaml'], cwd);
    assert.equal(written.code, 0);
    assert.equal(written.stderr, 'stagevar-lint: Wrote 3 findings to the baseline baseline.json.\n');
    assert.deepEqual(reported(written.stdout, cwd), []);

    const baseline = JSON.parse(readFileSync(path.join(cwd, 'baseline.json'), 'utf8'));
    assert.equal(baseline.version, 1);
    assert.deepEqual(Object.keys(baseline.findings[0]), ['file', 'rule', 'fingerprint', 'message']);
    assert.deepEqual(
      baseline.findings.map((entry: { file: string; rule: string; message: string }) => `${entry.file} ${entry.rule} ${entry.message}`),
      [
        'api.yaml undefined-variable Stage variable "hots" is not defined on stage "prod" of API Api; API Gateway sends an empty value there.',
        // Sorted by file, rule, then fingerprint: the two unused-variable entries in fingerprint order.
        ...baseline.findings.slice(1).map((entry: { message: string }) => `api.yaml unused-variable ${entry.message}`),
      ],
    );
    const fingerprints = baseline.findings.slice(1).map((entry: { fingerprint: string }) => entry.fingerprint);
    assert.deepEqual(fingerprints, [...fingerprints].sort());
    for (const entry of baseline.findings) assert.match(entry.fingerprint, /^[0-9a-f]{32}$/);

    const before = readFileSync(path.join(cwd, 'baseline.json'), 'utf8');
    await cli(['--write-baseline', 'baseline.json', 'api.yaml'], cwd);
    assert.equal(readFileSync(path.join(cwd, 'baseline.json'), 'utf8'), before);
  });

  test('findings survive lines inserted above them; only a new finding is reported', async () => {
    const cwd = project({ 'api.yaml': TEMPLATE });
    await cli(['--write-baseline', 'baseline.json', 'api.yaml'], cwd);

    const shifted = `# Owned by the orders team.\n# Deployed by the pipeline.\n\n${TEMPLATE.replace('  Stage:\n', '  Bucket:\n    Type: AWS::S3::Bucket\n  Stage:\n')}`;
    writeFileSync(path.join(cwd, 'api.yaml'), shifted);
    const moved = await cli(['-f', 'json', '--baseline', 'baseline.json', 'api.yaml'], cwd);
    assert.equal(moved.code, 0);
    assert.deepEqual(reported(moved.stdout, cwd), []);
    assert.equal(moved.stderr, '');
    // Without the baseline the same findings are there, three lines lower (five for the stage's).
    assert.deepEqual(reported((await cli(['-f', 'json', 'api.yaml'], cwd)).stdout, cwd), ['api.yaml:14 undefined-variable', 'api.yaml:23 unused-variable', 'api.yaml:24 unused-variable']);

    writeFileSync(path.join(cwd, 'api.yaml'), shifted.replace('        Uri: http://${stageVariables.hots}/\n', '        Uri: http://${stageVariables.hots}/${stageVariables.prefix}\n'));
    const added = await cli(['-f', 'json', '--baseline', 'baseline.json', 'api.yaml'], cwd);
    assert.equal(added.code, 1);
    assert.deepEqual(reported(added.stdout, cwd), ['api.yaml:14 undefined-variable']);
    assert.match((JSON.parse(added.stdout) as JsonResult[])[0]!.messages[0]!.message, /"prefix"/);
  });

  test('entries that no longer occur are listed on stderr; the exit code is unchanged', async () => {
    const cwd = project({ 'api.yaml': TEMPLATE });
    await cli(['--write-baseline', 'baseline.json', 'api.yaml'], cwd);
    writeFileSync(path.join(cwd, 'api.yaml'), TEMPLATE.replace('        spare: x\n', ''));
    const { code, stdout, stderr } = await cli(['-f', 'json', '--baseline', 'baseline.json', 'api.yaml'], cwd);
    assert.equal(code, 0);
    assert.deepEqual(reported(stdout, cwd), []);
    assert.equal(
      stderr,
      'stagevar-lint: 1 entry of the baseline baseline.json no longer occurs; --write-baseline baseline.json removes it:\n' +
        '  api.yaml: unused-variable: Stage variable "spare" of stage "prod" is not referenced anywhere in API Api.\n',
    );
    // Rewriting drops it.
    await cli(['--write-baseline', 'baseline.json', 'api.yaml'], cwd);
    assert.equal(JSON.parse(readFileSync(path.join(cwd, 'baseline.json'), 'utf8')).findings.length, 2);
  });

  test('a run on some files neither reports nor forgets the entries of the others', async () => {
    const cwd = project({ 'a.yaml': TEMPLATE, 'b.yaml': TEMPLATE });
    await cli(['--write-baseline', 'baseline.json', '.'], cwd);
    const all = JSON.parse(readFileSync(path.join(cwd, 'baseline.json'), 'utf8')).findings;
    assert.equal(all.length, 6);

    writeFileSync(path.join(cwd, 'a.yaml'), TEMPLATE.replace('        spare: x\n', ''));
    const subset = await cli(['--baseline', 'baseline.json', 'a.yaml'], cwd);
    assert.equal(subset.code, 0);
    assert.match(subset.stderr, /^stagevar-lint: 1 entry of the baseline baseline\.json no longer occurs;.*\n {2}a\.yaml: unused-variable: .*"spare"/);

    await cli(['--write-baseline', 'baseline.json', 'a.yaml'], cwd);
    const rewritten = JSON.parse(readFileSync(path.join(cwd, 'baseline.json'), 'utf8')).findings;
    assert.deepEqual(rewritten.map((entry: { file: string }) => entry.file), ['a.yaml', 'a.yaml', 'b.yaml', 'b.yaml', 'b.yaml']);

    // A deleted file's entries are stale.
    unlinkSync(path.join(cwd, 'b.yaml'));
    const gone = await cli(['--baseline', 'baseline.json', 'a.yaml'], cwd);
    assert.match(gone.stderr, /^stagevar-lint: 3 entries of the baseline baseline\.json no longer occur; --write-baseline baseline\.json removes them:\n/);
  });

  test('a second finding about the same thing, further down, is new', async () => {
    const second = TEMPLATE.replace('  Stage:\n', '  Method2:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      HttpMethod: POST\n      Integration:\n        Type: HTTP_PROXY\n        Uri: http://${stageVariables.hots}/\n  Stage:\n');
    const cwd = project({ 'api.yaml': TEMPLATE });
    await cli(['--write-baseline', 'baseline.json', 'api.yaml'], cwd);
    writeFileSync(path.join(cwd, 'api.yaml'), second);
    const { stdout } = await cli(['-f', 'json', '--baseline', 'baseline.json', 'api.yaml'], cwd);
    assert.deepEqual(reported(stdout, cwd), ['api.yaml:19 undefined-variable']);
  });

  test('SARIF keeps baselined findings as externally suppressed', async () => {
    const cwd = project({ 'api.yaml': TEMPLATE });
    await cli(['--write-baseline', 'baseline.json', 'api.yaml'], cwd);
    const { stdout } = await cli(['-f', 'sarif', '--baseline', 'baseline.json', 'api.yaml'], cwd);
    const results = JSON.parse(stdout).runs[0].results as { suppressions?: unknown[] }[];
    assert.equal(results.length, 3);
    for (const result of results) assert.deepEqual(result.suppressions, [{ kind: 'external', status: 'accepted', justification: 'Accepted in the baseline baseline.json.' }]);
  });

  test('a missing or malformed baseline is an error (exit 2)', async () => {
    const cwd = project({ 'api.yaml': TEMPLATE, 'bad.json': '{ "version": 1, "findings": [{ "file": "api.yaml" }] }', 'broken.json': '{' });
    const missing = await cli(['--baseline', 'nope.json', 'api.yaml'], cwd);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'stagevar-lint: Cannot read the baseline nope.json: no such file (create it with --write-baseline).\n');
    const bad = await cli(['--baseline', 'bad.json', 'api.yaml'], cwd);
    assert.equal(bad.stderr, 'stagevar-lint: bad.json is not a stagevar-lint baseline: findings[0] must have "file", "rule", "fingerprint" and "message".\n');
    const broken = await cli(['--baseline', 'broken.json', 'api.yaml'], cwd);
    assert.match(broken.stderr, /^stagevar-lint: broken\.json is not valid JSON: /);
    const both = await cli(['--baseline', 'a.json', '--write-baseline', 'b.json', 'api.yaml'], cwd);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--baseline and --write-baseline name different files/);
  });

  test('a baseline that cannot be read or written says why in one line (exit 2)', async () => {
    const cwd = project({ 'api.yaml': TEMPLATE, 'file': '' });
    mkdirSync(path.join(cwd, 'folder'));
    const directory = await cli(['--baseline', 'folder', 'api.yaml'], cwd);
    assert.deepEqual([directory.code, directory.stderr], [2, 'stagevar-lint: Cannot read the baseline folder: it is a directory.\n']);
    const underFile = await cli(['--write-baseline', 'file/baseline.json', 'api.yaml'], cwd);
    assert.deepEqual([underFile.code, underFile.stderr], [2, `stagevar-lint: Cannot write the baseline ${path.join('file', 'baseline.json')}: a part of its path is a file, not a directory.\n`]);
  });

  test('fatal read and parse errors are never accepted', async () => {
    const cwd = project({ 'api.yaml': 'Resources:\n  Api: [\n' });
    const { code, stderr } = await cli(['-f', 'json', '--write-baseline', 'baseline.json', 'api.yaml'], cwd);
    assert.equal(code, 1);
    assert.equal(stderr, 'stagevar-lint: Wrote 0 findings to the baseline baseline.json.\n');
  });
});
