// YAML -> Node tree, built on eemeli/yaml's CST parser and composer.
//
// One lex/parse pass produces the CST; comments and tag positions are read from it, then the
// composer builds yaml's document from the same tokens and we convert that document
// iteratively. Offsets inside scalars are mapped lazily from the CST token by re-running yaml's
// own scalar decoding (resolve-flow-scalar.js / resolve-block-scalar.js of yaml 2.9) with
// positions attached, checked unit by unit against the value yaml produced.

import { createRequire } from 'node:module';
import type {
  CST,
  CollectionTag,
  DocumentOptions,
  ParseOptions,
  ScalarTag,
  SchemaOptions,
  Scalar,
  YAMLError,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import type { MapEntry, Node, Range, ScalarNode } from './nodes.ts';
import {
  MAX_DEPTH,
  OffsetSink,
  SyntheticScalar,
  depthError,
  lookupOffset,
  noteKey,
  type Comment,
  type DuplicateKey,
  type ParseProblem,
  type ParsedTree,
} from './tree.ts';
import { SHORT_FORMS } from './short-forms.ts';
import { firstIndexAtLeast } from './lines.ts';

// Each short form may tag a scalar, a sequence or a mapping; yaml picks the definition by the
// node kind, so all three must exist or the other kinds get TAG_RESOLVE_FAILED. The resolvers
// return their input so the composed node keeps its range, style and source token.
const CFN_TAGS: (ScalarTag | CollectionTag)[] = [...SHORT_FORMS.keys()].flatMap(tag => [
  { tag, resolve: (value: string) => value } satisfies ScalarTag,
  { tag, collection: 'seq', resolve: (coll: YAMLMap.Parsed | YAMLSeq.Parsed) => coll } satisfies CollectionTag,
  { tag, collection: 'map', resolve: (coll: YAMLMap.Parsed | YAMLSeq.Parsed) => coll } satisfies CollectionTag,
]);

const COMPOSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  keepSourceTokens: true,
  // yaml's own check is O(n^2) per map (30 s for 50k keys); duplicates are found below instead.
  uniqueKeys: false,
  schema: 'core',
  version: '1.2',
  customTags: CFN_TAGS,
};

const MAX_MESSAGE = 200;

// yaml is loaded on the first parse: most files take fast-yaml.ts's path, and loading the
// package is about 80 ms of a one-file lint (docs/performance.md). It is CommonJS, so it can be
// required synchronously.
type YamlLibrary = typeof import('yaml');
let Composer: YamlLibrary['Composer'];
let Parser: YamlLibrary['Parser'];
let isAlias: YamlLibrary['isAlias'];
let isMap: YamlLibrary['isMap'];
let isPair: YamlLibrary['isPair'];
let isScalar: YamlLibrary['isScalar'];
let isSeq: YamlLibrary['isSeq'];

function loadYaml(): void {
  if (Parser !== undefined) return;
  ({ Composer, Parser, isAlias, isMap, isPair, isScalar, isSeq } = createRequire(import.meta.url)('yaml') as YamlLibrary);
}

export function parseYaml(text: string): ParsedTree {
  loadYaml();
  const comments: Comment[] = [];
  const errors: ParseProblem[] = [];
  try {
    const tokens = Array.from(new Parser().parse(text));
    const tags = scanTokens(tokens, comments);
    // yaml's composer recurses per level and overflows somewhere between 700 and 1,000 levels
    // depending on how warm the JIT is; refusing before composing makes the outcome
    // deterministic and keeps the composer well inside the stack.
    if (tags.tooDeep !== -1) return { root: null, errors: [depthError(tags.tooDeep)], duplicateKeys: [], comments };
    const composer = new Composer(COMPOSE_OPTIONS);
    let doc: { errors: YAMLError[]; contents: unknown } | undefined;
    // Later documents are ignored entirely (CloudFormation reads one), including their errors,
    // so composing stops at the first.
    for (const d of composer.compose(tokens)) {
      doc = d;
      break;
    }
    if (!doc) {
      for (const e of composer.streamInfo().errors) errors.push(problem(e.message, e.pos[0]));
      return { root: null, errors, duplicateKeys: [], comments };
    }
    for (const e of doc.errors) errors.push(problem(e.message, e.pos[0]));
    const converter = new Converter(text, tags);
    const root = converter.convert(doc.contents as YNode);
    if (converter.error) errors.push(converter.error);
    return { root, errors, duplicateKeys: converter.duplicates, comments };
  } catch (error) {
    errors.push(problem(`YAML parser failed: ${error instanceof Error ? error.message : String(error)}`, 0));
    return { root: null, errors, duplicateKeys: [], comments };
  }
}

function problem(message: string, offset: number): ParseProblem {
  const nl = message.indexOf('\n');
  let first = withoutSource(nl === -1 ? message : message.slice(0, nl));
  if (first.length > MAX_MESSAGE) first = `${first.slice(0, MAX_MESSAGE)}…`;
  return { message: first, offset };
}

/**
 * Cuts the source text some yaml messages quote: the composer appends `: "<token source>"` to
 * every error token (`Unexpected scalar token in YAML stream: "…"`), and two messages append it
 * raw. That text can be a secret on a line yaml could not parse, and parse errors go to CI logs;
 * the reported line and column already point at it.
 */
function withoutSource(message: string): string {
  const raw = /^(Not a YAML token|Block scalar header includes extra characters): /.exec(message);
  if (raw) return raw[1]!;
  return message.replace(/: "(?:[^"\\]|\\.)*"$/, '');
}

// ---------------------------------------------------------------------------------------------
// CST pass: comments and tag positions

interface TagIndex {
  starts: number[];
  ends: number[];
  /** Offset of the first collection nested deeper than MAX_DEPTH, or -1. */
  tooDeep: number;
}

/**
 * Walks the tokens of the first document (and everything before it) without recursion,
 * collecting comments and the ranges of all tags. Composed nodes do not remember where their
 * tag was, so the converter looks them up here. Leaf token lists are read on the spot and only
 * collections are deferred, so results can come out of order and are sorted at the end.
 */
function scanTokens(tokens: readonly CST.Token[], comments: Comment[]): TagIndex {
  const tagTokens: CST.Token[] = [];
  const stack: (CST.BlockMap | CST.BlockSequence | CST.FlowCollection)[] = [];
  const depths: number[] = [];
  let depth = 0;
  let tooDeep = -1;
  const leaves = (list: readonly CST.Token[] | undefined): void => {
    if (list === undefined) return;
    for (const t of list) {
      if (t.type === 'comment') comments.push({ text: t.source.slice(1), range: [t.offset, t.offset + t.source.length] });
      else if (t.type === 'tag') tagTokens.push(t);
    }
  };
  const child = (t: CST.Token | null | undefined): void => {
    if (!t) return;
    switch (t.type) {
      case 'alias':
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        leaves(t.end);
        break;
      case 'block-scalar':
        leaves(t.props);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        if (depth >= MAX_DEPTH) {
          if (tooDeep === -1) tooDeep = t.offset;
        } else {
          stack.push(t);
          depths.push(depth + 1);
        }
        break;
      default:
        leaves([t]);
    }
  };
  let seenDocument = false;
  for (const top of tokens) {
    if (top.type === 'document') {
      if (seenDocument) break;
      seenDocument = true;
      leaves(top.start);
      child(top.value);
      leaves(top.end);
    } else if (top.type === 'doc-end') {
      leaves(top.end);
    } else {
      child(top);
    }
    for (let t = stack.pop(); t !== undefined && tooDeep === -1; t = stack.pop()) {
      depth = depths.pop()!;
      for (const item of t.items as readonly CST.CollectionItem[]) {
        leaves(item.start);
        child(item.key);
        leaves(item.sep);
        child(item.value);
      }
      if (t.type === 'flow-collection') leaves(t.end);
    }
    depth = 0;
    if (tooDeep !== -1) break;
  }
  const byOffset = (a: { offset: number }, b: { offset: number }): number => a.offset - b.offset;
  if (!isSorted(tagTokens)) tagTokens.sort(byOffset);
  if (comments.length > 1) comments.sort((a, b) => a.range[0] - b.range[0]);
  const tags: TagIndex = { starts: new Array<number>(tagTokens.length), ends: new Array<number>(tagTokens.length), tooDeep };
  for (let i = 0; i < tagTokens.length; i++) {
    const t = tagTokens[i] as CST.SourceToken;
    tags.starts[i] = t.offset;
    tags.ends[i] = t.offset + t.source.length;
  }
  return tags;
}

function isSorted(list: readonly { offset: number }[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1]!.offset > list[i]!.offset) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Document -> Node tree

type YNode = Scalar | YAMLMap | YAMLSeq | { range?: unknown } | null | undefined;

interface MutableMap {
  kind: 'map';
  entries: MapEntry[];
  range: Range;
  fromTag: boolean;
}

interface MutableSeq {
  kind: 'seq';
  items: Node[];
  range: Range;
}

interface Frame {
  src: readonly unknown[];
  map: MutableMap | null;
  seq: MutableSeq | null;
  /** The `!Tag` map wrapping this collection, whose end follows the collection's. */
  wrapper: MutableMap | null;
  block: boolean;
  depth: number;
  i: number;
  keyIndex: Map<string, ScalarNode> | null;
}

class Converter {
  readonly duplicates: DuplicateKey[] = [];
  error: ParseProblem | null = null;
  private readonly stack: Frame[] = [];

  constructor(
    private readonly text: string,
    private readonly tags: TagIndex,
  ) {}

  convert(contents: YNode): Node | null {
    if (contents === null || contents === undefined) return null;
    const root = this.node(contents, 1, 0);
    const stack = this.stack;
    while (stack.length > 0 && !this.error) {
      const frame = stack[stack.length - 1]!;
      if (frame.i >= frame.src.length) {
        stack.pop();
        this.close(frame);
        continue;
      }
      const item = frame.src[frame.i++];
      if (frame.map) {
        const pair = item as { key: YNode; value: YNode };
        const key = this.key(pair.key, frame.map.range[0]);
        const value = this.node(pair.value, frame.depth + 1, key.range[1]);
        frame.keyIndex = noteKey(frame.map.entries, key, frame.keyIndex, this.duplicates);
        frame.map.entries.push({ key, value });
      } else {
        frame.seq!.items.push(this.node(item as YNode, frame.depth + 1, frame.seq!.range[0]));
      }
    }
    return this.error ? null : root;
  }

  /** Converts a node; collections are returned empty and filled by the loop in `convert`. */
  private node(n: YNode, depth: number, fallback: number): Node {
    if (n === null || n === undefined) return new SyntheticScalar(null, [fallback, fallback]);
    const tag = (n as { tag?: string }).tag;
    const fn = tag === undefined ? undefined : SHORT_FORMS.get(tag);
    const d = fn === undefined ? depth : depth + 1;
    let inner: Node;
    let frame: Frame | null = null;
    if (isScalar(n)) {
      inner = this.scalar(n);
    } else if (isAlias(n)) {
      const r = n.range!;
      inner = { kind: 'alias', name: n.source, range: [r[0], r[1]] };
    } else if (isMap(n) || isSeq(n)) {
      const r = n.range!;
      const block = !n.flow;
      if (d > MAX_DEPTH) {
        this.error ??= depthError(r[0]);
        return new SyntheticScalar(null, [r[0], r[0]]);
      }
      const range: Range = [r[0], r[1]];
      let map: MutableMap | null = null;
      let seq: MutableSeq | null = null;
      if (isMap(n)) inner = map = { kind: 'map', entries: [], range, fromTag: false };
      else inner = seq = { kind: 'seq', items: [], range };
      frame = { src: n.items, map, seq, wrapper: null, block, depth: d, i: 0, keyIndex: null };
      this.stack.push(frame);
    } else if (isPair(n)) {
      // `!!omap` and `!!pairs` sequences hold bare pairs; each reads as a one-entry map.
      if (d > MAX_DEPTH) {
        this.error ??= depthError(fallback);
        return new SyntheticScalar(null, [fallback, fallback]);
      }
      const key = this.key(n.key as YNode, fallback);
      const value = this.node(n.value as YNode, d + 1, key.range[1]);
      inner = {
        kind: 'map',
        entries: [{ key, value }],
        range: [key.range[0], Math.max(key.range[1], value.range[1])],
        fromTag: false,
      } satisfies MutableMap;
    } else {
      const r = (n as { range?: [number, number] }).range;
      return new SyntheticScalar(null, r ? [r[0], r[0]] : [fallback, fallback]);
    }
    if (fn === undefined) return inner;
    const tagRange = this.tagRange(n, inner.range[0]);
    const wrapper: MutableMap = {
      kind: 'map',
      entries: [{ key: new SyntheticScalar(fn, tagRange), value: inner }],
      range: [tagRange[0], inner.range[1]],
      fromTag: true,
    };
    if (frame) frame.wrapper = wrapper;
    return wrapper;
  }

  private key(k: YNode, fallback: number): ScalarNode {
    if (k === null || k === undefined) return new SyntheticScalar(null, [fallback, fallback]);
    if (isScalar(k)) return this.scalar(k);
    // Complex keys (`? [a, b]`, `*alias :`) cannot occur in a valid template; keep their source
    // text so a rule can still name them.
    const r = (k as { range?: [number, number] }).range;
    if (!r) return new SyntheticScalar(null, [fallback, fallback]);
    return new SyntheticScalar(this.text.slice(r[0], r[1]), [r[0], r[1]], true);
  }

  private scalar(n: Scalar): YamlScalar {
    const r = n.range!;
    const token = n.srcToken as CST.FlowScalar | CST.BlockScalar | undefined;
    let value = n.value;
    const text = n.source ?? (value === null ? '' : String(value));
    let isString: boolean;
    if (typeof value === 'string') isString = true;
    else if (value === null || typeof value === 'number' || typeof value === 'boolean') isString = false;
    else {
      // Explicit !!binary, !!timestamp etc. resolve to objects; the model only wants text.
      value = text;
      isString = true;
    }
    return new YamlScalar(value as string | number | boolean | null, [r[0], r[1]], isString, text, token);
  }

  /**
   * The tag is the last tag token before the node. A block map's range starts at its first
   * key, which may carry its own props (`!Ref k: v`), so those are skipped first.
   */
  private tagRange(n: YNode, nodeStart: number): Range {
    let start = nodeStart;
    const token = (n as { srcToken?: CST.Token }).srcToken;
    if (token && (token.type === 'block-map' || token.type === 'block-seq')) {
      const first = token.items[0]?.start[0];
      if (first && first.offset < start) start = first.offset;
    }
    const before = firstIndexAtLeast(this.tags.starts, start);
    if (before === 0) return [nodeStart, nodeStart];
    return [this.tags.starts[before - 1]!, this.tags.ends[before - 1]!];
  }

  /** Block collections end at their last child: yaml's range runs on over trailing comments. */
  private close(frame: Frame): void {
    const node = frame.map ?? frame.seq!;
    if (frame.block) {
      let end = node.range[0];
      if (frame.map) {
        const last = frame.map.entries[frame.map.entries.length - 1];
        if (last) end = Math.max(last.key.range[1], last.value.range[1]);
      } else {
        const last = frame.seq!.items[frame.seq!.items.length - 1];
        if (last) end = last.range[1];
      }
      if (end > node.range[0]) node.range = [node.range[0], end];
    }
    if (frame.wrapper) frame.wrapper.range = [frame.wrapper.range[0], node.range[1]];
  }
}

// ---------------------------------------------------------------------------------------------
// Scalars and their offset maps

export class YamlScalar implements ScalarNode {
  readonly kind = 'scalar' as const;
  /** undefined until the first offsetAt call; see lookupOffset for the other states. */
  private map: Int32Array | number | null | undefined = undefined;
  private length = 0;

  constructor(
    readonly value: string | number | boolean | null,
    readonly range: Range,
    readonly isString: boolean,
    /** The scalar's decoded text before type resolution (`012` for the number 12). */
    readonly text: string,
    private readonly token: CST.FlowScalar | CST.BlockScalar | undefined,
  ) {}

  offsetAt(index: number): number {
    let map = this.map;
    if (map === undefined) {
      const expected = typeof this.value === 'string' ? this.value : String(this.value);
      this.length = expected.length;
      map = this.map = this.token ? mapScalar(this.token, expected) : null;
    }
    return lookupOffset(map, index, this.length, this.range[0]);
  }
}

/** Exported for fast-yaml.ts, whose scalars map offsets with this same code. */
export function mapScalar(token: CST.FlowScalar | CST.BlockScalar, expected: string): Int32Array | number | null {
  const src = token.source;
  switch (token.type) {
    case 'scalar':
      if (expected === src) return token.offset;
      return unfold(src, 0, src.length, token.offset, false, new OffsetSink(expected, token.offset));
    case 'single-quoted-scalar':
      if (expected === src.slice(1, -1)) return token.offset + 1;
      return unfold(src, 1, src.length - 1, token.offset, true, new OffsetSink(expected, token.offset + 1));
    case 'double-quoted-scalar':
      if (expected === src.slice(1, -1)) return token.offset + 1;
      return mapDoubleQuoted(src, token.offset, new OffsetSink(expected, token.offset + 1));
    case 'block-scalar':
      return mapBlock(token, expected);
    default:
      return null;
  }
}

const SP = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x27;

/** Offset of the line break that ends at `lf` (the `\r` of a CRLF pair). */
function breakAt(src: string, lf: number, floor: number): number {
  return lf > floor && src.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
}

/**
 * Plain and single-quoted folding (yaml's `unfoldLines`, plus `''` -> `'` for single quotes):
 * the first line loses trailing blanks, middle lines both, the last line leading blanks; one
 * break becomes a space, n empty lines become n newlines. Synthesized units map to the break.
 */
function unfold(src: string, from: number, to: number, base: number, sq: boolean, sink: OffsetSink): Int32Array | null {
  const copy = (a: number, b: number): void => {
    for (let i = a; i < b && sink.ok; i++) {
      const c = src.charCodeAt(i);
      if (sq && c === QUOTE && i + 1 < b && src.charCodeAt(i + 1) === QUOTE) {
        sink.put(c, base + i, 2);
        i++;
      } else sink.put(c, base + i, 1);
    }
  };
  let nl = src.indexOf('\n', from);
  if (nl === -1 || nl >= to) {
    copy(from, to);
    return sink.finish();
  }
  let b = nl > from && src.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
  while (b > from && isBlank(src.charCodeAt(b - 1))) b--;
  copy(from, b);
  let sep = SP;
  let prevBreak = breakAt(src, nl, from);
  let pos = nl + 1;
  for (nl = src.indexOf('\n', pos); nl !== -1 && nl < to; nl = src.indexOf('\n', pos)) {
    let a = pos;
    let e = nl > pos && src.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    while (a < e && isBlank(src.charCodeAt(a))) a++;
    while (e > a && isBlank(src.charCodeAt(e - 1))) e--;
    if (a === e) {
      if (sep === LF) sink.put(LF, base + prevBreak, 1);
      else sep = LF;
    } else {
      sink.put(sep, base + prevBreak, 1);
      copy(a, e);
      sep = SP;
    }
    prevBreak = breakAt(src, nl, pos);
    pos = nl + 1;
  }
  while (pos < to && isBlank(src.charCodeAt(pos))) pos++;
  sink.put(sep, base + prevBreak, 1);
  copy(pos, to);
  return sink.finish();
}

function isBlank(c: number): boolean {
  return c === SP || c === TAB;
}

const DQ_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\', '\t': '\t',
};

/** yaml's `doubleQuotedValue`: escapes map to their backslash, folds to the line break. */
function mapDoubleQuoted(src: string, base: number, sink: OffsetSink): Int32Array | null {
  const last = src.length - 1;
  for (let i = 1; i < last && sink.ok; ++i) {
    const ch = src.charCodeAt(i);
    if (ch === CR && src.charCodeAt(i + 1) === LF) continue;
    if (ch === LF) {
      let k = i;
      let folded = false;
      for (let c = src.charCodeAt(k + 1); c === SP || c === TAB || c === LF || c === CR; c = src.charCodeAt(k + 1)) {
        if (c === CR && src.charCodeAt(k + 2) !== LF) break;
        if (c === LF) {
          sink.put(LF, base + breakAt(src, k + 1, i), 1);
          folded = true;
        }
        k++;
      }
      if (!folded) sink.put(SP, base + breakAt(src, i, 0), 1);
      i = k;
    } else if (ch === 0x5c /* \ */) {
      const at = i;
      const next = src[++i];
      const code = next === undefined ? undefined : DQ_ESCAPES[next];
      if (code !== undefined) sink.put(code.charCodeAt(0), base + at, 2);
      else if (next === '\n' || (next === '\r' && src[i + 1] === '\n')) {
        if (next === '\r') i++;
        while (isBlank(src.charCodeAt(i + 1))) i++;
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = src.substr(i + 1, length);
        let decoded: string | null = null;
        if (hex.length === length && /^[0-9a-fA-F]+$/.test(hex)) {
          try {
            decoded = String.fromCodePoint(parseInt(hex, 16));
          } catch {
            decoded = null;
          }
        }
        if (decoded !== null) {
          for (let u = 0; u < decoded.length; u++) sink.put(decoded.charCodeAt(u), base + at, length + 2);
        } else {
          // yaml keeps an invalid escape as written
          const raw = src.substr(at, length + 2);
          sink.copy(raw, 0, raw.length, base + at);
        }
        i += length;
      } else {
        const raw = src.substr(at, 2);
        sink.copy(raw, 0, raw.length, base + at);
      }
    } else if (ch === SP || ch === TAB) {
      const ws = i;
      let next = src.charCodeAt(i + 1);
      while (next === SP || next === TAB) next = src.charCodeAt(++i + 1);
      if (next !== LF && !(next === CR && src.charCodeAt(i + 2) === LF)) sink.copy(src, ws, i + 1, base);
    } else {
      sink.put(ch, base + i, 1);
    }
  }
  return sink.finish();
}

/**
 * yaml's `resolveBlockScalar`: strip the block indentation, fold `>` lines except more-indented
 * ones, apply the chomping indicator. Lines are kept as index triples instead of strings.
 */
function mapBlock(token: CST.BlockScalar, expected: string): Int32Array | null {
  const header = token.props[0];
  if (!header || header.type !== 'block-scalar-header') return null;
  const hs = header.source;
  const literal = hs[0] === '|';
  let explicitIndent = 0;
  let chomp = '';
  for (let i = 1; i < hs.length; i++) {
    const ch = hs[i]!;
    if (!chomp && (ch === '-' || ch === '+')) chomp = ch;
    else {
      const n = Number(ch);
      if (!explicitIndent && n) explicitIndent = n;
    }
  }
  let headerLength = 0;
  for (const p of token.props) {
    const s = (p as { source?: unknown }).source;
    if (typeof s === 'string') headerLength += s.length;
  }
  const base = token.offset + headerLength;
  const src = token.source ?? '';
  const sink = new OffsetSink(expected, base);

  // starts[i]: line start, indents[i]: leading spaces, ends[i]: index of its '\n' (or src end)
  const starts: number[] = [];
  const indents: number[] = [];
  const ends: number[] = [];
  if (src.length > 0) {
    let s = 0;
    for (;;) {
      let e = src.indexOf('\n', s);
      if (e === -1) e = src.length;
      let k = s;
      while (k < e && src.charCodeAt(k) === SP) k++;
      starts.push(s);
      indents.push(k - s);
      ends.push(e);
      if (e === src.length) break;
      s = e + 1;
    }
  }
  const lineCount = starts.length;
  const contentFrom = (i: number): number => starts[i]! + indents[i]!;
  const isEmpty = (i: number): boolean => {
    const len = ends[i]! - contentFrom(i);
    return len === 0 || (len === 1 && src.charCodeAt(contentFrom(i)) === CR);
  };
  const breakOf = (i: number): number => base + breakAt(src, ends[i]!, contentFrom(i));
  const spaces = (i: number, indent: number, trim: number): void => {
    for (let k = trim; k < indent; k++) sink.put(SP, base + starts[i]! + k, 1);
  };

  let chompStart = lineCount;
  for (let i = lineCount - 1; i >= 0; --i) {
    if (isEmpty(i)) chompStart = i;
    else break;
  }
  if (chompStart === 0) {
    const n = chomp === '+' && lineCount > 0 ? Math.max(1, lineCount - 1) : 0;
    for (let k = 0; k < n; k++) sink.put(LF, breakOf(Math.min(k, lineCount - 1)), 1);
    return sink.finish();
  }

  let trimIndent = token.indent + explicitIndent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    if (isEmpty(i)) {
      if (explicitIndent === 0 && indents[i]! > trimIndent) trimIndent = indents[i]!;
    } else {
      if (explicitIndent === 0) trimIndent = indents[i]!;
      contentStart = i;
      break;
    }
  }
  for (let i = lineCount - 1; i >= chompStart; --i) {
    if (indents[i]! > trimIndent) chompStart = i + 1;
  }

  let prevBreak = base;
  for (let i = 0; i < contentStart; ++i) {
    spaces(i, indents[i]!, trimIndent);
    sink.put(LF, breakOf(i), 1);
    prevBreak = breakOf(i);
  }
  // the units still to emit before the next content line (yaml's `sep`)
  let sep = '';
  let prevMoreIndented = false;
  const putSep = (): void => {
    for (let k = 0; k < sep.length; k++) sink.put(sep.charCodeAt(k), prevBreak, 1);
  };
  for (let i = contentStart; i < chompStart && sink.ok; ++i) {
    const cs = contentFrom(i);
    let ce = ends[i]!;
    if (ce > cs && src.charCodeAt(ce - 1) === CR) ce--;
    let indent = indents[i]!;
    if (ce > cs && indent < trimIndent) indent = 0;
    if (literal) {
      putSep();
      spaces(i, indent, trimIndent);
      sink.copy(src, cs, ce, base);
      sep = '\n';
    } else if (indent > trimIndent || (ce > cs && src.charCodeAt(cs) === TAB)) {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      putSep();
      spaces(i, indent, trimIndent);
      sink.copy(src, cs, ce, base);
      sep = '\n';
      prevMoreIndented = true;
    } else if (ce === cs) {
      if (sep === '\n') sink.put(LF, prevBreak, 1);
      else sep = '\n';
    } else {
      putSep();
      sink.copy(src, cs, ce, base);
      sep = ' ';
      prevMoreIndented = false;
    }
    prevBreak = breakOf(i);
  }
  if (chomp === '+') {
    for (let i = chompStart; i < lineCount; ++i) {
      sink.put(LF, breakOf(i - 1), 1);
      spaces(i, indents[i]!, trimIndent);
    }
    if (sink.last !== LF) sink.put(LF, breakOf(lineCount - 1), 1);
  } else if (chomp !== '-') {
    sink.put(LF, breakOf(chompStart - 1), 1);
  }
  return sink.finish();
}
