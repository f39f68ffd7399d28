import path from 'node:path';
import { hash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import { rules as allRules } from '../../rules/index.ts';
import { compareStrings, discoverFiles, isInside, safeRealpath } from '../files/discover.ts';
import { checkTemplateText, DEFAULT_MAX_FILE_BYTES, readTemplateFile, type ReadOutcome } from '../files/read.ts';
import { createDocument, displayPath, looksLikeTemplateText } from '../model/documents.ts';
import { acceptedByLaxYaml } from '../parse/lenient.ts';
import type { Node } from '../parse/nodes.ts';
import { ModelBuilder, type ResolveFile, type StageConfig } from '../model/build.ts';
import { mayHoldStageVariableFacts } from '../model/prefilter.ts';
import type { ParsedDocument, ProjectModel, SourceDocument, Span } from '../model/types.ts';
import type { FixDescriptor, ReportDescriptor, Rule } from './rule.ts';
import { applySuppressions, DEFAULT_REPORT_UNUSED_SUPPRESSIONS, type SuppressionOptions } from './suppress.ts';
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
  /** Per-file rule settings (configuration `overrides`): used instead of `rules` for findings in that file. */
  rulesForFile?: (filePath: string) => Record<string, RuleSetting>;
  /** Files not to lint (configuration `ignores`); findings in them are dropped even when another file pulls them in. */
  isIgnored?: (filePath: string) => boolean;
  /** Honour `# stagevar-lint-disable-…` comments; default true. Resource Metadata suppressions always apply. */
  directiveComments?: boolean;
  /** Severity of suppressions that suppress nothing; default `warn`. */
  reportUnusedSuppressions?: SeverityName;
  /**
   * false: the reference path test/fast-path.test.ts checks the fast path against. Every file is
   * parsed, with the full YAML and JSON parsers, including files the pre-filter would skip
   * (docs/performance.md). The results are the same either way. Default true.
   */
  fastPath?: boolean;
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
  const inputs: Input[] = discovery.files.filter((file) => !ignored(file.filePath, { ...options, cwd })).map((file) => ({
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

/** The configuration's `ignores`; --debug names the files they skip. */
function ignored(filePath: string, options: LintOptions & { cwd: string }): boolean {
  if (!options.isIgnored?.(filePath)) return false;
  options.debug?.(`skipped ${displayPath(filePath, options.cwd)}: it matches an "ignores" pattern of the configuration`);
  return true;
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
  const documentsByPath = new Map<string, CachedDocument | { error: string }>();
  const messagesByFile = new Map<string, LintMessage[]>();
  const requested = new Set<string>();
  const reference = options.fastPath === false;
  const parse = (filePath: string, text: string): ParsedDocument => createDocument(filePath, text, reference);
  // Linked files are fixable too; --fix must know whether each had a BOM to write it back.
  const resolveFile = createResolver(options, documentsByPath, parse, (filePath, text, hadBom) => sources.set(filePath, { text, hadBom }));
  const builder = new ModelBuilder({
    resolveFile,
    accountIds: options.accountIds,
    externalStages: options.stages,
    cwd: options.cwd,
  });
  // Found files whose text cannot hold stage-variable facts (prefilter.ts) are not parsed; the
  // reference path parses them but reports no parse error, duplicate key or alias in them either.
  const quiet = new Set<string>();
  const configured = new Set((options.stages ?? []).map((stage) => path.resolve(options.cwd, stage.api.split('#')[0]!)));

  for (const input of inputs) {
    requested.add(input.filePath);
    const outcome = input.read();
    if (!outcome.ok) {
      results.push(resultFor(input.filePath, [fatalMessage(outcome.message, 1, 1)]));
      continue;
    }
    if (!input.explicit && !configured.has(input.filePath) && !mayHoldStageVariableFacts(outcome.text)) {
      quiet.add(input.filePath);
      if (!reference) {
        debug(`skipped ${displayPath(input.filePath, options.cwd)}: it names no stage variable, Lambda permission or linked file`);
        continue;
      }
    }
    // A file an earlier template links to (DefinitionUri...) was read and parsed then: one file,
    // one document, even if the file changed on disk in between (the resolver recorded the text
    // that document was made from, which --fix checks before it writes).
    const cached = documentsByPath.get(input.filePath);
    let parsed: ParsedDocument;
    if (cached && 'document' in cached) {
      parsed = parsedFromCache(cached, parse);
    } else {
      sources.set(input.filePath, { text: outcome.text, hadBom: outcome.hadBom });
      parsed = parse(input.filePath, outcome.text);
    }
    const document = parsed.document;
    documentsByPath.set(input.filePath, parsed);
    const parseError = document.syntax.errors[0];
    if (parseError) {
      if (!quiet.has(input.filePath) && (input.explicit || looksLikeTemplateText(outcome.text))) {
        const { line, column } = document.lines.position(parseError.offset);
        if (document.format === 'yaml' && acceptedByLaxYaml(outcome.text)) {
          // Deployable, but we cannot place findings in it: say so without failing the run.
          results.push(resultFor(input.filePath, [{
            ruleId: null,
            severity: 1,
            message: `Not checked: ${parseError.message}. CloudFormation's laxer YAML parser accepts this, but it is not valid YAML 1.2; fix the indentation to have it checked.`,
            line,
            column,
          }]));
          continue;
        }
        results.push(resultFor(input.filePath, [fatalMessage(`Parsing error: ${parseError.message}`, line, column)]));
      } else {
        debug(`skipped ${displayPath(input.filePath, options.cwd)}: not valid YAML/JSON (${parseError.message})`);
      }
      continue;
    }
    if (document.kind === 'not-template') debug(`skipped ${displayPath(input.filePath, options.cwd)}: not a CloudFormation, SAM or OpenAPI document`);
    builder.add(parsed);
    // The model holds what it needs: the tree can go, unless an OpenAPI document's, which a
    // template may still link to (the builder keeps those until it finishes).
    if (document.kind !== 'openapi') documentsByPath.set(input.filePath, { document });
  }
  const model = builder.finish();

  const push = (document: SourceDocument, message: LintMessage): void => {
    const list = messagesByFile.get(document.filePath) ?? [];
    list.push(message);
    messagesByFile.set(document.filePath, list);
  };
  for (const document of model.documents) {
    if (document.kind === 'not-template' || quiet.has(document.filePath)) continue;
    for (const duplicate of document.syntax.duplicateKeys) {
      push(document, {
        ruleId: null,
        severity: 2,
        message: `Duplicate key "${String(duplicate.key.value)}" (first defined on line ${document.lines.position(duplicate.first.range[0]).line}); CloudFormation rejects templates with duplicate keys.`,
        ...locate({ document, start: duplicate.key.range[0], end: duplicate.key.range[1] }),
      });
    }
    const aliases = document.syntax.aliases;
    if (aliases.length > 0) {
      push(document, {
        ruleId: null,
        severity: 1,
        message: `YAML alias (${aliases.length} in this file): stagevar-lint does not expand aliases, so values reached through them are not checked. CloudFormation rejects aliases unless a tool such as sam or aws cloudformation package expands them first.`,
        ...locate({ document, start: aliases[0]!.range[0], end: aliases[0]!.range[1] }),
      });
    }
  }
  for (const problem of model.linkProblems) {
    push(problem.span.document, { ruleId: null, severity: 2, message: problem.message, ...locate(problem.span) });
  }
  for (const { document, message } of runRules(model, options)) push(document, message);

  const suppression: SuppressionOptions = {
    directiveComments: options.directiveComments ?? true,
    reportUnused: options.reportUnusedSuppressions ?? DEFAULT_REPORT_UNUSED_SUPPRESSIONS,
    knownRules: new Set(allRules.map((rule) => rule.meta.id)),
    locate,
  };
  const templates = new Map(model.templates.map((template) => [template.document, template]));
  for (const document of model.documents) {
    if (options.isIgnored?.(document.filePath)) continue;
    const messages = messagesByFile.get(document.filePath) ?? [];
    if (!requested.has(document.filePath) && messages.length === 0) continue;
    if (!sources.has(document.filePath)) sources.set(document.filePath, { text: document.text, hadBom: false });
    const template = templates.get(document);
    const result = resultFor(document.filePath, dedupeAndSort(applySuppressions(document, template, messages, suppression)));
    if (options.fix) applyFixes(result, document.text);
    results.push(result);
  }
  const reported = new Set(results.map((result) => result.filePath));
  for (const filePath of requested) {
    if (!reported.has(filePath)) results.push(resultFor(filePath, []));
  }
  results.sort((a, b) => compareStrings(a.filePath, b.filePath));
  return { results, sources };
}

/** A parsed document as the resolver caches it; without `root` the tree was let go and is parsed again when needed. */
export interface CachedDocument {
  readonly document: SourceDocument;
  readonly root?: Node | null;
}

function parsedFromCache(cached: CachedDocument, parse: (filePath: string, text: string) => ParsedDocument): ParsedDocument {
  if (cached.root !== undefined) return { document: cached.document, root: cached.root };
  return { document: cached.document, root: parse(cached.document.filePath, cached.document.text).root };
}

/** `parse` lets the ESLint plugin reuse documents it parsed in earlier lints of the same text. */
export function createResolver(
  options: { cwd: string; root: string; allowedRoots?: readonly string[]; maxFileBytes?: number },
  cache: Map<string, CachedDocument | { error: string }>,
  parse: (filePath: string, text: string) => ParsedDocument = createDocument,
  onRead?: (filePath: string, text: string, hadBom: boolean) => void,
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
    if (cached) return 'error' in cached ? cached : parsedFromCache(cached, parse);
    const outcome = readTemplateFile(target, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    const entry = outcome.ok ? parse(target, outcome.text) : { error: `${location}: ${outcome.message}` };
    if (outcome.ok) onRead?.(target, outcome.text, outcome.hadBom);
    cache.set(target, entry);
    return entry;
  };
}

export interface RuleFinding {
  document: SourceDocument;
  message: LintMessage;
  /** Where the finding is, as offsets: front ends with their own line model (ESLint) place it from these. */
  span: Span;
}

// Created when a user's rule options need checking: loading ajv is about 90 ms (CommonJS, so it
// can be required synchronously).
let ajv: Ajv | undefined;
const optionValidators = new Map<string, ValidateFunction>();

export function resolveRuleSettings(
  configured: Record<string, RuleSetting> | undefined,
): { rule: Rule<unknown>; severity: 1 | 2; options: Record<string, unknown> }[] {
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
    // Only options a user wrote need checking (the defaults are tested): compiling every schema
    // was a large part of a one-file lint.
    let validate = userOptions === undefined ? undefined : optionValidators.get(rule.meta.id);
    if (userOptions !== undefined && !validate) {
      ajv ??= new (createRequire(import.meta.url)('ajv') as typeof import('ajv')).Ajv({ allErrors: true, useDefaults: false });
      validate = ajv.compile(rule.meta.schema);
      optionValidators.set(rule.meta.id, validate);
    }
    if (validate && !validate(options)) {
      const error = validate.errors?.[0];
      throw new UsageError(`Invalid options for rule "${rule.meta.id}": ${error?.instancePath || 'options'} ${error?.message ?? 'are invalid'}.`);
    }
    active.push({ rule, severity: severityName === 'error' ? 2 as const : 1 as const, options });
  }
  return active;
}

/**
 * The runs of the enabled rules. With `rulesForFile` (configuration overrides) files can differ
 * in severity and options: a rule runs once per distinct options over the whole model (findings
 * can depend on other files), and each file takes its findings from the run with its options.
 */
function planRuleRuns(
  model: ProjectModel,
  options: LintOptions,
): { rule: Rule<unknown>; options: Record<string, unknown>; severityIn: (filePath: string) => 1 | 2 | undefined }[] {
  const rulesForFile = options.rulesForFile;
  if (!rulesForFile) return resolveRuleSettings(options.rules).map(({ rule, severity, options: ruleOptions }) => ({ rule, options: ruleOptions, severityIn: () => severity }));
  const resolved = new Map<Record<string, RuleSetting>, ReturnType<typeof resolveRuleSettings>>();
  const runs = new Map<string, { rule: Rule<unknown>; options: Record<string, unknown>; severities: Map<string, 1 | 2> }>();
  for (const document of model.documents) {
    const settings = rulesForFile(document.filePath);
    let active = resolved.get(settings);
    if (!active) resolved.set(settings, (active = resolveRuleSettings(settings)));
    for (const { rule, severity, options: ruleOptions } of active) {
      const key = JSON.stringify([rule.meta.id, ruleOptions]);
      let run = runs.get(key);
      if (!run) runs.set(key, (run = { rule, options: ruleOptions, severities: new Map() }));
      run.severities.set(document.filePath, severity);
    }
  }
  return [...runs.values()].map(({ rule, options: ruleOptions, severities }) => ({ rule, options: ruleOptions, severityIn: (filePath: string) => severities.get(filePath) }));
}

export function runRules(model: ProjectModel, options: LintOptions & { cwd: string }): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const occurrences = new Map<string, number>();
  const shownPaths = new Map<SourceDocument, string>();
  const shownPath = (document: SourceDocument): string => {
    let shown = shownPaths.get(document);
    if (shown === undefined) shownPaths.set(document, (shown = displayPath(document.filePath, options.cwd)));
    return shown;
  };
  for (const { rule, options: ruleOptions, severityIn } of planRuleRuns(model, options)) {
    const report = (descriptor: ReportDescriptor): void => {
      const document = descriptor.span.document;
      const severity = severityIn(document.filePath);
      // Off in this file, or the file's options are another run's, which reports it.
      if (severity === undefined) return;
      const base = `${rule.meta.id}|${shownPath(document)}|${descriptor.subject}`;
      const seen = occurrences.get(base) ?? 0;
      occurrences.set(base, seen + 1);
      const message: LintMessage = {
        ruleId: rule.meta.id,
        severity: descriptor.severity ? (descriptor.severity === 'error' ? 2 : 1) : severity,
        message: descriptor.message,
        ...locate(descriptor.span),
        fingerprint: hash('sha256', `${base}|${seen}`, 'hex').slice(0, 32),
      };
      if (descriptor.fix) message.fix = toFix(descriptor.fix);
      findings.push({ document, message, span: descriptor.span });
    };
    try {
      rule.check({ model, options: ruleOptions, report });
    } catch (error) {
      // One broken rule must not hide the others' findings.
      const detail = withoutTemplateText(error instanceof Error ? error.message : String(error), model.documents);
      options.debug?.(`rule ${rule.meta.id} failed: ${withoutTemplateText((error instanceof Error && error.stack) || detail, model.documents)}`);
      for (const document of model.documents.filter((d) => d.kind !== 'not-template' && severityIn(d.filePath) !== undefined)) {
        findings.push({
          document,
          message: { ruleId: rule.meta.id, severity: 2, message: `Internal error in rule ${rule.meta.id}: ${detail} (run with --debug for the stack).`, line: 1, column: 1 },
          span: { document, start: 0, end: 0 },
        });
      }
    }
  }
  return findings;
}

/**
 * Exception messages can quote the data that broke the code (`"…" is not valid JSON`, a
 * property name, a regular expression), and that data can be a secret. Every word of six or
 * more characters that occurs in a linted file is replaced, so the message keeps its shape and
 * the stack its frames.
 */
function withoutTemplateText(text: string, documents: readonly SourceDocument[]): string {
  return text.replace(/[^\s'"`()[\]{}<>,;:=/\\.]{6,}/g, (word) => (documents.some((document) => document.text.includes(word)) ? '…' : word));
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

export function dedupeAndSort(messages: LintMessage[]): LintMessage[] {
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
  // As ESLint: a fix that starts at or before the end of the previous one waits for the next run,
  // so two inserts at one offset never both land.
  let lastEnd = Number.NEGATIVE_INFINITY;
  const applied = new Set<LintMessage>();
  for (const message of fixable) {
    const [start, end] = message.fix!.range;
    if (start <= lastEnd || start > end) continue;
    output += text.slice(cursor, start) + message.fix!.text;
    cursor = lastEnd = end;
    applied.add(message);
  }
  output += text.slice(cursor);
  result.output = output;
  result.messages = result.messages.filter((message) => !applied.has(message));
  countMessages(result);
}

export { allRules as rules };
