// Helpers shared by the placement rules (placeholder-position, malformed-reference, sub-escape,
// value-shape): what a reference looks like to API Gateway, where it sits, and safe fix spans.
import path from 'node:path';
import { intrinsicName, type MapNode, type Node, type ScalarNode } from '../../src/parse/nodes.ts';
import type { ApiKind, Position, Reference, SourceDocument, Span } from '../../src/model/types.ts';

/** Positions that hold a URI or an ARN: API Gateway substitutes only `${stageVariables.x}` there. */
export const URI_POSITIONS: ReadonlySet<Position> = new Set<Position>([
  'integration-uri',
  'credentials',
  'connection-id',
  'authorizer-uri',
  'authorizer-credentials',
]);

/** The reference as written in the decoded string (`${stageVariables.x}`, `$stageVariables['x']`...). */
export function tokenText(reference: Reference): string {
  return String(reference.node.value).slice(reference.token.start, reference.token.end);
}

/** Shortens template text quoted in a message; a reference is never a secret, but a line can be long. */
export function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A reference's syntax as API Gateway sees it; `quiet` is Velocity's `$!…` in either form. */
export type EffectiveSyntax = 'braced' | 'dollar' | 'bracket' | 'bare' | 'quiet';

/**
 * The syntax API Gateway will see once CloudFormation has processed the string:
 * `${!stageVariables.x}` inside Fn::Sub becomes `${stageVariables.x}`. Null for an escaped token
 * outside Fn::Sub, which reaches API Gateway with its `!` (sub-escape reports it).
 */
export function effectiveSyntax(reference: Reference): EffectiveSyntax | null {
  const { token } = reference;
  if (token.quiet) return 'quiet';
  if (token.syntax === 'sub-escaped') {
    if (reference.subContext !== 'sub-template') return null;
    return tokenText(reference).includes('[') ? 'bracket' : 'braced';
  }
  return token.syntax;
}

/** The API kind, and whether it was guessed (a standalone OpenAPI file says nothing about it). */
export function apiKindOf(reference: Reference): { kind: ApiKind; guessed: boolean } | undefined {
  const api = reference.api;
  if (!api) return undefined;
  return { kind: api.kind, guessed: api.logicalId === undefined };
}

export function apiLabel(kind: ApiKind): string {
  return kind === 'rest' ? 'REST API' : kind === 'http' ? 'HTTP API' : 'WebSocket API';
}

/** `a REST API`, `an HTTP API`, `a WebSocket API`. */
export function anApi(kind: ApiKind): string {
  return `${kind === 'http' ? 'an' : 'a'} ${apiLabel(kind)}`;
}

/**
 * The source span of the decoded characters [from, to) (not empty) of the reference's scalar, only when the
 * source spells exactly those characters there. Escapes (`\u0024`, `\"`), folded lines and
 * fallback offsets make the mapping inexact; a fix built on an inexact span would corrupt the
 * file, so callers offer no fix then.
 */
export function exactSourceSpan(reference: Reference, from: number, to: number): Span | undefined {
  const { node } = reference;
  const value = String(node.value);
  if (from < 0 || to <= from || to > value.length) return undefined;
  const document = reference.span.document;
  const start = node.offsetAt(from);
  const end = node.offsetAt(to - 1) + 1;
  if (end - start !== to - from || document.text.slice(start, end) !== value.slice(from, to)) return undefined;
  return { document, start, end };
}

/** Where a reference is, for a message about something in another place: `line 12` or `openapi.yaml:12`. */
export function describeLocation(reference: Reference, from: SourceDocument): string {
  const document = reference.span.document;
  const { line } = document.lines.position(reference.span.start);
  if (document === from) return `line ${line}`;
  const relative = path.relative(path.dirname(from.filePath), document.filePath).split(path.sep).join('/');
  return `${relative}:${line}`;
}

interface DocumentIndex {
  /** Each node's parent and its key (or index) there; a path is rebuilt on demand, so memory stays linear in depth. */
  parents: Map<Node, { parent: Node; key: string }>;
  /** Fn::Sub template strings, with the variable map of the list form when it has one. */
  subTemplates: Map<ScalarNode, MapNode | undefined>;
}

const indexes = new WeakMap<SourceDocument, DocumentIndex>();

function indexOf(document: SourceDocument): DocumentIndex {
  let index = indexes.get(document);
  if (index) return index;
  index = { parents: new Map(), subTemplates: new Map() };
  // Iterative: hostile nesting must not overflow the stack.
  const stack: Node[] = document.tree.root ? [document.tree.root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'map') {
      if (intrinsicName(node) === 'Fn::Sub') {
        const argument = node.entries[0]!.value;
        const template = argument.kind === 'seq' ? argument.items[0] : argument;
        const variables = argument.kind === 'seq' ? argument.items[1] : undefined;
        if (template?.kind === 'scalar') index.subTemplates.set(template, variables?.kind === 'map' ? variables : undefined);
      }
      for (const entry of node.entries) {
        index.parents.set(entry.value, { parent: node, key: String(entry.key.value) });
        stack.push(entry.value);
      }
    } else if (node.kind === 'seq') {
      node.items.forEach((item, i) => {
        index.parents.set(item, { parent: node, key: String(i) });
        stack.push(item);
      });
    }
  }
  indexes.set(document, index);
  return index;
}

/** The key path of the reference's scalar in its document, or undefined (a string inside a JSON string). */
export function keyPath(reference: Reference): readonly string[] | undefined {
  const { parents } = indexOf(reference.span.document);
  const root = reference.span.document.tree.root;
  const keys: string[] = [];
  let node: Node = reference.node;
  while (node !== root) {
    const link = parents.get(node);
    if (!link) return undefined;
    keys.push(link.key);
    node = link.parent;
  }
  return keys.reverse();
}

/** Is the scalar the template string of an Fn::Sub, and with which variable map? */
export function subTemplateOf(reference: Reference): { variables: MapNode | undefined } | undefined {
  const index = indexOf(reference.span.document);
  if (!index.subTemplates.has(reference.node)) return undefined;
  return { variables: index.subTemplates.get(reference.node) };
}
