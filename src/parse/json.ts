// JSON -> Node tree with jsonc-parser (15x faster than yaml on JSON).
//
// jsonc-parser's `visit` is what `parseTree` runs internally; building our nodes straight from
// its callbacks skips parseTree's intermediate tree. The options are the strict-JSON ones.

import { createRequire } from 'node:module';
import type { ParseErrorCode, ParseOptions } from 'jsonc-parser';
import type { MapEntry, Node, Range, ScalarNode } from './nodes.ts';
import {
  MAX_DEPTH,
  OffsetSink,
  depthError,
  lookupOffset,
  noteKey,
  type DuplicateKey,
  type ParseProblem,
  type ParsedTree,
} from './tree.ts';

const OPTIONS: ParseOptions = {
  disallowComments: true,
  allowTrailingComma: false,
  // Whitespace-only text is "no document", as for YAML, rather than a syntax error.
  allowEmptyContent: true,
};

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
  map: MutableMap | null;
  seq: MutableSeq | null;
  key: JsonScalar | null;
  keyIndex: Map<string, ScalarNode> | null;
}

/** Thrown from a callback to abandon a too-deep document before jsonc-parser's recursion gets deeper. */
class TooDeep {
  constructor(readonly offset: number) {}
}

// jsonc-parser is loaded on the first parse: most JSON takes fast-json.ts's path, and loading
// the package is about 30 ms of a one-file lint. It is CommonJS, so it can be required
// synchronously.
type JsoncLibrary = typeof import('jsonc-parser');
let jsonc: JsoncLibrary | undefined;

export function parseJson(text: string): ParsedTree {
  const { visit } = (jsonc ??= createRequire(import.meta.url)('jsonc-parser') as JsoncLibrary);
  const errors: ParseProblem[] = [];
  const duplicateKeys: DuplicateKey[] = [];
  const stack: Frame[] = [];
  let root: Node | null = null;

  const attach = (node: Node): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      // A second top-level value is already an EndOfFileExpected error.
      root ??= node;
    } else if (top.map) {
      const key = top.key;
      if (!key) return;
      top.key = null;
      top.keyIndex = noteKey(top.map.entries, key, top.keyIndex, duplicateKeys);
      top.map.entries.push({ key, value: node });
    } else {
      top.seq!.items.push(node);
    }
  };
  const close = (offset: number, length: number): void => {
    const frame = stack.pop();
    if (!frame) return;
    const node = frame.map ?? frame.seq!;
    node.range = [node.range[0], offset + length];
  };

  try {
    visit(
      text,
      {
        onObjectBegin(offset) {
          if (stack.length >= MAX_DEPTH) throw new TooDeep(offset);
          const map: MutableMap = { kind: 'map', entries: [], range: [offset, offset + 1], fromTag: false };
          attach(map);
          stack.push({ map, seq: null, key: null, keyIndex: null });
        },
        onObjectProperty(name, offset, length) {
          const top = stack[stack.length - 1];
          if (top) top.key = new JsonScalar(name, [offset, offset + length], true, text);
        },
        onObjectEnd: close,
        onArrayBegin(offset) {
          if (stack.length >= MAX_DEPTH) throw new TooDeep(offset);
          const seq: MutableSeq = { kind: 'seq', items: [], range: [offset, offset + 1] };
          attach(seq);
          stack.push({ map: null, seq, key: null, keyIndex: null });
        },
        onArrayEnd: close,
        onLiteralValue(value: string | number | boolean | null, offset, length) {
          attach(new JsonScalar(value, [offset, offset + length], typeof value === 'string', text));
        },
        onError(error, offset) {
          errors.push({ message: describe(error), offset });
        },
      },
      OPTIONS,
    );
  } catch (error) {
    if (error instanceof TooDeep) errors.push(depthError(error.offset));
    else if (error instanceof RangeError) errors.push({ message: 'JSON nested too deeply to parse', offset: 0 });
    else errors.push({ message: `JSON parser failed: ${error instanceof Error ? error.message : String(error)}`, offset: 0 });
    return { root: null, errors, duplicateKeys: [], comments: [] };
  }
  return { root, errors, duplicateKeys, comments: [] };
}

/** `CommaExpected` -> `Comma expected`. */
function describe(code: ParseErrorCode): string {
  const words = jsonc!.printParseErrorCode(code).replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export class JsonScalar implements ScalarNode {
  readonly kind = 'scalar' as const;
  private map: Int32Array | number | null | undefined = undefined;
  private length = 0;

  constructor(
    readonly value: string | number | boolean | null,
    readonly range: Range,
    readonly isString: boolean,
    private readonly source: string,
  ) {}

  /** The scalar as written for numbers (`1.50` stays `1.50`), the decoded value for strings. */
  get text(): string {
    return typeof this.value === 'string' ? this.value : this.source.slice(this.range[0], this.range[1]);
  }

  offsetAt(index: number): number {
    let map = this.map;
    if (map === undefined) {
      const expected = typeof this.value === 'string' ? this.value : String(this.value);
      this.length = expected.length;
      map = this.map = mapJson(this.source, this.range, expected, this.isString);
    }
    return lookupOffset(map, index, this.length, this.range[0]);
  }
}

const JSON_ESCAPES: Record<string, number> = {
  '"': 0x22, '\\': 0x5c, '/': 0x2f, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09,
};

/**
 * Each decoded unit maps to its source character, or to the backslash of its escape. Exported
 * for fast-json.ts, whose scalars map offsets with this same code.
 */
export function mapJson(source: string, range: Range, expected: string, isString: boolean): Int32Array | number | null {
  const [start, end] = range;
  if (!isString) return source.slice(start, end) === expected ? start : null;
  if (source.charCodeAt(start) !== 0x22) return null;
  // An unterminated string token has no closing quote to drop.
  const last = end - 1 > start && source.charCodeAt(end - 1) === 0x22 ? end - 1 : end;
  const raw = source.slice(start + 1, last);
  if (raw === expected) return start + 1;
  const sink = new OffsetSink(expected, start + 1);
  for (let i = start + 1; i < last && sink.ok; i++) {
    const c = source.charCodeAt(i);
    if (c !== 0x5c) {
      sink.put(c, i, 1);
      continue;
    }
    const next = source[i + 1];
    const simple = next === undefined ? undefined : JSON_ESCAPES[next];
    if (simple !== undefined) {
      sink.put(simple, i, 2);
      i++;
    } else if (next === 'u') {
      const hex = source.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return null;
      sink.put(parseInt(hex, 16), i, 6);
      i += 5;
    } else {
      return null;
    }
  }
  return sink.finish();
}
