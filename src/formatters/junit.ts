// JUnit XML: one <testsuite> per file (name = path relative to cwd), one failing <testcase> per
// finding (name = `line:col ruleId`, classname = the file). Lint findings are <failure type="error|warning">,
// fatal read/parse errors are <error type="fatal">. A file without findings gets one passing testcase.

import type { LintMessage, LintResult } from '../engine/types.ts';
import type { FormatterContext } from './context.ts';
import { TOOL_NAME, isError, relativePath, ruleIdOf, visibleMessages } from './shared.ts';

/**
 * Text safe for XML 1.0 element content and attribute values. Characters XML 1.0 forbids (C0 controls
 * other than tab/LF/CR, U+FFFE, U+FFFF) become a visible `\uXXXX`; lone surrogates become U+FFFD.
 * In attributes, tab/LF/CR are written as character references so attribute normalisation keeps them.
 */
export function escapeXml(text: string, attribute = false): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i] as string;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + (text[i + 1] as string);
        i++;
      } else {
        out += '\ufffd';
      }
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) {
      out += '\ufffd';
      continue;
    }
    switch (ch) {
      case '&':
        out += '&amp;';
        continue;
      case '<':
        out += '&lt;';
        continue;
      case '>':
        out += '&gt;';
        continue;
      case '"':
        out += attribute ? '&quot;' : ch;
        continue;
      case "'":
        out += attribute ? '&apos;' : ch;
        continue;
      case '\t':
        out += attribute ? '&#9;' : ch;
        continue;
      case '\n':
        out += attribute ? '&#10;' : ch;
        continue;
      case '\r':
        out += '&#13;'; // also in content: a raw CR would be normalised to LF by parsers
        continue;
    }
    if (code < 0x20 || code === 0xfffe || code === 0xffff) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
      continue;
    }
    out += ch;
  }
  return out;
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v), true)}"`)
    .join('');
}

function details(rel: string, message: LintMessage, docsUrl: string | undefined): string {
  const severity = message.fatal ? 'fatal' : isError(message) ? 'error' : 'warning';
  let text = `${rel}:${message.line || 0}:${message.column || 0}: ${severity}: ${message.message} [${ruleIdOf(message)}]`;
  if (docsUrl) text += `\n${docsUrl}`;
  return text;
}

export function format(results: LintResult[], context: FormatterContext): string {
  const urls = new Map(context.rules.map((r) => [r.id, r.url]));
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  let totalErrors = 0;

  for (const result of results) {
    const rel = relativePath(context.cwd, result.filePath);
    const messages = visibleMessages(result);
    const cases: string[] = [];
    let failures = 0;
    let errors = 0;
    for (const message of messages) {
      const ruleId = ruleIdOf(message);
      const tag = message.fatal ? 'error' : 'failure';
      if (message.fatal) errors++;
      else failures++;
      const type = message.fatal ? 'fatal' : isError(message) ? 'error' : 'warning';
      cases.push(
        `    <testcase${attrs({ name: `${message.line || 0}:${message.column || 0} ${ruleId}`, classname: rel, time: 0 })}>\n` +
          `      <${tag}${attrs({ message: message.message, type })}>${escapeXml(details(rel, message, urls.get(ruleId)))}</${tag}>\n` +
          `    </testcase>`,
      );
    }
    if (cases.length === 0) {
      cases.push(`    <testcase${attrs({ name: TOOL_NAME, classname: rel, time: 0 })} />`);
    }
    totalTests += cases.length;
    totalFailures += failures;
    totalErrors += errors;
    suites.push(
      `  <testsuite${attrs({ name: rel, tests: cases.length, failures, errors, skipped: 0, time: 0 })}>\n` +
        `${cases.join('\n')}\n` +
        `  </testsuite>`,
    );
  }

  const root = attrs({ name: TOOL_NAME, tests: totalTests, failures: totalFailures, errors: totalErrors, time: 0 });
  const body = suites.length > 0 ? `<testsuites${root}>\n${suites.join('\n')}\n</testsuites>` : `<testsuites${root} />`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}
