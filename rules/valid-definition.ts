import { defineRule, docsUrl } from '../src/engine/rule.ts';
import type { VariableDefinition } from '../src/model/types.ts';

const NAME = /^[A-Za-z0-9_]+$/;
const VALUE_CHARACTER = /[A-Za-z0-9\-._~:/?#&=,]/;
const MAX_NAME_LENGTH = 64;
const MAX_VALUE_LENGTH = 512;
const MAX_VARIABLES = 100;

export default defineRule({
  meta: {
    id: 'valid-definition',
    description: 'Stage variable names and literal values must satisfy API Gateway\'s character set and quotas.',
    defaultSeverity: 'error',
    docsUrl: docsUrl('valid-definition'),
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  check(context) {
    for (const api of context.model.apis) {
      for (const stage of api.stages) {
        for (const variables of [stage.variables, stage.canaryVariables]) {
          let index = 0;
          for (const definition of variables.values()) {
            index++;
            checkName(definition, context.report);
            checkValue(definition, context.report);
            if (index === MAX_VARIABLES + 1) {
              context.report({
                span: definition.nameSpan,
                message: `Stage "${stage.name}" defines ${variables.size} stage variables; API Gateway allows at most ${MAX_VARIABLES} per stage.`,
                subject: `${api.name}|${stage.name}|count`,
              });
            }
          }
        }
      }
    }
  },
});

type Report = (descriptor: { span: VariableDefinition['nameSpan']; message: string; subject: string }) => void;

function checkName(definition: VariableDefinition, report: Report): void {
  const { name } = definition;
  const subject = `${definition.stage.api.name}|${definition.name}|name`;
  if (!NAME.test(name)) {
    const bad = [...new Set([...name].filter((c) => !/[A-Za-z0-9_]/.test(c)))].map(describeCharacter).join(', ');
    const message = name === ''
      ? 'Stage variable name is empty.'
      : `Stage variable name "${name}" contains ${bad}; names may only contain letters, digits and underscores.`;
    report({ span: definition.nameSpan, message, subject });
  } else if (name.length > MAX_NAME_LENGTH) {
    report({ span: definition.nameSpan, message: `Stage variable name "${name.slice(0, 20)}…" is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}.`, subject });
  }
}

function checkValue(definition: VariableDefinition, report: Report): void {
  if (definition.value.kind !== 'literal') return;
  const text = definition.value.text;
  const subject = `${definition.stage.api.name}|${definition.name}|value`;
  // Messages name the offending characters, never the value: it may be a secret.
  if (text === '') {
    report({ span: definition.valueSpan, message: `Stage variable "${definition.name}" has an empty value; API Gateway rejects empty values.`, subject });
    return;
  }
  const bad = [...new Set([...text].filter((c) => !VALUE_CHARACTER.test(c)))];
  if (bad.length > 0) {
    const hint = bad.includes('$') && /\$LATEST/.test(text) ? ' For $LATEST, use the unqualified function name.' : '';
    report({
      span: definition.valueSpan,
      message: `Stage variable "${definition.name}" has a value with ${bad.map(describeCharacter).join(', ')}; values may only contain letters, digits and - . _ ~ : / ? # & = ,.${hint}`,
      subject,
    });
  } else if (text.length > MAX_VALUE_LENGTH) {
    // The exact length is left out on purpose: it would tell something about a secret value.
    report({ span: definition.valueSpan, message: `Stage variable "${definition.name}" has a value longer than ${MAX_VALUE_LENGTH} characters, the limit.`, subject });
  }
}

function describeCharacter(character: string): string {
  switch (character) {
    case ' ': return 'a space';
    case '\t': return 'a tab';
    case '\n': return 'a line break';
    default: return /[\x00-\x1f\x7f]/.test(character) ? `the control character U+${character.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}` : `"${character}"`;
  }
}
