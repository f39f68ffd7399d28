// Property-based robustness: random and mutated templates (valid ones, truncated, with tabs,
// random characters and bytes, deep nesting, huge scalars, CRLF, BOM, NUL) must always give
// exactly one result per file, never an exception, positions inside the file, and the same
// output for the same input. `npm test` runs a bounded number of cases; FUZZ_RUNS=<n> runs more
// (FUZZ_SEED=<n> replays a failure reported by fast-check).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { Document } from 'yaml';
import { lintFiles, lintText } from '../src/engine/lint.ts';
import type { LintMessage, LintResult } from '../src/engine/types.ts';
import { isUtf8 } from 'node:buffer';
import { decodeTemplateBytes } from '../src/files/read.ts';
import { MAX_DEPTH } from '../src/parse/tree.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.FUZZ_RUNS) || 60;
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const settings = (scale = 1): fc.Parameters<unknown> => ({ numRuns: Math.max(1, Math.round(RUNS * scale)), ...(SEED === undefined ? {} : { seed: SEED }) });

/** Every template the fixtures hold: real shapes of every rule's input, valid and invalid. */
function fixtureSeeds(): { name: string; text: string }[] {
  const seeds: { name: string; text: string }[] = [];
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory).sort()) {
      const file = path.join(directory, name);
      if (statSync(file).isDirectory()) {
        if (!name.startsWith('.')) walk(file);
      } else if (/\.(ya?ml|json|template)$/.test(name) && !/(^|\.)(errors|config)\.json$|\.output\./.test(name)) {
        seeds.push({ name: path.relative(ROOT, file), text: readFileSync(file, 'utf8') });
      }
    }
  };
  walk(path.join(ROOT, 'fixtures'));
  return seeds;
}

const SEEDS = fixtureSeeds();
// A directory with nothing in it: DefinitionUri and friends in the fuzzed text resolve to nothing.
const CWD = mkdtempSync(path.join(tmpdir(), 'stagevar-fuzz-'));
after(() => rmSync(CWD, { recursive: true, force: true }));
const MARKER = 'QzxMarker7';

// ---------------------------------------------------------------------------------------------
// Generated templates: REST and SAM APIs with stage variables defined and referenced.

const NAMES = ['host', 'fn', 'alias', 'Host', 'x', 'version', 'backend_url', 'a.b', ''];
const name = fc.constantFrom(...NAMES);
const reference = name.map((n) => `\${stageVariables.${n}}`);
const uri = fc.oneof(
  fc.tuple(reference, reference).map(([a, b]) => `https://${a}.example.com/${b}`),
  reference.map((r) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${r}/invocations`),
  fc.string({ maxLength: 20 }),
);
const variables = fc.dictionary(name, fc.oneof(fc.constantFrom('example.com', 'fn-1', 'v1', '', 'a b', 'x'.repeat(300)), fc.string({ maxLength: 12 })), { maxKeys: 5 });

interface Spec {
  sam: boolean;
  stages: { name: string; variables: Record<string, string> }[];
  uris: string[];
  json: boolean;
  style: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';
}

const spec: fc.Arbitrary<Spec> = fc.record({
  sam: fc.boolean(),
  stages: fc.array(fc.record({ name: fc.constantFrom('prod', 'dev', 'test', '$default'), variables }), { minLength: 1, maxLength: 3 }),
  uris: fc.array(uri, { minLength: 1, maxLength: 3 }),
  json: fc.boolean(),
  style: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
});

function render(s: Spec): string {
  const resources: Record<string, unknown> = {};
  if (s.sam) {
    resources.Api = {
      Type: 'AWS::Serverless::Api',
      Properties: {
        StageName: s.stages[0]!.name,
        Variables: s.stages[0]!.variables,
        DefinitionBody: {
          openapi: '3.0.1',
          paths: Object.fromEntries(s.uris.map((u, i) => [`/p${i}`, { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: u } } }])),
        },
      },
    };
  } else {
    resources.Api = { Type: 'AWS::ApiGateway::RestApi' };
    s.uris.forEach((u, i) => {
      resources[`Method${i}`] = {
        Type: 'AWS::ApiGateway::Method',
        Properties: { RestApiId: { Ref: 'Api' }, HttpMethod: 'GET', Integration: { Type: 'HTTP_PROXY', Uri: u } },
      };
    });
    s.stages.forEach((stage, i) => {
      resources[`Stage${i}`] = { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: stage.name, Variables: stage.variables } };
    });
  }
  const template = { AWSTemplateFormatVersion: '2010-09-09', ...(s.sam ? { Transform: 'AWS::Serverless-2016-10-31' } : {}), Resources: resources };
  if (s.json) return `${JSON.stringify(template, null, 2)}\n`;
  const doc = new Document(template);
  return doc.toString({ defaultStringType: s.style, defaultKeyType: 'PLAIN', lineWidth: 40, minContentWidth: 0 });
}

// ---------------------------------------------------------------------------------------------
// Mutations

type Mutation = (text: string) => string;
const at = (text: string, where: number): number => Math.floor(where * (text.length + 1));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((w): Mutation => (t) => t.slice(0, at(t, w))),
  fc.double({ min: 0, max: 1, noNaN: true }).map((w): Mutation => (t) => `${t.slice(0, at(t, w))}\t${t.slice(at(t, w))}`),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ unit: 'binary', maxLength: 8 })).map(([w, s]): Mutation => (t) => `${t.slice(0, at(t, w))}${s}${t.slice(at(t, w))}`),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(': ', '- ', '[', ']', '{', '}', '"', "'", '|', '>', '!Sub ', '&a ', '*a', '? ', '#', '\\', '${', '\n', '\r', '\u2028', '\uD800', '\uFEFF', MARKER, `${MARKER}: x`, '${stageVariables.', '{{resolve:secretsmanager:')).map(([w, s]): Mutation => (t) => `${t.slice(0, at(t, w))}${s}${t.slice(at(t, w))}`),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 200 })).map(([w, n]): Mutation => (t) => t.slice(0, at(t, w)) + t.slice(at(t, w) + n)),
  // Deep nesting around a point, sometimes over the parser's limit.
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: MAX_DEPTH + 50 }), fc.constantFrom('[', '{"k": ', '- ')).map(([w, d, open]): Mutation => (t) => {
    const close = open === '[' ? ']' : open === '- ' ? '' : '}';
    return `${t.slice(0, at(t, w))}${open.repeat(d)}x${close.repeat(d)}${t.slice(at(t, w))}`;
  }),
  // A huge scalar.
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 10_000, max: 200_000 }), fc.constantFrom('a', '${stageVariables.x}', 'é', ' ')).map(([w, n, unit]): Mutation => (t) => `${t.slice(0, at(t, w))}${unit.repeat(Math.ceil(n / unit.length))}${t.slice(at(t, w))}`),
  fc.constant<Mutation>((t) => t.replace(/\n/g, '\r\n')),
  fc.constant<Mutation>((t) => `\uFEFF${t}`),
  fc.double({ min: 0, max: 1, noNaN: true }).map((w): Mutation => (t) => `${t.slice(0, at(t, w))}\0${t.slice(at(t, w))}`),
  // A line repeated: duplicate keys.
  fc.double({ min: 0, max: 1, noNaN: true }).map((w): Mutation => (t) => {
    const lines = t.split('\n');
    const i = Math.floor(w * lines.length);
    lines.splice(i, 0, lines[i] ?? '');
    return lines.join('\n');
  }),
);

const source = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...SEEDS.map((s) => s.text)) }, { weight: 1, arbitrary: spec.map(render) });
const mutated = fc.tuple(source, fc.array(mutation, { maxLength: 3 })).map(([text, mutations]) => mutations.reduce((t, m) => m(t), text));

// ---------------------------------------------------------------------------------------------
// Properties

/** The text positions refer to: the engine strips a leading BOM, as ESLint does. */
function linesOf(text: string): string[] {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
}

function checkPosition(lines: readonly string[], line: number, column: number, what: string): void {
  assert.ok(Number.isInteger(line) && line >= 1 && line <= lines.length, `${what}: line ${line} of ${lines.length}`);
  assert.ok(Number.isInteger(column) && column >= 1 && column <= lines[line - 1]!.length + 1, `${what}: column ${column} of a ${lines[line - 1]!.length}-character line ${line}`);
}

function checkResult(results: readonly LintResult[], filePath: string, text: string): void {
  assert.equal(results.length, 1, `one result, got ${results.map((r) => r.filePath).join(', ')}`);
  const [result] = results;
  assert.equal(result!.filePath, filePath);
  const lines = linesOf(text);
  for (const message of result!.messages) {
    const what = `${message.ruleId ?? 'fatal'} "${message.message.slice(0, 80)}"`;
    checkPosition(lines, message.line, message.column, what);
    if (message.endLine !== undefined || message.endColumn !== undefined) {
      checkPosition(lines, message.endLine!, message.endColumn!, `${what} end`);
      assert.ok(message.endLine! > message.line || (message.endLine === message.line && message.endColumn! >= message.column), `${what}: end before start`);
    }
    if (message.fix) assert.ok(message.fix.range[0] <= message.fix.range[1] && message.fix.range[1] <= text.length, `${what}: fix range`);
    if (message.fatal || message.message.startsWith('Parsing error')) assert.ok(!message.message.includes(MARKER), `${what}: a parse message quotes source text`);
  }
  const counted = countOf(result!.messages);
  assert.deepEqual([result!.errorCount, result!.warningCount], counted, 'counts match the messages');
}

function countOf(messages: readonly LintMessage[]): [number, number] {
  const active = messages.filter((m) => !m.suppressions);
  return [active.filter((m) => m.severity === 2).length, active.filter((m) => m.severity === 1).length];
}

function lintTwice(text: string, fileName: string): LintResult[] {
  const filePath = path.join(CWD, fileName);
  const first = lintText(text, { cwd: CWD, filePath });
  const second = lintText(text, { cwd: CWD, filePath });
  assert.deepEqual(second, first, 'the same input gives the same output');
  checkResult(first, filePath, text);
  return first;
}

describe('fuzz: every text gets exactly one result, positions inside the file, deterministic', () => {
  it(`generated templates in every scalar style: findings point at the reference (${settings().numRuns} runs)`, () => {
    let pointed = 0;
    fc.assert(
      fc.property(spec, fc.boolean(), fc.boolean(), (s, crlf, bom) => {
        let text = render(s);
        if (crlf) text = text.replace(/\n/g, '\r\n');
        if (bom) text = `\uFEFF${text}`;
        const [result] = lintTwice(text, s.json ? 'generated.json' : 'generated.yaml');
        assert.deepEqual(result!.messages.filter((m) => m.fatal).map((m) => m.message), [], text);
        const lines = linesOf(text);
        for (const message of result!.messages) {
          if (message.ruleId !== 'undefined-variable') continue;
          // The span runs from the `$` to just after the `}`; long double-quoted lines may be
          // folded inside the token, so its middle is not compared.
          const first = lines[message.line - 1]![message.column - 1];
          const last = lines[message.endLine! - 1]![message.endColumn! - 2];
          assert.deepEqual([first, last], ['$', '}'], `"${message.message}" at ${message.line}:${message.column}-${message.endLine}:${message.endColumn} in\n${text}`);
          pointed++;
        }
      }),
      settings(),
    );
    assert.ok(pointed > 0, 'some generated templates have undefined variables');
  });

  it(`mutated fixtures and generated templates (${settings(2).numRuns} runs)`, () => {
    fc.assert(
      fc.property(mutated, fc.constantFrom('t.yaml', 't.json', 't.template'), (text, fileName) => {
        lintTwice(text, fileName);
        // Fixes apply to what was read (BOM removed) and give text that lints again.
        const [fixed] = lintText(text, { cwd: CWD, filePath: path.join(CWD, fileName), fix: true });
        if (fixed!.output !== undefined) lintTwice(fixed!.output, fileName);
      }),
      settings(2),
    );
  });

  it(`random bytes and byte-level mutations of fixtures go through the read checks (${settings().numRuns} runs)`, () => {
    const KNOWN = /^(File is not UTF-8 \(it looks like UTF-(16|32)\); save it as UTF-8\.|File is not valid UTF-8; templates must be UTF-8\.|File contains NUL bytes; it looks binary, not like a template\.)$/;
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc.tuple(fc.constantFrom(...SEEDS.map((s) => s.text)), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.constantFrom('utf8', 'utf16le', 'latin1'))
        .map(([text, flips, encoding]) => {
          const buffer = Buffer.from(text, encoding as BufferEncoding);
          for (const [w, value] of flips) if (buffer.length > 0) buffer[Math.min(buffer.length - 1, Math.floor(w * buffer.length))] = value;
          return new Uint8Array(buffer);
        }),
    );
    fc.assert(
      fc.property(bytes, (input) => {
        const outcome = decodeTemplateBytes(input);
        if (!outcome.ok) {
          assert.match(outcome.message, KNOWN);
          return;
        }
        lintTwice(outcome.text, 'bytes.yaml');
      }),
      settings(),
    );
  });

  it(`the read checks accept exactly the valid UTF-8 that Node's isUtf8 accepts, decoded as Buffer decodes it (${settings().numRuns} runs)`, () => {
    // Byte runs around the edges of UTF-8: continuation bytes, overlong forms, surrogates, BOMs.
    const edgy = fc.array(fc.constantFrom(0x41, 0x0a, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xa0, 0xef, 0xbb, 0xf0, 0xf4, 0x90, 0xf5, 0xff), { maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), edgy.map((list) => new Uint8Array(list)), fc.string({ unit: 'grapheme' }).map((text) => new Uint8Array(Buffer.from(`\ufeff${text}`)))), (input) => {
        const buffer = Buffer.from(input);
        const outcome = decodeTemplateBytes(input);
        // UTF-16 and UTF-32 are recognised, and NUL bytes refused, whatever the decoding says.
        if (!outcome.ok && /UTF-(16|32)/.test(outcome.message)) return;
        if (buffer.includes(0)) return assert.equal(outcome.ok, false);
        assert.equal(outcome.ok, isUtf8(buffer), `valid: ${buffer.toString('hex')}`);
        if (outcome.ok) assert.equal((outcome.hadBom ? '\ufeff' : '') + outcome.text, buffer.toString('utf8'));
      }),
      settings(),
    );
  });

  it(`directories of mutated files: a result for every file, nothing thrown (${settings(0.25).numRuns} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(mutated, fc.constantFrom('yaml', 'json', 'yml')), { minLength: 1, maxLength: 6 }), async (files) => {
        const directory = mkdtempSync(path.join(tmpdir(), 'stagevar-fuzz-dir-'));
        try {
          const names = files.map(([text, extension], i) => {
            const fileName = `f${i}.${extension}`;
            writeFileSync(path.join(directory, fileName), text);
            return fileName;
          });
          const results = await lintFiles(['.'], { cwd: directory });
          assert.deepEqual(results.map((r) => path.basename(r.filePath)).sort(), [...names].sort());
          for (const result of results) {
            const text = readFileSync(result.filePath, 'utf8');
            const lines = linesOf(text);
            for (const message of result.messages) checkPosition(lines, message.line, message.column, message.message.slice(0, 80));
          }
          assert.deepEqual(await lintFiles(['.'], { cwd: directory }), results, 'the same files give the same output');
        } finally {
          rmSync(directory, { recursive: true, force: true });
        }
      }),
      settings(0.25),
    );
  });
});
