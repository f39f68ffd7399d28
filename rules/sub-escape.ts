import { defineRule, docsUrl } from '../src/engine/rule.ts';
import type { Reference, Span } from '../src/model/types.ts';
import { exactSourceSpan, shorten, tokenText } from './support/references.ts';

export default defineRule({
  meta: {
    id: 'sub-escape',
    description: 'Inside Fn::Sub a stage variable must be escaped as ${!stageVariables.x}; outside Fn::Sub it must not be.',
    defaultSeverity: 'error',
    docsUrl: docsUrl('sub-escape'),
    fixable: 'code',
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  check(context) {
    const reported = new Set<string>();
    for (const reference of context.model.references) {
      const finding = reference.subContext === 'sub-template' ? unescaped(reference) : escaped(reference);
      if (!finding) continue;
      const key = `${reference.span.document.filePath}|${reference.span.start}`;
      if (reported.has(key)) continue; // one fix per place, or two fixes would insert two `!`
      reported.add(key);
      context.report({
        span: reference.span,
        message: finding.message,
        subject: `${reference.api?.name ?? '-'}|${reference.name}|${reference.position}|${reference.subContext}`,
        ...(finding.fix ? { fix: finding.fix } : {}),
      });
    }
  },
});

interface Finding {
  message: string;
  fix?: { span: Span; text: string };
}

/** `${stageVariables.x}` in an Fn::Sub template: CloudFormation reads it as Fn::GetAtt and fails. */
function unescaped(reference: Reference): Finding | null {
  const text = tokenText(reference);
  if (!text.startsWith('${') || text.startsWith('${!')) return null;
  // Without a closing brace CloudFormation sees no ${…} variable.
  if (reference.token.malformed?.kind === 'unclosed') return null;
  const inner = text.slice(2, -1);
  // The list form's variable map may define the dotted name itself; then Sub substitutes it.
  const variables = reference.fnSub?.variables;
  if (variables?.entries.some((entry) => entry.key.value === inner)) return null;
  const escapedText = `\${!${text.slice(2)}`;
  const readAs = /^[A-Za-z]+\.[A-Za-z0-9_]+$/.test(inner) ? `Fn::GetAtt ${inner}` : `a parameter or resource named ${shorten(inner, 50)}`;
  const message =
    `"${shorten(text)}" is inside Fn::Sub, where CloudFormation reads it as ${readAs}, finds none and fails the deployment; ` +
    `write ${shorten(escapedText)} so that CloudFormation passes ${shorten(text)} to API Gateway.`;
  const source = exactSourceSpan(reference, reference.token.start, reference.token.start + 2);
  return source ? { message, fix: { span: { document: source.document, start: source.end, end: source.end }, text: '!' } } : { message };
}

/** `${!stageVariables.x}` where CloudFormation does not substitute: the `!` reaches API Gateway. */
function escaped(reference: Reference): Finding | null {
  // A property API Gateway never reads: placeholder-position reports that, the `!` is moot.
  if (reference.position === 'not-evaluated' || reference.position === 'sam-identity') return null;
  const text = tokenText(reference);
  if (!text.startsWith('${!')) return null;
  const unprocessed = reference.subContext === 'unprocessed';
  // A standalone OpenAPI file with Fn::Sub in it is most likely an AWS::Include snippet of a
  // template that is not being linted, where the escape is right: the file alone cannot tell.
  if (unprocessed && reference.api?.logicalId === undefined && reference.fnSub) return null;
  const plain = `\${${text.slice(3)}`;
  const why = unprocessed
    ? 'this file is not processed by CloudFormation (DefinitionUri, BodyS3Location or a standalone OpenAPI file), so nothing removes the "!"'
    : 'it is not inside Fn::Sub, so CloudFormation leaves the "!" in place';
  const message = `"${shorten(text)}" is escaped for Fn::Sub, but ${why}; API Gateway receives ${shorten(text)} and never resolves it. Write ${shorten(plain)}.`;
  const source = exactSourceSpan(reference, reference.token.start, reference.token.start + 3);
  return source ? { message, fix: { span: { document: source.document, start: source.start + 2, end: source.end }, text: '' } } : { message };
}
