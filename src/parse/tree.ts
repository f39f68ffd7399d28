// What both parsers hand to the rest of the linter, plus the few node classes they share.

import type { MapEntry, Node, Range, ScalarNode } from './nodes.ts';

export interface ParseProblem {
  message: string;
  /** Offset into the parsed text. */
  offset: number;
}

/** A YAML `# ...` comment; `text` is everything after the `#`. */
export interface Comment {
  text: string;
  range: Range;
}

export interface DuplicateKey {
  key: ScalarNode;
  /** The earlier key with the same name. */
  first: ScalarNode;
}

export interface ParsedTree {
  /** Null when the text has no document, or a fatal error prevents one. */
  root: Node | null;
  /** Fatal: the file is not valid YAML/JSON. The first one is the one shown to the user. */
  errors: ParseProblem[];
  /** CloudFormation rejects duplicate keys, so they are collected for a rule to report. */
  duplicateKeys: DuplicateKey[];
  /** YAML only; always empty for JSON. */
  comments: Comment[];
}

/**
 * Deepest nesting accepted, counting each map, sequence and `!Tag` map as a level. Real
 * templates stay under 30. yaml's recursive composer overflows at 700-1,000 levels (it varies
 * with JIT state) and later layers walk the tree recursively too, so a document deeper than
 * this is refused with an error, the same way for YAML and JSON.
 */
export const MAX_DEPTH = 500;

export function depthError(offset: number): ParseProblem {
  return { message: `nesting deeper than ${MAX_DEPTH} levels`, offset };
}

/**
 * A scalar that does not come from a scalar in the source: the `Fn::Sub` key standing for a
 * `!Sub` tag, the null value of a key written without one, or a complex YAML key flattened to
 * its source text. When `verbatim` is set the value is an exact slice of the source at
 * `range[0]`, so positions inside it are exact too.
 */
export class SyntheticScalar implements ScalarNode {
  readonly kind = 'scalar' as const;
  readonly isString: boolean;

  constructor(
    readonly value: string | null,
    readonly range: Range,
    private readonly verbatim = false,
  ) {
    this.isString = typeof value === 'string';
  }

  offsetAt(index: number): number {
    if (!this.verbatim || this.value === null) return this.range[0];
    return this.range[0] + clampIndex(index, this.value.length);
  }
}

/**
 * The scalar as written, before YAML/JSON type resolution: `012` gives "012" although its
 * value is the number 12, `1.0` in JSON gives "1.0". Strings give their decoded value.
 */
export function scalarText(node: ScalarNode): string {
  const text = (node as { text?: unknown }).text;
  if (typeof text === 'string') return text;
  return node.value === null ? '' : String(node.value);
}

export function clampIndex(index: number, length: number): number {
  return index < 0 ? 0 : index > length ? length : index;
}

/**
 * Accumulates the source offset of each decoded UTF-16 unit while checking it against the value
 * the parser produced. The check is the whole safety net of the offset mappers: any divergence
 * from the parser's own decoding (a style we mis-ported, invalid input the parser repaired) makes
 * `finish()` return null and the scalar falls back to its start offset.
 */
export class OffsetSink {
  private readonly out: Int32Array;
  private n = 0;
  private end: number;
  ok = true;

  constructor(
    private readonly expected: string,
    start: number,
  ) {
    this.out = new Int32Array(expected.length + 1);
    this.end = start;
  }

  /** `width` is how much source the unit consumed; it only matters for the end offset. */
  put(code: number, offset: number, width: number): void {
    if (!this.ok) return;
    if (this.n >= this.expected.length || this.expected.charCodeAt(this.n) !== code) {
      this.ok = false;
      return;
    }
    this.out[this.n++] = offset;
    this.end = offset + width;
  }

  /** Copies `source[from, to)` verbatim; `base` is the text offset of `source[0]`. */
  copy(source: string, from: number, to: number, base: number): void {
    for (let i = from; i < to && this.ok; i++) this.put(source.charCodeAt(i), base + i, 1);
  }

  /** The last code unit written, or -1. */
  get last(): number {
    return this.n === 0 ? -1 : this.expected.charCodeAt(this.n - 1);
  }

  finish(): Int32Array | null {
    if (!this.ok || this.n !== this.expected.length) return null;
    this.out[this.n] = this.end;
    return this.out;
  }
}

/**
 * Shared lazy lookup: `map` is undefined until first use, then a table, an identity base
 * (the value is a verbatim slice of the source starting there) or null (fallback to start).
 */
export function lookupOffset(map: Int32Array | number | null, index: number, length: number, start: number): number {
  if (map === null) return start;
  const i = clampIndex(index, length);
  return typeof map === 'number' ? map + i : map[i]!;
}

/** The name a key is compared by: CloudFormation turns `1` and `"1"` into the same key. */
function keyName(key: ScalarNode): string {
  const v = key.value;
  return typeof v === 'string' ? v : String(v);
}

/**
 * Records `key` (about to be appended to `entries`) as a duplicate when an earlier entry has
 * the same name. Small maps are scanned; from 8 entries on, an index is built once and
 * returned, to be passed back on the next call for the same map. Linear overall either way.
 */
export function noteKey(
  entries: readonly MapEntry[],
  key: ScalarNode,
  index: Map<string, ScalarNode> | null,
  duplicates: DuplicateKey[],
): Map<string, ScalarNode> | null {
  const name = keyName(key);
  if (index === null) {
    if (entries.length < 8) {
      for (const entry of entries) {
        if (keyName(entry.key) === name) {
          duplicates.push({ key, first: entry.key });
          break;
        }
      }
      return null;
    }
    index = new Map();
    for (const entry of entries) {
      const n = keyName(entry.key);
      if (!index.has(n)) index.set(n, entry.key);
    }
  }
  const first = index.get(name);
  if (first) duplicates.push({ key, first });
  else index.set(name, key);
  return index;
}
