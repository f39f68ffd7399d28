// The ESLint front end's way into the engine. It runs the CLI's pipeline (createDocument ->
// buildModel -> runRules, with the CLI's resolver and de-duplication) on the text ESLint hands
// over, and returns findings as offsets so that the ESLint language places them with its own
// line model (yml/yaml counts columns from 0, json/* from 1).
//
// Caching, in two levels:
// - Parsed documents, with their trees, are kept by path and reused while the text is identical
//   (the CLI lets trees go as it reads; an editor re-lints the same few files). Parsing is most of
//   the work (corpus, warm: the 1,481 files parse in 2.1-2.3 s, buildModel over them takes
//   0.4-0.6 s), so this is the cache that keeps an editor session fast.
// - The model is built once per lint of a file and shared by all our rules in that lint (the
//   plugin keys it by ESLint's SourceCode object). It is never reused across lints: building it
//   from cached documents is cheap, and rebuilding means a saved OpenAPI or template file is
//   always seen as it is now.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createResolver, dedupeAndSort, runRules, type CachedDocument, type RuleSetting } from '../engine/lint.ts';
import { suppressedByMetadata } from '../engine/suppress.ts';
import type { LintMessage } from '../engine/types.ts';
import { rules } from '../../rules/index.ts';
import { isInside, safeRealpath, TEMPLATE_EXTENSIONS } from '../files/discover.ts';
import { checkTemplateText, readTemplateFile } from '../files/read.ts';
import { buildModel, type StageConfig } from '../model/build.ts';
import { createDocument } from '../model/documents.ts';
import { mayHoldStageVariableFacts } from '../model/prefilter.ts';
import type { ParsedDocument, ProjectModel, SourceDocument } from '../model/types.ts';

/** What `settings.stagevar` in an ESLint config may hold: the CLI options that shape the model. */
export interface BridgeSettings {
  accountIds?: readonly string[];
  stages?: readonly StageConfig[];
}

export interface BridgeFinding {
  /** Offsets in the linted text (the text ESLint holds, BOM excluded). */
  start: number;
  end: number;
  message: string;
  fix?: { range: [number, number]; text: string };
}

/** One lint of one file: the model all our rules read in that lint. */
export class FileLint {
  /** Undefined when the text is not YAML/JSON our parser accepts: our rules then report nothing. */
  readonly document: SourceDocument | undefined;
  readonly model: ProjectModel | undefined;
  private readonly cwd: string;
  private suppressed: ((message: LintMessage) => boolean) | undefined;

  constructor(document: SourceDocument | undefined, model: ProjectModel | undefined, cwd: string) {
    this.document = document;
    this.model = model;
    this.cwd = cwd;
  }

  /**
   * The findings of one rule that lie in this file. Findings the same run makes in other files
   * (a template's finding while linting its OpenAPI file) are left to the lint of that file:
   * ESLint can only place a report in the file it is linting.
   */
  findings(ruleId: string, options: Record<string, unknown> | undefined): BridgeFinding[] {
    const { document, model } = this;
    if (!document || !model) return [];
    // The severity is ESLint's to decide; any enabled severity makes the engine run the rule.
    const only = Object.fromEntries(rules.map((rule) => [rule.meta.id, rule.meta.id === ruleId ? ['error', options] : 'off'])) as Record<string, RuleSetting>;
    // Resource Metadata suppressions apply in every front end; comment directives are ESLint's own
    // (`# eslint-disable-next-line stagevar/<id>`), applied by ESLint to what we report.
    this.suppressed ??= suppressedByMetadata(model, document);
    const found = runRules(model, { cwd: this.cwd, rules: only }).filter(
      (finding) => finding.document === document && !this.suppressed!(finding.message),
    );
    const byMessage = new Map(found.map((finding) => [finding.message, finding]));
    return dedupeAndSort(found.map((finding) => finding.message)).map((message) => {
      const { span } = byMessage.get(message)!;
      const finding: BridgeFinding = { start: span.start, end: Math.max(span.start, span.end), message: message.message };
      if (message.fix) finding.fix = { range: [message.fix.range[0], message.fix.range[1]], text: message.fix.text };
      return finding;
    });
  }
}

/**
 * Builds the model for linting `text` as `filePath`: the file itself, the files it names
 * (DefinitionUri...), read from disk, and, when the file is not a template itself, the templates
 * around it that name it, so that an OpenAPI file is checked against its template's stages.
 */
export function prepareLint(filePath: string, text: string, cwd: string, settings: BridgeSettings = {}): FileLint {
  const absolute = path.resolve(cwd, filePath);
  const checked = checkTemplateText(text);
  // As in the CLI's directory scans: a text that names nothing a finding can come from is not
  // parsed (most YAML and JSON files in a repository), unless the settings give it stages.
  const configured = (settings.stages ?? []).some((stage) => path.resolve(cwd, stage.api.split('#')[0]!) === absolute);
  if (!checked.ok || (!configured && !mayHoldStageVariableFacts(checked.text))) return new FileLint(undefined, undefined, cwd);
  const parsed = parseCached(absolute, checked.text);
  const document = parsed.document;
  // A text our parser rejects gets no findings from us: the ESLint language reports its parse
  // errors, and a second report of the same problem would only be noise.
  if (document.syntax.errors.length > 0) return new FileLint(undefined, undefined, cwd);

  const documents: ParsedDocument[] = [parsed];
  if (document.kind !== 'cloudformation' && document.kind !== 'sam') {
    for (const template of templatesNaming(absolute, cwd)) {
      const candidate = parseCached(template.filePath, template.text);
      if (candidate.document.kind === 'cloudformation' || candidate.document.kind === 'sam') documents.push(candidate);
    }
  }
  // The same roots as the engine's lintText: the project (ESLint's cwd) and the linted file's folder.
  const allowedRoots = [cwd, path.dirname(absolute)].map((directory) => safeRealpath(directory) ?? directory);
  const known = new Map<string, CachedDocument | { error: string }>(documents.map((d) => [d.document.filePath, d]));
  const resolveFile = createResolver({ cwd, root: cwd, allowedRoots }, known, parseCached);
  const model = buildModel(documents, { resolveFile, accountIds: settings.accountIds, externalStages: settings.stages, cwd });
  return new FileLint(document, model, cwd);
}

// --- parsed documents, by path, valid while the text is the same ---------------------------

const MAX_CACHED_DOCUMENTS = 500;
const documentCache = new Map<string, ParsedDocument>();

/**
 * createDocument, remembered per path. The entry is valid while the text is identical; the
 * texts are compared in full rather than by a hash, which costs about the same as hashing and
 * cannot collide.
 */
function parseCached(filePath: string, text: string): ParsedDocument {
  const cached = documentCache.get(filePath);
  if (cached && cached.document.text === text) {
    // Re-insert: Map order is the least-recently-used order for eviction.
    documentCache.delete(filePath);
    documentCache.set(filePath, cached);
    return cached;
  }
  const parsed = createDocument(filePath, text);
  documentCache.delete(filePath);
  documentCache.set(filePath, parsed);
  if (documentCache.size > MAX_CACHED_DOCUMENTS) documentCache.delete(documentCache.keys().next().value!);
  return parsed;
}

// --- finding the templates that name a file -------------------------------------------------

const TEMPLATE_FILE = new RegExp(`\\.(${TEMPLATE_EXTENSIONS.join('|')})$`);
/** Every template that links a file (DefinitionUri, BodyS3Location, AWS::Include) has an `AWS::` type. */
const MAY_LINK_FILES = /AWS::/;

interface DirectoryEntry { mtimeMs: number; files: string[] }
interface FileEntry { mtimeMs: number; size: number; text: string | undefined }
const directoryCache = new Map<string, DirectoryEntry>();
const fileTextCache = new Map<string, FileEntry>();

/**
 * Templates in the file's folder and its parents up to `cwd` whose text contains the file's
 * name: a cheap superset of the templates that link it (the model decides which really do).
 * Folder listings and texts are cached by modification time and size, so an editor that lints
 * on every keystroke stats a few files instead of reading them.
 */
function templatesNaming(filePath: string, cwd: string): { filePath: string; text: string }[] {
  const name = path.basename(filePath);
  const found: { filePath: string; text: string }[] = [];
  for (let directory = path.dirname(filePath); ; directory = path.dirname(directory)) {
    for (const candidate of templateFilesIn(directory)) {
      if (candidate === filePath) continue;
      const text = textOf(candidate);
      if (text?.includes(name)) found.push({ filePath: candidate, text });
    }
    if (directory === cwd || !isInside(cwd, directory) || path.dirname(directory) === directory) break;
  }
  return found;
}

function templateFilesIn(directory: string): string[] {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(directory).mtimeMs;
  } catch {
    return [];
  }
  const cached = directoryCache.get(directory);
  if (cached && cached.mtimeMs === mtimeMs) return cached.files;
  let files: string[];
  try {
    files = readdirSync(directory, { withFileTypes: true })
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && TEMPLATE_FILE.test(entry.name))
      .map((entry) => path.join(directory, entry.name));
  } catch {
    files = [];
  }
  directoryCache.set(directory, { mtimeMs, files });
  return files;
}

/** The text of a file that may link others; undefined for files that cannot (kept small in memory). */
function textOf(filePath: string): string | undefined {
  let stat;
  try {
    stat = statSync(filePath);
  } catch {
    fileTextCache.delete(filePath);
    return undefined;
  }
  const cached = fileTextCache.get(filePath);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.text;
  const outcome = readTemplateFile(filePath);
  const text = outcome.ok && MAY_LINK_FILES.test(outcome.text) ? outcome.text : undefined;
  fileTextCache.set(filePath, { mtimeMs: stat.mtimeMs, size: stat.size, text });
  return text;
}
