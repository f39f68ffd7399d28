import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, parseDocument } from 'yaml';
import { parseYaml } from '../src/parse/yaml.ts';
import { parseJson } from '../src/parse/json.ts';
import { LineIndex } from '../src/parse/lines.ts';
import { MAX_DEPTH, scalarText, type ParsedTree } from '../src/parse/tree.ts';
import { getPath, intrinsicName, type MapNode, type Node, type ScalarNode } from '../src/parse/nodes.ts';

const REF = '${stageVariables.url}';
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) || 200;

function ok(tree: ParsedTree): ParsedTree {
  assert.deepEqual(tree.errors, []);
  return tree;
}

/** Follows a path, looking through `!Tag` maps so a test can name the tagged value directly. */
function at(tree: ParsedTree, path: (string | number)[]): Node {
  let node: Node | undefined = tree.root ?? undefined;
  for (const step of path) {
    if (node?.kind === 'map' && node.fromTag) node = node.entries[0]!.value;
    node = getPath(node, [step]);
  }
  if (node?.kind === 'map' && node.fromTag) node = node.entries[0]!.value;
  assert.ok(node, `nothing at ${path.join('.')}`);
  return node;
}

function scalar(node: Node): ScalarNode {
  assert.equal(node.kind, 'scalar');
  return node as ScalarNode;
}

/** line:column of the `$` of `${stageVariables.url}` inside the scalar, checked to be the `$`. */
function refPosition(text: string, node: ScalarNode, needle = REF): string {
  const index = String(node.value).indexOf(needle);
  assert.ok(index >= 0, `${needle} not in ${JSON.stringify(node.value)}`);
  const offset = node.offsetAt(index);
  assert.equal(text[offset], '$', `offset ${offset} is ${JSON.stringify(text[offset])}, not $`);
  const { line, column } = new LineIndex(text).position(offset);
  return `${line}:${column}`;
}

function countNodes(root: Node | null, kind: Node['kind']): number {
  let count = 0;
  const stack: (Node | null)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) continue;
    if (node.kind === kind) count++;
    if (node.kind === 'map') for (const e of node.entries) stack.push(e.key, e.value);
    else if (node.kind === 'seq') stack.push(...node.items);
  }
  return count;
}

/**
 * Deterministic random bytes 1-255 read as Latin-1: like a binary file decoded lossily, minus
 * NULs (the file reader rejects those before parsing).
 */
function garbage(length: number, seed: number): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += String.fromCharCode(((x >>> 16) % 255) + 1);
  }
  return out;
}

describe('LineIndex', () => {
  it('gives 1-based lines and UTF-16 columns', () => {
    const lines = new LineIndex('ab\ncd\n\n😀x');
    assert.deepEqual(lines.position(0), { line: 1, column: 1 });
    assert.deepEqual(lines.position(2), { line: 1, column: 3 });
    assert.deepEqual(lines.position(3), { line: 2, column: 1 });
    assert.deepEqual(lines.position(6), { line: 3, column: 1 });
    assert.deepEqual(lines.position(9), { line: 4, column: 3 });
    assert.equal(lines.lineCount, 4);
    assert.equal(lines.offset(4, 3), 9);
  });

  it('treats CRLF as one break and, like yaml, a lone CR as no break', () => {
    const lines = new LineIndex('a\r\nb\rc\nd');
    assert.deepEqual(lines.position(1), { line: 1, column: 2 }); // the \r
    assert.deepEqual(lines.position(2), { line: 1, column: 3 }); // the \n
    assert.deepEqual(lines.position(3), { line: 2, column: 1 });
    assert.deepEqual(lines.position(5), { line: 2, column: 3 }); // after the lone \r
    assert.deepEqual(lines.position(7), { line: 3, column: 1 });
  });

  it('clamps offsets outside the text', () => {
    const lines = new LineIndex('ab\nc');
    assert.deepEqual(lines.position(-5), { line: 1, column: 1 });
    assert.deepEqual(lines.position(99), { line: 2, column: 2 });
    assert.deepEqual(new LineIndex('').position(0), { line: 1, column: 1 });
  });
});

describe('parseYaml: offsetAt in every scalar style', () => {
  const cases: { name: string; text: string; path: (string | number)[]; expect: string }[] = [
    {
      name: 'plain',
      text: `Resources:\n  M:\n    Uri: http://${REF}/pets\n`,
      path: ['Resources', 'M', 'Uri'],
      expect: '3:17',
    },
    { name: 'plain, multi-line', text: `Uri: http://example.com/a\n  /b/${REF}/c\n`, path: ['Uri'], expect: '2:6' },
    {
      name: 'plain, multi-line with an empty line and trailing blanks',
      text: `Uri: first \t\n  \n   second ${REF}\nNext: 1\n`,
      path: ['Uri'],
      expect: '3:11',
    },
    { name: "single-quoted with ''", text: `Uri: 'it''s ${REF}'\n`, path: ['Uri'], expect: '1:13' },
    { name: 'single-quoted, multi-line', text: `Uri: 'a''b\n  c ${REF}'\n`, path: ['Uri'], expect: '2:5' },
    {
      name: 'double-quoted after escapes',
      text: `Uri: "\\t\\u00e9\\"\\\\ ${REF}"\n`,
      path: ['Uri'],
      expect: '1:20',
    },
    {
      name: 'double-quoted after a \\-newline continuation',
      text: `Uri: "abc\\\n    def ${REF}"\n`,
      path: ['Uri'],
      expect: '2:9',
    },
    { name: 'double-quoted, folded', text: `Uri: "abc\n  \n  def ${REF}"\n`, path: ['Uri'], expect: '3:7' },
    {
      name: 'literal |',
      text: `Body: |\n  {\n    "url": "${REF}"\n  }\nNext: 1\n`,
      path: ['Body'],
      expect: '3:13',
    },
    {
      name: 'literal |2+ with an indentation indicator',
      text: `Body: |2+\n    more indented ${REF}\n\nNext: 1\n`,
      path: ['Body'],
      expect: '2:19',
    },
    {
      name: 'folded >- with more-indented lines',
      text: `Body: >-\n  folded\n  text\n    more ${REF}\n  back\n`,
      path: ['Body'],
      expect: '4:10',
    },
    {
      name: 'folded with a header comment',
      text: `Body: >- # comment\n  a\n\n  b ${REF}\n`,
      path: ['Body'],
      expect: '4:5',
    },
    {
      name: '!Sub block scalar inside a sequence',
      text: `List:\n  - !Sub |\n    #!/bin/bash\n    echo ${REF}\n`,
      path: ['List', 0],
      expect: '4:10',
    },
    {
      name: 'flow scalar inside a flow map',
      text: `Map: {a: 'x ${REF}', b: 2}\n`,
      path: ['Map', 'a'],
      expect: '1:13',
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const tree = ok(parseYaml(c.text));
      assert.equal(refPosition(c.text, scalar(at(tree, c.path))), c.expect);
    });
    it(`${c.name}, CRLF`, () => {
      const text = c.text.replace(/\n/g, '\r\n');
      const tree = ok(parseYaml(text));
      assert.equal(refPosition(text, scalar(at(tree, c.path))), c.expect);
    });
  }

  it('maps keys too', () => {
    const text = `"k ${REF}": 1\n${REF}: 2\n? |\n  block ${REF}\n: 3\n`;
    const root = ok(parseYaml(text)).root as MapNode;
    assert.equal(refPosition(text, root.entries[0]!.key), '1:4');
    assert.equal(refPosition(text, root.entries[1]!.key), '2:1');
    assert.equal(refPosition(text, root.entries[2]!.key), '4:9');
  });

  it('maps an escape to its backslash', () => {
    const text = 'Uri: "\\x24{stageVariables.url} \\U0001F600!"\n';
    const node = scalar(at(ok(parseYaml(text)), ['Uri']));
    assert.equal(node.value, `${REF} 😀!`);
    assert.equal(node.offsetAt(0), 6);
    assert.equal(text[node.offsetAt(0)], '\\');
    assert.equal(node.offsetAt(1), 10); // `{` right after the 4-character escape
    assert.equal(node.offsetAt(22), node.offsetAt(23)); // both surrogates come from one escape
    assert.equal(text[node.offsetAt(24)], '!');
  });

  it('gives the offset after the last character for index === length', () => {
    const text = 'a: hello\nb: "hi\\n"\nc: \'x\'\'\'\n';
    const tree = ok(parseYaml(text));
    assert.equal(scalar(at(tree, ['a'])).offsetAt(5), 8);
    const b = scalar(at(tree, ['b']));
    assert.equal(b.offsetAt(2), 15); // the backslash of \n
    assert.equal(b.offsetAt(3), 17); // the closing quote
    const c = scalar(at(tree, ['c']));
    assert.equal(c.value, "x'");
    assert.equal(c.offsetAt(2), text.lastIndexOf("'"));
  });

  it('falls back to the node start when the value is not the text (non-strings)', () => {
    const text = 'n: 012\nt: true\nT: True\n';
    const tree = ok(parseYaml(text));
    const n = scalar(at(tree, ['n']));
    assert.equal(n.value, 12);
    assert.equal(n.offsetAt(1), n.range[0]);
    assert.equal(scalar(at(tree, ['t'])).offsetAt(2), text.indexOf('true') + 2);
    const big = scalar(at(tree, ['T']));
    assert.equal(big.value, true);
    assert.equal(big.offsetAt(2), big.range[0]);
  });
});

describe('parseYaml: values and schema', () => {
  it('uses the YAML 1.2 core schema and keeps the text as written', () => {
    const text = 'v: 2010-09-09\no: 012\ny: yes\nt: true\nz: ~\ne:\nf: 1.50\nh: 0x1F\nq: "12"\nb: !!binary aGk=\n';
    const tree = ok(parseYaml(text));
    const get = (k: string): ScalarNode => scalar(at(tree, [k]));
    assert.equal(get('v').value, '2010-09-09');
    assert.equal(get('v').isString, true);
    assert.equal(get('o').value, 12);
    assert.equal(get('o').isString, false);
    assert.equal(scalarText(get('o')), '012');
    assert.equal(get('y').value, 'yes');
    assert.equal(get('t').value, true);
    assert.equal(get('z').value, null);
    assert.equal(get('e').value, null);
    assert.equal(get('f').value, 1.5);
    assert.equal(scalarText(get('f')), '1.50');
    assert.equal(get('h').value, 31);
    assert.equal(get('q').value, '12');
    assert.equal(get('q').isString, true);
    assert.equal(get('b').value, 'aGk=', 'explicit !!binary stays text');
  });

  it('gives node ranges that cover the node source', () => {
    const text = 'a:\n  b: c   # note\n  d: [1, 2]  # x\n\ne: f\n';
    const tree = ok(parseYaml(text));
    const a = at(tree, ['a']);
    assert.equal(text.slice(...a.range), 'b: c   # note\n  d: [1, 2]');
    assert.equal(text.slice(...at(tree, ['a', 'd']).range), '[1, 2]');
    assert.equal(text.slice(...at(tree, ['e']).range), 'f');
  });

  it('returns aliases as alias nodes without expanding them', () => {
    const text = 'a: &x {k: v}\nb: *x\nc: [*x, *x]\n';
    const tree = ok(parseYaml(text));
    const b = at(tree, ['b']);
    assert.deepEqual(b, { kind: 'alias', name: 'x', range: [16, 18] });
    assert.equal(countNodes(tree.root, 'alias'), 3);
  });

  it('collects comments with ranges, in one pass over the tokens', () => {
    const text = '# head\na: 1 # one\nb: |  # block header\n  x\n# mid\nc: [1, # in flow\n  2]\n---\n# second document\n';
    const tree = ok(parseYaml(text));
    assert.deepEqual(
      tree.comments.map((c) => c.text),
      [' head', ' one', ' block header', ' mid', ' in flow'],
    );
    for (const c of tree.comments) assert.equal(text.slice(...c.range), `#${c.text}`);
  });

  it('treats an empty or comment-only text as no document, without errors', () => {
    for (const text of ['', '\n\n', '# just a comment\n', '  \n# a\n#b']) {
      const tree = parseYaml(text);
      assert.equal(tree.root, null);
      assert.deepEqual(tree.errors, []);
    }
  });

  it('takes the first of several documents and ignores errors in the others', () => {
    const tree = ok(parseYaml('a: 1\n---\nb: [\n  : : :\n---\nc: 3\n'));
    assert.equal(countNodes(tree.root, 'scalar'), 2);
    assert.equal(scalar(at(tree, ['a'])).value, 1);
  });

  it('reports yaml errors with a one-line message and an offset', () => {
    const text = 'a: 1\nb: [x\nc: 2\n';
    const tree = parseYaml(text);
    assert.ok(tree.errors.length > 0);
    for (const e of tree.errors) {
      assert.ok(!e.message.includes('\n'));
      assert.ok(e.offset >= 0 && e.offset <= text.length);
    }
  });
});

describe('parseYaml: CloudFormation short-form tags', () => {
  const names: [string, string][] = [
    ['Ref', 'Ref'],
    ['Condition', 'Condition'],
    ...[
      'Sub', 'GetAtt', 'Join', 'If', 'Select', 'Split', 'FindInMap', 'ImportValue', 'Base64', 'Cidr',
      'GetAZs', 'Equals', 'Not', 'And', 'Or', 'Transform', 'Length', 'ToJsonString',
    ].map((n): [string, string] => [n, `Fn::${n}`]),
  ];
  const forms = [
    { prefix: 'S', source: (tag: string) => `${tag} x.y`, kind: 'scalar' },
    { prefix: 'Q', source: (tag: string) => `${tag} [a, b]`, kind: 'seq' },
    { prefix: 'M', source: (tag: string) => `${tag} {a: b}`, kind: 'map' },
    { prefix: 'B', source: (tag: string) => `${tag}\n    - a\n    - b`, kind: 'seq' },
    { prefix: 'N', source: (tag: string) => `${tag}\n    a: b\n    c: d`, kind: 'map' },
  ] as const;
  let text = 'Root:\n';
  for (const [short] of names) for (const f of forms) text += `  ${f.prefix}${short}: ${f.source(`!${short}`)}\n`;

  it('converts every short form, in scalar, flow and block variants, to its long form', () => {
    const tree = ok(parseYaml(text));
    for (const [short, long] of names) {
      for (const f of forms) {
        const node = getPath(tree.root ?? undefined, ['Root', `${f.prefix}${short}`]);
        assert.ok(node?.kind === 'map', `${f.prefix}${short}`);
        assert.equal(node.fromTag, true);
        assert.equal(intrinsicName(node), long);
        const entry = node.entries[0]!;
        assert.equal(text.slice(...entry.key.range), `!${short}`);
        assert.equal(entry.value.kind, f.kind);
        assert.equal(node.range[0], entry.key.range[0]);
        assert.equal(node.range[1], entry.value.range[1]);
        assert.equal(text.slice(...node.range), f.source(`!${short}`));
      }
    }
  });

  it('keeps !GetAtt A.B a scalar', () => {
    const node = getPath(ok(parseYaml('v: !GetAtt Api.RootResourceId\n')).root ?? undefined, ['v', 'Fn::GetAtt']);
    assert.equal(scalar(node!).value, 'Api.RootResourceId');
  });

  it('converts nested short forms and the !Sub sequence form', () => {
    const src = `V: !Sub\n  - "https://\${Host}/\${!stageVariables.p}"\n  - Host: !If [IsProd, !GetAtt Api.Dns, !Ref "AWS::NoValue"]\nW: !Join ['', [a, !Select [0, !Split [',', !ImportValue Foo]]]]\n`;
    const tree = ok(parseYaml(src));
    const sub = getPath(tree.root ?? undefined, ['V', 'Fn::Sub']);
    assert.equal(sub?.kind, 'seq');
    assert.equal(scalar(getPath(sub, [0])!).value, 'https://${Host}/${!stageVariables.p}');
    const ifNode = getPath(sub, [1, 'Host']);
    assert.equal(intrinsicName(ifNode), 'Fn::If');
    assert.equal(intrinsicName(getPath(ifNode, ['Fn::If', 1])), 'Fn::GetAtt');
    assert.equal(scalar(getPath(ifNode, ['Fn::If', 2, 'Ref'])!).value, 'AWS::NoValue');
    const split = getPath(tree.root ?? undefined, ['W', 'Fn::Join', 1, 1, 'Fn::Select', 1, 'Fn::Split']);
    assert.equal(intrinsicName(getPath(split, [1])), 'Fn::ImportValue');
  });

  it('finds the tag of a block map whose first key has its own tag', () => {
    const src = 'C: !If\n  !Ref k: v\n';
    const node = getPath(parseYaml(src).root ?? undefined, ['C']) as MapNode;
    assert.equal(src.slice(...node.entries[0]!.key.range), '!If');
  });

  it('handles anchors, empty tagged values and unknown tags', () => {
    const src = 'a: &x !Sub s\nb: !Ref\nc: !Foo bar\nd: !!str 12\ne: !Sub &y t\n';
    const tree = ok(parseYaml(src));
    assert.equal(src.slice(...(at(tree, []) as MapNode).entries[0]!.value.range), '!Sub s');
    assert.equal(scalar(getPath(tree.root ?? undefined, ['b', 'Ref'])!).value, '');
    const c = getPath(tree.root ?? undefined, ['c']);
    assert.equal(scalar(c!).value, 'bar', 'unknown tags are kept as if untagged');
    assert.equal(scalar(at(tree, ['d'])).value, '12');
    const e = getPath(tree.root ?? undefined, ['e']) as MapNode;
    assert.equal(src.slice(...e.entries[0]!.key.range), '!Sub');
  });

  it('reports a doubly tagged node as an error instead of throwing', () => {
    const tree = parseYaml('a: !Base64 !Sub x\n');
    assert.ok(tree.errors.some((e) => /tag/i.test(e.message)));
  });
});

describe('duplicate keys', () => {
  it('are reported for YAML with both occurrences', () => {
    const text = 'a: 1\nb: 2\na: 3\n"b": 4\n1: x\n"1": y\nm:\n  k: 1\n  k: 2\n';
    const tree = ok(parseYaml(text));
    const dups = tree.duplicateKeys.map((d) => [String(d.key.value), text.slice(...d.key.range), d.first.range[0]]);
    assert.deepEqual(dups, [
      ['a', 'a', 0],
      ['b', '"b"', text.indexOf('b:')],
      ['1', '"1"', text.indexOf('1: x')],
      ['k', 'k', text.indexOf('k: 1')],
    ]);
  });

  it('are found in large maps through an index, first occurrence first', () => {
    const keys = Array.from({ length: 30 }, (_, i) => `k${i % 20}`);
    const tree = ok(parseYaml(keys.map((k, i) => `${k}: ${i}`).join('\n')));
    assert.equal(tree.duplicateKeys.length, 10);
    for (const d of tree.duplicateKeys) assert.ok(d.first.range[0] < d.key.range[0]);
    const again = ok(parseYaml('k0: 1\n' + keys.map((k, i) => `${k}: ${i}`).join('\n')));
    assert.equal(again.duplicateKeys.filter((d) => d.key.value === 'k0').length, 2);
    assert.ok(again.duplicateKeys.filter((d) => d.key.value === 'k0').every((d) => d.first.range[0] === 0));
  });

  it('are reported for JSON', () => {
    const text = '{"a": 1, "b": {"x": 1, "x": 2}, "a": 3}';
    const tree = ok(parseJson(text));
    assert.deepEqual(
      tree.duplicateKeys.map((d) => [d.key.value, d.key.range[0], d.first.range[0]]),
      [
        ['x', 23, 15],
        ['a', 32, 1],
      ],
    );
  });

  it('a 50,000-key map parses in well under a second (YAML and JSON)', (t) => {
    let yaml = '';
    for (let i = 0; i < 50_000; i++) yaml += `key${i}: value${i}\n`;
    yaml += 'key42: again\n';
    let start = performance.now();
    const tree = ok(parseYaml(yaml));
    const yamlMs = performance.now() - start;
    assert.equal((tree.root as MapNode).entries.length, 50_001);
    assert.equal(tree.duplicateKeys.length, 1);
    const json = `{${Array.from({ length: 50_000 }, (_, i) => `"key${i}": ${i}`).join(',')}, "key42": 0}`;
    start = performance.now();
    const jtree = ok(parseJson(json));
    const jsonMs = performance.now() - start;
    assert.equal(jtree.duplicateKeys.length, 1);
    t.diagnostic(`50k keys: parseYaml ${yamlMs.toFixed(0)} ms (${(yaml.length / 1e6).toFixed(2)} MB), parseJson ${jsonMs.toFixed(0)} ms`);
  });
});

describe('hostile input', () => {
  it('keeps the aliases of a billion-laughs document unexpanded, fast', (t) => {
    let text = `a: &a [${Array(9).fill('"lol"').join(',')}]\n`;
    const names = 'abcdefghi';
    for (let i = 1; i < 9; i++) text += `${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]\n`;
    const start = performance.now();
    const tree = ok(parseYaml(text));
    const ms = performance.now() - start;
    assert.equal(countNodes(tree.root, 'alias'), 72);
    assert.equal(countNodes(tree.root, 'scalar'), 9 + 9);
    assert.ok(ms < 5000);
    t.diagnostic(`billion laughs: ${ms.toFixed(1)} ms`);
  });

  const tooDeep = [{ message: `nesting deeper than ${MAX_DEPTH} levels`, offset: MAX_DEPTH }];

  it('reports 20,000-deep flow nesting as an error, without throwing', () => {
    for (const text of ['['.repeat(20_000), `${'['.repeat(20_000)}${']'.repeat(20_000)}`]) {
      assert.deepEqual(parseYaml(text), { root: null, errors: tooDeep, duplicateKeys: [], comments: [] });
    }
    const tree = parseYaml(`a: ${'{b: '.repeat(20_000)}`);
    assert.equal(tree.root, null);
    assert.match(tree.errors[0]!.message, /nesting deeper than/);
  });

  it('reports 1,000 nested block maps as an error, without throwing', () => {
    let text = '';
    for (let i = 0; i < 1000; i++) text += `${' '.repeat(i)}k:\n`;
    const tree = parseYaml(text);
    assert.equal(tree.root, null);
    assert.match(tree.errors[0]!.message, /nesting deeper than/);
    // The limit is exact and does not depend on how much stack yaml happens to have.
    let limit = '';
    for (let i = 0; i < MAX_DEPTH - 1; i++) limit += `${' '.repeat(i)}k:\n`;
    limit += `${' '.repeat(MAX_DEPTH - 1)}k: v\n`;
    assert.equal(ok(parseYaml(limit)).root?.kind, 'map');
    assert.match(parseYaml(`${limit}${' '.repeat(MAX_DEPTH)}- x\n`.replace('k: v\n', 'k:\n')).errors[0]!.message, /nesting/);
  });

  it('counts !Tag maps as levels', () => {
    // Each !Not is a tag map plus a sequence: 300 of them are 600 levels of tree.
    const tree = parseYaml(`${'!Not ['.repeat(300)}x${']'.repeat(300)}`);
    assert.equal(tree.root, null);
    assert.deepEqual(
      tree.errors.map((e) => e.message),
      [`nesting deeper than ${MAX_DEPTH} levels`],
    );
    assert.equal(ok(parseYaml(`${'!Not ['.repeat(200)}x${']'.repeat(200)}`)).root?.kind, 'map');
  });

  it('reports deep JSON as an error, without throwing', () => {
    for (const text of [
      '['.repeat(20_000),
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
    ]) {
      const tree = parseJson(text);
      assert.equal(tree.root, null);
      assert.match(tree.errors[0]!.message, /nesting deeper than/);
    }
    assert.equal(ok(parseJson(`${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}`)).root?.kind, 'seq');
  });

  it('reports binary-ish garbage as errors, without throwing', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const text = garbage(20_000, seed);
      const yaml = parseYaml(text);
      assert.ok(yaml.errors.length > 0, `yaml seed ${seed}`);
      for (const e of yaml.errors) assert.ok(e.message.length <= 201 && !e.message.includes('\n'));
      assert.ok(parseJson(text).errors.length > 0, `json seed ${seed}`);
    }
    for (const text of ['\x01\x02: [}{', ']]]', '"', "'", '|\n\t\tx', '{"a": "\\u12"}', '%YAML 9\n---\n']) {
      assert.doesNotThrow(() => parseYaml(text));
      assert.doesNotThrow(() => parseJson(text));
    }
  });
});

describe('parseJson', () => {
  it('maps \\u0024 and other escapes to their backslash, verbatim characters exactly', () => {
    const text = '{\r\n  "Uri": "http://\\u0024{stageVariables.url}/x",\r\n  "Tpl": "a\\"b\\\\c\\/d\\n${stageVariables.url}"\r\n}';
    const tree = ok(parseJson(text));
    const uri = scalar(at(tree, ['Uri']));
    assert.equal(uri.value, `http://${REF}/x`);
    const offset = uri.offsetAt(7);
    assert.equal(text.slice(offset, offset + 6), '\\u0024');
    assert.deepEqual(new LineIndex(text).position(offset), { line: 2, column: 18 });
    assert.equal(text[uri.offsetAt(8)], '{');
    const tpl = scalar(at(tree, ['Tpl']));
    assert.equal(tpl.value, `a"b\\c/d\n${REF}`);
    assert.equal(refPosition(text, tpl), '3:23');
    assert.equal(text[tpl.offsetAt(1)], '\\');
    assert.equal(tpl.offsetAt(tpl.value.toString().length), text.lastIndexOf('"'));
  });

  it('maps keys', () => {
    const text = '{"a\\tb": 1, "${stageVariables.url}": 2}';
    const root = ok(parseJson(text)).root as MapNode;
    assert.equal(root.entries[0]!.key.value, 'a\tb');
    assert.equal(root.entries[0]!.key.offsetAt(2), 5);
    assert.equal(refPosition(text, root.entries[1]!.key), '1:14');
  });

  it('turns numbers, booleans and null into non-string scalars', () => {
    const text = '{"n": 1.50, "i": -3, "e": 1e3, "t": true, "f": false, "z": null, "s": "1"}';
    const tree = ok(parseJson(text));
    const get = (k: string): ScalarNode => scalar(at(tree, [k]));
    assert.deepEqual(
      ['n', 'i', 'e', 't', 'f', 'z', 's'].map((k) => [get(k).value, get(k).isString]),
      [[1.5, false], [-3, false], [1000, false], [true, false], [false, false], [null, false], ['1', true]],
    );
    assert.equal(scalarText(get('n')), '1.50');
    assert.equal(get('n').offsetAt(1), get('n').range[0], 'no exact mapping when String(value) differs');
    assert.equal(get('t').offsetAt(3), text.indexOf('true') + 3);
    assert.equal(text.slice(...get('s').range), '"1"');
  });

  it('gives container ranges from bracket to bracket', () => {
    const text = ' {"a": [1, {"b": 2}] } ';
    const tree = ok(parseJson(text));
    assert.equal(text.slice(...tree.root!.range), '{"a": [1, {"b": 2}] }');
    assert.equal(text.slice(...at(tree, ['a']).range), '[1, {"b": 2}]');
    assert.deepEqual(tree.comments, []);
  });

  it('reports syntax errors: trailing commas, comments, unterminated input', () => {
    for (const text of ['{"a": 1,}', '// c\n{}', '{"a": "x', '{"a" 1}', '[1 2]', '{} {}']) {
      const tree = parseJson(text);
      assert.ok(tree.errors.length > 0, text);
      assert.match(tree.errors[0]!.message, /^[A-Z][a-z ]+$/);
    }
    assert.equal(parseJson('{"a": 1,}').errors[0]!.offset, 8);
  });

  it('treats empty text as no document, without errors', () => {
    for (const text of ['', '  \n\t']) assert.deepEqual(parseJson(text), { root: null, errors: [], duplicateKeys: [], comments: [] });
  });
});

describe('property: offsetAt lands on the decoded character', () => {
  const styles = [Scalar.PLAIN, Scalar.QUOTE_SINGLE, Scalar.QUOTE_DOUBLE, Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED] as const;
  const unit = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...'abcXYZ019$.{}_/'.split('')) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(' ', '  ', '\t', '\n', '\n\n', ' \n', '\n ', "'", '"', '\\', '#', ': ', ' #', '- ', REF, 'é', '😀', '\x01', '\u2028', '\r', '\x85'),
    },
  );
  // Characters that every style writes verbatim, so the source must hold exactly them.
  const VERBATIM = /[!#-[\]-~é]/;

  it('for yaml.stringify output in every scalar style, LF and CRLF', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 40 }),
        fc.constantFrom(...styles),
        fc.integer({ min: 10, max: 60 }),
        fc.integer({ min: 0, max: 2 }),
        fc.boolean(),
        fc.boolean(),
        (value, style, lineWidth, depth, crlf, asKey) => {
          const s = new Scalar(value);
          s.type = style;
          let node: Scalar | YAMLMap | YAMLSeq = s;
          if (asKey) {
            const map = new YAMLMap();
            map.items.push(new Pair(s, new Scalar('v')));
            node = map;
          }
          for (let d = 0; d < depth; d++) {
            if (d % 2 === 1) {
              const map = new YAMLMap();
              map.items.push(new Pair(new Scalar(`k${d}`), node));
              node = map;
            } else {
              const seq = new YAMLSeq();
              seq.items.push(node);
              node = seq;
            }
          }
          const doc = new Document();
          doc.contents = node;
          let text = doc.toString({ lineWidth, minContentWidth: 0 });
          if (crlf) text = text.replace(/\n/g, '\r\n');
          const tree = parseYaml(text);
          // yaml.stringify occasionally emits YAML that yaml itself rejects; not our concern here.
          if (tree.errors.length > 0 && parseDocument(text).errors.length > 0) return;
          assert.deepEqual(tree.errors, [], text);
          let found: Node | undefined = tree.root ?? undefined;
          for (let d = depth - 1; d >= 0; d--) found = getPath(found, [d % 2 === 1 ? `k${d}` : 0]);
          if (asKey) found = found?.kind === 'map' ? found.entries[0]!.key : undefined;
          if (!found || found.kind !== 'scalar' || typeof found.value !== 'string') return;
          const target: ScalarNode = found;
          const decoded = found.value;
          let previous = -1;
          for (let i = 0; i <= decoded.length; i++) {
            const offset = target.offsetAt(i);
            assert.ok(offset >= previous && offset >= target.range[0] && offset <= target.range[1], JSON.stringify(text));
            previous = offset;
            if (i < decoded.length && VERBATIM.test(decoded[i]!)) {
              checked++;
              assert.equal(text[offset], decoded[i], `index ${i} of ${JSON.stringify(decoded)} in ${JSON.stringify(text)}`);
            }
          }
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
    assert.ok(checked > 0);
  });

  it('for JSON strings with forced \\uXXXX and \\/ escapes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }), fc.boolean(), (value, force, asKey) => {
        const plain = JSON.stringify(value).slice(1, -1);
        let body = '';
        let k = 0;
        for (let i = 0; i < plain.length; i++) {
          const c = plain[i]!;
          if (c === '\\') {
            const length = plain[i + 1] === 'u' ? 6 : 2;
            body += plain.slice(i, i + length);
            i += length - 1;
          } else if (force[k++ % force.length]) {
            body += c === '/' ? '\\/' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
          } else body += c;
        }
        const text = asKey ? `{\r\n  "${body}": 1}` : `[1, "${body}"]`;
        const tree = ok(parseJson(text));
        const node = scalar(asKey ? (tree.root as MapNode).entries[0]!.key : getPath(tree.root!, [1])!);
        assert.equal(node.value, value);
        for (let i = 0; i < value.length; i++) {
          const ch = text[node.offsetAt(i)];
          assert.ok(ch === value[i] || ch === '\\', `index ${i} of ${JSON.stringify(text)}`);
        }
        assert.equal(node.offsetAt(value.length), node.range[1] - 1);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
