// Finding, reading and validating the configuration file.
//
// One naming scheme: `stagevar-lint.config.json`, `.stagevar-lint.yaml` or `.stagevar-lint.yml`.
// The first directory that holds one, walking up from the working directory, wins; two of them in
// the same directory is an error, because silently preferring one would ignore the other.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Rule } from '../engine/rule.ts';
import type { SeverityName } from '../engine/types.ts';
import { readTemplateFile } from '../files/read.ts';
import { displayPath } from '../model/documents.ts';
import { parseJson } from '../parse/json.ts';
import { LineIndex } from '../parse/lines.ts';
import type { Node } from '../parse/nodes.ts';
import { parseYaml } from '../parse/yaml.ts';
import { severityName, validateConfigData } from './validate.ts';

export const CONFIG_FILE_NAMES = ['stagevar-lint.config.json', '.stagevar-lint.yaml', '.stagevar-lint.yml'] as const;

/** A configuration problem; the CLI prints the message and exits with code 2. */
export class ConfigError extends Error {}

export interface NormalizedRuleSetting {
  severity: SeverityName;
  /** Absent when only a severity was given: earlier options (or the rule's defaults) stay. */
  options?: Record<string, unknown>;
}

export interface StagesEntry {
  /** As written in the file. */
  api: string;
  /** Absolute file path, with `#LogicalId` when one was given: what the model matches APIs with. */
  resolvedApi: string;
  stages: Record<string, Record<string, string>>;
}

export interface Config {
  rules: Record<string, NormalizedRuleSetting>;
  ignores: string[];
  overrides: { files: string[]; rules: Record<string, NormalizedRuleSetting> }[];
  accountIds: string[] | undefined;
  stages: StagesEntry[];
  reportUnusedSuppressions: SeverityName | undefined;
}

export interface LoadedConfig {
  /** Absolute path of the configuration file. */
  filePath: string;
  /** The file's directory: patterns and paths in it are relative to this. */
  basePath: string;
  config: Config;
}

/** The configuration file for `startDirectory`, walking up to the file system root. */
export function findConfigFile(startDirectory: string, cwd = startDirectory): string | undefined {
  let directory = path.resolve(startDirectory);
  for (;;) {
    const found = CONFIG_FILE_NAMES.filter((name) => isFile(path.join(directory, name)));
    if (found.length > 1) {
      const where = directory === path.resolve(cwd) ? '.' : displayPath(directory, cwd);
      throw new ConfigError(`Found both ${found.join(' and ')} in ${where}; keep one configuration file per directory.`);
    }
    if (found.length === 1) return path.join(directory, found[0]!);
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** The configuration of a CLI run: `--config PATH`, none with `--no-config`, else the one found from `cwd`. */
export function loadConfiguration(options: { cwd: string; configPath?: string; noConfig?: boolean; rules: readonly Rule<unknown>[] }): LoadedConfig | undefined {
  if (options.noConfig) return undefined;
  const filePath = options.configPath !== undefined ? path.resolve(options.cwd, options.configPath) : findConfigFile(options.cwd);
  return filePath === undefined ? undefined : loadConfigFile(filePath, options.rules, options.cwd);
}

/** Reads, validates and normalises a configuration file; every problem is a ConfigError. */
export function loadConfigFile(filePath: string, rules: readonly Rule<unknown>[], cwd: string): LoadedConfig {
  const shown = displayPath(filePath, cwd);
  const outcome = readTemplateFile(filePath);
  if (!outcome.ok) throw new ConfigError(`${shown}: ${outcome.message}`);
  const data = parseConfigText(outcome.text, filePath.endsWith('.json') ? 'json' : 'yaml', shown);
  const problems = validateConfigData(data, rules);
  if (problems.length > 0) throw new ConfigError(problems.map((problem) => `${shown}: ${problem}`).join('\n'));
  const basePath = path.dirname(filePath);
  return { filePath, basePath, config: normalize(data as ValidConfigData, basePath, shown) };
}

/** Parses with the linter's own parsers, which report duplicate keys (a JSON.parse would keep the last silently). */
export function parseConfigText(text: string, format: 'json' | 'yaml', shown: string): unknown {
  const tree = format === 'json' ? parseJson(text) : parseYaml(text);
  const lines = new LineIndex(text);
  const at = (offset: number): string => {
    const { line, column } = lines.position(offset);
    return `${shown}:${line}:${column}`;
  };
  const parseError = tree.errors[0];
  if (parseError) throw new ConfigError(`${at(parseError.offset)}: invalid ${format === 'json' ? 'JSON' : 'YAML'}: ${parseError.message}`);
  const duplicate = tree.duplicateKeys[0];
  if (duplicate) throw new ConfigError(`${at(duplicate.key.range[0])}: duplicate key "${String(duplicate.key.value)}"`);
  if (!tree.root) return {};
  return toValue(tree.root, at);
}

function toValue(node: Node, at: (offset: number) => string): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map((item) => toValue(item, at));
    case 'map':
      if (node.fromTag) throw new ConfigError(`${at(node.range[0])}: YAML tags are not supported in the configuration`);
      // fromEntries defines own properties, so a `__proto__` key is data, not a prototype.
      return Object.fromEntries(node.entries.map((entry) => [String(entry.key.value), toValue(entry.value, at)]));
    case 'alias':
      throw new ConfigError(`${at(node.range[0])}: YAML aliases are not supported in the configuration`);
  }
}

type RawSeverity = 'off' | 'warn' | 'error' | 0 | 1 | 2;
type RawRuleSetting = RawSeverity | [RawSeverity, Record<string, unknown>?];

/** The file's data once validation passed. */
interface ValidConfigData {
  rules?: Record<string, RawRuleSetting>;
  ignores?: string[];
  overrides?: { files: string[]; rules?: Record<string, RawRuleSetting> }[];
  accountIds?: string[];
  stages?: { api: string; stages: Record<string, Record<string, string>> }[];
  reportUnusedSuppressions?: SeverityName;
}

function normalize(data: ValidConfigData, basePath: string, shown: string): Config {
  const stages = (data.stages ?? []).map((entry, index) => {
    const hash = entry.api.indexOf('#');
    const file = hash === -1 ? entry.api : entry.api.slice(0, hash);
    const absolute = path.resolve(basePath, file);
    if (!isFile(absolute)) {
      throw new ConfigError(`${shown}: stages[${index}].api names a file that does not exist: ${file} (looked for ${absolute})`);
    }
    return { api: entry.api, resolvedApi: hash === -1 ? absolute : `${absolute}${entry.api.slice(hash)}`, stages: entry.stages };
  });
  return {
    rules: normalizeRules(data.rules),
    ignores: data.ignores ?? [],
    overrides: (data.overrides ?? []).map((override) => ({ files: override.files, rules: normalizeRules(override.rules) })),
    accountIds: data.accountIds,
    stages,
    reportUnusedSuppressions: data.reportUnusedSuppressions,
  };
}

function normalizeRules(rules: Record<string, RawRuleSetting> | undefined): Record<string, NormalizedRuleSetting> {
  const out: Record<string, NormalizedRuleSetting> = {};
  for (const [id, setting] of Object.entries(rules ?? {})) {
    const [severity, options] = Array.isArray(setting) ? setting : [setting];
    out[id] = options === undefined ? { severity: severityName(severity) } : { severity: severityName(severity), options };
  }
  return out;
}

function isFile(filePath: string): boolean {
  try {
    return statSync(filePath).isFile();
  } catch {
    return false;
  }
}
