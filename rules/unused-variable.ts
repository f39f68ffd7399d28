import { defineRule, docsUrl } from '../src/engine/rule.ts';

interface Options {
  /** Lambda proxy integrations hand every stage variable to the function, which may read it. */
  ignoreLambdaProxyApis: boolean;
}

export default defineRule<Options>({
  meta: {
    id: 'unused-variable',
    description: 'A stage variable that nothing in its API references is dead configuration (or a typo).',
    defaultSeverity: 'warn',
    docsUrl: docsUrl('unused-variable'),
    schema: {
      type: 'object',
      properties: { ignoreLambdaProxyApis: { type: 'boolean' } },
      additionalProperties: false,
    },
    defaultOptions: { ignoreLambdaProxyApis: true },
  },
  check(context) {
    for (const api of context.model.apis) {
      // Without the whole definition, or with code that receives the variables, "unused" is a guess.
      if (!api.stagesKnown || !api.referencesComplete) continue;
      if (api.integrations.length === 0 && api.references.length === 0) continue;
      if (context.options.ignoreLambdaProxyApis && api.hasLambdaProxyIntegration) continue;
      const used = new Set(api.references.map((reference) => reference.name));
      for (const reference of api.references) {
        const corrected = reference.token.malformed?.corrected;
        if (corrected) used.add(reference.name);
      }
      for (const stage of api.stages) {
        for (const definition of [...stage.variables.values(), ...stage.canaryVariables.values()]) {
          if (used.has(definition.name)) continue;
          context.report({
            span: definition.nameSpan,
            message: `Stage variable "${definition.name}" of stage "${stage.name}" is not referenced anywhere in API ${api.name}.`,
            subject: `${api.name}|${stage.name}|${definition.name}|${definition.canary ? 'canary' : 'base'}`,
          });
        }
      }
    }
  },
});
