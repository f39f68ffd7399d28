/**
 * stagevar-lint as an ESLint plugin (flat config, ESLint 9.38+ and 10):
 *
 * ```js
 * // eslint.config.mjs
 * import stagevar from 'stagevar-lint/eslint';
 * export default [...stagevar.configs.recommended];
 * ```
 *
 * Every rule of the tool is an ESLint rule `stagevar/<id>`. The rules run on top of the YAML
 * language of eslint-plugin-yml and the JSON languages of @eslint/json rather than on a language
 * of their own: ESLint gives each file one language, and users who run those plugins' rules on
 * the same files must keep them (docs/eslint.md has the measurements).
 */
import path from 'node:path';
import type { RuleDefinition } from '@eslint/core';
import type { ESLint, Linter } from 'eslint';
import { rules as engineRules } from '../../rules/index.ts';
import { isPlainObject, validateConfigData } from '../config/validate.ts';
import type { Rule } from '../engine/rule.ts';
import { version } from '../version.ts';
import { prepareLint, type BridgeSettings, type FileLint } from './engine-bridge.ts';

export type { BridgeSettings as StagevarSettings } from './engine-bridge.ts';

/** Languages our rules read: they need only the text and `getLocFromIndex`. */
const LANGUAGES = ['yml/yaml', 'json/json', 'json/jsonc'];

export interface StagevarPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<string, RuleDefinition>;
  configs: {
    /** YAML, JSON and `.template` files; needs eslint-plugin-yml and @eslint/json. */
    recommended: Linter.Config[];
    /** `**\/*.{yaml,yml,template}` only; needs eslint-plugin-yml. */
    'recommended-yaml': Linter.Config[];
    /** `**\/*.json` only; needs @eslint/json. */
    'recommended-json': Linter.Config[];
  };
}

/** The part of ESLint's rule context and SourceCode our rules use (the same in ESLint 9.38 and 10). */
interface Context {
  cwd: string;
  physicalFilename: string;
  options: unknown[];
  settings: Record<string, unknown>;
  sourceCode: {
    text: string;
    ast: { type: string };
    getLocFromIndex(index: number): { line: number; column: number };
  };
  report(descriptor: {
    loc: { start: { line: number; column: number }; end: { line: number; column: number } };
    message: string;
    fix?: (fixer: { replaceTextRange(range: [number, number], text: string): unknown }) => unknown;
  }): void;
}

/**
 * One engine model per lint of a file, shared by all our rules in it. ESLint creates one
 * SourceCode object per lint (and a new one for every --fix pass), so it is the right key: a
 * rule never parses the same text twice, and the next lint starts fresh.
 */
const lints = new WeakMap<object, FileLint>();

function lintOf(context: Context): FileLint {
  let lint = lints.get(context.sourceCode);
  if (!lint) {
    const filePath = path.resolve(context.cwd, context.physicalFilename);
    lint = prepareLint(filePath, context.sourceCode.text, context.cwd, readSettings(context.settings));
    lints.set(context.sourceCode, lint);
  }
  return lint;
}

/** `settings.stagevar`: the `accountIds` and `stages` of stagevar-lint's configuration file, checked the same way. */
function readSettings(settings: Record<string, unknown> | undefined): BridgeSettings {
  const value = settings?.stagevar;
  if (value === undefined) return {};
  const problem = (detail: string): Error => new Error(`stagevar-lint: settings.stagevar ${detail} (see docs/eslint.md).`);
  if (!isPlainObject(value)) throw problem('must be an object');
  const unknown = Object.keys(value).filter((key) => key !== 'accountIds' && key !== 'stages');
  if (unknown.length > 0) throw problem(`has unknown keys: ${unknown.join(', ')}; it takes accountIds and stages`);
  const problems = validateConfigData(value, engineRules);
  if (problems.length > 0) throw problem(`is invalid: ${problems.join('; ')}`);
  return value as BridgeSettings;
}

function toEslintRule(rule: Rule<unknown>): RuleDefinition {
  const { id, description, docsUrl, fixable, schema } = rule.meta;
  const definition = {
    meta: {
      type: 'problem' as const,
      docs: { description, url: docsUrl, recommended: true },
      ...(fixable ? { fixable } : {}),
      // ESLint's options are `["error", { ...options }]`: the one options object the CLI takes.
      schema: [schema],
      languages: LANGUAGES,
    },
    create(context: Context) {
      const { sourceCode } = context;
      // Runs once per file, on the root node whatever the language calls it (Program, Document).
      return {
        [sourceCode.ast.type]() {
          for (const finding of lintOf(context).findings(id, context.options[0] as Record<string, unknown> | undefined)) {
            const { fix } = finding;
            context.report({
              loc: { start: sourceCode.getLocFromIndex(finding.start), end: sourceCode.getLocFromIndex(finding.end) },
              message: finding.message,
              ...(fix ? { fix: (fixer) => fixer.replaceTextRange(fix.range, fix.text) } : {}),
            });
          }
        },
      };
    },
  };
  return definition as unknown as RuleDefinition;
}

// The languages come from optional peer dependencies: a user with only YAML templates need not
// install @eslint/json. A missing one makes only the configs that need it unavailable.
type Peer = { name: string; plugin?: ESLint.Plugin };
const yml = await loadPeer('eslint-plugin-yml');
const json = await loadPeer('@eslint/json');

async function loadPeer(name: string): Promise<Peer> {
  try {
    return { name, plugin: ((await import(name)) as { default: ESLint.Plugin }).default };
  } catch {
    return { name };
  }
}

const plugin = {
  meta: { name: 'stagevar-lint', version, namespace: 'stagevar' },
  rules: Object.fromEntries(engineRules.map((rule) => [rule.meta.id, toEslintRule(rule)])),
  configs: {},
} as StagevarPlugin;

const recommendedRules = Object.fromEntries(engineRules.map((rule) => [`stagevar/${rule.meta.id}`, rule.meta.defaultSeverity])) as Linter.RulesRecord;
// The CLI skips SAM build output by default; so do the configs.
const ignores = ['**/.aws-sam/**'];

setConfig('recommended-yaml', [yml], () => [
  {
    name: 'stagevar/recommended-yaml',
    // `.template` files are YAML or JSON; YAML is a superset of JSON, so the YAML language reads both.
    files: ['**/*.yaml', '**/*.yml', '**/*.template'],
    ignores,
    plugins: { stagevar: plugin, yml: yml.plugin! },
    language: 'yml/yaml',
    rules: recommendedRules,
  },
]);
setConfig('recommended-json', [json], () => [
  {
    name: 'stagevar/recommended-json',
    files: ['**/*.json'],
    ignores,
    plugins: { stagevar: plugin, json: json.plugin! },
    // JSONC, not JSON: tsconfig.json, .vscode/settings.json and friends hold comments and trailing
    // commas, and the strict JSON language would report parse errors in every one of them.
    // Templates are plain JSON, which JSONC reads the same way.
    language: 'json/jsonc',
    languageOptions: { allowTrailingCommas: true },
    rules: recommendedRules,
  },
]);
setConfig('recommended', [yml, json], () => [...plugin.configs['recommended-yaml'], ...plugin.configs['recommended-json']]);

/**
 * A config whose language package is missing throws when it is used, naming the package. It is
 * not enumerable then, so tools that list a plugin's configs do not trip over it.
 */
function setConfig(name: keyof StagevarPlugin['configs'], peers: Peer[], build: () => Linter.Config[]): void {
  const missing = peers.filter((peer) => !peer.plugin).map((peer) => peer.name);
  if (missing.length === 0) {
    plugin.configs[name] = build();
    return;
  }
  Object.defineProperty(plugin.configs, name, {
    enumerable: false,
    get() {
      throw new Error(
        `stagevar-lint: configs.${name} needs ${missing.join(' and ')}, which could not be loaded. Install ${missing.length > 1 ? 'them' : 'it'}: npm install --save-dev ${missing.join(' ')}`,
      );
    },
  });
}

export default plugin;
