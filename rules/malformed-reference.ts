import { defineRule, docsUrl } from '../src/engine/rule.ts';
import type { Reference } from '../src/model/types.ts';
import { effectiveSyntax, exactSourceSpan, shorten, tokenText, URI_POSITIONS } from './support/references.ts';

const TEMPLATE_POSITIONS = new Set(['request-template', 'response-template', 'gateway-response-template']);

export default defineRule({
  meta: {
    id: 'malformed-reference',
    description: 'A stage-variable reference must be spelled exactly as API Gateway expects: near misses stay literal text.',
    defaultSeverity: 'error',
    docsUrl: docsUrl('malformed-reference'),
    fixable: 'code',
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  check(context) {
    const reported = new Set<string>();
    for (const reference of context.model.references) {
      // Nothing is resolved in a property API Gateway never reads: placeholder-position says so.
      if (reference.position === 'not-evaluated' || reference.position === 'sam-identity') continue;
      const finding = reference.token.malformed ? nearMiss(reference) : vtlInUri(reference);
      if (!finding) continue;
      const key = `${reference.span.document.filePath}|${reference.span.start}|${reference.span.end}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const fixSpan = finding.fix === undefined ? undefined : exactSourceSpan(reference, reference.token.start, reference.token.end);
      context.report({
        span: reference.span,
        message: finding.message,
        subject: `${reference.api?.name ?? '-'}|${reference.name}|${reference.position}|${reference.token.malformed?.kind ?? 'vtl'}`,
        ...(finding.severity === 'warn' ? { severity: 'warn' as const } : {}),
        ...(fixSpan && finding.fix !== undefined ? { fix: { span: fixSpan, text: finding.fix } } : {}),
      });
    }
  },
});

interface Finding {
  message: string;
  severity: 'error' | 'warn';
  /** Replacement for the whole token, when the correction is certain. */
  fix?: string;
}

function nearMiss(reference: Reference): Finding | null {
  const malformed = reference.token.malformed!;
  const written = `"${shorten(tokenText(reference))}"`;
  const corrected = malformed.corrected;
  const write = corrected ? ` Write ${corrected}.` : '';
  switch (malformed.kind) {
    case 'casing': {
      // Velocity variables are case-sensitive: $StageVariables is a different, undefined variable.
      // API Gateway's own substitution in URIs and parameter mappings documents one spelling and
      // says nothing about others, so there the finding is a warning.
      const vtl = TEMPLATE_POSITIONS.has(reference.position) || reference.token.syntax === 'dollar' || reference.token.syntax === 'bracket';
      const why = vtl
        ? 'mapping templates are Velocity, which is case-sensitive, so this names a different, undefined variable'
        : 'API Gateway documents only that spelling; whether it accepts another casing is undocumented';
      return { message: `${written} is not spelled stageVariables: ${why}.${write}`, severity: vtl ? 'error' : 'warn', ...(corrected ? { fix: corrected } : {}) };
    }
    case 'singular':
      return { message: `${written} names stageVariable (singular), which API Gateway does not know; it stays literal text.${write}`, severity: 'error', ...(corrected ? { fix: corrected } : {}) };
    case 'unclosed':
      return { message: `${written} has no closing "}", so API Gateway does not read it as a reference and passes it through literally.${write}`, severity: 'error' };
    case 'empty-name':
      return { message: `${written} has no variable name after "stageVariables."; API Gateway cannot resolve it.`, severity: 'error' };
    case 'invalid-name':
      return {
        message: `${written}: "${shorten(reference.name, 40)}" is not a valid stage variable name (letters, digits and underscores only), so no stage can define it and the reference is never resolved.`,
        severity: 'error',
      };
    case 'quoted-name':
      return { message: `${written} has quotes inside the braces, which are not part of the syntax; API Gateway does not resolve it.${write}`, severity: 'error' };
    case 'whitespace':
      return { message: `${written} has whitespace inside the reference, which API Gateway does not accept; it stays literal text.${write}`, severity: 'error' };
  }
}

/** `$stageVariables.x`, `$stageVariables['x']`, `$!{…}` in a URI or ARN: mapping-template syntax, never substituted there. */
function vtlInUri(reference: Reference): Finding | null {
  if (!URI_POSITIONS.has(reference.position)) return null;
  const syntax = effectiveSyntax(reference);
  if (syntax === null || syntax === 'braced' || syntax === 'bare') return null;
  const escape = reference.subContext === 'sub-template' ? '!' : '';
  const corrected = `\${${escape}stageVariables.${reference.name}}`;
  return {
    message: `"${shorten(tokenText(reference))}" is mapping-template (VTL) syntax, which API Gateway does not substitute in URIs and ARNs; write ${corrected}.`,
    severity: 'error',
  };
}
