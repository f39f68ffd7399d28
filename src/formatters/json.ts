// ESLint's JSON format: `JSON.stringify(results)` in ESLint's exact shape. Suppressed messages are
// removed, our `fingerprint`/`suppressions` fields are dropped, `fix` is kept, and the counts are
// recomputed from the messages that remain.

import type { LintMessage, LintResult } from '../engine/types.ts';
import { countMessages, visibleMessages } from './shared.ts';

/** One message as ESLint's JSON formatter writes it. */
export interface EslintJsonMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  fix?: { range: [number, number]; text: string };
}

export interface EslintJsonResult {
  filePath: string;
  messages: EslintJsonMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  output?: string;
}

function toEslintMessage(m: LintMessage): EslintJsonMessage {
  const out: EslintJsonMessage = {
    ruleId: m.ruleId,
    severity: m.severity,
    message: m.message,
    line: m.line,
    column: m.column,
  };
  if (m.endLine !== undefined) out.endLine = m.endLine;
  if (m.endColumn !== undefined) out.endColumn = m.endColumn;
  if (m.fatal) out.fatal = true;
  if (m.fix) out.fix = { range: [m.fix.range[0], m.fix.range[1]], text: m.fix.text };
  return out;
}

export function toEslintResults(results: readonly LintResult[]): EslintJsonResult[] {
  return results.map((result) => {
    const messages = visibleMessages(result);
    const counts = countMessages(messages);
    const out: EslintJsonResult = {
      filePath: result.filePath,
      messages: messages.map(toEslintMessage),
      errorCount: counts.errorCount,
      fatalErrorCount: counts.fatalErrorCount,
      warningCount: counts.warningCount,
      fixableErrorCount: counts.fixableErrorCount,
      fixableWarningCount: counts.fixableWarningCount,
    };
    if (result.output !== undefined) out.output = result.output;
    return out;
  });
}

/** Takes no context: the output is the same wherever it runs (paths stay absolute, as in ESLint). */
export function format(results: LintResult[]): string {
  return JSON.stringify(toEslintResults(results));
}
