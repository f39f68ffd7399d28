import path from 'node:path';
import { createHash } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import { rules as allRules } from '../../rules/index.ts';
import { compareStrings, discoverFiles, isInside, safeRealpath } from '../files/discover.ts';
import { checkTemplateText, DEFAULT_MAX_FILE_BYTES, readTemplateFile, type ReadOutcome } from '../files/read.ts';
import { createDocument, displayPath, looksLikeTemplateText } from '../model/documents.ts';
import { buildModel, type ResolveFile, type StageConfig } from '../model/build.ts';
import type { ProjectModel, SourceDocument, Span } from '../model/types.ts';
import type { FixDescriptor, ReportDescriptor, Rule } from './rule.ts';
import type { Fix, LintMessage, LintResult, SeverityName } from './types.ts';

export type RuleSetting = SeverityName | [SeverityName, Record<string, unknown>?];

export interface LintOptions {
  /** Working directory for relative paths; default `process.cwd()`. */
  cwd?: string;
  /** Files outside it are never read (also through DefinitionUri); default `cwd`. */
  root?: string;
  /** Rule severities and options by rule id; unlisted rules run at their default severity. */
  rules?: Record<string, RuleSetting>;
  /** AWS account ids the APIs live in. */
  accountIds?: readonly string[];
  ignorePatterns?: readonly string[];
  /** Files above this size are reported and not parsed. */
  maxFileBytes?: number;
  /** Compute fixed output (`result.output`); the CLI decides whether to write it. */
  fix?: boolean;
  /** Stages and their variables for APIs whose stages are not in the linted files. */
  stages?: readonly StageConfig[];
  /** Receives diagnostics (skipped files and why); the CLI's `--debug`. */
  debug?: (message: string) => void;
}

export interface LintRun {
  results: LintResult[];
  /** Per file: the text as read and whether it had a BOM (for --fix writes). */
  sources: Map<string, { text: string; hadBom: boolean }>;
}

export class UsageError extends Error {}

/** Lints files and directories, as the CLI does. */
export async function lintFiles(patterns: readonly string[], options: LintOptions = {}): Promise<LintResult[]> {
  return (await lintFilesWithSources(patterns, options)).results;
}

export async function lintFilesWithSources(patterns: readonly string[], options: LintOptions = {}): Promise<LintRun> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const root = path.resolve(cwd, options.root ?? cwd);
  const discovery = await discoverFiles(patterns, { cwd, root, ignorePatterns: options.ignorePatterns });
  const inputs: Input[] = discovery.files.map((file) => ({
    filePath: file.filePath,
    explicit: file.explicit,
    read: () => readTemplateFile(file.filePath, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES),
  }));
  const run = lintInputs(inputs, { ...options, cwd, root, allowedRoots: discovery.allowedRoots });
  for (const problem of discovery.problems) {
    run.results.push(resultFor(problem.filePath, [fatalMessage(problem.reason, 1, 1)]));
  }
  run.results.sort((a, b) => compareStrings(a.filePath, b.filePath));
  return run;
}

/** Lints one text (an editor buffer); other files it names are read from disk. */
export function lintText(text: string, options: LintOptions & { filePath?: string } = {}): LintResult[] {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const filePath = path.resolve(cwd, options.filePath ?? '<text>');
  const root = path.resolve(cwd, options.root ?? cwd);
  const allowedRoots = [root, path.dirname(filePath)].map((directory) => safeRealpath(directory) ?? directory);
  return lintInputs([{ filePath, explicit: true, read: () => checkTemplateText(text) }], { ...options, cwd, root, allowedRoots }).results;
}

interface Input {
  filePath: string;
  explicit: boolean;
  read: () => ReadOutcome;
}

function lintInputs(inputs: readonly Input[], options: LintOptions & { cwd: string; root: string; allowedRoots?: readonly string[] }): LintRun {
  const debug = options.debug ?? (() => {});
  const results: LintResult[] = [];
  const sources = new Map<string, { text: string; hadBom: boolean }>();
  const documents: SourceDocument[] = [];
  const documentsByPath = new Map<string, SourceDocument | { error: string }>();
  const messagesByFile = new Map<string, LintMessage[]>();
  const requested = new Set<string>();

  for (const input of inputs) {
    requested.add(input.filePath);
    const outcome = input.read();
    if (!outcome.ok) {
      results.push(resultFor(input.filePath, [fatalMessage(outcome.message, 1, 1)]));
      continue;
    }
    sources.set(input.filePath, { text: outcome.text, hadBom: outcome.hadBom });
    const document = createDocument(input.filePath, outcome.text);
    documentsByPath.set(input.filePath, document);
    const parseError = document.tree.errors[0];
    if (parseError) {
      if (input.explicit || looksLikeTemplateText(outcome.text)) {
        const { line, column } = document.lines.position(parseError.offset);
        results.push(resultFor(input.filePath, [fatalMessage(`Parsing error: ${parseError.message}`, line, column)]));
      } else {
        debug(`skipped ${displayPath(input.filePath, options.cwd)}: not valid YAML/JSON (${parseError.message})`);
      }
      continue;
    }
    if (document.kind === 'not-template') debug(`skipped ${displayPath(input.filePath, options.cwd)}: not a CloudFormation, SAM or OpenAPI document`);
    documents.push(document);
  }

  const resolveFile = createResolver(options, documentsByPath);
  const model = buildModel(documents, {
    resolveFile,
    accountIds: options.accountIds,
    externalStages: options.stages,
    cwd: options.cwd,
  });

  const push = (document: SourceDocument, message: LintMessage): void => {
    const list = messagesByFile.get(document.filePath) ?? [];
    list.push(message);
    messagesByFile.set(document.filePath, list);
  };
  for (const document of model.documents) {
    if (document.kind === 'not-template') continue;
    for (const duplicate of document.tree.duplicateKeys) {
      push(document, {
        ruleId: null,
        severity: 2,
        message: `Duplicate key "${String(duplicate.key.value)}" (first defined on line ${document.lines.position(duplicate.first.range[0]).line}); CloudFormation rejects templates with duplicate keys.`,
        ...locate({ document, start: duplicate.key.range[0], end: duplicate.key.range[1] }),
      });
    }
  }
  for (const problem of model.linkProblems) {
    push(problem.span.document, { ruleId: null, severity: 2, message: problem.message, ...locate(problem.span) });
  }
  for (const { document, message } of runRules(model, options)) push(document, message);

  for (const document of model.documents) {
    const messages = messagesByFile.get(document.filePath) ?? [];
    if (!requested.has(document.filePath) && messages.length === 0) continue;
    if (!sources.has(document.filePath)) sources.set(document.filePath, { text: document.text, hadBom: false });
    const result = resultFor(document.filePath, dedupeAndSort(messages));
    if (options.fix) applyFixes(result, document.text);
    results.push(result);
  }
  for (const filePath of requested) {
    if (!results.some((result) => result.filePath === filePath)) results.push(resultFor(filePath, []));
  }
  results.sort((a, b) => compareStrings(a.filePath, b.filePath));
  return { results, sources };
}

function createResolver(
  options: { cwd: string; root: string; allowedRoots?: readonly string[]; maxFileBytes?: number },
  cache: Map<string, SourceDocument | { error: string }>,
): ResolveFile {
  const roots = options.allowedRoots ?? [safeRealpath(options.root) ?? options.root];
  return (from, location) => {
    const target = path.resolve(path.dirname(from.filePath), location);
    const shown = displayPath(target, options.cwd);
    if (target === from.filePath) return { error: `${location} refers to this file itself.` };
    const real = safeRealpath(target);
    if (real === undefined) return { error: `${location} does not exist (resolved to ${shown}); its stage variables cannot be checked.` };
    if (!roots.some((root) => isInside(root, real))) return { error: `${location} is outside the project root; it was not read.` };
    const cached = cache.get(target);
    if (cached) return 'error' in cached ? cached : { document: cached };
    const outcome = readTemplateFile(target, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    const entry = outcome.ok ? createDocument(target, outcome.text) : { error: `${location}: ${outcome.message}` };
    cache.set(target, entry);
    return 'error' in entry ? entry : { document: entry };
  };
}

interface RuleFinding {
  document: SourceDocument;
  message: LintMessage;
}

const ajv = new Ajv({ allErrors: true, useDefaults: false });
const optionValidators = new Map<string, ValidateFunction>();

export function resolveRuleSettings(
  configured: Record<string, RuleSetting> | undefined,
): { rule: Rule<any>; severity: 1 | 2; options: Record<string, unknown> }[] {
  const known = new Set(allRules.map((rule) => rule.meta.id));
  for (const id of Object.keys(configured ?? {})) {
    if (!known.has(id)) throw new UsageError(`Unknown rule "${id}". Run --list-rules to see the rules.`);
  }
  const active = [];
  for (const rule of allRules) {
    const setting = configured?.[rule.meta.id];
    const [severityName, userOptions] = Array.isArray(setting) ? setting : [setting ?? rule.meta.defaultSeverity, undefined];
    if (severityName === 'off') continue;
    const options = { ...rule.meta.defaultOptions, ...userOptions };
    let validate = optionValidators.get(rule.meta.id);
    if (!validate) {
      validate = ajv.compile(rule.meta.schema);
      optionValidators.set(rule.meta.id, validate);
    }
    if (!validate(options)) {
      const error = validate.errors?.[0];
      throw new UsageError(`Invalid options for rule "${rule.meta.id}": ${error?.instancePath || 'options'} ${error?.message ?? 'are invalid'}.`);
    }
    active.push({ rule, severity: severityName === 'error' ? 2 as const : 1 as const, options });
  }
  return active;
}

function runRules(model: ProjectModel, options: LintOptions & { cwd: string }): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const occurrences = new Map<string, number>();
  for (const { rule, severity, options: ruleOptions } of resolveRuleSettings(options.rules)) {
    const report = (descriptor: ReportDescriptor): void => {
      const document = descriptor.span.document;
      const base = `${rule.meta.id}|${displayPath(document.filePath, options.cwd)}|${descriptor.subject}`;
      const seen = occurrences.get(base) ?? 0;
      occurrences.set(base, seen + 1);
      const message: LintMessage = {
        ruleId: rule.meta.id,
        severity: descriptor.severity ? (descriptor.severity === 'error' ? 2 : 1) : severity,
        message: descriptor.message,
        ...locate(descriptor.span),
        fingerprint: createHash('sha256').update(`${base}|${seen}`).digest('hex').slice(0, 32),
      };
      if (descriptor.fix) message.fix = toFix(descriptor.fix);
      findings.push({ document, message });
    };
    try {
      rule.check({ model, options: ruleOptions, report });
    } catch (error) {
      // One broken rule must not hide the others' findings.
      const detail = error instanceof Error ? error.message : String(error);
      options.debug?.(`rule ${rule.meta.id} failed: ${error instanceof Error ? error.stack : detail}`);
      for (const document of model.documents.filter((d) => d.kind !== 'not-template')) {
        findings.push({
          document,
          message: { ruleId: rule.meta.id, severity: 2, message: `Internal error in rule ${rule.meta.id}: ${detail} (run with --debug for the stack).`, line: 1, column: 1 },
        });
      }
    }
  }
  return findings;
}

function toFix(fix: FixDescriptor): Fix {
  return { range: [fix.span.start, fix.span.end], text: fix.text };
}

function locate(span: Span): Pick<LintMessage, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const start = span.document.lines.position(span.start);
  const end = span.document.lines.position(Math.max(span.start, span.end));
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function fatalMessage(message: string, line: number, column: number): LintMessage {
  return { ruleId: null, fatal: true, severity: 2, message, line, column };
}

function dedupeAndSort(messages: LintMessage[]): LintMessage[] {
  const seen = new Set<string>();
  const unique = messages.filter((message) => {
    // SAM Globals make one definition part of several APIs; report it once.
    const key = `${message.ruleId}|${message.line}|${message.column}|${message.endLine}|${message.endColumn}|${message.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.line - b.line || a.column - b.column || compareStrings(a.ruleId ?? '', b.ruleId ?? '') || compareStrings(a.message, b.message));
}

export function resultFor(filePath: string, messages: LintMessage[]): LintResult {
  const result: LintResult = { filePath, messages, errorCount: 0, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
  countMessages(result);
  return result;
}

export function countMessages(result: LintResult): void {
  result.errorCount = result.warningCount = result.fatalErrorCount = result.fixableErrorCount = result.fixableWarningCount = 0;
  for (const message of result.messages) {
    if (message.suppressions) continue;
    if (message.severity === 2) {
      result.errorCount++;
      if (message.fatal) result.fatalErrorCount++;
      if (message.fix) result.fixableErrorCount++;
    } else {
      result.warningCount++;
      if (message.fix) result.fixableWarningCount++;
    }
  }
}

/**
 * Applies non-overlapping fixes in one pass, as ESLint does. `output` holds the fixed text; the
 * messages left are those not fixed, with positions in the original text (the CLI lints again
 * after writing, so what it prints matches the new file).
 */
function applyFixes(result: LintResult, text: string): void {
  const fixable = result.messages.filter((message) => message.fix && !message.suppressions).sort((a, b) => a.fix!.range[0] - b.fix!.range[0]);
  if (fixable.length === 0) return;
  let output = '';
  let cursor = 0;
  const applied = new Set<LintMessage>();
  for (const message of fixable) {
    const [start, end] = message.fix!.range;
    if (start < cursor) continue;
    output += text.slice(cursor, start) + message.fix!.text;
    cursor = end;
    applied.add(message);
  }
  output += text.slice(cursor);
  result.output = output;
  result.messages = result.messages.filter((message) => !applied.has(message));
  countMessages(result);
}

export { allRules as rules };
