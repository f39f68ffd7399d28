// Fixture-driven rule tests in the style of eslint-plugin-yml: every case is a file (or a folder
// for cross-file cases) under fixtures/<rule>/{valid,invalid}/; a new case is a new file.
//   invalid/<name>.<ext> + invalid/<name>.errors.json    [{ line, column, endLine, endColumn, message }]
//   invalid/<name>/ (several files) + invalid/<name>/errors.json   { "<file>": [ ... ] }
//   <name>.config.json (optional)   { "rules": { "<rule>": [severity, options] }, "accountIds": [...] }
//   invalid/<name>.output.<ext>     the file after --fix; required when a finding of a one-file case has a fix
// An expected finding may state "severity" ("warn" | "error"), compared when present (rules whose
// findings have mixed severities state it). With UPDATE_FIXTURES=1 a missing errors or output file
// is written from the current output, for review.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lintFiles, rules } from '../src/index.ts';
import type { LintOptions } from '../src/index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const TEMPLATE = /\.(ya?ml|json|template)$/;

interface Expected { line: number; column: number; endLine?: number; endColumn?: number; message: string; file?: string; severity?: 'warn' | 'error' }

for (const rule of rules) {
  const id = rule.meta.id;
  describe(id, () => {
    const ruleDir = path.join(FIXTURES, id);
    test('has valid and invalid fixtures', () => {
      assert.ok(listCases(path.join(ruleDir, 'valid')).length > 0, `fixtures/${id}/valid is empty`);
      assert.ok(listCases(path.join(ruleDir, 'invalid')).length > 0, `fixtures/${id}/invalid is empty`);
    });
    for (const kind of ['valid', 'invalid'] as const) {
      for (const casePath of listCases(path.join(ruleDir, kind))) {
        test(`${kind}/${path.basename(casePath)}`, async () => {
          const options = caseOptions(casePath, id);
          const results = await lintFiles([casePath], options);
          const actual = results.flatMap((result) =>
            result.messages.map((m) => ({
              file: path.relative(statSync(casePath).isDirectory() ? casePath : path.dirname(casePath), result.filePath),
              line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn, message: m.message, ruleId: m.ruleId,
              severity: m.severity === 2 ? 'error' as const : 'warn' as const, fixable: m.fix !== undefined,
            })),
          );
          if (kind === 'valid') {
            assert.deepEqual(actual, [], `expected no findings in ${path.relative(FIXTURES, casePath)}`);
            return;
          }
          for (const finding of actual) assert.equal(finding.ruleId, id, `unexpected ${finding.ruleId ?? 'parse error'}: ${finding.message}`);
          const expectedFile = errorsFileOf(casePath);
          if (!existsSync(expectedFile)) {
            if (process.env.UPDATE_FIXTURES) {
              writeFileSync(expectedFile, JSON.stringify(actual.map(({ ruleId: _r, fixable: _f, file, ...rest }) => (statSync(casePath).isDirectory() ? { file, ...rest } : rest)), null, 2) + '\n');
            }
            assert.fail(`missing ${path.relative(FIXTURES, expectedFile)}${process.env.UPDATE_FIXTURES ? ' (written; review it)' : ' (run with UPDATE_FIXTURES=1 to write it)'}`);
          }
          const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected[];
          assert.ok(expected.length > 0, 'an invalid fixture must expect at least one finding');
          const comparable = actual.map(({ ruleId: _r, fixable: _f, file, severity, ...rest }, i) => ({
            ...(statSync(casePath).isDirectory() ? { file } : {}),
            ...rest,
            ...(expected[i]?.severity ? { severity } : {}),
          }));
          assert.deepEqual(comparable.map(stripUndefined), expected.map(stripUndefined));
          if (!statSync(casePath).isDirectory() && actual.some((finding) => finding.fixable)) await checkOutput(casePath, options);
        });
      }
    }
  });
}

/** The fixed text of a one-file case must match `<case>.output.<ext>` byte for byte. */
async function checkOutput(casePath: string, options: LintOptions): Promise<void> {
  const outputFile = casePath.replace(TEMPLATE, '.output.$1');
  const [result] = (await lintFiles([casePath], { ...options, fix: true })).filter((r) => r.filePath === casePath);
  assert.ok(result?.output !== undefined, 'a finding has a fix, but no output was produced');
  if (!existsSync(outputFile)) {
    if (process.env.UPDATE_FIXTURES) writeFileSync(outputFile, result.output);
    assert.fail(`missing ${path.relative(FIXTURES, outputFile)}${process.env.UPDATE_FIXTURES ? ' (written; review it)' : ' (run with UPDATE_FIXTURES=1 to write it)'}`);
  }
  assert.equal(result.output, readFileSync(outputFile, 'utf8'));
}

function listCases(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => !name.endsWith('.errors.json') && !name.endsWith('.config.json') && !/\.output\.[^.]+$/.test(name))
    .map((name) => path.join(directory, name))
    .filter((entry) => statSync(entry).isDirectory() || TEMPLATE.test(entry))
    .sort();
}

function errorsFileOf(casePath: string): string {
  return statSync(casePath).isDirectory() ? path.join(casePath, 'errors.json') : casePath.replace(TEMPLATE, '.errors.json');
}

function caseOptions(casePath: string, id: string): LintOptions {
  const configFile = statSync(casePath).isDirectory() ? path.join(casePath, 'config.json') : casePath.replace(TEMPLATE, '.config.json');
  const config = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as Partial<LintOptions>) : {};
  // Only the rule under test runs, so each fixture states exactly that rule's findings.
  const only = Object.fromEntries(rules.map((rule) => [rule.meta.id, rule.meta.id === id ? rule.meta.defaultSeverity : 'off'])) as LintOptions['rules'];
  return { ...config, cwd: statSync(casePath).isDirectory() ? casePath : path.dirname(casePath), rules: { ...only, ...config.rules } };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
