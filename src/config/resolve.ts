// From a loaded configuration and the command line to engine options. Precedence, lowest first:
// rule defaults, the file's `rules`, each matching `overrides` entry in order, command-line flags.
// A layer that gives only a severity keeps the options of the layers below it (as ESLint does).
import path from 'node:path';
import type { LintOptions, RuleSetting } from '../engine/lint.ts';
import type { Rule } from '../engine/rule.ts';
import { DEFAULT_REPORT_UNUSED_SUPPRESSIONS } from '../engine/suppress.ts';
import type { SeverityName } from '../engine/types.ts';
import { displayPath } from '../model/documents.ts';
import { compilePattern, matchesPattern, type CompiledPattern } from './glob.ts';
import type { LoadedConfig, NormalizedRuleSetting } from './load.ts';

export interface CommandLineSettings {
  /** `--rule` flags. */
  rules?: Record<string, RuleSetting>;
  /** `--account-id` flags; when given they replace the configuration's list. */
  accountIds?: readonly string[];
}

export type ConfiguredLintOptions = Pick<LintOptions, 'rules' | 'rulesForFile' | 'isIgnored' | 'accountIds' | 'stages' | 'reportUnusedSuppressions'>;

/** What `--print-config` prints for one file. */
export interface EffectiveConfig {
  configFile: string | null;
  ignored: boolean;
  /** Every rule, with its severity and its options (defaults included). */
  rules: Record<string, [SeverityName, Record<string, unknown>]>;
  accountIds: string[];
  stages: { api: string; stages: Record<string, Record<string, string>> }[];
  reportUnusedSuppressions: SeverityName;
}

export interface ResolvedConfig {
  options: ConfiguredLintOptions;
  effectiveFor(filePath: string): EffectiveConfig;
}

export function resolveConfig(loaded: LoadedConfig | undefined, commandLine: CommandLineSettings, rules: readonly Rule<unknown>[], cwd: string): ResolvedConfig {
  const config = loaded?.config;
  const cliRules = normalizeSettings(commandLine.rules ?? {});
  const ignores = (config?.ignores ?? []).map(compilePattern);
  const overrides = (config?.overrides ?? []).map((override) => ({ files: override.files.map(compilePattern), rules: override.rules }));
  const relativeToConfig = (filePath: string): string => toSlashes(path.relative(loaded?.basePath ?? cwd, path.resolve(cwd, filePath)));
  const matches = (patterns: readonly CompiledPattern[], filePath: string): boolean => {
    const relative = relativeToConfig(filePath);
    return patterns.some((pattern) => matchesPattern(pattern, relative));
  };

  const base = layer(config?.rules ?? {}, cliRules);
  // One settings object per combination of matching overrides, so the engine can group files.
  const byCombination = new Map<string, Record<string, NormalizedRuleSetting>>();
  const settingsFor = (filePath: string): Record<string, NormalizedRuleSetting> => {
    if (overrides.length === 0) return base;
    const matched = overrides.flatMap((override, index) => (matches(override.files, filePath) ? [index] : []));
    const key = matched.join(',');
    let settings = byCombination.get(key);
    if (!settings) {
      settings = config?.rules ?? {};
      for (const index of matched) settings = layer(settings, overrides[index]!.rules);
      settings = layer(settings, cliRules);
      byCombination.set(key, settings);
    }
    return settings;
  };
  const engineSettings = new Map<Record<string, NormalizedRuleSetting>, Record<string, RuleSetting>>();
  const toEngine = (settings: Record<string, NormalizedRuleSetting>): Record<string, RuleSetting> => {
    let converted = engineSettings.get(settings);
    if (!converted) {
      converted = Object.fromEntries(Object.entries(settings).map(([id, s]) => [id, s.options ? [s.severity, s.options] : s.severity])) as Record<string, RuleSetting>;
      engineSettings.set(settings, converted);
    }
    return converted;
  };

  const accountIds = [...(commandLine.accountIds ?? config?.accountIds ?? [])];
  const stages = (config?.stages ?? []).map((entry) => ({ api: entry.resolvedApi, stages: entry.stages }));
  const options: ConfiguredLintOptions = { rules: toEngine(base), accountIds, stages };
  if (overrides.length > 0) options.rulesForFile = (filePath) => toEngine(settingsFor(filePath));
  if (ignores.length > 0) options.isIgnored = (filePath) => matches(ignores, filePath);
  if (config?.reportUnusedSuppressions) options.reportUnusedSuppressions = config.reportUnusedSuppressions;

  return {
    options,
    effectiveFor(filePath) {
      const settings = settingsFor(filePath);
      return {
        configFile: loaded ? displayPath(loaded.filePath, cwd) : null,
        ignored: matches(ignores, filePath),
        rules: Object.fromEntries(
          rules.map((rule) => {
            const setting = settings[rule.meta.id];
            return [rule.meta.id, [setting?.severity ?? rule.meta.defaultSeverity, { ...rule.meta.defaultOptions, ...setting?.options }]];
          }),
        ),
        accountIds,
        stages: (config?.stages ?? []).map((entry) => ({ api: entry.api, stages: entry.stages })),
        reportUnusedSuppressions: config?.reportUnusedSuppressions ?? DEFAULT_REPORT_UNUSED_SUPPRESSIONS,
      };
    },
  };
}

function layer(below: Record<string, NormalizedRuleSetting>, above: Record<string, NormalizedRuleSetting>): Record<string, NormalizedRuleSetting> {
  const out = { ...below };
  for (const [id, setting] of Object.entries(above)) {
    const options = setting.options ?? below[id]?.options;
    out[id] = options ? { severity: setting.severity, options } : { severity: setting.severity };
  }
  return out;
}

function normalizeSettings(settings: Record<string, RuleSetting>): Record<string, NormalizedRuleSetting> {
  return Object.fromEntries(
    Object.entries(settings).map(([id, setting]) => {
      const [severity, options] = Array.isArray(setting) ? setting : [setting];
      return [id, options ? { severity, options } : { severity }];
    }),
  );
}

function toSlashes(relative: string): string {
  return path.sep === '\\' ? relative.split('\\').join('/') : relative;
}
