// --fix end to end: the engine computes `result.output` from the rules' fixes, the CLI writes it
// atomically and only over the text it linted, and every byte it was not asked to change survives.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../src/cli/main.ts';
import { lintFiles, lintFilesWithSources } from '../src/engine/lint.ts';
import { writeIfUnchanged } from '../src/files/write.ts';
import type { LintResult } from '../src/index.ts';

const BOM = '\uFEFF';

/** A SAM template with two fixable mistakes (one per fixable rule) and comments, as lines. */
const TEMPLATE_LINES = [
  '# Orders API -- keep this comment',
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  '      Variables:',
  '        fn: Orders   # trailing comment',
  '        env: prod',
  '      DefinitionBody:',
  '        swagger: "2.0"',
  '        info: { title: orders, version: "1" }',
  '        paths:',
  '          /orders:',
  '            get:',
  '              x-amazon-apigateway-integration:',
  '                type: aws_proxy',
  '                httpMethod: POST',
  '                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${stageVariables.fn}/invocations',
  '                requestTemplates:',
  "                  application/json: '{\"env\": \"$StageVariables.env\"}'",
  '',
];
const FIXED_LINES = TEMPLATE_LINES.map((line) =>
  line.replace('function:${stageVariables.fn}', 'function:${!stageVariables.fn}').replace('$StageVariables.env', '$stageVariables.env'),
);

function project(files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'stagevar-fix-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(directory, name), content);
  return directory;
}

async function cli(directory: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd: directory,
    env: { NO_COLOR: '1' },
    isTTY: false,
  });
  return { code, stdout, stderr };
}

function findings(stdout: string): { ruleId: string | null; line: number; column: number; fix?: unknown }[] {
  return (JSON.parse(stdout) as LintResult[]).flatMap((result) => result.messages);
}

describe('fixes in the engine', () => {
  test('output changes only the fixed characters; the fixed findings leave the messages', async () => {
    const directory = project({ 'template.yaml': TEMPLATE_LINES.join('\n') });
    try {
      const [result] = await lintFiles(['template.yaml'], { cwd: directory, fix: true, rules: { 'unused-variable': 'off' } });
      assert.equal(result!.output, FIXED_LINES.join('\n'));
      assert.deepEqual(result!.messages, [], 'both findings were fixed');
      assert.equal(result!.fixableErrorCount, 0);
      // Without --fix the same run reports both, each with its fix.
      const [plain] = await lintFiles(['template.yaml'], { cwd: directory, rules: { 'unused-variable': 'off' } });
      assert.deepEqual(plain!.messages.map((m) => [m.ruleId, m.line, m.column, m.fix !== undefined]), [
        ['sub-escape', 20, 151, true],
        ['malformed-reference', 22, 47, true],
      ]);
      assert.equal(plain!.output, undefined);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  test('a file that changed on disk after the lint is left alone', async () => {
    const directory = project({ 'template.yaml': TEMPLATE_LINES.join('\n') });
    const file = path.join(directory, 'template.yaml');
    try {
      const run = await lintFilesWithSources(['template.yaml'], { cwd: directory, fix: true });
      const [result] = run.results;
      const source = run.sources.get(file)!;
      assert.ok(result!.output !== undefined);
      // An editor saves the file between the lint and the write.
      const edited = TEMPLATE_LINES.join('\n').replace('env: prod', 'env: production');
      writeFileSync(file, edited);
      assert.deepEqual(writeIfUnchanged(file, source.text, source.hadBom, result!.output!), { ok: false, reason: 'it changed on disk during the run' });
      assert.equal(readFileSync(file, 'utf8'), edited);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('stagevar-lint --fix', () => {
  test('keeps the BOM, CRLF line ends and comments, reports the file, and lints the fixed text', async () => {
    const original = BOM + TEMPLATE_LINES.join('\r\n');
    const directory = project({ 'template.yaml': original });
    try {
      const { code, stdout, stderr } = await cli(directory, ['--fix', '--format', 'json', '--rule', 'unused-variable:off', 'template.yaml']);
      assert.equal(stderr, 'Fixed template.yaml\n');
      const written = readFileSync(path.join(directory, 'template.yaml'), 'utf8');
      assert.equal(written, BOM + FIXED_LINES.join('\r\n'));
      assert.deepEqual(findings(stdout), []);
      assert.equal(code, 0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  test('fixes in an OpenAPI file the template links with DefinitionUri are written to that file', async () => {
    const openapi = [
      'swagger: "2.0"',
      'info: { title: external, version: "1" }',
      'paths:',
      '  /items:',
      '    get:',
      '      x-amazon-apigateway-integration:',
      '        type: http_proxy',
      '        httpMethod: GET',
      '        uri: https://${!stageVariables.backend}/items   # escaped by mistake',
      '',
    ].join('\n');
    const template = [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Api:',
      '    Type: AWS::Serverless::Api',
      '    Properties:',
      '      StageName: prod',
      '      DefinitionUri: openapi.yaml',
      '      Variables:',
      '        backend: api.example.com',
      '',
    ].join('\n');
    const directory = project({ 'template.yaml': template, 'openapi.yaml': openapi });
    try {
      const { code, stdout, stderr } = await cli(directory, ['--fix', '--format', 'json', 'template.yaml']);
      assert.equal(stderr, 'Fixed openapi.yaml\n');
      assert.equal(readFileSync(path.join(directory, 'openapi.yaml'), 'utf8'), openapi.replace('${!stageVariables', '${stageVariables'));
      assert.equal(readFileSync(path.join(directory, 'template.yaml'), 'utf8'), template);
      assert.deepEqual(findings(stdout), []);
      assert.equal(code, 0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  test('a linked OpenAPI file with a BOM is fixed and keeps its BOM', async () => {
    const openapi = `${BOM}swagger: "2.0"\ninfo: { title: x, version: "1" }\npaths:\n  /items:\n    get:\n      x-amazon-apigateway-integration:\n        type: http_proxy\n        httpMethod: GET\n        uri: https://\${!stageVariables.backend}/items\n`;
    const template = 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionUri: openapi.yaml\n      Variables:\n        backend: api.example.com\n';
    const directory = project({ 'template.yaml': template, 'openapi.yaml': openapi });
    try {
      const { stderr } = await cli(directory, ['--fix', '--format', 'json', 'template.yaml']);
      assert.equal(stderr, 'Fixed openapi.yaml\n');
      assert.equal(readFileSync(path.join(directory, 'openapi.yaml'), 'utf8'), openapi.replace('${!stageVariables', '${stageVariables'));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  test('two fixes on one reference converge over two runs, never garbling the text', async () => {
    // Casing (malformed-reference replaces the token) and the missing escape (sub-escape inserts
    // "!" inside it) overlap: one run applies the first, the next run the second.
    const line = (token: string) => `        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${token}/invocations`;
    const text = (token: string) =>
      [
        'Resources:',
        '  Api:',
        '    Type: AWS::ApiGateway::RestApi',
        '  Method:',
        '    Type: AWS::ApiGateway::Method',
        '    Properties:',
        '      RestApiId: !Ref Api',
        '      HttpMethod: GET',
        '      Integration:',
        '        Type: AWS_PROXY',
        line(token),
        '',
      ].join('\n');
    const directory = project({ 'template.yaml': text('${StageVariables.fn}') });
    const file = path.join(directory, 'template.yaml');
    try {
      const first = await cli(directory, ['--fix', '--format', 'json', 'template.yaml']);
      assert.equal(readFileSync(file, 'utf8'), text('${stageVariables.fn}'));
      assert.deepEqual(findings(first.stdout).map((m) => [m.ruleId, m.fix !== undefined]), [['sub-escape', true]]);
      await cli(directory, ['--fix', '--format', 'json', 'template.yaml']);
      assert.equal(readFileSync(file, 'utf8'), text('${!stageVariables.fn}'));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  test('never writes a file when there is nothing to fix', async () => {
    // A finding without a fix (a Unicode escape makes the source offsets inexact) and a clean file.
    const escaped = JSON.stringify({
      Resources: {
        Api: { Type: 'AWS::ApiGateway::RestApi' },
        Method: {
          Type: 'AWS::ApiGateway::Method',
          Properties: { RestApiId: { Ref: 'Api' }, HttpMethod: 'GET', Integration: { Type: 'HTTP_PROXY', Uri: 'https://PLACEHOLDER/items' } },
        },
      },
    }, null, 2).replace('PLACEHOLDER', '${\\u0021stageVariables.host}');
    const clean = TEMPLATE_LINES.join('\n').replace('function:${stageVariables.fn}', 'function:${!stageVariables.fn}').replace('$StageVariables', '$stageVariables');
    const directory = project({ 'escaped.json': escaped, 'clean.yaml': clean });
    const before = ['escaped.json', 'clean.yaml'].map((name) => statSync(path.join(directory, name)));
    try {
      const { stdout, stderr } = await cli(directory, ['--fix', '--format', 'json', '.']);
      assert.equal(stderr, '');
      const messages = findings(stdout);
      assert.deepEqual(messages.map((m) => [m.ruleId, m.line, m.fix]), [['sub-escape', 15, undefined]]);
      ['escaped.json', 'clean.yaml'].forEach((name, i) => {
        const after = statSync(path.join(directory, name));
        // An atomic write replaces the file, so a new inode would show any write at all.
        assert.equal(after.ino, before[i]!.ino, `${name} was replaced`);
        assert.equal(after.mtimeMs, before[i]!.mtimeMs, `${name} was modified`);
      });
      assert.equal(readFileSync(path.join(directory, 'escaped.json'), 'utf8'), escaped);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
