// Helpers shared by the formatters. Pure functions, no I/O.

import { hash } from 'node:crypto';
import * as path from 'node:path';
import type { LintMessage, LintResult } from '../engine/types.ts';

export const TOOL_NAME = 'stagevar-lint';
export const INFORMATION_URI = 'https://github.com/stagevar-lint/stagevar-lint';

/** The rule id the non-ESLint formats use for fatal messages (ruleId null: file not readable or parseable). */
export const PARSE_ERROR_RULE_ID = 'parse-error';
export const PARSE_ERROR_DESCRIPTION = 'The file could not be read or parsed, so no rule could check it.';

/** Messages a formatter shows: suppressed ones (with `suppressions`) are left out everywhere but SARIF. */
export function visibleMessages(result: LintResult): LintMessage[] {
  return result.messages.filter((m) => !isSuppressed(m));
}

export function isSuppressed(message: LintMessage): boolean {
  return message.suppressions !== undefined && message.suppressions.length > 0;
}

export interface Counts {
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

/** ESLint's counts, recomputed from the messages so they always agree with what is printed. */
export function countMessages(messages: readonly LintMessage[]): Counts {
  const counts: Counts = { errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
  for (const m of messages) {
    if (m.fatal) counts.fatalErrorCount++;
    if (m.fatal || m.severity === 2) {
      counts.errorCount++;
      if (m.fix) counts.fixableErrorCount++;
    } else {
      counts.warningCount++;
      if (m.fix) counts.fixableWarningCount++;
    }
  }
  return counts;
}

/** The rule id, with fatal messages (ruleId null) reported as `parse-error`. */
export function ruleIdOf(message: LintMessage): string {
  return message.ruleId ?? PARSE_ERROR_RULE_ID;
}

export function isError(message: LintMessage): boolean {
  return message.fatal === true || message.severity === 2;
}

/**
 * `filePath` relative to `cwd` with forward slashes. Paths that are already relative (for example
 * `<text>` for stdin) are only normalised. A file outside `cwd` gives a path starting with `../`,
 * or an absolute path on another Windows drive; see `isInside`.
 */
export function relativePath(cwd: string, filePath: string): string {
  const rel = path.isAbsolute(filePath) ? path.relative(cwd, filePath) : path.normalize(filePath);
  return toForwardSlashes(rel);
}

export function isInside(rel: string): boolean {
  return !(rel === '..' || rel.startsWith('../') || path.isAbsolute(rel) || /^[A-Za-z]:/.test(rel));
}

function toForwardSlashes(p: string): string {
  return path.sep === '\\' ? p.split('\\').join('/') : p;
}

/** sha256 of the parts (JSON-encoded, so no separator can make two inputs collide), 32 hex digits. */
export function stableHash(parts: readonly (string | number)[]): string {
  return hash('sha256', JSON.stringify(parts), 'hex').slice(0, 32);
}

/**
 * The identity of a finding: the engine's `fingerprint` when it set one, otherwise a hash of the
 * relative path, the rule id and the message text (never the line, never an absolute path).
 */
export function findingIdentity(rel: string, message: LintMessage): string {
  return message.fingerprint ?? stableHash(['stagevar-lint/v1', rel, ruleIdOf(message), message.message]);
}

/** 1-based line/column, or undefined when the message has no usable position (e.g. a read error). */
export function startOf(message: LintMessage): { line: number; column: number } | undefined {
  if (!Number.isInteger(message.line) || message.line < 1) return undefined;
  const column = Number.isInteger(message.column) && message.column >= 1 ? message.column : 1;
  return { line: message.line, column };
}

/** The end position when it is present and not before the start. */
export function endOf(message: LintMessage): { endLine: number; endColumn: number } | undefined {
  const start = startOf(message);
  const { endLine, endColumn } = message;
  if (!start || endLine === undefined || endColumn === undefined) return undefined;
  if (!Number.isInteger(endLine) || !Number.isInteger(endColumn) || endColumn < 1) return undefined;
  if (endLine < start.line || (endLine === start.line && endColumn < start.column)) return undefined;
  return { endLine, endColumn };
}
