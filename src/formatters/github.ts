// GitHub Actions workflow commands: one `::error` / `::warning` line per finding, which GitHub
// shows as an annotation on the file and line. Paths are relative to cwd (the workspace root).

import type { LintResult } from '../engine/types.ts';
import type { FormatterContext } from './context.ts';
import { TOOL_NAME, endOf, isError, relativePath, ruleIdOf, startOf, visibleMessages } from './shared.ts';

/** Escaping for the message part (after `::`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping for a property value (`file=`, `title=` ...). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function format(results: LintResult[], context: FormatterContext): string {
  const lines: string[] = [];
  for (const result of results) {
    const rel = relativePath(context.cwd, result.filePath);
    for (const message of visibleMessages(result)) {
      const props: [string, string | number][] = [['file', rel]];
      const start = startOf(message);
      if (start) {
        props.push(['line', start.line], ['col', start.column]);
        const end = endOf(message);
        if (end) props.push(['endLine', end.endLine], ['endColumn', end.endColumn]);
      }
      props.push(['title', `${TOOL_NAME}(${ruleIdOf(message)})`]);
      const command = isError(message) ? 'error' : 'warning';
      const propText = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
      lines.push(`::${command} ${propText}::${escapeData(message.message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
