// Compact collection nodes for the fast parsers (fast-yaml.ts, fast-json.ts).
//
// A tree of a 2,000-line template has about 10,000 nodes and the whole run keeps every tree in
// memory (the model is cross-file), so node size decides peak memory and garbage-collection
// time. These nodes hold their offsets as numbers and build the `range` array only when asked
// (few nodes ever are: the ones a finding or the model points at); `kind` lives on the
// prototype. They satisfy the same interfaces as the nodes yaml.ts and json.ts build.

import type { MapEntry, MapNode, Node, Range, SeqNode } from './nodes.ts';

export class FastMap implements MapNode {
  declare readonly kind: 'map';

  constructor(
    readonly entries: MapEntry[],
    readonly startOffset: number,
    readonly endOffset: number,
    readonly fromTag: boolean,
  ) {}

  get range(): Range {
    return [this.startOffset, this.endOffset];
  }
}
Object.defineProperty(FastMap.prototype, 'kind', { value: 'map' });

export class FastSeq implements SeqNode {
  declare readonly kind: 'seq';

  constructor(
    readonly items: Node[],
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  get range(): Range {
    return [this.startOffset, this.endOffset];
  }
}
Object.defineProperty(FastSeq.prototype, 'kind', { value: 'seq' });
