// Helpers shared by the placement rules (placeholder-position, malformed-reference, sub-escape,
// value-shape): what a reference looks like to API Gateway, where it sits, and safe fix spans.
import path from 'node:path';
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
