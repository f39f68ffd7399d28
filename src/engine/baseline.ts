// Baselines: accept today's findings, report only new ones.
//
// An entry is keyed by file (relative to the working directory), rule and the finding's
// fingerprint, which the engine derives from what the finding is about, not from its line: lines
// inserted above a finding do not make it new. Every finding is recorded except fatal read and
// parse errors (a file that cannot be read is never "accepted") and suppressed ones.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hash } from 'node:crypto';
import { readErrorReason } from '../files/read.ts';
import { writeErrorReason, writeFileAtomic } from '../files/write.ts';
import { displayPath } from '../model/documents.ts';
import { countMessages } from './lint.ts';
import type { LintMessage, LintResult } from './types.ts';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** Relative to the working directory, with `/`. */
  file: string;
  /** null for findings that do not come from a rule (a duplicate key, a missing DefinitionUri file). */
  rule: string | null;
  fingerprint: string;
  /** For people reviewing the file; not used for matching. */
  message: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

export interface BaselineOutcome {
  results: LintResult[];
  /** Findings the baseline accepted (now marked suppressed). */
  matched: number;
  /** Entries for files of this run that no longer occur: the baseline can shrink. */
  stale: BaselineEntry[];
}

function recordable(message: LintMessage): boolean {
  return !message.fatal && !(message.suppressions && message.suppressions.length > 0);
}

/** The engine's fingerprint, or for findings without one a hash of what they say. */
function fingerprintOf(file: string, message: LintMessage): string {
  return message.fingerprint ?? hash('sha256', JSON.stringify(['stagevar-lint/baseline/v1', file, message.ruleId, message.message]), 'hex').slice(0, 32);
}

function keyOf(entry: Pick<BaselineEntry, 'file' | 'rule' | 'fingerprint'>): string {
  return JSON.stringify([entry.file, entry.rule, entry.fingerprint]);
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return compare(a.file, b.file) || compare(a.rule ?? '', b.rule ?? '') || compare(a.fingerprint, b.fingerprint) || compare(a.message, b.message);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Today's findings, plus the entries of `previous` for files this run did not lint (a run on a
 * few files must not forget the others) and that still exist.
 */
export function createBaseline(results: readonly LintResult[], cwd: string, previous?: Baseline): Baseline {
  const linted = new Set(results.map((result) => displayPath(result.filePath, cwd)));
  const findings: BaselineEntry[] = [];
  for (const result of results) {
    const file = displayPath(result.filePath, cwd);
    for (const message of result.messages) {
      if (recordable(message)) findings.push({ file, rule: message.ruleId, fingerprint: fingerprintOf(file, message), message: message.message });
    }
  }
  for (const entry of previous?.findings ?? []) {
    if (!linted.has(entry.file) && existsSync(path.resolve(cwd, entry.file))) findings.push(entry);
  }
  return { version: BASELINE_VERSION, findings: findings.sort(compareEntries) };
}

export function writeBaseline(filePath: string, baseline: Baseline): void {
  writeFileAtomic(filePath, `${JSON.stringify(baseline, null, 2)}\n`);
}

export function readBaseline(filePath: string, shown: string): Baseline {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (create it with --write-baseline)' : readErrorReason(error);
    throw new BaselineError(`Cannot read the baseline ${shown}: ${reason}.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${shown} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const problem = shapeProblem(data);
  if (problem) throw new BaselineError(`${shown} is not a stagevar-lint baseline: ${problem}.`);
  return data as Baseline;
}

function shapeProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'it must be an object';
  const { version, findings } = data as Record<string, unknown>;
  if (version !== BASELINE_VERSION) return `"version" must be ${BASELINE_VERSION}`;
  if (!Array.isArray(findings)) return '"findings" must be an array';
  for (const [index, entry] of findings.entries()) {
    const e = entry as Record<string, unknown> | null;
    const valid =
      typeof e === 'object' && e !== null &&
      typeof e.file === 'string' &&
      (typeof e.rule === 'string' || e.rule === null) &&
      typeof e.fingerprint === 'string' &&
      typeof e.message === 'string';
    if (!valid) return `findings[${index}] must have "file", "rule", "fingerprint" and "message"`;
  }
  return undefined;
}

/**
 * Marks the findings the baseline holds as suppressed (kind `external`: SARIF shows them as
 * such, the other formats and the counts leave them out), each entry accepting one finding.
 */
export function applyBaseline(results: readonly LintResult[], baseline: Baseline, cwd: string, shown: string): BaselineOutcome {
  const available = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.findings) {
    const key = keyOf(entry);
    const list = available.get(key) ?? [];
    list.push(entry);
    available.set(key, list);
  }
  const justification = `Accepted in the baseline ${shown}.`;
  let matched = 0;
  const linted = new Set<string>();
  const out = results.map((result) => {
    const file = displayPath(result.filePath, cwd);
    linted.add(file);
    let changed = false;
    const messages = result.messages.map((message) => {
      if (!recordable(message)) return message;
      const list = available.get(keyOf({ file, rule: message.ruleId, fingerprint: fingerprintOf(file, message) }));
      if (!list || list.length === 0) return message;
      list.pop();
      matched++;
      changed = true;
      return { ...message, suppressions: [{ kind: 'external' as const, justification }] };
    });
    if (!changed) return result;
    const updated = { ...result, messages };
    countMessages(updated);
    return updated;
  });
  const stale: BaselineEntry[] = [];
  for (const list of available.values()) {
    for (const entry of list) {
      if (linted.has(entry.file) || !existsSync(path.resolve(cwd, entry.file))) stale.push(entry);
    }
  }
  return { results: out, matched, stale: stale.sort(compareEntries) };
}

/**
 * The CLI's `--baseline FILE` / `--write-baseline FILE`: writing records the findings (keeping
 * entries of files this run did not lint) and then applies the file, as reading does. Notes go
 * to `report` (stderr).
 */
export function baselineResults(
  results: readonly LintResult[],
  options: { cwd: string; read?: string; write?: string; report: (text: string) => void },
): LintResult[] {
  const target = options.write ?? options.read;
  if (target === undefined) return [...results];
  const filePath = path.resolve(options.cwd, target);
  const shown = displayPath(filePath, options.cwd);
  let baseline: Baseline;
  if (options.write !== undefined) {
    const previous = existsSync(filePath) ? readBaseline(filePath, shown) : undefined;
    baseline = createBaseline(results, options.cwd, previous);
    try {
      writeBaseline(filePath, baseline);
    } catch (error) {
      throw new BaselineError(`Cannot write the baseline ${shown}: ${writeErrorReason(error)}.`);
    }
    options.report(`Wrote ${baseline.findings.length} ${baseline.findings.length === 1 ? 'finding' : 'findings'} to the baseline ${shown}.\n`);
  } else {
    baseline = readBaseline(filePath, shown);
  }
  const outcome = applyBaseline(results, baseline, options.cwd, shown);
  if (outcome.stale.length > 0) {
    const count = outcome.stale.length;
    const lines = outcome.stale.map((entry) => `  ${entry.file}: ${entry.rule ?? '(no rule)'}: ${entry.message}\n`);
    options.report(`${count} ${count === 1 ? 'entry' : 'entries'} of the baseline ${shown} no longer ${count === 1 ? 'occurs' : 'occur'}; --write-baseline ${shown} removes ${count === 1 ? 'it' : 'them'}:\n${lines.join('')}`);
  }
  return outcome.results;
}
