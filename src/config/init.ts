// `--init`: a commented starter configuration, every field explained, that changes nothing until
// edited (each rule is listed at its default).
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Rule } from '../engine/rule.ts';
import { CONFIG_FILE_NAMES, ConfigError } from './load.ts';
import { CONFIG_SCHEMA_PACKAGE_PATH } from './schema.ts';

export const STARTER_FILE_NAME = '.stagevar-lint.yaml';

export function starterConfig(rules: readonly Rule<unknown>[]): string {
  const ruleLines = rules.map((rule) => {
    const options = rule.meta.defaultOptions && Object.keys(rule.meta.defaultOptions).length > 0 ? rule.meta.defaultOptions : undefined;
    const setting = options ? `[${rule.meta.defaultSeverity}, ${flowMap(options)}]` : rule.meta.defaultSeverity;
    return `  ${rule.meta.id}: ${setting}`;
  });
  return `# yaml-language-server: $schema=./${CONFIG_SCHEMA_PACKAGE_PATH}
# stagevar-lint configuration. Reference: docs/configuration.md in the stagevar-lint package.
# The modeline above gives completion and checks in editors with the YAML extension. Paths and
# patterns in this file are relative to the directory of this file. Command-line flags win over
# this file (--rule over rules, --account-id over accountIds).

# Rule severities: off, warn or error. A rule with options: [warn, { option: value }].
# Every rule is listed at its default; change or delete lines as you like.
rules:
${ruleLines.join('\n')}

# Files not to lint. A pattern without "/" matches at any depth; "legacy/" matches a folder.
# node_modules, .git and .aws-sam are always skipped.
ignores: []
#  - "legacy/**"
#  - "*.generated.json"

# Rule settings for some files. Later entries win over earlier ones.
overrides: []
#  - files: ["sandbox/**"]
#    rules:
#      unused-variable: off

# The AWS account ids your APIs are deployed to (quote them: a leading 0 matters).
accountIds: []
#  - "123456789012"

# Stages of APIs whose stages are not in the linted files: an OpenAPI file a pipeline deploys,
# or stages another stack creates. "api" is a file (relative to this file), or file#LogicalId
# for an API in a template. With stages known, undefined-variable and unused-variable check it.
stages: []
#  - api: openapi/pets.yaml
#    stages:
#      prod:
#        backendHost: pets.example.com
#      beta:
#        backendHost: beta.pets.example.com

# Suppressions (comments and Metadata) that suppress nothing are reported at this severity.
reportUnusedSuppressions: warn
`;
}

function flowMap(options: Record<string, unknown>): string {
  return `{ ${Object.entries(options).map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(', ')} }`;
}

/** Writes the starter in `directory`; refuses when a configuration file is already there. */
export function writeStarterConfig(directory: string, rules: readonly Rule<unknown>[]): string {
  const refuse = (names: readonly string[]): ConfigError =>
    new ConfigError(`${names.join(' and ')} already ${names.length > 1 ? 'exist' : 'exists'} in this directory; --init does not overwrite it.`);
  const existing = CONFIG_FILE_NAMES.filter((name) => existsSync(path.join(directory, name)));
  if (existing.length > 0) throw refuse(existing);
  const filePath = path.join(directory, STARTER_FILE_NAME);
  try {
    // `wx`: never replace a file created since the check above.
    writeFileSync(filePath, starterConfig(rules), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw refuse([STARTER_FILE_NAME]);
    throw error;
  }
  return filePath;
}
