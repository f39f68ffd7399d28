// The engine adds each document to the model as soon as it is parsed and lets a template's tree go
// once it is read (docs/performance.md, "A model without trees"). Files link each other, and the
// order they are read in is the order of their paths, so the results must not depend on which
// of two linked files comes first, and a file whose tree was let go must still link.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintFiles } from '../src/engine/lint.ts';
import type { LintResult } from '../src/index.ts';

function project(files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'stagevar-streaming-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(directory, name), content);
  return directory;
}

/** Per file (by base name): `line:column rule` of every message. */
function summary(results: readonly LintResult[]): Record<string, string[]> {
  return Object.fromEntries(
    results.map((result) => [path.basename(result.filePath), result.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)]),
  );
}

const samTemplate = (definition: string): string =>
  [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Api:',
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      StageName: prod',
    '      Variables:',
    '        host: example.com',
    `      DefinitionUri: ${definition}`,
    '',
  ].join('\n');

const OPENAPI = [
  'openapi: 3.0.1',
  'info: { title: orders, version: "1" }',
  'paths:',
  '  /orders:',
  '    get:',
  '      x-amazon-apigateway-integration:',
  '        type: http_proxy',
  '        httpMethod: GET',
  '        uri: https://${stageVariables.host}/orders/${stageVariables.missing}',
  '',
].join('\n');

describe('a streamed model gives the same findings whichever linked file is read first', () => {
  test('an OpenAPI file read before and after the template that links it', async () => {
    // Paths are read in code-unit order: `a-` before `t-`, `t-` before `z-`.
    const before = project({ 'a-openapi.yaml': OPENAPI, 't-template.yaml': samTemplate('a-openapi.yaml') });
    const after = project({ 't-template.yaml': samTemplate('z-openapi.yaml'), 'z-openapi.yaml': OPENAPI });
    try {
      const first = summary(await lintFiles(['.'], { cwd: before }));
      const second = summary(await lintFiles(['.'], { cwd: after }));
      // Linked, the file is checked against the template's stage: `missing` is undefined there, once.
      const expected = ['9:52 undefined-variable'];
      assert.deepEqual(first['a-openapi.yaml'], expected);
      assert.deepEqual(second['z-openapi.yaml'], expected);
      assert.deepEqual(first['t-template.yaml'], []);
      assert.deepEqual(second['t-template.yaml'], []);
    } finally {
      rmSync(before, { recursive: true, force: true });
      rmSync(after, { recursive: true, force: true });
    }
  });

  test('a template whose tree was let go is parsed again when a later template links it', async () => {
    // `b.yaml` is a CloudFormation template, read (and its tree released) before `c.yaml` names it
    // as a DefinitionUri; it holds no OpenAPI paths, so linking it adds nothing, but it must not fail
    // and `b.yaml` keeps exactly its own findings.
    const linked = [
      'Resources:',
      '  Api:',
      '    Type: AWS::ApiGateway::RestApi',
      '  Stage:',
      '    Type: AWS::ApiGateway::Stage',
      '    Properties:',
      '      RestApiId: !Ref Api',
      '      StageName: prod',
      '      Variables:',
      '        unused: x',
      '',
    ].join('\n');
    const directory = project({ 'b.yaml': linked, 'c.yaml': samTemplate('b.yaml') });
    try {
      const alone = summary(await lintFiles(['b.yaml'], { cwd: directory }));
      const both = summary(await lintFiles(['.'], { cwd: directory }));
      assert.deepEqual(both['b.yaml'], alone['b.yaml']);
      assert.deepEqual(both['c.yaml'], []);
      assert.equal(Object.keys(both).length, 2);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
