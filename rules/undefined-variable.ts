import { defineRule, docsUrl } from '../src/engine/rule.ts';
import type { Stage } from '../src/model/types.ts';

export default defineRule({
  meta: {
    id: 'undefined-variable',
    description: 'A referenced stage variable must be defined on every stage that serves the API.',
    defaultSeverity: 'error',
    docsUrl: docsUrl('undefined-variable'),
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  check(context) {
    for (const api of context.model.apis) {
      if (!api.stagesKnown || api.stages.length === 0) continue;
      for (const reference of api.references) {
        // A malformed token is malformed-reference's finding; its name may not be what was meant.
        if (reference.token.malformed) continue;
        const missing = api.stages.filter((stage) => stage.variablesComplete && !stage.variables.has(reference.name));
        if (missing.length === 0) continue;
        context.report({
          span: reference.span,
          message: describeMissing(reference.name, missing, api.stages.length, api.name),
          subject: `${api.name}|${reference.name}|${reference.position}`,
        });
      }
    }
  },
});

function describeMissing(name: string, missing: Stage[], stageCount: number, apiName: string): string {
  const stages = missing.map((stage) => `"${stage.name}"`).join(', ');
  const where = missing.length === stageCount && stageCount > 1 ? `any stage of API ${apiName} (${stages})` : `stage ${stages} of API ${apiName}`;
  let message = `Stage variable "${name}" is not defined on ${where}; API Gateway sends an empty value there.`;
  if (missing.some((stage) => stage.canaryVariables.has(name))) {
    message += ' It is defined only in a canary override, which applies to canary traffic alone.';
  }
  const suggestion = nearMatch(name, missing);
  if (suggestion) message += ` Did you mean "${suggestion}"?`;
  return message;
}

function nearMatch(name: string, stages: Stage[]): string | undefined {
  const lower = name.toLowerCase();
  for (const stage of stages) {
    for (const defined of stage.variables.keys()) {
      if (defined !== name && defined.toLowerCase() === lower) return defined;
    }
  }
  return undefined;
}
