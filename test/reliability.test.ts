// Reliability and safety: every input gets a result, one bad file never hides the others, the
// tool never writes, runs template code or touches the network unless asked, and no secret value
// reaches any output. The CLI runs in-process through main() with captured streams, so these tests
// exercise the sources; the permission-model test spawns the built CLI (npm test builds first).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync,
  rmSync, statSync, symlinkSync, truncateSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../src/cli/main.ts';
import { lintFiles, lintText } from '../src/engine/lint.ts';
import { defineRule, docsUrl, type Rule } from '../src/engine/rule.ts';
import type { LintMessage, LintResult } from '../src/engine/types.ts';
import { MAX_DEPTH } from '../src/parse/tree.ts';
import { rules } from '../rules/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

// ---------------------------------------------------------------------------------------------
// Helpers

type Files = Record<string, string | Buffer>;

const created: string[] = [];
after(() => {
  for (const directory of created) rmSync(directory, { recursive: true, force: true });
});

function project(files: Files): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'stagevar-reliability-'));
  created.push(directory);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(directory, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return directory;
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd,
    env: { NO_COLOR: '1' },
    isTTY: false,
  });
  return { code, stdout, stderr };
}

/** `{ "<file relative to cwd>": ["line:column rule message"] }`, the shape every assertion compares. */
function summarize(results: readonly LintResult[], cwd: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const result of results) {
    out[path.relative(cwd, result.filePath).split(path.sep).join('/')] = result.messages.map(show);
  }
  return out;
}

function show(message: LintMessage): string {
  return `${message.line}:${message.column} ${message.ruleId ?? '-'} ${message.message}`;
}

async function jsonRun(args: string[], cwd: string): Promise<{ code: number; files: Record<string, string[]>; stderr: string }> {
  const run = await cli(['--format', 'json', ...args], cwd);
  assert.equal(run.code === 2 ? run.stderr : '', '', 'exit code 2');
  return { code: run.code, files: summarize(JSON.parse(run.stdout) as LintResult[], cwd), stderr: run.stderr };
}

/** 1-based line and column of the first occurrence of `needle` (after `after`, if given). */
function positionOf(text: string, needle: string, after = ''): string {
  const index = text.indexOf(needle, after ? text.indexOf(after) : 0);
  assert.ok(index >= 0, `${needle} not in text`);
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return `${line}:${index - (before.lastIndexOf('\n') + 1) + 1}`;
}

/** Files must be readable for the chmod tests to mean anything; root reads through mode 000. */
function chmodBlocksReads(file: string): boolean {
  try {
    readFileSync(file);
    return false;
  } catch {
    return true;
  }
}

const REST = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      HttpMethod: GET
      Integration:
        Type: HTTP_PROXY
        Uri: http://\${stageVariables.host}/\${stageVariables.missing}
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      Variables:
        host: example.com
`;
const MISSING = (file = REST): string =>
  `${positionOf(file, '${stageVariables.missing}')} undefined-variable Stage variable "missing" is not defined on stage "prod" of API Api; API Gateway sends an empty value there.`;

function onlyRule(messages: readonly string[] | undefined, rule: string): string[] {
  return (messages ?? []).filter((message) => message.split(' ')[1] === rule);
}

const sam = (definitionUri: string): string => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Variables:
        host: example.com
      DefinitionUri: ${definitionUri}
`;
const OPENAPI = `openapi: 3.0.1
paths:
  /a:
    get:
      x-amazon-apigateway-integration:
        type: HTTP_PROXY
        httpMethod: GET
        uri: http://\${stageVariables.host}/
`;

// ---------------------------------------------------------------------------------------------

describe('every input gets a result, never an exception', () => {
  it('malformed YAML and JSON: a fatal parse error at the parser\'s line and column', async () => {
    const cwd = project({
      'indent.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A:\n    Type: AWS::S3::Bucket\n   B: 1\n',
      'tab.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A:\n\tType: AWS::S3::Bucket\n',
      'comma.json': '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "A": {"Type": "AWS::S3::Bucket"}\n    "B": {"Type": "AWS::S3::Bucket"}\n  }\n}\n',
      'truncated.json': '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"A": {"Type": "AWS::S3::Bucket"}}',
    });
    // Named: found files that mention no stage variable are not even parsed.
    const { code, files } = await jsonRun(['indent.yaml', 'tab.yaml', 'comma.json', 'truncated.json'], cwd);
    assert.equal(code, 1);
    assert.deepEqual(files, {
      'comma.json': ['5:5 - Parsing error: Comma expected'],
      'indent.yaml': ['5:1 - Parsing error: All mapping items must start at the same column'],
      'tab.yaml': ['4:1 - Parsing error: Tabs are not allowed as indentation'],
      // The end of the text: one column past the last character.
      'truncated.json': ['1:91 - Parsing error: Close brace expected'],
    });
  });

  it('empty, blank and comment-only files: a result without messages', async () => {
    const cwd = project({ 'empty.yaml': '', 'blank.yaml': '  \n\n', 'comment.yaml': '# nothing yet\n', 'empty.json': '' });
    const { code, files } = await jsonRun(['.', 'empty.yaml'], cwd);
    assert.equal(code, 0);
    assert.deepEqual(files, { 'blank.yaml': [], 'comment.yaml': [], 'empty.json': [], 'empty.yaml': [] });
  });

  it('binary files, UTF-16/32 with or without a BOM, Latin-1, invalid UTF-8 and NUL bytes: a clear "not UTF-8" or binary message', async () => {
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n';
    const utf16be = Buffer.from(text, 'utf16le').swap16();
    const cwd = project({
      'image.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
      'utf16le-bom.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'utf16be-bom.yaml': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]),
      'utf16le.yaml': Buffer.from(text, 'utf16le'),
      'utf16be.yaml': utf16be,
      'utf32le-bom.yaml': Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...[...text].map((c) => Buffer.from([c.charCodeAt(0), 0, 0, 0]))]),
      'latin1.yaml': Buffer.from(`${text}Description: caf\xe9\n`, 'latin1'),
      'truncated-utf8.yaml': Buffer.concat([Buffer.from(text), Buffer.from([0xc3])]),
      'nul.yaml': `${text}Description: a\0b\n`,
    });
    const { code, files } = await jsonRun(['.'], cwd);
    assert.equal(code, 1);
    const utf16 = ['1:1 - File is not UTF-8 (it looks like UTF-16); save it as UTF-8.'];
    const invalid = ['1:1 - File is not valid UTF-8; templates must be UTF-8.'];
    assert.deepEqual(files, {
      'image.yaml': invalid,
      'latin1.yaml': invalid,
      'nul.yaml': ['1:1 - File contains NUL bytes; it looks binary, not like a template.'],
      'truncated-utf8.yaml': invalid,
      'utf16be-bom.yaml': utf16,
      'utf16be.yaml': utf16,
      'utf16le-bom.yaml': utf16,
      'utf16le.yaml': utf16,
      'utf32le-bom.yaml': ['1:1 - File is not UTF-8 (it looks like UTF-32); save it as UTF-8.'],
    });
    // Editors hand text, not bytes, to the API: a NUL is refused the same way there.
    assert.deepEqual(lintText(`${text}Description: a\0b\n`, { cwd, filePath: 'buffer.yaml' })[0]!.messages.map(show), [
      '1:1 - File contains NUL bytes; it looks binary, not like a template.',
    ]);
  });

  it('a UTF-8 BOM and CRLF line endings keep every position exact', async () => {
    const crlf = REST.replace(/\n/g, '\r\n');
    const cwd = project({ 'lf.yaml': REST, 'bom.yaml': `\ufeff${REST}`, 'crlf.yaml': crlf, 'bom-crlf.yaml': `\ufeff${crlf}` });
    const { files } = await jsonRun(['.'], cwd);
    assert.deepEqual(onlyRule(files['lf.yaml'], 'undefined-variable'), [MISSING()]);
    for (const name of ['bom.yaml', 'crlf.yaml', 'bom-crlf.yaml']) assert.deepEqual(files[name], files['lf.yaml'], name);
    // End positions too, not only starts.
    const results = await lintFiles(['lf.yaml', 'crlf.yaml'], { cwd });
    const ends = results.map((result) => result.messages.map((m) => [m.line, m.column, m.endLine, m.endColumn]));
    assert.deepEqual(ends[0], ends[1]);
    // A parse error in a CRLF file is on the right line and column as well.
    const broken = 'AWSTemplateFormatVersion: "2010-09-09"\r\nResources:\r\n  A:\r\n    Type: AWS::S3::Bucket\r\n   B: 1\r\n';
    assert.deepEqual(lintText(broken, { cwd })[0]!.messages.map(show), ['5:1 - Parsing error: All mapping items must start at the same column']);
  });

  it('duplicate keys are reported as CloudFormation rejects them, in YAML and JSON', async () => {
    const yaml = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SQS::Queue\n';
    const json = '{"AWSTemplateFormatVersion": "2010-09-09",\n "Resources": {"A": {"Type": "AWS::S3::Bucket", "Type": "AWS::SQS::Queue"}}}';
    const { code, files } = await jsonRun(['dup.yaml', 'dup.json'], project({ 'dup.yaml': yaml, 'dup.json': json }));
    assert.equal(code, 1);
    assert.deepEqual(files, {
      'dup.json': [`${positionOf(json, '"Type"', 'Bucket')} - Duplicate key "Type" (first defined on line 2); CloudFormation rejects templates with duplicate keys.`],
      'dup.yaml': ['7:3 - Duplicate key "A" (first defined on line 3); CloudFormation rejects templates with duplicate keys.'],
    });
  });

  it('a map with 50,000 keys is linted in linear time (no quadratic duplicate check)', (t) => {
    const template = (n: number): string =>
      `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A:\n    Type: AWS::S3::Bucket\n    Metadata:\n${Array.from({ length: n }, (_, i) => `      K${i}: v`).join('\n')}\n      K7: again\n`;
    const best = (n: number, runs: number): { ms: number; messages: string[] } => {
      const text = template(n);
      let ms = Infinity;
      let messages: string[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        messages = lintText(text)[0]!.messages.map(show);
        ms = Math.min(ms, performance.now() - start);
      }
      return { ms, messages };
    };
    const small = best(12_500, 2);
    const large = best(50_000, 1);
    assert.deepEqual(large.messages, [`50006:7 - Duplicate key "K7" (first defined on line 13); CloudFormation rejects templates with duplicate keys.`]);
    t.diagnostic(`12,500 keys ${small.ms.toFixed(0)} ms, 50,000 keys ${large.ms.toFixed(0)} ms`);
    // Four times the keys: linear is 4x, yaml's own uniqueKeys check (O(n^2)) would be 16x and 30 s.
    assert.ok(large.ms / small.ms < 12, `50k/12.5k = ${(large.ms / small.ms).toFixed(1)}`);
    assert.ok(large.ms < 15_000, `${large.ms} ms`);
  });

  it('a YAML alias bomb stays unexpanded: one clear warning, in milliseconds', async () => {
    const names = 'abcdefghi';
    let bomb = `      ${names[0]}: &${names[0]} [${Array(9).fill('"lol"').join(', ')}]\n`;
    for (let i = 1; i < 9; i++) bomb += `      ${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]\n`;
    const text = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A:\n    Type: AWS::S3::Bucket\n    Metadata:\n${bomb}`;
    const start = performance.now();
    const [result] = lintText(text);
    const ms = performance.now() - start;
    assert.deepEqual(result!.messages.map(show), [
      `${positionOf(text, '*a')} - YAML alias (72 in this file): stagevar-lint does not expand aliases, so values reached through them are not checked. CloudFormation rejects aliases unless a tool such as sam or aws cloudformation package expands them first.`,
    ]);
    assert.equal(result!.messages[0]!.severity, 1);
    assert.ok(ms < 1000, `${ms} ms`);
    // The same through the CLI: a warning, exit 0.
    const run = await jsonRun(['bomb.yaml'], project({ 'bomb.yaml': text }));
    assert.equal(run.code, 0);
  });

  it('20,000-deep nesting (flow, block, JSON) is refused at the depth limit, without a stack overflow', async () => {
    const prefix = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: ';
    const flow = `${prefix}${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    const block = `${prefix}\n        ${'- '.repeat(20_000)}x\n`;
    const json = `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": {"Tags": ${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}}}}`;
    const { code, files } = await jsonRun(['flow.yaml', 'block.yaml', 'deep.json'], project({ 'flow.yaml': flow, 'block.yaml': block, 'deep.json': json }));
    assert.equal(code, 1);
    const message = `Parsing error: nesting deeper than ${MAX_DEPTH} levels`;
    // At the first collection past the limit. The template's own four maps (root, Resources, A,
    // Properties) are levels too, so the refused one is the (MAX_DEPTH - 3)th of the Tags value.
    const refused = MAX_DEPTH - 4;
    assert.deepEqual(files, {
      'block.yaml': [`7:${'        '.length + 2 * refused + 1} - ${message}`],
      'deep.json': [`1:${json.indexOf('{"a":') + '{"a":'.length * refused + 1} - ${message}`],
      'flow.yaml': [`6:${'      Tags: '.length + refused + 1} - ${message}`],
    });
  });

  it('nesting just inside the limit in every part the model reads (Properties, URIs, Body, stage variables) is linted', () => {
    // Just under the limit: the documents still classify as templates, so the model builder,
    // flatten and every rule walk the deep values.
    const n = MAX_DEPTH - 12;
    const deep = `${'['.repeat(n)}"\${stageVariables.deep}"${']'.repeat(n)}`;
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        paths:
          /a:
            get:
              x-amazon-apigateway-integration:
                type: HTTP_PROXY
                httpMethod: GET
                uri: {"Fn::Join": ["", ${deep}]}
                requestParameters: ${deep}
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      HttpMethod: GET
      Integration:
        Type: HTTP
        Uri: ${deep}
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      Variables:
        other: ${deep}
  V2Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: v2
      StageVariables: '${deep.replace(/"/g, '"')}'
`;
    const [result] = lintText(text);
    const undefinedAt = result!.messages.filter((m) => m.ruleId === 'undefined-variable').map((m) => `${m.line}:${m.column}`);
    for (const needle of ['uri: {"Fn::Join"', 'requestParameters:', 'Uri: [']) {
      const at = positionOf(text, '${stageVariables.deep}', needle);
      assert.ok(undefinedAt.includes(at), `no undefined-variable at ${at} (${needle}); got ${undefinedAt.join(', ')}`);
    }
    assert.ok(!result!.messages.some((m) => m.fatal), 'no fatal message');
  });

  it('the model builder and every rule handle a 20,000-deep tree in bounded stack and memory (parser limit bypassed)', () => {
    // The parser refuses such documents, so a tree is deepened by hand: this checks the layers
    // after the parser, which must not rely on its limit for stack or memory safety. It runs in
    // a child with a small heap, so a walker that keeps a copy per level (O(depth^2)) fails this
    // test instead of taking the test run down.
    const script = path.join(mkdtempSync(path.join(tmpdir(), 'stagevar-deep-')), 'deep.mts');
    writeFileSync(script, DEEP_TREE_SCRIPT.replaceAll('@ROOT@', pathToFileURL(ROOT).href));
    const run = spawnSync(process.execPath, ['--max-old-space-size=256', '--stack-size=900', '--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    rmSync(path.dirname(script), { recursive: true });
    assert.equal(run.status, 0, `the deep tree run failed (signal ${run.signal}):\n${run.stderr.slice(-2000)}`);
    const outcome = JSON.parse(run.stdout) as { kind: string; references: number; internal: string[] };
    // Uri, RequestTemplates and Tags hold references; the deep stage-variable value is a definition.
    assert.deepEqual(outcome, { kind: 'cloudformation', references: 3, internal: [] });
  });

  it('a 50 MB file is refused by size before it is read; --max-file-size sets the limit', async () => {
    const cwd = project({ 'small.yaml': REST });
    // Sparse: 50 MB on paper, nothing on disk; a tool that read it would still take seconds.
    writeFileSync(path.join(cwd, 'huge.yaml'), '');
    truncateSync(path.join(cwd, 'huge.yaml'), 50 * 1024 * 1024);
    const start = performance.now();
    const run = await jsonRun(['.'], cwd);
    assert.ok(performance.now() - start < 5000);
    assert.equal(run.code, 1);
    assert.deepEqual(run.files['huge.yaml'], ['1:1 - File is 50.0 MB, over the 4.0 MB limit (--max-file-size); not linted.']);
    assert.deepEqual(onlyRule(run.files['small.yaml'], 'undefined-variable'), [MISSING()]);
    const limited = await jsonRun(['--max-file-size', '100', 'small.yaml'], cwd);
    assert.deepEqual(limited.files, { 'small.yaml': [`1:1 - File is ${REST.length} B, over the 100 B limit (--max-file-size); not linted.`] });
    const usage = await cli(['--max-file-size', '4MB', '.'], cwd);
    assert.equal(usage.code, 2);
    assert.equal(usage.stderr, 'stagevar-lint: --max-file-size expects a non-negative integer, got "4MB".\nRun stagevar-lint --help for usage.\n');
  });

  it('symbolic link loops and links that leave the project are reported, never followed', async (t) => {
    const outside = project({ 'secret.yaml': REST });
    const cwd = project({ 'ok.yaml': REST });
    try {
      symlinkSync('b.yaml', path.join(cwd, 'a.yaml'));
      symlinkSync('a.yaml', path.join(cwd, 'b.yaml'));
      symlinkSync(path.join(outside, 'secret.yaml'), path.join(cwd, 'escape.yaml'));
      symlinkSync(outside, path.join(cwd, 'escape-dir'));
      symlinkSync('nowhere.yaml', path.join(cwd, 'dangling.yaml'));
    } catch (error) {
      t.skip(`cannot create symbolic links here: ${(error as Error).message}`);
      return;
    }
    const walked = await jsonRun(['.'], cwd);
    const unresolved = ['1:1 - Cannot resolve the file (a broken or looping symbolic link?); not read.'];
    assert.deepEqual(walked.files, {
      'a.yaml': unresolved,
      'b.yaml': unresolved,
      'dangling.yaml': unresolved,
      'escape.yaml': ['1:1 - The file resolves to a path outside the project root; not read.'],
      'ok.yaml': walked.files['ok.yaml'],
    });
    assert.deepEqual(onlyRule(walked.files['ok.yaml'], 'undefined-variable'), [MISSING()]);
    // Named on the command line: the same refusals, and a linked directory is not walked at all.
    const named = await jsonRun(['a.yaml', 'escape.yaml', 'escape-dir', 'escape-dir/secret.yaml'], cwd);
    assert.deepEqual(named.files, {
      'a.yaml': ['1:1 - Symbolic link loop: a.yaml'],
      'escape-dir': ['1:1 - The path leads outside the project root through a symbolic link; not read.'],
      'escape-dir/secret.yaml': ['1:1 - The path leads outside the project root through a symbolic link; not read.'],
      'escape.yaml': ['1:1 - The file resolves to a path outside the project root; not read.'],
    });
    assert.equal(named.code, 1);
  });

  it('files that vanish or become unreadable during the run get a read error; the others are still linted', async (t) => {
    const cwd = project({ 'a.yaml': 'not: a template\n', 'b.yaml': REST, 'c.yaml': REST, 'd.yaml': REST });
    let blocked = true;
    // The engine reads files in path order and reports skipped non-templates as it goes: the
    // debug hook for a.yaml runs after b.yaml was found and before it is read.
    const results = await lintFiles(['.'], {
      cwd,
      debug: (message) => {
        if (!message.startsWith('skipped a.yaml')) return;
        rmSync(path.join(cwd, 'b.yaml'));
        chmodSync(path.join(cwd, 'c.yaml'), 0o000);
        blocked = chmodBlocksReads(path.join(cwd, 'c.yaml'));
      },
    });
    const files = summarize(results, cwd);
    assert.deepEqual(files['a.yaml'], []);
    assert.deepEqual(files['b.yaml'], ['1:1 - Cannot read file: it does not exist (it may have been deleted during the run).']);
    assert.deepEqual(onlyRule(files['d.yaml'], 'undefined-variable'), [MISSING()]);
    if (!blocked) {
      t.skip('running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not block reads, so the unreadable-file case cannot be simulated');
      return;
    }
    assert.deepEqual(files['c.yaml'], ['1:1 - Cannot read file: permission denied.']);
  });

  it('DefinitionUri, BodyS3Location and AWS::Include Location: outside the root, absolute, missing, self, circular, unreadable', async (t) => {
    const outside = project({ 'openapi.yaml': OPENAPI });
    const rest = (property: string): string => `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
${property}
`;
    const cwd = project({
      'relative.yaml': sam(`../${path.basename(outside)}/openapi.yaml`),
      'absolute.yaml': sam(path.join(outside, 'openapi.yaml')),
      'linked.yaml': sam('./link/openapi.yaml'),
      'missing.yaml': sam('./nope.yaml'),
      'self.yaml': sam('./self.yaml'),
      'loop-a.yaml': sam('./loop-b.yaml'),
      'loop-b.yaml': sam('./loop-a.yaml'),
      'directory.yaml': sam('./sub'),
      'sub/x.txt': 'x',
      'body.yaml': rest(`      BodyS3Location: ../${path.basename(outside)}/openapi.yaml`),
      'include.yaml': rest(`      Body:\n        Fn::Transform:\n          Name: AWS::Include\n          Parameters:\n            Location: ../${path.basename(outside)}/openapi.yaml`),
      'unreadable.yaml': sam('./locked.yaml'),
      'locked.yaml': OPENAPI,
    });
    symlinkSync(outside, path.join(cwd, 'link'));
    chmodSync(path.join(cwd, 'locked.yaml'), 0o000);
    const blocked = chmodBlocksReads(path.join(cwd, 'locked.yaml'));
    const { files } = await jsonRun(['.', '--rule', 'unused-variable:off'], cwd);
    const at = (file: string, needle: string): string => positionOf(readFileSync(path.join(cwd, file), 'utf8'), needle);
    const rel = `../${path.basename(outside)}/openapi.yaml`;
    assert.deepEqual(files['relative.yaml'], [`${at('relative.yaml', rel)} - ${rel} is outside the project root; it was not read.`]);
    assert.deepEqual(files['absolute.yaml'], [`${at('absolute.yaml', outside)} - ${path.join(outside, 'openapi.yaml')} is outside the project root; it was not read.`]);
    assert.deepEqual(files['linked.yaml'], [`${at('linked.yaml', './link')} - ./link/openapi.yaml is outside the project root; it was not read.`]);
    assert.deepEqual(files['body.yaml'], [`${at('body.yaml', rel)} - ${rel} is outside the project root; it was not read.`]);
    assert.deepEqual(files['include.yaml'], [`${at('include.yaml', rel)} - ${rel} is outside the project root; it was not read.`]);
    assert.deepEqual(files['missing.yaml'], [`${at('missing.yaml', './nope')} - ./nope.yaml does not exist (resolved to nope.yaml); its stage variables cannot be checked.`]);
    assert.deepEqual(files['self.yaml'], [`${at('self.yaml', './self')} - ./self.yaml refers to this file itself.`]);
    assert.deepEqual(files['directory.yaml'], [`${at('directory.yaml', './sub')} - ./sub: Not a regular file.`]);
    // Two templates naming each other: each is read once, and the run ends.
    assert.ok('loop-a.yaml' in files && 'loop-b.yaml' in files);
    if (!blocked) {
      t.skip('running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not block reads, so the unreadable DefinitionUri case cannot be simulated');
      return;
    }
    assert.deepEqual(files['unreadable.yaml'], [`${at('unreadable.yaml', './locked')} - ./locked.yaml: Cannot read file: permission denied.`]);
    assert.deepEqual(files['locked.yaml'], ['1:1 - Cannot read file: permission denied.']);
  });

  it('special files (a FIFO named like a template) are refused without blocking', async (t) => {
    const cwd = project({ 'ok.yaml': REST });
    const made = spawnSync('mkfifo', [path.join(cwd, 'pipe.yaml')]);
    if (made.status !== 0) {
      t.skip('mkfifo is not available here');
      return;
    }
    const walked = await jsonRun(['.'], cwd);
    assert.deepEqual(walked.files['pipe.yaml'], ['1:1 - Not a regular file.']);
    const named = await jsonRun(['pipe.yaml'], cwd);
    assert.deepEqual(named.files, { 'pipe.yaml': ['1:1 - Not a regular file or directory: pipe.yaml'] });
  });
});

/** Run by the deep-tree test in a child process; @ROOT@ is the repository as a file URL. */
const DEEP_TREE_SCRIPT = `
import { buildModel } from '@ROOT@/src/model/build.ts';
import { createDocument } from '@ROOT@/src/model/documents.ts';
import { runRules } from '@ROOT@/src/engine/lint.ts';
import { getPath } from '@ROOT@/src/parse/nodes.ts';
import { SyntheticScalar } from '@ROOT@/src/parse/tree.ts';
const text = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Description: The deep values below hold \${stageVariables.deep}.',
  'Resources:',
  '  Api:',
  '    Type: AWS::ApiGateway::RestApi',
  '  Method:',
  '    Type: AWS::ApiGateway::Method',
  '    Properties:',
  '      RestApiId: !Ref Api',
  '      HttpMethod: GET',
  '      Integration:',
  '        Type: HTTP',
  '        Uri: \${stageVariables.deep}',
  '        RequestTemplates: \${stageVariables.deep}',
  '  Stage:',
  '    Type: AWS::ApiGateway::Stage',
  '    Properties:',
  '      RestApiId: !Ref Api',
  '      StageName: prod',
  '      Variables:',
  '        v: \${stageVariables.deep}',
  '      Tags: \${stageVariables.deep}',
  '',
].join('\\n');
const parsed = createDocument('/deep.yaml', text);
const document = parsed.document;
const deepen = (at) => {
  const parent = getPath(parsed.root, at.slice(0, -1));
  const entry = parent.entries.find((e) => e.key.value === at[at.length - 1]);
  const range = entry.value.range;
  // The model scans only nodes whose source range holds a token, so the deep nodes keep the range of the value they replace.
  let node = new SyntheticScalar('\${stageVariables.deep}', range);
  for (let i = 0; i < 20000; i++) {
    node = i % 2 === 0 ? { kind: 'seq', items: [node], range } : { kind: 'map', entries: [{ key: new SyntheticScalar('k', range), value: node }], range };
  }
  entry.value = node;
};
deepen(['Resources', 'Method', 'Properties', 'Integration', 'Uri']);
deepen(['Resources', 'Method', 'Properties', 'Integration', 'RequestTemplates']);
deepen(['Resources', 'Stage', 'Properties', 'Variables', 'v']);
deepen(['Resources', 'Stage', 'Properties', 'Tags']);
const model = buildModel([parsed], { resolveFile: () => ({ error: 'not used' }), cwd: '/' });
const internal = runRules(model, { cwd: '/' }).map((f) => f.message.message).filter((m) => m.startsWith('Internal error'));
process.stdout.write(JSON.stringify({ kind: document.kind, references: model.references.length, internal }));
`;

describe('one bad file never hides the findings in the others', () => {
  it('the run goes on past unreadable, unparseable and oversized files, and the exit code reflects all', async () => {
    const truncated = '{"Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": {"Name": "${stageVariables.x}"}}';
    const cwd = project({
      'a-broken.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nDescription: ${stageVariables.x}\nResources: [\n',
      'b-binary.json': Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]),
      'c-big.yaml': `# ${'x'.repeat(2000)}\n`,
      'd-template.yaml': REST,
      'e-broken.json': truncated,
    });
    const { code, files } = await jsonRun(['--max-file-size', '1000', '.'], cwd);
    assert.equal(code, 1);
    assert.deepEqual(Object.keys(files), ['a-broken.yaml', 'b-binary.json', 'c-big.yaml', 'd-template.yaml', 'e-broken.json']);
    assert.deepEqual(files['a-broken.yaml'], ['4:1 - Parsing error: Flow sequence in block collection must be sufficiently indented and end with a ]']);
    assert.deepEqual(files['b-binary.json'], ['1:1 - File is not valid UTF-8; templates must be UTF-8.']);
    assert.deepEqual(files['c-big.yaml'], ['1:1 - File is 2.0 KB, over the 1000 B limit (--max-file-size); not linted.']);
    assert.deepEqual(onlyRule(files['d-template.yaml'], 'undefined-variable'), [MISSING()]);
    assert.deepEqual(files['e-broken.json'], [`1:${truncated.length + 1} - Parsing error: Close brace expected`]);
  });

  it('a broken file that does not look like a template is skipped (shown with --debug); a broken template fails the run', async () => {
    const warningOnly = REST.replace('${stageVariables.missing}', '${stageVariables.host}').replace('host: example.com', 'host: example.com\n        spare: x');
    const cwd = project({ 'config.yml': 'key: [unclosed\n', 'template.yaml': warningOnly });
    const run = await cli(['--format', 'json', '--debug', '.'], cwd);
    assert.equal(run.code, 0);
    const files = summarize(JSON.parse(run.stdout) as LintResult[], cwd);
    assert.deepEqual(files['config.yml'], []);
    assert.ok(files['template.yaml']!.every((m) => m.split(' ')[1] !== 'undefined-variable') && files['template.yaml']!.length > 0);
    assert.match(run.stderr, /^\[debug\] skipped config\.yml: .+$/m);
    writeFileSync(path.join(cwd, 'broken-template.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nDescription: ${stageVariables.x}\nResources: [\n');
    assert.equal((await cli(['.'], cwd)).code, 1);
  });
});

// ---------------------------------------------------------------------------------------------

interface Entry {
  type: string;
  size: number;
  mtimeMs: number;
  mode: number;
  hash: string;
}

/** Every entry under `directory` with its type, size, mode, mtime and content hash. */
function snapshot(directory: string): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const file = path.join(current, name);
      const stat = lstatSync(file);
      const type = stat.isSymbolicLink() ? 'link' : stat.isDirectory() ? 'dir' : 'file';
      const hash = type === 'link' ? readlinkSync(file) : type === 'file' ? createHash('sha256').update(readFileSync(file)).digest('hex') : '';
      out[path.relative(directory, file)] = { type, size: stat.size, mtimeMs: stat.mtimeMs, mode: stat.mode, hash };
      if (type === 'dir') walk(file);
    }
  };
  out['.'] = { type: 'dir', size: 0, mtimeMs: statSync(directory).mtimeMs, mode: statSync(directory).mode, hash: '' };
  walk(directory);
  return out;
}

/** Templates that try to make a linter fetch, execute or resolve something. */
const HOSTILE: Files = {
  'remote.yaml': `Transform: AWS::Serverless-2016-10-31
Resources:
  S3Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: s3://attacker-bucket/openapi.yaml
  HttpsApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: https://attacker.example/openapi.yaml
  IncludeApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        Fn::Transform:
          Name: AWS::Include
          Parameters:
            Location: https://attacker.example/include.yaml
  BodyApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      BodyS3Location: s3://attacker-bucket/body.yaml
  Nested:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://attacker.example/nested.yaml
  App:
    Type: AWS::Serverless::Application
    Properties:
      Location: https://attacker.example/app.yaml
`,
  'code.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Transform: [AttackerMacro]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code:
        ZipFile: "require('child_process').execSync('touch pwned')"
      Handler: !!js/function "function () { globalThis.stagevarPwned = true }"
      Description: !!python/object/apply:os.system ["touch pwned"]
      Environment:
        Variables:
          __proto__: {polluted: yes}
          constructor: {prototype: {polluted: yes}}
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      Variables:
        __proto__: polluted
        constructor: x
`,
  'ok.yaml': REST,
  'notes.yaml': 'not: a template\n',
};

describe('no writes, no code execution, no network', () => {
  it('the CLI writes nothing without --fix or --output-file, whatever the format or flags', async () => {
    const cwd = project({ ...HOSTILE, 'nested/deeper/t.json': '{"Resources": {"A": {"Type": "AWS::S3::Bucket"}}}', 'broken.yaml': 'Resources: [\n' });
    const before = snapshot(cwd);
    for (const format of ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab']) {
      const run = await cli(['--format', format, '--debug', '.'], cwd);
      assert.equal(run.code, 1, `${format}: ${run.stderr}`);
    }
    await cli(['--quiet', '--max-warnings', '0', '.'], cwd);
    assert.deepEqual(snapshot(cwd), before);
    assert.ok(!existsSync(path.join(cwd, 'pwned')));
    assert.equal((globalThis as { stagevarPwned?: unknown }).stagevarPwned, undefined);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  it('--output-file writes that one file, atomically, and nothing else', async () => {
    const cwd = project({ 'ok.yaml': REST });
    const before = snapshot(cwd);
    const run = await cli(['--format', 'sarif', '--output-file', 'reports/out.sarif', '.'], cwd);
    assert.equal(run.code, 1);
    const after = snapshot(cwd);
    const added = Object.keys(after).filter((name) => !(name in before));
    assert.deepEqual(added, ['reports', path.join('reports', 'out.sarif')]);
    for (const [name, entry] of Object.entries(before)) if (name !== '.') assert.deepEqual(after[name], entry, name);
    assert.equal(JSON.parse(readFileSync(path.join(cwd, 'reports/out.sarif'), 'utf8')).version, '2.1.0');
  });

  it('--output-file replaces a symbolic link at its path instead of writing through it', async (t) => {
    const cwd = project({ 'ok.yaml': REST, 'precious.txt': 'keep me\n' });
    try {
      symlinkSync('precious.txt', path.join(cwd, 'report.json'));
    } catch (error) {
      t.skip(`cannot create symbolic links here: ${(error as Error).message}`);
      return;
    }
    const run = await cli(['--format', 'json', '--output-file', 'report.json', 'ok.yaml'], cwd);
    assert.equal(run.code, 1);
    assert.equal(readFileSync(path.join(cwd, 'precious.txt'), 'utf8'), 'keep me\n');
    assert.ok(lstatSync(path.join(cwd, 'report.json')).isFile());
    assert.equal((JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')) as unknown[]).length, 1);
  });

  it('the built CLI runs under Node\'s permission model with no write, child-process or worker access, and opens no socket', (t) => {
    const bin = path.join(ROOT, 'bin/stagevar-lint.cjs');
    if (!existsSync(path.join(ROOT, 'dist/cli.js'))) {
      t.skip('dist/ is missing: run `npm run build` (npm test builds first)');
      return;
    }
    const cwd = project(HOSTILE);
    const guard = path.join(cwd, '..', `${path.basename(cwd)}-network-guard.mjs`);
    writeFileSync(guard, NETWORK_GUARD);
    const before = snapshot(cwd);
    const run = spawnSync(
      process.execPath,
      ['--experimental-permission', '--allow-fs-read=*', '--no-warnings', '--import', guard, bin, '--format', 'json', '--debug', '.'],
      { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    rmSync(guard);
    assert.equal(run.status, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /NETWORK ATTEMPT|ERR_ACCESS_DENIED|restricted/);
    assert.ok(run.stderr.startsWith('network guard active\n'), run.stderr);
    assert.match(run.stderr, /^\[debug\] skipped notes\.yaml/m);
    const files = summarize(JSON.parse(run.stdout) as LintResult[], cwd);
    assert.deepEqual(Object.keys(files), ['code.yaml', 'notes.yaml', 'ok.yaml', 'remote.yaml']);
    // s3:// and https:// locations are not fetched and not reported as missing files.
    assert.deepEqual(files['remote.yaml']!.filter((m) => /attacker/.test(m)), []);
    assert.deepEqual(snapshot(cwd), before);
  });

  it('no source file imports process, network or evaluation facilities', () => {
    const forbidden = /\bfrom\s+['"](?:node:)?(?:child_process|cluster|dgram|dns|http|http2|https|inspector|net|tls|vm|worker_threads)['"]|\bimport\(\s*['"](?:node:)?(?:child_process|http|https|net|vm|worker_threads)['"]|\beval\s*\(|\bnew\s+Function\s*\(|\brequire\s*\(/;
    const offenders: string[] = [];
    const walk = (directory: string): void => {
      for (const name of readdirSync(directory)) {
        const file = path.join(directory, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (name.endsWith('.ts') && forbidden.test(readFileSync(file, 'utf8'))) offenders.push(path.relative(ROOT, file));
      }
    };
    walk(path.join(ROOT, 'src'));
    walk(path.join(ROOT, 'rules'));
    assert.deepEqual(offenders, []);
  });
});

/** Preloaded into the spawned CLI: any attempt to resolve or connect is printed and fails. */
const NETWORK_GUARD = `
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { syncBuiltinESMExports } from 'node:module';
const trap = (what) => function () {
  process.stderr.write('NETWORK ATTEMPT: ' + what + '\\n');
  throw new Error('network access attempted: ' + what);
};
net.connect = net.createConnection = trap('net.connect');
net.Socket.prototype.connect = trap('socket.connect');
tls.connect = trap('tls.connect');
dns.lookup = dns.resolve = dns.resolve4 = dns.resolve6 = trap('dns');
dns.promises.lookup = dns.promises.resolve = trap('dns.promises');
http.request = http.get = trap('http');
https.request = https.get = trap('https');
globalThis.fetch = trap('fetch');
syncBuiltinESMExports();
process.stderr.write('network guard active\\n');
`;

// ---------------------------------------------------------------------------------------------

const ACCESS_KEY = 'AKIA2E0A8F3B244C9986';
const PASSWORD = 'Vq8#zLr2-mW9pXt4-kN7s';
const WEBHOOK_TOKEN = 'T04B3Z9XQ/B05K8P2LD7M/7Hq2XrVbLmNc9TyW4sPd1Fk3';

/** Every 8-character window of a secret after its public prefix must stay out of all output. */
function assertNoSecret(text: string, where: string): void {
  for (const secret of [ACCESS_KEY, PASSWORD, WEBHOOK_TOKEN]) {
    for (let i = 1; i + 8 <= secret.length; i++) {
      const window = secret.slice(i, i + 8);
      assert.ok(!text.includes(window), `${where} contains ${JSON.stringify(window)} of a secret`);
    }
  }
}

const SECRETS: Files = {
  'stage.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      HttpMethod: GET
      Integration:
        Type: HTTP_PROXY
        Uri: http://\${stageVariables.host}/\${stageVariables.missing}
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      Variables:
        host: example.com
        awsKey: ${ACCESS_KEY}
        dbPassword: "${PASSWORD}"
        hook: "https://hooks.slack.com/services/${WEBHOOK_TOKEN}"
        spaced: "${PASSWORD} ${ACCESS_KEY}"
        long: "${ACCESS_KEY}${'x'.repeat(2100)}"
        dbPassword: again-${ACCESS_KEY}
      DefinitionUri: https://user:${PASSWORD}@example.com/openapi.yaml
`,
  'header.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nDescription: |${ACCESS_KEY}\n  text\n`,
  'stream.yaml': `# AWS::S3::Bucket\n]${ACCESS_KEY}\n`,
  'quote.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nDescription: "${PASSWORD}\n`,
  'flow.json': `{"AWSTemplateFormatVersion": "2010-09-09", "Description": "${PASSWORD}" "${ACCESS_KEY}"}`,
};

describe('no secret value reaches any output', () => {
  it('not in findings, parse errors or debug output, in any format, nor in --output-file', async () => {
    const cwd = project(SECRETS);
    // The broken files are named so that they are parsed (found files that mention no stage
    // variable are skipped unparsed) and their parse errors reported.
    const paths = ['.', ...Object.keys(SECRETS)];
    for (const format of ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab']) {
      const run = await cli(['--format', format, '--debug', ...paths], cwd);
      assert.equal(run.code, 1, run.stderr);
      assertNoSecret(run.stdout, `${format} stdout`);
      assertNoSecret(run.stderr, `${format} stderr`);
      const written = await cli(['--format', format, '--output-file', `report.${format}`, ...paths], cwd);
      assertNoSecret(readFileSync(path.join(cwd, `report.${format}`), 'utf8'), `${format} --output-file`);
      assertNoSecret(written.stdout + written.stderr, `${format} summary`);
      rmSync(path.join(cwd, `report.${format}`));
    }
    // The parse errors are still there, without the source they used to quote.
    const { files } = await jsonRun(paths, cwd);
    assert.deepEqual(files['header.yaml'], ['2:15 - Parsing error: Block scalar header includes extra characters']);
    assert.deepEqual(files['stream.yaml'], ['2:1 - Parsing error: Unexpected flow-seq-end token in YAML document']);
  });
});

// ---------------------------------------------------------------------------------------------

/** Adds a rule to the engine's list for the duration of `body` (the list is read on every run). */
async function withRule<T>(rule: Rule, body: () => Promise<T> | T): Promise<T> {
  const list = rules as Rule[];
  list.push(rule);
  try {
    return await body();
  } finally {
    list.splice(list.indexOf(rule), 1);
  }
}

const THROWING = defineRule({
  meta: { id: 'test-throwing-rule', description: 'Throws, as a buggy rule would.', defaultSeverity: 'error', docsUrl: docsUrl('test-throwing-rule'), schema: { type: 'object' } },
  check(context) {
    // Parses a stage-variable value as JSON: V8's SyntaxError quotes the value it choked on.
    for (const api of context.model.apis) for (const stage of api.stages) {
      const value = stage.variables.get('dbPassword')?.value;
      if (value?.kind === 'literal') JSON.parse(value.text);
    }
  },
});

describe('an internal error in one rule', () => {
  it('is reported as a finding naming the rule, the other rules still run, and --debug shows the stack without template text', async (t) => {
    const cwd = project({ 'stage.yaml': SECRETS['stage.yaml']! });
    await withRule(THROWING, async () => {
      const [result] = await lintFiles(['stage.yaml'], { cwd });
      const messages = result!.messages;
      const internal = messages.filter((m) => m.ruleId === 'test-throwing-rule');
      assert.equal(internal.length, 1);
      assert.equal(internal[0]!.severity, 2);
      assert.match(internal[0]!.message, /^Internal error in rule test-throwing-rule: .+ \(run with --debug for the stack\)\.$/);
      assert.equal(`${internal[0]!.line}:${internal[0]!.column}`, '1:1');
      assert.ok(messages.some((m) => m.ruleId === 'undefined-variable'), 'the other rules still report');
      const run = await cli(['--debug', '.'], cwd);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^\[debug\] rule test-throwing-rule failed: SyntaxError: /m);
      assert.match(run.stderr, /^\s+at .*reliability\.test\.ts/m);
      assertNoSecret(run.stdout + run.stderr, 'internal error output');
      t.diagnostic(internal[0]!.message);
    });
  });
});

// ---------------------------------------------------------------------------------------------

const FIXER = defineRule({
  meta: { id: 'test-fixer', description: 'Upper-cases the value of stage variable "host".', defaultSeverity: 'error', docsUrl: docsUrl('test-fixer'), fixable: 'code', schema: { type: 'object' } },
  check(context) {
    for (const api of context.model.apis) for (const stage of api.stages) {
      const host = stage.variables.get('host');
      if (!host || host.value.kind !== 'literal' || host.value.text === host.value.text.toUpperCase()) continue;
      context.report({ span: host.valueSpan, message: 'host is not upper case', subject: api.name, fix: { span: host.valueSpan, text: host.value.text.toUpperCase() } });
    }
  },
});

describe('--fix writes only its targets', () => {
  it('keeps permission bits and symbolic links, and touches nothing else', async (t) => {
    const cwd = project({ 'real/t.yaml': REST, 'other.yaml': 'not: a template\n' });
    chmodSync(path.join(cwd, 'real/t.yaml'), 0o640);
    try {
      symlinkSync('real/t.yaml', path.join(cwd, 'link.yaml'));
    } catch (error) {
      t.skip(`cannot create symbolic links here: ${(error as Error).message}`);
      return;
    }
    const before = snapshot(cwd);
    await withRule(FIXER, async () => {
      const run = await cli(['--fix', 'link.yaml'], cwd);
      assert.equal(run.stderr, 'Fixed link.yaml\n');
      assert.equal(run.code, 1); // undefined-variable is still there
    });
    const after = snapshot(cwd);
    assert.ok(lstatSync(path.join(cwd, 'link.yaml')).isSymbolicLink(), 'the link is still a link');
    assert.equal(readFileSync(path.join(cwd, 'real/t.yaml'), 'utf8'), REST.replace('host: example.com', 'host: EXAMPLE.COM'));
    assert.equal(statSync(path.join(cwd, 'real/t.yaml')).mode & 0o777, 0o640);
    const changed = Object.keys(after).filter((name) => JSON.stringify(after[name]) !== JSON.stringify(before[name]));
    // The file, and its directory (the temporary file was renamed into it).
    assert.deepEqual(changed.sort(), ['real', path.join('real', 't.yaml')]);
  });

  it('a file changed during the run is not overwritten, its findings stay, and the report never carries the file text', async () => {
    const cwd = project({ 't.yaml': REST.replace('host: example.com', `host: example.com\n        key: ${ACCESS_KEY}`) });
    const EDITOR = defineRule({
      meta: { id: 'test-editor', description: 'Edits the file mid-run, as an editor would.', defaultSeverity: 'warn', docsUrl: docsUrl('test-editor'), schema: { type: 'object' } },
      check() {
        const file = path.join(cwd, 't.yaml');
        const text = readFileSync(file, 'utf8');
        if (!text.includes('# edited')) writeFileSync(file, `${text}# edited\n`);
      },
    });
    await withRule(FIXER, () => withRule(EDITOR, async () => {
      const run = await cli(['--fix', '--format', 'json', 't.yaml'], cwd);
      assert.equal(run.stderr, 'Not fixed t.yaml: it changed on disk during the run.\n');
      assert.equal(run.code, 1);
      const [result] = JSON.parse(run.stdout) as (LintResult & { output?: string })[];
      assert.equal(result!.output, undefined);
      assert.ok(result!.messages.some((m) => m.ruleId === 'test-fixer'), 'the unfixed finding is still reported');
      assertNoSecret(run.stdout, 'json report');
    }));
    assert.ok(readFileSync(path.join(cwd, 't.yaml'), 'utf8').includes('host: example.com'));
  });

  it('a file that cannot be written is reported; the other files are still fixed and reported', async (t) => {
    const cwd = project({ 'locked/t.yaml': REST, 'open/t.yaml': REST });
    chmodSync(path.join(cwd, 'locked'), 0o555);
    const probe = path.join(cwd, 'locked', 'probe');
    let blocked = false;
    try {
      writeFileSync(probe, '');
      rmSync(probe);
    } catch {
      blocked = true;
    }
    if (!blocked) {
      chmodSync(path.join(cwd, 'locked'), 0o755);
      t.skip('running as root (or with CAP_DAC_OVERRIDE): a read-only directory does not block writes, so the case cannot be simulated');
      return;
    }
    await withRule(FIXER, async () => {
      const run = await cli(['--fix', '--format', 'json', '.'], cwd);
      assert.equal(run.stderr, 'Not fixed locked/t.yaml: permission denied.\nFixed open/t.yaml\n');
      const files = summarize(JSON.parse(run.stdout) as LintResult[], cwd);
      assert.equal(onlyRule(files['locked/t.yaml'], 'test-fixer').length, 1);
      assert.equal(onlyRule(files['open/t.yaml'], 'test-fixer').length, 0);
    });
    chmodSync(path.join(cwd, 'locked'), 0o755);
  });
});

