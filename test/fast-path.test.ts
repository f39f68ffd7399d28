// The fast path must change nothing but the time. Three layers are checked against the
// reference path they replace (docs/performance.md):
// - the fast YAML and JSON parsers against parseYaml/parseJson, node by node (values, ranges,
//   the decoded text, every offsetAt index, comments, duplicate keys), on the fixtures, the real
//   corpus and a generated corpus, and on mutated texts, where the fast parser must either give
//   up or agree (it may never accept what the full parser rejects);
// - the byte pre-filter: it keeps every file a finding can come from;
// - the whole lint: `fastPath: false` (full parsers, every file parsed) and the default give
//   byte-identical JSON reports.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { generate } from '../bench/gen.mjs';
import { lintFiles, type LintOptions } from '../src/engine/lint.ts';
import { formatters } from '../src/formatters/index.ts';
import { mayHoldStageVariableFacts } from '../src/model/prefilter.ts';
import { parseJsonFast } from '../src/parse/fast-json.ts';
import { parseYamlFast, resolvePlain } from '../src/parse/fast-yaml.ts';
import { parseJson } from '../src/parse/json.ts';
import type { Node } from '../src/parse/nodes.ts';
import type { ParsedTree } from '../src/parse/tree.ts';
import { parseYaml } from '../src/parse/yaml.ts';
import { rules } from '../rules/index.ts';
import { prng } from './support/random.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'fixtures');
const REAL = path.resolve(ROOT, '..', 'shared', 'corpus', 'real');
const HAVE_REAL = existsSync(REAL);
if (!HAVE_REAL) console.log(`# the real corpus ${REAL} is absent: its fast-path checks are skipped`);

function filesUnder(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'node_modules') out.push(...filesUnder(full, pattern));
    } else if (pattern.test(name)) out.push(full);
  }
  return out;
}

const readText = (file: string): string => readFileSync(file, 'utf8').replace(/^\ufeff/, '');
const YAML_FILES = /\.(ya?ml|template)$/;
const JSON_FILES = /\.(json|template)$/;

/** The node classes of each pair are interchangeable (one fast scalar class serves both formats); only the behaviour must agree. */
const FAMILY: Record<string, string> = { FastScalar: 'Scalar', YamlScalar: 'Scalar', JsonScalar: 'Scalar', FastMap: 'Object', FastSeq: 'Object' };
const family = (node: object): string => FAMILY[node.constructor.name] ?? node.constructor.name;

/** The first difference between two trees, or null. */
function treeDifference(fast: ParsedTree, slow: ParsedTree): string | null {
  const stack: [string, Node | null, Node | null][] = [['$', fast.root, slow.root]];
  while (stack.length > 0) {
    const [where, a, b] = stack.pop()!;
    if (a === null || b === null) {
      if (a !== b) return `${where}: ${a === null ? 'no node' : 'a node'} vs ${b === null ? 'no node' : 'a node'}`;
      continue;
    }
    if (a.kind !== b.kind) return `${where}: ${a.kind} vs ${b.kind}`;
    if (a.range[0] !== b.range[0] || a.range[1] !== b.range[1]) return `${where}: range ${a.range} vs ${b.range}`;
    if (family(a) !== family(b)) return `${where}: ${a.constructor.name} vs ${b.constructor.name}`;
    if (a.kind === 'scalar' && b.kind === 'scalar') {
      if (!Object.is(a.value, b.value)) return `${where}: value ${JSON.stringify(a.value)} vs ${JSON.stringify(b.value)}`;
      if (a.isString !== b.isString) return `${where}: isString`;
      const textA = (a as { text?: unknown }).text;
      const textB = (b as { text?: unknown }).text;
      if (textA !== textB) return `${where}: text ${JSON.stringify(textA)} vs ${JSON.stringify(textB)}`;
      const length = String(a.value).length;
      for (let i = -1; i <= length + 1; i++) {
        if (a.offsetAt(i) !== b.offsetAt(i)) return `${where}: offsetAt(${i}) ${a.offsetAt(i)} vs ${b.offsetAt(i)}`;
      }
    } else if (a.kind === 'map' && b.kind === 'map') {
      if (Boolean(a.fromTag) !== Boolean(b.fromTag)) return `${where}: fromTag`;
      if (a.entries.length !== b.entries.length) return `${where}: ${a.entries.length} vs ${b.entries.length} entries`;
      a.entries.forEach((entry, i) => {
        const key = `${where}.${String(entry.key.value)}`;
        stack.push([`${key} (key)`, entry.key, b.entries[i]!.key], [key, entry.value, b.entries[i]!.value]);
      });
    } else if (a.kind === 'seq' && b.kind === 'seq') {
      if (a.items.length !== b.items.length) return `${where}: ${a.items.length} vs ${b.items.length} items`;
      a.items.forEach((item, i) => stack.push([`${where}[${i}]`, item, b.items[i]!]));
    }
  }
  if (JSON.stringify(fast.comments) !== JSON.stringify(slow.comments)) return 'comments differ';
  const keys = (tree: ParsedTree) => JSON.stringify(tree.duplicateKeys.map((d) => [d.key.range, d.first.range]));
  if (keys(fast) !== keys(slow)) return 'duplicate keys differ';
  return null;
}

/** Checks one text: the fast parser gives up, or builds the reference tree (never on an error). */
function checkParser(text: string, fastParse: (text: string) => ParsedTree | null, slowParse: (text: string) => ParsedTree, label: string): 'same' | 'fallback' {
  const fast = fastParse(text);
  if (fast === null) return 'fallback';
  const slow = slowParse(text);
  assert.deepEqual(slow.errors, [], `${label}: the fast parser accepted text the full parser rejects (${slow.errors[0]?.message})`);
  assert.equal(fast.errors.length, 0, label);
  const difference = treeDifference(fast, slow);
  assert.equal(difference, null, `${label}: ${difference}`);
  return 'same';
}

let generated = '';
before(() => {
  generated = mkdtempSync(path.join(os.tmpdir(), 'stagevar-fast-path-'));
  generate({ out: generated, files: 30 });
});
after(() => rmSync(generated, { recursive: true, force: true }));

describe('fast YAML parser', () => {
  const corpora = () => [
    { name: 'fixtures', files: filesUnder(FIXTURES, YAML_FILES) },
    { name: 'generated corpus', files: filesUnder(generated, YAML_FILES) },
    ...(HAVE_REAL ? [{ name: 'real corpus', files: filesUnder(REAL, YAML_FILES) }] : []),
  ];

  test('builds the tree parseYaml builds, or falls back, on every corpus', () => {
    for (const corpus of corpora()) {
      let same = 0;
      for (const file of corpus.files) {
        const text = readText(file);
        // JSON-looking text goes to the JSON parsers (documents.ts); YAML parses it too.
        if (checkParser(text, parseYamlFast, parseYaml, path.relative(ROOT, file)) === 'same') same++;
      }
      // The fast path must actually be taken: most templates are in its subset.
      assert.ok(same >= corpus.files.length * 0.8, `${corpus.name}: only ${same} of ${corpus.files.length} files took the fast path`);
    }
  });

  test('reads CRLF line ends as yaml does: the same trees, at offsets in the CRLF text', () => {
    let same = 0;
    const files = [...filesUnder(FIXTURES, YAML_FILES), ...filesUnder(generated, YAML_FILES)];
    for (const file of files) {
      const text = readText(file).replace(/\r?\n/g, '\r\n');
      if (checkParser(text, parseYamlFast, parseYaml, `${path.relative(ROOT, file)} with CRLF`) === 'same') same++;
    }
    assert.ok(same >= files.length * 0.8, `only ${same} of ${files.length} CRLF files took the fast path`);
  });

  test('reads a template indented as a whole (its root map at a column other than 0) as yaml does', () => {
    let same = 0;
    const files = [...filesUnder(FIXTURES, YAML_FILES), ...filesUnder(generated, YAML_FILES)];
    for (const file of files) {
      // Document markers stay at the line start, where they mean one.
      const text = readText(file).replace(/^(?!(?:---|\.\.\.)(?: |$))(?=.)/gm, '  ');
      if (checkParser(text, parseYamlFast, parseYaml, `${path.relative(ROOT, file)} indented`) === 'same') same++;
    }
    assert.ok(same >= files.length * 0.8, `only ${same} of ${files.length} indented files took the fast path`);
    const agree = [
      '  a: 1\n  b: 2\n',
      '  a: x\n   continued\n',
      '  a:\n  - x\n  b: !Ref\n  - y\n',
      '  a: [\n  ]\n',
      '  a: "x\n   y"\n',
      '# c\n  a: 1\n# d\n  b: 2\n',
      '---\n\n    a: >\n     x\n    b: 1\n',
    ];
    for (const text of agree) assert.equal(checkParser(text, parseYamlFast, parseYaml, JSON.stringify(text)), 'same', JSON.stringify(text));
    // Near the construct: lines left of the root's column, continuations not deeper than it (all
    // errors), and a second document.
    const errors = ['  a: 1\nb: 2\n', '  a: 1\n b: 2\n', '  a: x\n  y\n', '  a:\n - x\n', '  a: [\n ]\n', '  a: "x\n  y"\n', "  a: 'x\n y'\n", '  a: |\n  x\n', '  a:\n    b: 1\n   c: 2\n', '  a: 1\n---\n'];
    for (const text of errors) assert.equal(checkParser(text, parseYamlFast, parseYaml, JSON.stringify(text)), 'fallback', JSON.stringify(text));
  });

  test('never accepts a mutated template the full parser rejects, and agrees on the rest', () => {
    // Labels name the seed, never the text: some fixtures hold (fake) secrets.
    const seeds = filesUnder(FIXTURES, /\.ya?ml$/).map((file) => ({ file: path.relative(ROOT, file), text: readText(file) })).filter((seed) => seed.text.length < 6000);
    const random = prng(2026);
    const stats = { same: 0, fallback: 0 };
    for (let round = 0; round < 12; round++) {
      for (const seed of seeds) {
        stats[checkParser(mutate(seed.text, random), parseYamlFast, parseYaml, `mutant ${round} of ${seed.file}`)]++;
      }
    }
    // Both outcomes must occur, or the mutations test nothing.
    assert.ok(stats.same > 0 && stats.fallback > 0, JSON.stringify(stats));
  });

  test('hand-picked constructs agree with parseYaml', () => {
    const cases = [
      'a: !GetAZs\nb: !GetAZs   # c\nc:\n  - !GetAZs\n  - x\n',
      'a:\n  b: [\n    x,\n  ]\n  c: {x: 1,}\n  d: !If [\n    x, y\n  ]\n',
      'a: |\n  x\n     \n  y\nb: >\n  x\n     \n  y\n  z\n\n  w\n    v\n  u\nc: >-\n  folded\n  more\n',
      'a: plain\n  continued !x -y *z [a] {b} &c\n\n  after a blank line\nb: 1\n',
      'a: "double \\x41\\u00e9 \\\n   joined"\nb: \'single \'\' quote\n  folded\'\n',
      'k: [arn:aws:s3:::bucket, "q", {x: y}]\nn: [0o17, 0x1F, -1.5e3, .inf, -.INF, .nan, ~, Null, TRUE, 012]\n',
      '# leading comment\n---\nkey: value # trailing\n',
      'dup: 1\nother: 2\ndup: 3\n',
    ];
    for (const text of cases) assert.equal(checkParser(text, parseYamlFast, parseYaml, JSON.stringify(text)), 'same', JSON.stringify(text));
  });

  test('reads tabs inside comments, and leaves every other tab to parseYaml', () => {
    const inComments = [
      '# a\tb\t\nk: v # c\td\t\n',
      '--- # \t\nk:\n  # CIS 1.12\tEnsure\n  a: 1 # x\t\n  #\t\n',
      'k: [a, # x\ty\n  b]\nl: | # \theader\n  text\n',
      'k: v # \t\r\nl: w\r\n',
    ];
    for (const text of inComments) assert.equal(checkParser(text, parseYamlFast, parseYaml, JSON.stringify(text)), 'same', JSON.stringify(text));
    const elsewhere = [
      'k: v\t# c\n', // separating the comment
      '---\t# c\nk: v\n',
      'k:\tv\n',
      'k: a\tb\n',
      'k: a\t\n',
      'k: "a\tb" # \t\n',
      "k: 'a # \t'\n",
      'k: |\n  a # \tb\n',
      'k: >\n  a\n  \tb\n',
      'k: [a,\tb]\n',
      'k: v\n\t\n',
      '\tk: v\n',
      'k:\n\t- x\n',
      'k:\n  - x\n \t- y\n',
    ];
    for (const text of elsewhere) assert.equal(checkParser(text, parseYamlFast, parseYaml, JSON.stringify(text)), 'fallback', JSON.stringify(text));
  });

  test('reads `key: value` items of flow sequences as one-entry maps, as yaml does', () => {
    const agree = [
      'a: [x, k: v]\nb: [k: v , y]\nc: ["k":v, \'q\': w]\nd: [k : v]\ne: [k: !Ref x, k: [1, 2], k: {m: n}, k: !Foo 1]\nf: [k:\n    v]\ng: [k: v #c\n  ]\nh: [arn:aws:x: v]\ni: [1: v, true: w, null: x, ~: y, 0x1F: z]\n',
      'p:\n  Fn::If: [C1, {Action: execute-api:Invoke, Resource: [execute-api:/*/*/*]},\n    Ref: AWS::NoValue]\n',
      'Handler:\n  Fn::Sub: [\'${filename}.handler\', filename: index]\nAz: !Select [0, Fn::GetAZs: !Ref "AWS::Region"]\n',
      'a: [Ref: x, Ref: x]\nb: [[k: v], {m: [k: v]}]\nc: [\n  k: v,\n  l: w,\n]\n',
      `a: [${'k'.repeat(900)}: v]\n`,
    ];
    for (const text of agree) assert.equal(checkParser(text, parseYamlFast, parseYaml, JSON.stringify(text)), 'same', JSON.stringify(text));
    // Empty keys and values, keys over lines or too long (errors), complex and tagged keys.
    const elsewhere = [
      'a: [k: ]\n', 'a: [k:, x]\n', 'a: [: v]\n', 'a: [k: v: w]\n', 'a: [k #c\n  : v]\n', 'a: [k\n  : v]\n', "a: ['k\n    x': v]\n",
      `a: [${'k'.repeat(1100)}: v]\n`, 'a: [{k: v}: w]\n', 'a: [[k]: w]\n', 'a: [!Foo k: v]\n', 'a: [!Ref k: v]\n', 'a: [? k : v]\n',
    ];
    for (const text of elsewhere) assert.equal(checkParser(text, parseYamlFast, parseYaml, JSON.stringify(text).slice(0, 80)), 'fallback', JSON.stringify(text).slice(0, 80));
  });

  test('drops local tags other than the short forms, as yaml does, and keeps their nodes', () => {
    const agree = [
      'a: !Rain::Embed handler.py\nb: !Foo 123\nc: !Foo "q"\nd: !Foo\ne: !Foo   # c\nf: !Foo\n  k: v\ng: !Foo\n- x\nh: !Foo |\n  text\n',
      'i: [!Contains [!Ref U, ""], !Foo x, !Bar {a: 1}, !Foo true]\nj:\n  - !Foo\n  - !Foo x\n  - !Foo\n    k: v\n  - !Rain::S3 # c\n    Run: !Ref B\n',
      'a: !Foo x\n  continued\nb: !Sub [!Foo x, {v: !Bar 1}]\nc: !Foo [!Ref x]\nd: !x.y-z_1 \'s\'\n',
    ];
    for (const text of agree) assert.equal(checkParser(text, parseYamlFast, parseYaml, JSON.stringify(text)), 'same', JSON.stringify(text));
    // Tags that are errors or name a type, tagged keys, props after a tag, a tag not followed by a space.
    const elsewhere = ['a: ! x\n', 'a: !!str 1\n', 'a: !<tag:x> y\n', 'a: !e!x y\n', 'a: !Foo%21 x\n', 'a: !Foo: x\n', 'a: !Foo k: v\n', 'a: [!Foo, x]\n', 'a: [!Foo]\n', 'a: !Foo !Bar x\n', 'a: !Foo &x y\n', 'a: [!Foo *x]\n', '!Foo a: b\n', 'a:\n  !Foo k: v\n'];
    for (const text of elsewhere) assert.equal(checkParser(text, parseYamlFast, parseYaml, JSON.stringify(text)), 'fallback', JSON.stringify(text));
  });

  test('falls back when a tag is followed, on the next lines, by another tag of the same node', () => {
    const texts = ['d: !Ref\n  !Sub x\n', 'd:\n- !Ref\n  !Sub x\n', 'd: !Ref # c\n  !Sub [x]\n', 'd: !Foo\n  !Sub x\n', 'd: !Ref\n\n    !Bar x\n'];
    for (const text of texts) {
      assert.notDeepEqual(parseYaml(text).errors, [], JSON.stringify(text));
      assert.equal(parseYamlFast(text), null, JSON.stringify(text));
    }
  });

  test('keeps a tagged plain scalar a string, as yaml does (`!Ref 123` is "123")', () => {
    const text = 'a: !Ref 123\nb: !Sub true\nc: !Condition null\nd: [!Ref 12, !GetAtt 1.5, !Ref ~]\ne: !Sub 0x1F\n  0o7\nf:\n  - !Ref 0\n';
    assert.equal(checkParser(text, parseYamlFast, parseYaml, JSON.stringify(text)), 'same');
    const values: unknown[] = [];
    const walk = (node: Node | null): void => {
      if (node?.kind === 'scalar') values.push(node.value);
      else if (node?.kind === 'map') for (const entry of node.entries) walk(entry.value);
      else if (node?.kind === 'seq') node.items.forEach(walk);
    };
    walk(parseYamlFast(text)!.root);
    assert.deepEqual(values, ['123', 'true', 'null', '12', '1.5', '~', '0x1F 0o7', '0']);
  });

  test('resolves plain scalars with the YAML 1.2 core schema, as yaml does', () => {
    const samples = ['012', '0o17', '0x1F', '+5', '-0', '1_000', '1.5', '.5', '5.', '1e3', '1E-3', '.inf', '-.Inf', '.NaN', 'nan', 'true', 'True', 'TRUE', 'tRUE', 'yes', 'on', '~', 'null', 'NULL', 'nULL', '2010-09-09', '0b101', 'arn:aws:x'];
    for (const sample of samples) {
      const reference = parseYaml(`v: ${sample}\n`).root as { entries: { value: { value: unknown } }[] };
      assert.ok(Object.is(resolvePlain(sample), reference.entries[0]!.value.value), sample);
    }
  });
});

describe('fast JSON parser', () => {
  test('builds the tree parseJson builds, or falls back, on every corpus', () => {
    const files = [...filesUnder(FIXTURES, JSON_FILES), ...filesUnder(generated, JSON_FILES), ...(HAVE_REAL ? filesUnder(REAL, JSON_FILES) : [])];
    let same = 0;
    for (const file of files) {
      const text = readText(file);
      if (!/^\s*[[{]/.test(text)) continue;
      if (checkParser(text, parseJsonFast, parseJson, path.relative(ROOT, file)) === 'same') same++;
    }
    assert.ok(same > 0);
  });

  test('never accepts mutated JSON that jsonc-parser rejects', () => {
    const seeds = [...filesUnder(FIXTURES, /\.json$/), ...filesUnder(generated, /\.json$/).slice(0, 2)]
      .map((file) => ({ file: path.relative(ROOT, file), text: readText(file) }))
      .filter((seed) => /^\s*\{/.test(seed.text));
    const random = prng(7);
    const stats = { same: 0, fallback: 0 };
    for (let round = 0; round < 20; round++) {
      for (const seed of seeds) {
        stats[checkParser(mutate(seed.text, random), parseJsonFast, parseJson, `JSON mutant ${round} of ${seed.file}`)]++;
      }
    }
    assert.ok(stats.same > 0 && stats.fallback > 0, JSON.stringify(stats));
  });

  test('escapes, numbers and duplicate keys agree with parseJson', () => {
    const text = '{"a\\u0041\\n": "x\\"\\\\\\/\\b\\f\\r\\t\\ud83d\\ude00", "n": [-0, 1.5e+3, 1E-2, 0, 123456789012345678], "a\\u0041\\n": true, "z": null}';
    assert.equal(checkParser(text, parseJsonFast, parseJson, text), 'same');
  });
});

describe('pre-filter', () => {
  test('keeps every text a finding can come from', () => {
    const keep = [
      'x: ${stageVariables.host}',
      'X: $StageVariables.host',
      'Properties:\n  Type: AWS::ApiGateway::Stage\n  Variables:\n    a: b',
      'Type: AWS::Serverless::Function\nGlobals:\n  Api:\n    Variables:\n      a: b',
      'DefinitionUri: api.yaml',
      'BodyS3Location: {Key: x}',
      'Fn::Transform: {Name: AWS::Include}',
      'Type: AWS::Lambda::Permission',
      '# stagevar-lint-disable-next-line undefined-variable -- reason',
      '{"Uri": "${\\u0073tageVariables.x}"}',
      'Uri: "${stage\\\n  Variables.x}"',
      'Uri: "\\x24{stageVariables.x}"',
    ];
    for (const text of keep) assert.equal(mayHoldStageVariableFacts(text), true, text);
  });

  test('skips templates with nothing to do with stage variables', () => {
    const skip = [
      'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n',
      'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n          A: b\n',
    ];
    for (const text of skip) assert.equal(mayHoldStageVariableFacts(text), false, text);
  });
});

describe('the whole lint: fast path and reference path give identical reports', () => {
  const context = { cwd: ROOT, rules: [], toolVersion: 'test', color: false };
  async function assertIdentical(patterns: string[], options: LintOptions = {}): Promise<void> {
    const fast = await lintFiles(patterns, { cwd: ROOT, ...options });
    const reference = await lintFiles(patterns, { cwd: ROOT, ...options, fastPath: false });
    const fastReport = formatters.json(fast, context);
    const referenceReport = formatters.json(reference, context);
    if (fastReport !== referenceReport) {
      const byPath = new Map(reference.map((result) => [result.filePath, result]));
      const first = fast.find((result) => JSON.stringify(result) !== JSON.stringify(byPath.get(result.filePath)));
      assert.fail(`reports differ, first at ${first?.filePath}:\nfast ${JSON.stringify(first?.messages)}\nreference ${JSON.stringify(byPath.get(first?.filePath ?? '')?.messages)}`);
    }
  }

  test('fixtures', async () => {
    await assertIdentical(['fixtures']);
  });

  test('generated corpus', async () => {
    await assertIdentical([generated]);
  });

  test('real corpus', { skip: HAVE_REAL ? false : 'the real corpus is absent' }, async () => {
    await assertIdentical([REAL]);
  });

  test('a file that names no stage variable is still linted when the configuration gives it stages', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stagevar-prefilter-'));
    try {
      mkdirSync(path.join(dir, 'api'));
      const openapi = 'openapi: 3.0.1\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration:\n        type: http_proxy\n        httpMethod: GET\n        uri: https://example.com/a\n';
      writeFileSync(path.join(dir, 'api', 'openapi.yaml'), openapi);
      const options: LintOptions = { cwd: dir, stages: [{ api: 'api/openapi.yaml', stages: { prod: { unusedHost: 'example.com' } } }] };
      const results = await lintFiles(['.'], options);
      assert.ok(results.some((result) => result.messages.some((message) => message.ruleId === 'unused-variable')), 'the configured stage variable is reported as unused');
      const context2 = { ...context, cwd: dir };
      assert.equal(formatters.json(results, context2), formatters.json(await lintFiles(['.'], { ...options, fastPath: false }), context2));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('every rule\'s default options satisfy its schema (the engine only validates options a user sets)', () => {
  const ajv = new Ajv({ allErrors: true });
  for (const rule of rules) {
    const validate = ajv.compile(rule.meta.schema);
    assert.ok(validate({ ...rule.meta.defaultOptions }), `${rule.meta.id}: ${JSON.stringify(validate.errors)}`);
  }
});

// ---------------------------------------------------------------------------------------------


/** Characters that change YAML or JSON structure, and the edits people make by mistake. */
const INTERESTING = [':', ' ', '-', '#', "'", '"', '[', ']', '{', '}', ',', '!', '&', '*', '|', '>', '?', '%', '@', '\\', '\n', '\t', 'x', '0', '.', '~', '\r'];

function mutate(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const lines = text.split('\n');
  const line = Math.floor(random() * lines.length);
  switch (Math.floor(random() * 6)) {
    case 0:
      return text.slice(0, at) + pick(INTERESTING) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2:
      return text.slice(0, at) + pick(INTERESTING) + text.slice(at + 1);
    case 3:
      lines[line] = ' '.repeat(1 + Math.floor(random() * 2)) + lines[line];
      return lines.join('\n');
    case 4:
      lines[line] = lines[line]!.replace(/^ {1,2}/, '');
      return lines.join('\n');
    default:
      lines.splice(line, 0, lines[Math.floor(random() * lines.length)]!);
      return lines.join('\n');
  }
}
