// Compact collection nodes for the fast parsers (fast-yaml.ts, fast-json.ts).
//
// A tree of a 2,000-line template has about 10,000 nodes. The model lets each tree go once it
// has read it, but the nodes it keeps (the scalars references point at) and the tree being read
// still decide much of the memory and garbage-collection time. These nodes hold their offsets as
// numbers and build the `range` array only when asked (few nodes ever are: the ones a finding
// points at); `kind` lives on the prototype. They satisfy the same interfaces as the nodes
// yaml.ts and json.ts build.

import type { MapEntry, MapNode, Node, Range, ScalarNode, SeqNode } from './nodes.ts';
import { lookupOffset } from './tree.ts';

/**
 * Builds a scalar's offset table from its source (see lookupOffset for the states), or null for
 * "the start". One per format: JSON and YAML escape and fold text differently.
 */
export type OffsetMapper = (source: string, start: number, end: number, expected: string, isString: boolean) => Int32Array | number | null;

/**
 * A scalar held as offsets; its offset table is built on the first `offsetAt` call by the
 * format's mapper, since most scalars are never asked for a position. One class for both fast
 * parsers, the format being a field: with a subclass per format, every function of the model that
 * reads scalars saw two object shapes, and V8 threw away and recompiled the code it had optimized
 * for JSON scalars when the first YAML scalar came (docs/performance.md).
 */
export class FastScalar implements ScalarNode {
  declare readonly kind: 'scalar';
  /** undefined until the first offsetAt call; see lookupOffset for the other states. */
  private map: Int32Array | number | null | undefined = undefined;

  constructor(
    readonly value: string | number | boolean | null,
    // Mutable only for fast-yaml.ts's pass over CRLF documents.
    public startOffset: number,
    public endOffset: number,
    private readonly source: string,
    private readonly mapper: OffsetMapper,
  ) {}

  get range(): Range {
    return [this.startOffset, this.endOffset];
  }

  get isString(): boolean {
    return typeof this.value === 'string';
  }

  /** The text before type resolution (`012`, `1.50` as written), the decoded value for strings. */
  get text(): string {
    return typeof this.value === 'string' ? this.value : this.source.slice(this.startOffset, this.endOffset);
  }

  offsetAt(index: number): number {
    const expected = typeof this.value === 'string' ? this.value : String(this.value);
    let map = this.map;
    if (map === undefined) map = this.map = this.mapper(this.source, this.startOffset, this.endOffset, expected, this.isString);
    return lookupOffset(map, index, expected.length, this.startOffset);
  }
}
Object.defineProperty(FastScalar.prototype, 'kind', { value: 'scalar' });

/**
 * A map entry. A class, not a `{ key, value }` literal: V8 watches each object literal's
 * allocation site, and when the entries it sees at a young-generation collection mostly survive
 * (the template being read is still in use), it allocates every later entry of that site directly
 * in the old generation, where dead trees then pile up until a full collection. With the literal,
 * the worst-case benchmark's peak memory was 263-278 MB in two runs of three and 303-366 MB in the
 * third; with the class, 262-272 MB in 20 runs of 20, and a little faster (docs/performance.md).
 */
export class FastEntry implements MapEntry {
  constructor(
    readonly key: ScalarNode,
    readonly value: Node,
  ) {}
}

export class FastMap implements MapNode {
  declare readonly kind: 'map';
  readonly entries: MapEntry[];

  constructor(
    entries: MapEntry[],
    // Mutable only for fast-yaml.ts's pass over CRLF documents.
    public startOffset: number,
    public endOffset: number,
    readonly fromTag: boolean,
  ) {
    this.entries = exactSize(entries);
  }

  get range(): Range {
    return [this.startOffset, this.endOffset];
  }
}
Object.defineProperty(FastMap.prototype, 'kind', { value: 'map' });

export class FastSeq implements SeqNode {
  declare readonly kind: 'seq';
  readonly items: Node[];

  constructor(
    items: Node[],
    public startOffset: number,
    public endOffset: number,
  ) {
    this.items = exactSize(items);
  }

  get range(): Range {
    return [this.startOffset, this.endOffset];
  }
}
Object.defineProperty(FastSeq.prototype, 'kind', { value: 'seq' });

/**
 * An array filled by `push` keeps room for at least 16 elements, and most maps of a template
 * have one to three entries: a copy of the right size keeps the parse's memory about a fifth
 * smaller. The copy is young garbage, cheap to collect.
 */
function exactSize<T>(list: T[]): T[] {
  return list.length <= 16 ? list.slice() : list;
}

/**
 * A node's source offsets without building a `range` array, which a fast node does on every
 * read: the model's scan asks every node it passes.
 */
export function startOf(node: Node): number {
  return node instanceof FastScalar || node instanceof FastMap || node instanceof FastSeq ? node.startOffset : node.range[0];
}

export function endOf(node: Node): number {
  return node instanceof FastScalar || node instanceof FastMap || node instanceof FastSeq ? node.endOffset : node.range[1];
}
