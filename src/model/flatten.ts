import { intrinsicName, type Node, type ScalarNode } from '../parse/nodes.ts';
import { OPAQUE } from './slots.ts';
import type { FlatPiece, FlatText } from './types.ts';

/**
 * Flattens a property value into the string CloudFormation would produce, with every part that is
 * not known statically (a Ref, a GetAtt, `${AWS::Region}` in a Sub) replaced by OPAQUE. CDK writes
 * URIs with `Fn::Join`, hand-written templates with `Fn::Sub`: both become one string whose slots
 * can be classified, while each literal piece keeps its way back to the source. The model passes
 * `intern` to share one string per distinct opaque description among the values it keeps.
 */
export function flatten(node: Node, intern: (text: string) => string = keep): FlatText {
  const packed: PackedPiece[] = [];
  const parts: string[] = [];
  let length = 0;

  const literal = (scalar: ScalarNode, from: number, to: number, value: string): void => {
    if (to <= from) return;
    packed.push(length, to - from, from, scalar);
    parts.push(value.slice(from, to));
    length += to - from;
  };
  const opaque = (what: string): void => {
    packed.push(length, 1, 0, intern(what));
    parts.push(OPAQUE);
    length += 1;
  };

  const visit = (current: Node, depth: number): void => {
    if (depth > 20) return opaque('deeply nested value');
    if (current.kind === 'scalar') {
      if (current.value === null) return;
      const value = String(current.value);
      return literal(current, 0, value.length, value);
    }
    const fn = intrinsicName(current);
    if (current.kind !== 'map' || !fn) return opaque('value');
    const argument = current.entries[0]!.value;
    switch (fn) {
      case 'Fn::Join': {
        if (argument.kind !== 'seq' || argument.items.length !== 2) return opaque(fn);
        const [delimiter, list] = argument.items as [Node, Node];
        if (delimiter.kind !== 'scalar' || list.kind !== 'seq') return opaque(fn);
        const separator = delimiter.value === null ? '' : String(delimiter.value);
        list.items.forEach((item, index) => {
          if (index > 0 && separator) {
            packed.push(length, separator.length, 0, null);
            parts.push(separator);
            length += separator.length;
          }
          visit(item, depth + 1);
        });
        return;
      }
      case 'Fn::Sub': {
        const template = argument.kind === 'seq' ? argument.items[0] : argument;
        if (template?.kind !== 'scalar' || typeof template.value !== 'string') return opaque(fn);
        return flattenSubTemplate(template, template.value, literal, opaque);
      }
      case 'Ref':
        return opaque(`Ref ${describe(argument)}`);
      default:
        return opaque(`${fn} ${describe(argument)}`);
    }
  };

  visit(node, 0);
  // join() makes one flat string; `+=` made a chain of string objects that the model then kept.
  return new PackedFlatText(parts.length === 1 ? parts[0]! : parts.join(''), packed);
}

const keep = (text: string): string => text;

/**
 * A piece as four slots of one array: where it starts in the flat text, its length, where it
 * starts in its scalar's decoded value, and what it is (the scalar of a literal piece, the
 * description of an opaque one, null for a Join separator).
 */
type PackedPiece = number | ScalarNode | string | null;
const STRIDE = 4;

/**
 * The model keeps a flattened value per integration URI, credentials ARN and permission field;
 * with an object per piece they were about a quarter of the objects a worst-case run keeps (and
 * the collector copies), so the pieces are packed and made into objects only when asked for.
 */
class PackedFlatText implements FlatText {
  constructor(
    readonly text: string,
    private readonly packed: readonly PackedPiece[],
  ) {}

  get pieces(): FlatPiece[] {
    const pieces: FlatPiece[] = [];
    for (let i = 0; i < this.packed.length; i += STRIDE) {
      const flatStart = this.packed[i] as number;
      const length = this.packed[i + 1] as number;
      const what = this.packed[i + 3]!;
      if (typeof what === 'string') pieces.push({ flatStart, length, opaque: what });
      else if (what === null) pieces.push({ flatStart, length });
      else pieces.push({ flatStart, length, scalar: what as ScalarNode, scalarStart: this.packed[i + 2] as number });
    }
    return pieces;
  }

  opaqueAt(index: number): string | undefined {
    for (let i = 0; i < this.packed.length; i += STRIDE) {
      const what = this.packed[i + 3];
      if (this.packed[i] === index && typeof what === 'string') return what;
    }
    return undefined;
  }

  indexOf(scalar: ScalarNode, index: number): number {
    for (let i = 0; i < this.packed.length; i += STRIDE) {
      if (this.packed[i + 3] !== scalar) continue;
      const offset = index - (this.packed[i + 2] as number);
      if (offset >= 0 && offset <= (this.packed[i + 1] as number)) return (this.packed[i] as number) + offset;
    }
    return -1;
  }
}

function flattenSubTemplate(
  scalar: ScalarNode,
  value: string,
  literal: (scalar: ScalarNode, from: number, to: number, value: string) => void,
  opaque: (what: string) => void,
): void {
  let cursor = 0;
  for (const match of value.matchAll(/\$\{([^}]*)\}/g)) {
    const start = match.index;
    const inner = match[1]!;
    if (inner.startsWith('!')) {
      // `${!x}` is CloudFormation's escape for a literal `${x}`: keep it, minus the `!`.
      literal(scalar, cursor, start + 2, value);
      literal(scalar, start + 3, start + match[0].length, value);
    } else if (/^stageVariables\b/i.test(inner.trim())) {
      // Not valid inside Sub (sub-escape reports it), but it is what the author means to send.
      literal(scalar, cursor, start + match[0].length, value);
    } else {
      literal(scalar, cursor, start, value);
      opaque(inner);
    }
    cursor = start + match[0].length;
  }
  literal(scalar, cursor, value.length, value);
}

function describe(node: Node): string {
  if (node.kind === 'scalar') return String(node.value);
  if (node.kind === 'seq') return node.items.map(describe).join('.');
  return '...';
}
