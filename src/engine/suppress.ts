// Suppressing a justified finding where it stands. Two forms, both requiring a reason:
//
// - YAML comments (the CLI and the programmatic API; ESLint users write `# eslint-disable…`):
//     # stagevar-lint-disable-next-line <rule>[, <rule>] -- <reason>
//     Uri: http://${stageVariables.host}/   # stagevar-lint-disable-line <rule> -- <reason>
// - A resource's Metadata, for JSON templates and whole resources (in every front end):
//     Metadata: { stagevar-lint: { ignore: [{ rule: <rule>, reason: <reason> }] } }
//
// A suppressed finding stays in the results with `suppressions` (SARIF shows it; the counts and
// the other formats leave it out). A suppression that is malformed suppresses nothing and is
// reported as an error; one that suppresses nothing is reported as `reportUnused` says.
import { rules as allRules } from '../../rules/index.ts';
import { DIRECTIVE_COMMENT } from '../model/documents.ts';
import type { ProjectModel, SourceDocument, Span, TemplateInfo } from '../model/types.ts';
import { get, getEntry, type Node } from '../parse/nodes.ts';
import type { LintMessage, SeverityName } from './types.ts';

export const DEFAULT_REPORT_UNUSED_SUPPRESSIONS: SeverityName = 'warn';

const NEXT_LINE = 'stagevar-lint-disable-next-line';
const SAME_LINE = 'stagevar-lint-disable-line';
const METADATA_KEY = 'stagevar-lint';

export interface SuppressionOptions {
  /** Honour `# stagevar-lint-disable-…` comments. */
  directiveComments: boolean;
  /** Severity of suppressions that suppress nothing. */
  reportUnused: SeverityName;
  knownRules: ReadonlySet<string>;
  locate: (span: Span) => Pick<LintMessage, 'line' | 'column' | 'endLine' | 'endColumn'>;
}

interface Suppression {
  /** Known rule ids it names. */
  rules: readonly string[];
  reason: string;
  covers: (message: LintMessage) => boolean;
  used: Set<string>;
  /** Where an unused suppression is reported. */
  span: Span;
  unusedMessage: (rule: string) => string;
}

/**
 * `messages` are one document's findings; returns them with matching ones marked suppressed,
 * followed by the problems found in the suppressions themselves.
 */
export function applySuppressions(
  document: SourceDocument,
  template: TemplateInfo | undefined,
  messages: readonly LintMessage[],
  options: SuppressionOptions,
): LintMessage[] {
  const suppressions: Suppression[] = [];
  const problems: LintMessage[] = [];
  const problem = (span: Span, message: string): void => {
    problems.push({ ruleId: null, severity: 2, message, ...options.locate(span) });
  };
  if (document.kind === 'not-template') return [...messages];
  if (options.directiveComments) collectComments(document, options.knownRules, suppressions, problem);
  if (template) collectMetadata(template, options.knownRules, suppressions, problem);
  if (suppressions.length === 0) return [...messages, ...problems];

  const result = messages.map((message) => {
    const ruleId = message.ruleId;
    if (ruleId === null || message.fatal || message.suppressions) return message;
    const matching = suppressions.filter((suppression) => suppression.rules.includes(ruleId) && suppression.covers(message));
    if (matching.length === 0) return message;
    for (const suppression of matching) suppression.used.add(ruleId);
    return { ...message, suppressions: matching.map((suppression) => ({ kind: 'inSource' as const, justification: suppression.reason })) };
  });
  if (options.reportUnused !== 'off') {
    const severity = options.reportUnused === 'error' ? 2 : 1;
    for (const suppression of suppressions) {
      for (const rule of suppression.rules) {
        if (suppression.used.has(rule)) continue;
        result.push({ ruleId: null, severity, message: suppression.unusedMessage(rule), ...options.locate(suppression.span) });
      }
    }
  }
  return [...result, ...problems];
}

/**
 * For front ends that run one rule at a time and have comment directives of their own (the
 * ESLint plugin): whether `document`'s resource Metadata suppresses a finding. Problems in the
 * suppressions themselves, and unused ones, are reported by the CLI.
 */
export function suppressedByMetadata(model: ProjectModel, document: SourceDocument): (message: LintMessage) => boolean {
  const template = model.templates.find((candidate) => candidate.document === document);
  if (!template) return () => false;
  const suppressions: Suppression[] = [];
  collectMetadata(template, new Set(allRules.map((rule) => rule.meta.id)), suppressions, () => {});
  return (message) => {
    const ruleId = message.ruleId;
    return ruleId !== null && suppressions.some((suppression) => suppression.rules.includes(ruleId) && suppression.covers(message));
  };
}

function collectComments(
  document: SourceDocument,
  knownRules: ReadonlySet<string>,
  suppressions: Suppression[],
  problem: (span: Span, message: string) => void,
): void {
  for (const comment of document.syntax.directiveComments) {
    // Only comments that start with the directive prefix: prose that mentions the tool is not one.
    const match = DIRECTIVE_COMMENT.exec(comment.text);
    if (!match) continue;
    const name = match[1]!;
    const rest = match[2]!;
    const span: Span = { document, start: comment.range[0], end: comment.range[1] };
    if (name !== NEXT_LINE && name !== SAME_LINE) {
      problem(span, `Unknown directive "${name}"; use ${NEXT_LINE} or ${SAME_LINE} with the rules and " -- <reason>". It suppresses nothing.`);
      continue;
    }
    const separator = /(?:^|\s)--(?:\s|$)/.exec(rest);
    const ruleIds = (separator ? rest.slice(0, separator.index) : rest).split(/[\s,]+/).filter(Boolean);
    const reason = separator ? rest.slice(separator.index + separator[0].length).trim() : '';
    if (ruleIds.length === 0) {
      problem(span, `${name} must name the rules it disables: # ${name} <rule>[, <rule>] -- <reason>. It suppresses nothing.`);
      continue;
    }
    if (reason === '') {
      problem(span, `${name} needs a reason: add " -- <why this finding is acceptable>". Without one it suppresses nothing.`);
      continue;
    }
    const rules = ruleIds.filter((id) => {
      if (knownRules.has(id)) return true;
      problem(span, `Unknown rule "${id}" in ${name}.`);
      return false;
    });
    if (rules.length === 0) continue;
    const line = document.lines.position(comment.range[0]).line + (name === NEXT_LINE ? 1 : 0);
    suppressions.push({
      rules,
      reason,
      covers: (message) => message.line === line,
      used: new Set(),
      span,
      unusedMessage: (rule) => `Unused ${name} directive: no "${rule}" finding on line ${line}.`,
    });
  }
}

function collectMetadata(
  template: TemplateInfo,
  knownRules: ReadonlySet<string>,
  suppressions: Suppression[],
  problem: (span: Span, message: string) => void,
): void {
  const document = template.document;
  const spanOf = (node: { range: readonly [number, number] }): Span => ({ document, start: node.range[0], end: node.range[1] });
  const templateLevel = getEntry(template.metadata, METADATA_KEY);
  if (templateLevel) {
    problem(spanOf(templateLevel.key), `Metadata "${METADATA_KEY}" is read in resources only; move it into the Metadata of the resource whose findings it suppresses. It suppresses nothing here.`);
  }
  for (const [logicalId, resource] of template.resources) {
    const entry = getEntry(resource.metadata, METADATA_KEY);
    if (!entry) continue;
    const where = `Metadata "${METADATA_KEY}" of ${logicalId}`;
    const shape = `{ ignore: [{ rule: <rule>, reason: <reason> }] }`;
    const ignore = getEntry(entry.value, 'ignore');
    const others = entry.value.kind === 'map' ? entry.value.entries.filter((other) => other !== ignore) : [];
    for (const other of others) problem(spanOf(other.key), `Unknown key "${String(other.key.value)}" in ${where}; it holds "ignore" only.`);
    if (!ignore) {
      if (others.length === 0) problem(spanOf(entry.key), `${where} must be ${shape}. It suppresses nothing.`);
      continue;
    }
    if (ignore.value.kind !== 'seq') {
      problem(spanOf(ignore.value), `"ignore" in ${where} must be a list: ${shape}. It suppresses nothing.`);
      continue;
    }
    const [start, end] = resource.range;
    const lines = document.lines;
    for (const item of ignore.value.items) {
      const suppression = metadataSuppression(item, where, knownRules, spanOf, problem);
      if (!suppression) continue;
      suppressions.push({
        ...suppression,
        covers: (message) => {
          const from = lines.offset(message.line, message.column);
          const to = message.endLine !== undefined && message.endColumn !== undefined ? lines.offset(message.endLine, message.endColumn) : from;
          return from >= start && to <= end;
        },
        used: new Set(),
        unusedMessage: (rule) => `Unused suppression in ${where}: no "${rule}" finding inside the resource.`,
      });
    }
  }
}

function metadataSuppression(
  item: Node,
  where: string,
  knownRules: ReadonlySet<string>,
  spanOf: (node: { range: readonly [number, number] }) => Span,
  problem: (span: Span, message: string) => void,
): { rules: string[]; reason: string; span: Span } | undefined {
  if (item.kind !== 'map') {
    problem(spanOf(item), `Each entry of "ignore" in ${where} must be { rule: <rule>, reason: <reason> }. It suppresses nothing.`);
    return undefined;
  }
  for (const entry of item.entries) {
    const key = String(entry.key.value);
    if (key !== 'rule' && key !== 'reason') problem(spanOf(entry.key), `Unknown key "${key}" in an "ignore" entry of ${where}; it holds "rule" and "reason".`);
  }
  const ruleNode = get(item, 'rule');
  const rule = ruleNode?.kind === 'scalar' && typeof ruleNode.value === 'string' ? ruleNode.value : undefined;
  const reasonNode = get(item, 'reason');
  const reason = reasonNode?.kind === 'scalar' && reasonNode.value !== null ? String(reasonNode.value).trim() : '';
  if (!rule || !ruleNode) {
    problem(spanOf(item), `An "ignore" entry of ${where} has no "rule". It suppresses nothing.`);
    return undefined;
  }
  if (!knownRules.has(rule)) {
    problem(spanOf(ruleNode), `Unknown rule "${rule}" in ${where}.`);
    return undefined;
  }
  if (reason === '') {
    problem(spanOf(item), `The suppression of "${rule}" in ${where} needs a "reason". Without one it suppresses nothing.`);
    return undefined;
  }
  return { rules: [rule], reason, span: spanOf(ruleNode) };
}
