import path from 'node:path';
import { parseJson } from '../parse/json.ts';
import { parseYaml } from '../parse/yaml.ts';
import { parseJsonFast } from '../parse/fast-json.ts';
import { parseYamlFast } from '../parse/fast-yaml.ts';
import { LineIndex } from '../parse/lines.ts';
import { scalarText } from '../parse/tree.ts';
import { findAliases, get, stringValue, type Node, type ScalarNode } from '../parse/nodes.ts';
import type { DocumentKind, ParsedDocument } from './types.ts';

/** A comment that starts like a stagevar-lint directive (`# stagevar-lint-disable-line …`): the name, then the rest. */
export const DIRECTIVE_COMMENT = /^\s*(stagevar-lint-\S*)(.*)$/s;

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/**
 * Parses text into a document: JSON when it looks like JSON, else YAML. Each format has a fast
 * parser for the common case that falls back to the full parser (the trees are identical);
 * `reference` uses the full parsers only, the reference the fast path is tested against.
 */
export function createDocument(filePath: string, text: string, reference = false): ParsedDocument {
  const yaml = (source: string) => (reference ? null : parseYamlFast(source)) ?? parseYaml(source);
  let format: 'json' | 'yaml' = looksLikeJson(filePath, text) ? 'json' : 'yaml';
  let tree = format === 'json' ? (reference ? null : parseJsonFast(text)) ?? parseJson(text) : yaml(text);
  // Text that starts like JSON but is not valid JSON may still be YAML (flow style with comments).
  if (format === 'json' && tree.errors.length > 0) {
    const asYaml = yaml(text);
    if (asYaml.errors.length === 0) {
      tree = asYaml;
      format = 'yaml';
    }
  }
  const document = {
    filePath,
    text,
    lines: new LineIndex(text),
    format,
    kind: tree.errors.length > 0 ? 'not-template' : classifyTemplate(tree.root, filePath),
    syntax: {
      errors: tree.errors,
      duplicateKeys: tree.duplicateKeys,
      // Templates are full of comments; the engine reads only these, so only these are kept.
      directiveComments: tree.comments.filter((comment) => DIRECTIVE_COMMENT.test(comment.text)),
      // An alias is spelled `*name`: most templates need no walk for them.
      aliases: text.includes('*') ? findAliases(tree.root) : [],
    },
  } as const;
  return { document, root: tree.root };
}

function looksLikeJson(filePath: string, text: string): boolean {
  const first = text.match(/^\s*(\S)/)?.[1];
  return first === '{' || (first === '[' && filePath.endsWith('.json'));
}

/** Classifies by content, not by name. */
export function classifyTemplate(root: Node | null, _filePath: string): DocumentKind {
  if (!root || root.kind !== 'map') return 'not-template';
  if (isSam(root)) return 'sam';
  if (get(root, 'AWSTemplateFormatVersion') !== undefined || hasAwsResources(root)) return 'cloudformation';
  const openapi = get(root, 'openapi') ?? get(root, 'swagger');
  if (openapi?.kind === 'scalar' && get(root, 'paths')?.kind === 'map') return 'openapi';
  return 'not-template';
}

function isSam(root: Node): boolean {
  const transform = get(root, 'Transform');
  if (!transform) return false;
  if (stringValue(transform) === SAM_TRANSFORM) return true;
  return transform.kind === 'seq' && transform.items.some((item) => stringValue(item) === SAM_TRANSFORM);
}

function hasAwsResources(root: Node): boolean {
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map') return false;
  return resources.entries.some((entry) => {
    const type = stringValue(get(entry.value, 'Type'));
    return type !== undefined && (type.startsWith('AWS::') || type.startsWith('Custom::'));
  });
}

/** A cheap text check for files that failed to parse: do they look like they were meant as templates? */
export function looksLikeTemplateText(text: string): boolean {
  return /AWSTemplateFormatVersion|\bAWS::[A-Za-z0-9]+::|^\s*["']?(swagger|openapi)["']?\s*:|x-amazon-apigateway-/m.test(text);
}

/**
 * A JSON document held in a string (ApiGatewayV2 `StageVariables`, `RequestParameters`...):
 * parsed, with every position mapped back through the outer scalar to the file.
 */
export function parseEmbeddedJson(outer: ScalarNode): Node | undefined {
  if (typeof outer.value !== 'string' || !/^\s*\{/.test(outer.value)) return undefined;
  const tree = parseJson(outer.value);
  if (tree.errors.length > 0 || !tree.root) return undefined;
  return rebase(tree.root, outer);
}

function rebase(node: Node, outer: ScalarNode): Node {
  const range = [outer.offsetAt(node.range[0]), outer.offsetAt(node.range[1])] as const;
  switch (node.kind) {
    case 'scalar':
      return {
        kind: 'scalar',
        value: node.value,
        isString: node.isString,
        range,
        offsetAt: (index: number) => outer.offsetAt(node.offsetAt(index)),
      };
    case 'map':
      return {
        kind: 'map',
        range,
        entries: node.entries.map((entry) => ({ key: rebase(entry.key, outer) as ScalarNode, value: rebase(entry.value, outer) })),
      };
    case 'seq':
      return { kind: 'seq', range, items: node.items.map((item) => rebase(item, outer)) };
    case 'alias':
      return { ...node, range };
  }
}

/** Literal text of a scalar: strings decoded, numbers as written (`1.10` stays `1.10`), null empty. */
export function literalText(scalar: ScalarNode): string {
  if (typeof scalar.value === 'string') return scalar.value;
  return scalar.value === null ? '' : scalarText(scalar);
}

export function displayPath(filePath: string, cwd: string): string {
  const relative = path.relative(cwd, filePath);
  return relative && !relative.startsWith('..') ? relative.split(path.sep).join('/') : filePath;
}

