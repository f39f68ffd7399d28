// The document tree every later layer reads: one shape for YAML and JSON, with source offsets.
// CloudFormation short-form tags are already turned into their long form (`!Sub x` is a map
// `{ "Fn::Sub": x }` whose key points at the tag), so the model never sees YAML tags.

/** Half-open source range in UTF-16 code units of the document text (BOM removed). */
export type Range = readonly [start: number, end: number];

export interface ScalarNode {
  readonly kind: 'scalar';
  /** The decoded value: strings as strings, YAML/JSON numbers, booleans and null as such. */
  readonly value: string | number | boolean | null;
  readonly range: Range;
  /**
   * Source offset of the decoded character at `index` of `String(value)`; `index === length`
   * gives the offset just after the last character. Falls back to the node start when the
   * scalar style makes an exact position impossible.
   */
  offsetAt(index: number): number;
  /** True when the text was written as a string (quoted or plain text that is not a number/bool). */
  readonly isString: boolean;
}

export interface MapEntry {
  readonly key: ScalarNode;
  readonly value: Node;
}

export interface MapNode {
  readonly kind: 'map';
  readonly entries: readonly MapEntry[];
  readonly range: Range;
  /** True when this map stands for a YAML short-form tag such as `!Sub`. */
  readonly fromTag?: boolean;
}

export interface SeqNode {
  readonly kind: 'seq';
  readonly items: readonly Node[];
  readonly range: Range;
}

/** A YAML alias (`*name`). Never expanded: CloudFormation does not support them. */
export interface AliasNode {
  readonly kind: 'alias';
  readonly name: string;
  readonly range: Range;
}

export type Node = ScalarNode | MapNode | SeqNode | AliasNode;

export function getEntry(map: Node | undefined, key: string): MapEntry | undefined {
  if (!map || map.kind !== 'map') return undefined;
  for (const entry of map.entries) if (entry.key.value === key) return entry;
  return undefined;
}

export function get(map: Node | undefined, key: string): Node | undefined {
  return getEntry(map, key)?.value;
}

/** Follows a path of map keys and sequence indices. */
export function getPath(node: Node | undefined, path: readonly (string | number)[]): Node | undefined {
  let current = node;
  for (const step of path) {
    if (!current) return undefined;
    if (typeof step === 'number') current = current.kind === 'seq' ? current.items[step] : undefined;
    else current = get(current, step);
  }
  return current;
}

export function stringValue(node: Node | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** The single `Fn::X`/`Ref` key of an intrinsic function map, or undefined. */
export function intrinsicName(node: Node | undefined): string | undefined {
  if (!node || node.kind !== 'map' || node.entries.length !== 1) return undefined;
  const key = node.entries[0]!.key.value;
  if (typeof key !== 'string') return undefined;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

/**
 * The YAML aliases of a tree in document order, found without following them: the tree keeps
 * them as nodes, so an alias bomb stays as small as its text.
 */
export function findAliases(root: Node | null): AliasNode[] {
  const aliases: AliasNode[] = [];
  const stack: Node[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'alias') aliases.push(node);
    else if (node.kind === 'seq') for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]!);
    else if (node.kind === 'map') {
      for (let i = node.entries.length - 1; i >= 0; i--) stack.push(node.entries[i]!.value);
    }
  }
  return aliases;
}

/**
 * Every string scalar value under `root`, depth-first and iterative (hostile nesting cannot
 * overflow the stack). `enter` decides whether a map's values are visited: callers skip the
 * arguments of intrinsic functions that name things rather than hold text.
 */
export function stringValues(root: Node, enter: (map: MapNode) => boolean = () => true): string[] {
  const strings: string[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'scalar') {
      if (typeof node.value === 'string') strings.push(node.value);
    } else if (node.kind === 'seq') {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]!);
    } else if (node.kind === 'map' && enter(node)) {
      for (let i = node.entries.length - 1; i >= 0; i--) stack.push(node.entries[i]!.value);
    }
  }
  return strings;
}
