// The rule fixtures' layout, for tests that drive them through another front end (ESLint).
// fixtures/<rule>/{valid,invalid}/<case>.<ext> (+ <case>.config.json, <case>.errors.json,
// <case>.output.<ext>), or a case folder with config.json; test/rules.test.ts describes it in full.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../../src/index.ts';
import type { LintOptions } from '../../src/index.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const TEMPLATE = /\.(ya?ml|json|template)$/;

export interface FixtureCase {
  ruleId: string;
  kind: 'valid' | 'invalid';
  /** The case file, or the case folder for cross-file cases. */
  casePath: string;
  /** Where the CLI runs for the case: the folder of a case file, or the case folder. */
  cwd: string;
  /** The CLI options the case asks for: only its rule on, plus its config.json. */
  options: LintOptions & { cwd: string };
}

/** Every case of every rule that has fixtures; new rules and cases join automatically. */
export function allFixtureCases(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const rule of rules) {
    for (const kind of ['valid', 'invalid'] as const) {
      const directory = path.join(FIXTURES, rule.meta.id, kind);
      if (!existsSync(directory)) continue;
      for (const name of readdirSync(directory).sort()) {
        if (name.endsWith('.errors.json') || name.endsWith('.config.json') || /\.output\.[^.]+$/.test(name)) continue;
        const casePath = path.join(directory, name);
        const isFolder = statSync(casePath).isDirectory();
        if (!isFolder && !TEMPLATE.test(name)) continue;
        const cwd = isFolder ? casePath : directory;
        cases.push({ ruleId: rule.meta.id, kind, casePath, cwd, options: { ...caseOptions(casePath, isFolder, rule.meta.id), cwd } });
      }
    }
  }
  return cases;
}

function caseOptions(casePath: string, isFolder: boolean, id: string): LintOptions {
  const configFile = isFolder ? path.join(casePath, 'config.json') : casePath.replace(TEMPLATE, '.config.json');
  const config = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as Partial<LintOptions>) : {};
  const only = Object.fromEntries(rules.map((rule) => [rule.meta.id, rule.meta.id === id ? rule.meta.defaultSeverity : 'off'])) as LintOptions['rules'];
  return { ...config, rules: { ...only, ...config.rules } };
}
