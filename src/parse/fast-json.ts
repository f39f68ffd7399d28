// A fast parser for valid JSON that builds exactly the tree `parseJson` builds.
//
// jsonc-parser's visitor reads about 23 MB/s here and its nodes carry a range array each; this
// one-pass scanner is several times faster and builds the compact nodes of fast-nodes.ts. It
// accepts strict JSON only (RFC 8259 whitespace, no comments, no trailing commas) and gives up
// (`null`) on anything else, including every error and whitespace-only text, so `parseJson`
// (and its error messages) handles those. test/fast-path.test.ts compares the two trees.

import { FastEntry, FastMap, FastScalar, FastSeq } from './fast-nodes.ts';
import { mapJson } from './json.ts';
import type { MapEntry, Node, ScalarNode } from './nodes.ts';
import { MAX_DEPTH, noteKey, type DuplicateKey, type ParsedTree } from './tree.ts';

const SP = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const DQ = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const MINUS = 0x2d;

class Unsupported {}
const UNSUPPORTED = new Unsupported();

function unsupported(): never {
  throw UNSUPPORTED;
}

/** Positions inside a JSON scalar, mapped on demand as `parseJson`'s scalars map them. */
function jsonOffsets(source: string, start: number, end: number, expected: string, isString: boolean): Int32Array | number | null {
  return mapJson(source, [start, end], expected, isString);
}

type FastNode = FastScalar | FastMap | FastSeq;

/** The tree `parseJson(text)` would build, or null when the text needs jsonc-parser. */
export function parseJsonFast(text: string): ParsedTree | null {
  try {
    return new JsonParser(text).parse();
  } catch {
    // UNSUPPORTED, or anything unexpected (a deep recursion's RangeError, a bug here):
    // jsonc-parser decides, so a fault here costs time, never a wrong tree.
    return null;
  }
}

class JsonParser {
  private pos = 0;
  private readonly duplicates: DuplicateKey[] = [];

  constructor(private readonly text: string) {}

  parse(): ParsedTree {
    this.space();
    if (this.pos >= this.text.length) unsupported(); // "no document": jsonc-parser's business
    const root = this.value(1);
    this.space();
    if (this.pos < this.text.length) unsupported();
    return { root, errors: [], duplicateKeys: this.duplicates, comments: [] };
  }

  private space(): void {
    const text = this.text;
    let p = this.pos;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === SP || c === LF || c === CR || c === TAB) p++;
      else break;
    }
    this.pos = p;
  }

  private value(depth: number): FastNode {
    const text = this.text;
    const p = this.pos;
    const c = text.charCodeAt(p);
    if (c === LBRACE) return this.object(depth);
    if (c === LBRACKET) return this.array(depth);
    if (c === DQ) return this.string();
    if (c === MINUS || (c >= 0x30 && c <= 0x39)) return this.number();
    if (text.startsWith('true', p)) return this.keyword(true, 4);
    if (text.startsWith('false', p)) return this.keyword(false, 5);
    if (text.startsWith('null', p)) return this.keyword(null, 4);
    unsupported();
  }

  private keyword(value: boolean | null, length: number): FastScalar {
    const p = this.pos;
    this.pos = p + length;
    this.delimiter();
    return new FastScalar(value, p, p + length, this.text, jsonOffsets);
  }

  /** After a number or keyword: jsonc-parser reads `truex` or `1a` as one bad token. */
  private delimiter(): void {
    const c = this.text.charCodeAt(this.pos);
    if (!(this.pos >= this.text.length || c === SP || c === LF || c === CR || c === TAB || c === COMMA || c === RBRACKET || c === RBRACE)) unsupported();
  }

  private number(): FastScalar {
    const text = this.text;
    const start = this.pos;
    let p = start;
    if (text.charCodeAt(p) === MINUS) p++;
    const first = text.charCodeAt(p);
    if (first === 0x30) p++;
    else if (first >= 0x31 && first <= 0x39) while (isDigit(text.charCodeAt(p))) p++;
    else unsupported();
    if (text.charCodeAt(p) === 0x2e /* . */) {
      p++;
      if (!isDigit(text.charCodeAt(p))) unsupported();
      while (isDigit(text.charCodeAt(p))) p++;
    }
    const e = text.charCodeAt(p);
    if (e === 0x65 || e === 0x45) {
      p++;
      const sign = text.charCodeAt(p);
      if (sign === 0x2b || sign === MINUS) p++;
      if (!isDigit(text.charCodeAt(p))) unsupported();
      while (isDigit(text.charCodeAt(p))) p++;
    }
    this.pos = p;
    this.delimiter();
    // The conversion jsonc-parser applies to the token text.
    return new FastScalar(Number(text.slice(start, p)), start, p, text, jsonOffsets);
  }

  private string(): FastScalar {
    const text = this.text;
    const start = this.pos;
    let p = start + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === DQ) break;
      if (c === BACKSLASH) {
        escaped = true;
        p += 2;
        continue;
      }
      // Control characters (line breaks included) and the end of the text are errors.
      if (c < 0x20 || Number.isNaN(c)) unsupported();
      p++;
    }
    const end = p + 1;
    this.pos = end;
    return new FastScalar(escaped ? decode(text, start + 1, p) : text.slice(start + 1, p), start, end, text, jsonOffsets);
  }

  private object(depth: number): FastMap {
    if (depth > MAX_DEPTH) unsupported();
    const text = this.text;
    const start = this.pos;
    this.pos++;
    const entries: MapEntry[] = [];
    let index: Map<string, ScalarNode> | null = null;
    this.space();
    if (text.charCodeAt(this.pos) === RBRACE) {
      this.pos++;
      return new FastMap(entries, start, this.pos, false);
    }
    for (;;) {
      if (text.charCodeAt(this.pos) !== DQ) unsupported();
      const key = this.string();
      this.space();
      if (text.charCodeAt(this.pos) !== COLON) unsupported();
      this.pos++;
      this.space();
      index = noteKey(entries, key, index, this.duplicates);
      entries.push(new FastEntry(key, this.value(depth + 1)));
      this.space();
      const c = text.charCodeAt(this.pos);
      this.pos++;
      if (c === COMMA) {
        this.space();
        continue;
      }
      if (c === RBRACE) return new FastMap(entries, start, this.pos, false);
      unsupported();
    }
  }

  private array(depth: number): FastSeq {
    if (depth > MAX_DEPTH) unsupported();
    const text = this.text;
    const start = this.pos;
    this.pos++;
    const items: Node[] = [];
    this.space();
    if (text.charCodeAt(this.pos) === RBRACKET) {
      this.pos++;
      return new FastSeq(items, start, this.pos);
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.space();
      const c = text.charCodeAt(this.pos);
      this.pos++;
      if (c === COMMA) {
        this.space();
        continue;
      }
      if (c === RBRACKET) return new FastSeq(items, start, this.pos);
      unsupported();
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Decodes `text[from, to)`, the inside of a string with escapes; bad escapes leave the subset. */
function decode(text: string, from: number, to: number): string {
  let out = '';
  let run = from;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) !== BACKSLASH) continue;
    out += text.slice(run, i);
    const next = text[i + 1]!;
    const simple = ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (next === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) unsupported();
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
    } else {
      unsupported();
    }
    run = i + 1;
  }
  return out + text.slice(run, to);
}
