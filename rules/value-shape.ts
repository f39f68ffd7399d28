import { defineRule, docsUrl } from '../src/engine/rule.ts';
import { checkValueShape, type ConnectionIdSlot, type ShapeProblem, type SlotInfo, type UriPart } from '../src/model/slots.ts';
import { detectSecret } from '../src/secrets/detect.ts';
import type { Reference, VariableDefinition } from '../src/model/types.ts';
import { describeLocation, effectiveSyntax, tokenText } from './support/references.ts';

/** Longest value quoted in a message; longer ones are cut (a value may be a secret). */
const MAX_QUOTED = 40;

/**
 * The slots with a value grammar, and how a message names them. Partition, region, account and
 * scheme are left out: a stage variable there is already placeholder-position's error.
 */
const SLOTS: Partial<Record<UriPart, string>> = {
  function: 'the Lambda function name',
  qualifier: 'the Lambda version or alias',
  resource: 'the resource part of a credentials ARN',
  host: 'the host of an HTTP integration URL',
  subdomain: 'the subdomain of an HTTP integration URL',
  path: 'the path of an HTTP integration URL',
  query: 'the query string of an HTTP integration URL',
  'action-or-path': 'the action or path of an AWS service URI',
};

export default defineRule({
  meta: {
    id: 'value-shape',
    description: 'A literal stage-variable value must fit every place its variable is used (a function name, an alias, a role, a host, a VPC link id).',
    defaultSeverity: 'error',
    docsUrl: docsUrl('value-shape'),
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  check(context) {
    // One finding per definition and problem, however many references share it.
    const findings = new Map<string, { definition: VariableDefinition; problem: ShapeProblem; slotName: string; references: Reference[] }>();
    for (const api of context.model.apis) {
      for (const reference of api.references) {
        const shaped = slotOf(reference);
        if (!shaped) continue;
        for (const stage of api.stages) {
          for (const definition of [stage.variables.get(reference.name), stage.canaryVariables.get(reference.name)]) {
            if (!definition || definition.value.kind !== 'literal') continue;
            const problem = checkValueShape(shaped.slot, definition.value.text);
            if (!problem) continue;
            const key = `${definition.valueSpan.document.filePath}|${definition.valueSpan.start}|${definition.canary}|${definition.stage.name}|${problem.message}`;
            const entry = findings.get(key);
            if (entry) {
              if (!entry.references.includes(reference)) entry.references.push(reference);
            } else {
              findings.set(key, { definition, problem, slotName: shaped.name, references: [reference] });
            }
          }
        }
      }
    }
    for (const { definition, problem, slotName, references } of findings.values()) {
      const value = definition.value.kind === 'literal' ? definition.value.text : '';
      const first = references[0]!;
      const others = references.length > 1 ? ` and ${references.length - 1} other place${references.length > 2 ? 's' : ''}` : '';
      const stage = `stage "${definition.stage.name}"${definition.canary ? ' (canary override)' : ''}`;
      const { quoted, explanation } = describeValue(definition.name, value, problem.message);
      context.report({
        span: definition.valueSpan,
        message: `Stage variable "${definition.name}" of ${stage} is used as ${slotName} (${describeLocation(first, definition.valueSpan.document)}${others}); its value ${quoted} ${explanation}.`,
        subject: `${definition.stage.api.name}|${definition.stage.name}|${definition.name}|${definition.canary ? 'canary' : 'base'}|${slotName}`,
        ...(problem.severity === 'warn' ? { severity: 'warn' as const } : {}),
      });
    }
  },
});

/** The slot of a reference API Gateway will substitute, when that slot has a value grammar. */
function slotOf(reference: Reference): { slot: SlotInfo | ConnectionIdSlot; name: string } | undefined {
  // A near miss or a form API Gateway does not substitute there never receives the value.
  if (reference.token.malformed || effectiveSyntax(reference) !== 'braced') return undefined;
  if (reference.position === 'connection-id') {
    if (String(reference.node.value).trim() !== tokenText(reference)) return undefined;
    return { slot: { uriKind: 'connection-id', part: 'whole' }, name: 'the VPC link id in ConnectionId' };
  }
  const slot = reference.slot;
  const name = slot && SLOTS[slot.part];
  return slot && name ? { slot, name } : undefined;
}

/**
 * The value for the message: quoted when short, cut when long, left out when it looks like a
 * secret; the same applies where the problem text repeats it.
 */
function describeValue(name: string, value: string, explanation: string): { quoted: string; explanation: string } {
  if (detectSecret(name, value)) {
    return { quoted: '(not shown: it looks like a secret)', explanation: explanation.replaceAll(value, '…') };
  }
  if (value.length <= MAX_QUOTED) return { quoted: `"${value}"`, explanation };
  const cut = `${value.slice(0, MAX_QUOTED - 1)}…`;
  return { quoted: `"${cut}" (${value.length} characters)`, explanation: explanation.replaceAll(value, cut) };
}
