import { intrinsicName, type Node, type ScalarNode } from '../parse/nodes.ts';
import { OPAQUE } from './slots.ts';
import type { FlatPiece, FlatText } from './types.ts';

/**
 * Flattens a property value into the string CloudFormation would produce, with every part that is
 * not known statically (a Ref, a GetAtt, `${AWS::Region}` in a Sub) replaced by OPAQUE. CDK writes
 * URIs with `Fn::Join`, hand-written templates with `Fn::Sub`: both become one string whose slots
 * can be classified, while each literal piece keeps its way back to the source.
 */
export function flatten(node: Node): FlatText {
  const pieces: FlatPiece[] = [];
  let text = '';

  const literal = (scalar: ScalarNode, from: number, to: number, value: string): void => {
    if (to <= from) return;
    pieces.push({ flatStart: text.length, length: to - from, scalar, scalarStart: from });
    text += value.slice(from, to);
  };
  const opaque = (what: string): void => {
    pieces.push({ flatStart: text.length, length: 1, opaque: what });
    text += OPAQUE;
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
            pieces.push({ flatStart: text.length, length: separator.length });
            text += separator;
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
  return { text, pieces };
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

/** Index in the flat text of `index` within `scalar`'s decoded value, or -1 when it is not in it. */
export function flatIndexOf(flat: FlatText, scalar: ScalarNode, index: number): number {
  for (const piece of flat.pieces) {
    if (piece.scalar !== scalar) continue;
    const offset = index - piece.scalarStart!;
    if (offset >= 0 && offset <= piece.length) return piece.flatStart + offset;
  }
  return -1;
}

/** The text of the literal parts only, in order, with OPAQUE markers (for messages). */
export function readableFlatText(flat: FlatText): string {
  let out = '';
  for (const piece of flat.pieces) {
    if (piece.opaque !== undefined) out += `{${piece.opaque}}`;
    else out += flat.text.slice(piece.flatStart, piece.flatStart + piece.length);
  }
  return out;
}
