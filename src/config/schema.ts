// The JSON Schema of the configuration file, built from the rules' own metadata so that it
// always lists every rule with its options. schemas/stagevar-lint.config.schema.json is this
// object serialised (test/config.test.ts keeps the two identical); editors read the file, the
// linter validates with the object.
import type { Rule } from '../engine/rule.ts';

export const CONFIG_SCHEMA_ID = 'https://raw.githubusercontent.com/stagevar-lint/stagevar-lint/main/schemas/stagevar-lint.config.schema.json';

/** The path of the schema inside the installed package, for `$schema` and yaml-language-server. */
export const CONFIG_SCHEMA_PACKAGE_PATH = 'node_modules/stagevar-lint/schemas/stagevar-lint.config.schema.json';

const SEVERITY = {
  description: '"off" (or 0), "warn" (or 1), "error" (or 2).',
  enum: ['off', 'warn', 'error', 0, 1, 2],
};

const PATTERN = {
  type: 'string',
  minLength: 1,
  pattern: '^(?!!)',
  patternErrorMessage: 'must not start with "!" (negated patterns are not supported)',
};

export function buildConfigSchema(rules: readonly Rule<unknown>[]): Record<string, unknown> {
  const ruleProperties: Record<string, unknown> = {};
  for (const rule of rules) {
    const { id, description, defaultSeverity, docsUrl, schema, defaultOptions } = rule.meta;
    const defaults = defaultOptions && Object.keys(defaultOptions).length > 0 ? ` Default options: ${JSON.stringify(defaultOptions)}.` : '';
    ruleProperties[id] = {
      description: `${description} Default: "${defaultSeverity}".${defaults} ${docsUrl}`,
      anyOf: [
        { $ref: '#/definitions/severity' },
        {
          type: 'array',
          items: [{ $ref: '#/definitions/severity' }, schema],
          minItems: 1,
          additionalItems: false,
        },
      ],
    };
  }
  const rulesSchema = {
    description: 'Rule severities and options by rule id: "warn", or ["warn", { ...options }].',
    type: 'object',
    properties: ruleProperties,
    additionalProperties: false,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_ID,
    title: 'stagevar-lint configuration',
    description: 'Configuration of stagevar-lint (stagevar-lint.config.json or .stagevar-lint.yaml). See docs/configuration.md.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { description: 'The JSON Schema of this file, for editor completion.', type: 'string' },
      rules: rulesSchema,
      ignores: {
        description: 'Files not to lint: glob patterns relative to this file\'s directory. A pattern without "/" matches at any depth.',
        type: 'array',
        items: PATTERN,
      },
      overrides: {
        description: 'Rule settings for some files; later entries win over earlier ones, command-line --rule over all.',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: {
            files: { description: 'Glob patterns relative to this file\'s directory.', type: 'array', minItems: 1, items: PATTERN },
            rules: rulesSchema,
          },
        },
      },
      accountIds: {
        description: 'AWS account ids the APIs are deployed to.',
        type: 'array',
        uniqueItems: true,
        items: { type: 'string', pattern: '^[0-9]{12}$', patternErrorMessage: 'must be a 12-digit AWS account id' },
      },
      stages: {
        description: 'Stages of APIs whose stages are not in the linted files (an OpenAPI file deployed by a pipeline, stages created by another stack).',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['api', 'stages'],
          properties: {
            api: {
              description: 'The API: a file path relative to this file\'s directory (a standalone OpenAPI file), or "<file>#<LogicalId>" for an API in a template.',
              type: 'string',
              minLength: 1,
            },
            stages: {
              description: 'Stage name to its stage variables (name to value).',
              type: 'object',
              minProperties: 1,
              additionalProperties: {
                type: 'object',
                propertyNames: { pattern: '^[A-Za-z0-9_]+$', patternErrorMessage: 'stage variable names are letters, digits and underscores' },
                additionalProperties: { type: 'string' },
              },
            },
          },
        },
      },
      reportUnusedSuppressions: {
        description: 'Severity of suppressions (comments, Metadata) that suppress nothing. Default: "warn".',
        enum: ['off', 'warn', 'error'],
      },
    },
    definitions: { severity: SEVERITY },
  };
}
