// ESLint's "stylish" look: grouped by file, aligned `line:col  severity  message  ruleId` rows and a
// summary. Colours are plain ANSI SGR codes, written only when `context.color` is true.

import type { LintResult } from '../engine/types.ts';
import type { FormatterContext } from './context.ts';
import { countMessages, isError, visibleMessages } from './shared.ts';

type Style = 'underline' | 'red' | 'yellow' | 'dim' | 'bold' | 'reset';

const SGR: Record<Style, readonly [open: number, close: number]> = {
  underline: [4, 24],
  red: [31, 39],
  yellow: [33, 39],
  dim: [2, 22],
  bold: [1, 22],
  reset: [0, 0],
};

 
const ANSI = /\u001b\[[0-9;]*m/g;

function visibleLength(text: string): number {
  return text.includes('\u001b') ? text.replace(ANSI, '').length : text.length;
}

function pluralize(word: string, count: number): string {
  return count === 1 ? word : `${word}s`;
}

/** Columns joined by two spaces, each padded to its widest cell (right-aligned where asked), rows right-trimmed. */
function table(rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell));
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = ' '.repeat((widths[i] ?? 0) - visibleLength(cell));
          return align[i] === 'r' ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function format(results: LintResult[], context: FormatterContext): string {
  const style = (s: Style, text: string): string =>
    context.color ? `\u001b[${SGR[s][0]}m${text}\u001b[${SGR[s][1]}m` : text;

  let output = '\n';
  let errorCount = 0;
  let warningCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  let summaryColor: Style = 'yellow';

  for (const result of results) {
    const messages = visibleMessages(result);
    if (messages.length === 0) continue;
    const counts = countMessages(messages);
    errorCount += counts.errorCount;
    warningCount += counts.warningCount;
    fixableErrorCount += counts.fixableErrorCount;
    fixableWarningCount += counts.fixableWarningCount;

    output += `${style('underline', result.filePath)}\n`;
    const rows = messages.map((message) => {
      let type: string;
      if (isError(message)) {
        type = style('red', 'error');
        summaryColor = 'red';
      } else {
        type = style('yellow', 'warning');
      }
      // Like ESLint: drop one trailing period unless a space precedes it.
      let text = message.message;
      if (text.length > 1 && text.endsWith('.') && text.at(-2) !== ' ') text = text.slice(0, -1);
      return [
        '',
        String(message.line || 0),
        String(message.column || 0),
        type,
        text,
        message.ruleId ? style('dim', message.ruleId) : '',
      ];
    });
    output += `${table(rows, ['l', 'r', 'l'])
      .split('\n')
      .map((row) => row.replace(/(\d+)\s+(\d+)/, (_m, line: string, column: string) => style('dim', `${line}:${column}`)))
      .join('\n')}\n\n`;
  }

  const total = errorCount + warningCount;
  if (total === 0) return '';

  output += `${style(
    summaryColor,
    style(
      'bold',
      `\u2716 ${total}${pluralize(' problem', total)} (${errorCount}${pluralize(' error', errorCount)}, ` +
        `${warningCount}${pluralize(' warning', warningCount)})`,
    ),
  )}\n`;
  if (fixableErrorCount > 0 || fixableWarningCount > 0) {
    output += `${style(
      summaryColor,
      style(
        'bold',
        `  ${fixableErrorCount}${pluralize(' error', fixableErrorCount)} and ` +
          `${fixableWarningCount}${pluralize(' warning', fixableWarningCount)} potentially fixable with the \`--fix\` option.`,
      ),
    )}\n`;
  }
  return style('reset', output);
}
