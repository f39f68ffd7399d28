// The CLI as users run it: a real process, real files, exit codes and every output format.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { XMLParser } from 'fast-xml-parser';
import { restApiTemplate } from './support/templates.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/stagevar-lint.cjs');
const require = createRequire(import.meta.url);

function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI with its stdout closed by the reader before anything is written (`| head`, `| true`). */
async function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  // Node needs far longer to start than this takes, so every write of the child finds the pipe closed.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stderr };
}

function tempProject(files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'stagevar-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(directory, name), content);
  return directory;
}

const GOOD = restApiTemplate({ reference: 'host', variables: { host: 'example.com' } });
const WARNING_ONLY = GOOD.replace('        host: example.com\n', '        host: example.com\n        spare: x\n');
const BAD = GOOD.replace('${stageVariables.host}', '${stageVariables.hots}');

describe('stagevar-lint CLI', () => {
  test('--version prints the package version', () => {
    const { code, stdout } = run(['--version']);
    assert.equal(code, 0);
    assert.equal(stdout.trim(), JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  test('the quick --version path of the bin prints what the full CLI prints', () => {
    // `--version` or `-v` alone is answered before the CLI loads; with another flag `main` answers.
    const expected = run(['--version', '--no-config']);
    assert.equal(expected.code, 0);
    for (const flag of ['--version', '-v']) assert.deepEqual(run([flag]), expected);
  });

  test('--help documents the options and exit codes', () => {
    const { code, stdout } = run(['--help']);
    assert.equal(code, 0);
    for (const flag of ['--format', '--output-file', '--quiet', '--max-warnings', '--rule', '--list-rules', '--account-id', '--fix']) {
      assert.match(stdout, new RegExp(flag));
    }
  });

  test('--list-rules lists every rule with its default severity', () => {
    const { code, stdout } = run(['--list-rules']);
    assert.equal(code, 0);
    assert.match(stdout, /^undefined-variable\s+error/m);
    assert.match(stdout, /^unused-variable\s+warn/m);
  });

  test('the bundled examples have findings and exit 1', () => {
    const { code, stdout } = run(['fixtures/examples']);
    assert.equal(code, 1);
    assert.match(stdout, /undefined-variable/);
    assert.match(stdout, /✖ \d+ problems? \(\d+ errors?, \d+ warnings?\)/);
  });

  test('a clean template exits 0 and prints nothing', () => {
    const directory = tempProject({ 'template.yaml': GOOD });
    const { code, stdout, stderr } = run(['.'], { cwd: directory });
    assert.equal(stderr, '');
    assert.equal(stdout, '');
    assert.equal(code, 0);
  });

  test('warnings exit 0, or 1 above --max-warnings', () => {
    const directory = tempProject({ 'template.yaml': WARNING_ONLY });
    assert.equal(run(['.'], { cwd: directory }).code, 0);
    assert.equal(run(['.', '--max-warnings', '1'], { cwd: directory }).code, 0);
    const over = run(['.', '--max-warnings', '0'], { cwd: directory });
    assert.equal(over.code, 1);
    assert.match(over.stderr, /too many warnings \(maximum: 0\)/);
  });

  test('--quiet reports errors only', () => {
    const directory = tempProject({ 'template.yaml': WARNING_ONLY });
    const { code, stdout } = run(['.', '--quiet', '--format', 'json'], { cwd: directory });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout)[0].messages, []);
  });

  test('--rule changes a severity and turns a rule off', () => {
    const directory = tempProject({ 'template.yaml': BAD });
    assert.equal(run(['.'], { cwd: directory }).code, 1);
    assert.equal(run(['.', '--rule', 'undefined-variable:warn'], { cwd: directory }).code, 0);
    const off = run(['.', '--rule', 'undefined-variable:off', '--format', 'json'], { cwd: directory });
    assert.ok(JSON.parse(off.stdout)[0].messages.every((m: { ruleId: string }) => m.ruleId !== 'undefined-variable'));
  });

  test('usage errors exit 2 with one clear line and no stack trace', () => {
    for (const args of [['--format', 'xml'], ['--rule', 'no-such-rule:error'], ['--rule', 'nonsense'], ['--max-warnings', 'x'], ['--bogus'], ['--account-id', '12']]) {
      const { code, stderr, stdout } = run(args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, /^stagevar-lint: /);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    }
  });

  test('--format json has exactly ESLint\'s shape, sorted and deterministic', () => {
    const first = run(['fixtures/examples', '--format', 'json']);
    const second = run(['fixtures/examples', '--format', 'json']);
    assert.equal(first.stdout, second.stdout);
    const results = JSON.parse(first.stdout) as Array<Record<string, unknown>>;
    const paths = results.map((r) => r.filePath as string);
    assert.deepEqual(paths, [...paths].sort());
    for (const result of results) {
      assert.ok(path.isAbsolute(result.filePath as string));
      assert.deepEqual(Object.keys(result).sort(), ['errorCount', 'fatalErrorCount', 'filePath', 'fixableErrorCount', 'fixableWarningCount', 'messages', 'warningCount']);
      const messages = result.messages as Array<Record<string, unknown>>;
      for (const message of messages) {
        for (const key of Object.keys(message)) assert.ok(['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fatal', 'fix'].includes(key), key);
        assert.ok(message.severity === 1 || message.severity === 2);
      }
      const positions = messages.map((m) => [m.line as number, m.column as number]);
      assert.deepEqual(positions, [...positions].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
    }
  });

  test('an unparseable file named on the command line is one fatal message with the parser\'s position', () => {
    const directory = tempProject({ 'broken.yaml': 'Resources:\n  Api:\n    Type: [unclosed\n' });
    const { code, stdout } = run(['broken.yaml', '--format', 'json'], { cwd: directory });
    assert.equal(code, 1);
    const [result] = JSON.parse(stdout);
    assert.equal(result.messages.length, 1);
    const [message] = result.messages;
    assert.equal(message.ruleId, null);
    assert.equal(message.fatal, true);
    assert.equal(message.severity, 2);
    assert.match(message.message, /^Parsing error: /);
    assert.ok(message.line >= 3 && message.column >= 1);
  });

  test('unparseable non-templates in a directory scan are skipped, and --debug says why', () => {
    const directory = tempProject({ 'chart.yaml': 'name: [{{ .Values.name }\n  - x\n', 'template.yaml': GOOD });
    const plain = run(['.', '--format', 'json'], { cwd: directory });
    assert.equal(plain.code, 0);
    assert.deepEqual(JSON.parse(plain.stdout).flatMap((r: { messages: unknown[] }) => r.messages), []);
    const debug = run(['.', '--debug'], { cwd: directory });
    assert.match(debug.stderr, /skipped chart\.yaml: /);
  });

  test('non-template YAML and JSON produce nothing', () => {
    const directory = tempProject({
      'workflow.yml': 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n',
      'package.json': '{"name": "x", "version": "1.0.0"}',
      'event.json': '{"resource": "/", "stageVariables": {"url": "${stageVariables.nope}"}}',
    });
    const { code, stdout } = run(['.', '--format', 'json'], { cwd: directory });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout).flatMap((r: { messages: unknown[] }) => r.messages), []);
  });

  test('--output-file writes the report and still prints the stylish summary', () => {
    const directory = tempProject({ 'template.yaml': BAD });
    const { code, stdout } = run(['.', '--format', 'sarif', '--output-file', 'out/results.sarif'], { cwd: directory });
    assert.equal(code, 1);
    assert.match(stdout, /undefined-variable/);
    const sarif = JSON.parse(readFileSync(path.join(directory, 'out/results.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['undefined-variable', 'unused-variable']);
    assert.deepEqual(readdirSync(path.join(directory, 'out')), ['results.sarif'], 'no temporary file left behind');
  });

  test('--output-file that cannot be written: exit 2, one line that says why, no temporary file left', () => {
    const directory = tempProject({ 'template.yaml': BAD });
    mkdirSync(path.join(directory, 'reports'));
    const { code, stdout, stderr } = run(['template.yaml', '--output-file', 'reports'], { cwd: directory });
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, 'stagevar-lint: Cannot write the report to reports: it is a directory.\n');
    assert.deepEqual(readdirSync(directory).sort(), ['reports', 'template.yaml']);
  });

  test('colours only when asked: FORCE_COLOR on, NO_COLOR off, and never in a pipe by default', () => {
    const directory = tempProject({ 'template.yaml': BAD });
    const plain = run(['.'], { cwd: directory });
    assert.doesNotMatch(plain.stdout, /\x1b\[/);
    const forced = run(['.'], { cwd: directory, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    assert.match(forced.stdout, /\x1b\[/);
    const both = run(['.', '--no-color'], { cwd: directory, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    assert.doesNotMatch(both.stdout, /\x1b\[/);
  });

  test('a reader that closes the pipe early ends the run quietly, with the run\'s own exit code', async () => {
    // Before, Node printed an unhandled EPIPE error with its stack trace.
    for (const [args, expected] of [[['--version'], 0], [['--help'], 0], [['fixtures/examples', '--format', 'json'], 1]] as const) {
      const { code, stderr } = await runWithClosedStdout([...args]);
      assert.equal(stderr, '', `stderr of ${args.join(' ')}`);
      assert.equal(code, expected, `exit code of ${args.join(' ')}`);
    }
  });

  test('a path that does not exist is reported, and the other files are still linted', () => {
    const directory = tempProject({ 'template.yaml': BAD });
    const { code, stdout } = run(['missing.yaml', 'template.yaml', '--format', 'json'], { cwd: directory });
    assert.equal(code, 1);
    const results = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ message: string; ruleId: string | null }> }>;
    assert.match(results.find((r) => r.filePath.endsWith('missing.yaml'))!.messages[0]!.message, /No such file or directory/);
    assert.equal(results.find((r) => r.filePath.endsWith('template.yaml'))!.messages[0]!.ruleId, 'undefined-variable');
  });
});

describe('CI formats on findings from every rule', () => {
  // The fixtures hold at least one finding of every rule; lint all of them with every rule on.
  const fixtureDirectories = readdirSync(path.join(ROOT, 'fixtures')).filter((name) => existsSync(path.join(ROOT, 'fixtures', name, 'invalid')));
  const args = fixtureDirectories.map((name) => `fixtures/${name}/invalid`);

  test('SARIF validates against the official SARIF 2.1.0 schema', () => {
    const { stdout } = run([...args, '--format', 'sarif']);
    const sarif = JSON.parse(stdout);
    const Ajv4 = require('ajv-draft-04');
    const addFormats = require('ajv-formats');
    const ajv = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'schemas/sarif-schema-2.1.0.json'), 'utf8')));
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
    const ruleIds = new Set(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId));
    const listed = run(['--list-rules']).stdout.trim().split('\n').map((line) => line.split(/\s+/)[0]);
    for (const id of listed) assert.ok(ruleIds.has(id), `SARIF output has a finding of ${id}`);
    for (const result of sarif.runs[0].results) {
      assert.equal(result.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.ok(!path.isAbsolute(result.locations[0].physicalLocation.artifactLocation.uri));
      assert.ok(Object.keys(result.partialFingerprints).length > 0);
    }
  });

  test('SARIF fingerprints survive inserting lines above a finding', () => {
    const directory = tempProject({ 'template.yaml': BAD });
    const before = JSON.parse(run(['.', '--format', 'sarif'], { cwd: directory }).stdout).runs[0].results[0];
    writeFileSync(path.join(directory, 'template.yaml'), `# a comment\n# another\n${BAD}`);
    const after = JSON.parse(run(['.', '--format', 'sarif'], { cwd: directory }).stdout).runs[0].results[0];
    assert.notEqual(after.locations[0].physicalLocation.region.startLine, before.locations[0].physicalLocation.region.startLine);
    assert.deepEqual(after.partialFingerprints, before.partialFingerprints);
  });

  test('JUnit parses as XML with one testsuite per file and one failure per finding', () => {
    const json = JSON.parse(run([...args, '--format', 'json']).stdout) as Array<{ messages: unknown[] }>;
    const xml = run([...args, '--format', 'junit']).stdout;
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suites = [parsed.testsuites.testsuite].flat();
    assert.equal(suites.length, json.length);
    const findings = json.reduce((sum, r) => sum + r.messages.length, 0);
    const failures = suites.reduce((sum: number, suite: { failures: string; errors: string }) => sum + Number(suite.failures) + Number(suite.errors), 0);
    assert.equal(failures, findings);
  });

  test('GitHub annotations: one workflow command per finding', () => {
    const json = JSON.parse(run([...args, '--format', 'json']).stdout) as Array<{ messages: unknown[] }>;
    const lines = run([...args, '--format', 'github']).stdout.trim().split('\n');
    assert.equal(lines.length, json.reduce((sum, r) => sum + r.messages.length, 0));
    for (const line of lines) assert.match(line, /^::(error|warning) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:]+::/);
  });

  test('GitLab Code Quality: stable fingerprints, relative paths', () => {
    const first = JSON.parse(run([...args, '--format', 'gitlab']).stdout);
    const second = JSON.parse(run([...args, '--format', 'gitlab']).stdout);
    assert.deepEqual(first, second);
    const fingerprints = first.map((issue: { fingerprint: string }) => issue.fingerprint);
    assert.equal(new Set(fingerprints).size, fingerprints.length);
    for (const issue of first) assert.ok(!path.isAbsolute(issue.location.path));
  });
});
