// The ESLint plugin, driven through the real ESLint: the newest major we support (10) and the
// oldest version we claim (9.38.0, installed side by side as the `eslint-9` alias). One engine,
// two front ends: every rule fixture must give ESLint and the CLI the same findings.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint as ESLint10, type Linter } from 'eslint';
import { ESLint as ESLint9 } from 'eslint-9';
import yml from 'eslint-plugin-yml';
import stagevar from '../src/eslint/index.ts';
import { prepareLint } from '../src/eslint/engine-bridge.ts';
import { parseYaml } from '../src/parse/yaml.ts';
import { lintFiles, lintText, rules, type LintMessage, type LintOptions, type LintResult } from '../src/index.ts';
import { allFixtureCases, FIXTURES, type FixtureCase } from './support/fixture-cases.ts';

type EslintClass = typeof ESLint10;
const VERSIONS: { label: string; ESLint: EslintClass }[] = [
  { label: 'ESLint 10', ESLint: ESLint10 },
  { label: 'ESLint 9.38', ESLint: ESLint9 as unknown as EslintClass },
];
const ROOT = path.resolve(import.meta.dirname, '..');
const EXAMPLE = path.join(FIXTURES, 'eslint-example');

/** A finding as both front ends can state it (severity aside: ESLint's comes from its config). */
interface Comparable {
  file: string;
  ruleId: string | null;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  fix?: { range: number[]; text: string };
}

function comparable(results: readonly { filePath: string; messages: readonly (LintMessage | Linter.LintMessage)[] }[], cwd: string, prefix: string): Comparable[] {
  return results
    .flatMap((result) =>
      // A suppressed CLI finding is not shown; ESLint does not report one.
      result.messages.filter((m) => !('suppressions' in m && m.suppressions)).map((m) => {
        const out: Comparable = {
          file: path.relative(cwd, result.filePath),
          ruleId: m.ruleId === null ? null : `${prefix}${m.ruleId}`,
          line: m.line,
          column: m.column,
          message: m.message,
        };
        if (m.endLine !== undefined) out.endLine = m.endLine;
        if (m.endColumn !== undefined) out.endColumn = m.endColumn;
        if (m.fix) out.fix = { range: [...m.fix.range], text: m.fix.text };
        return out;
      }),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || String(a.ruleId).localeCompare(String(b.ruleId)) || a.message.localeCompare(b.message));
}

/** The ESLint config that asks for what a CLI options object asks for. */
function eslintConfigFor(options: LintOptions): Linter.Config[] {
  const eslintRules: Linter.RulesRecord = {};
  for (const [id, setting] of Object.entries(options.rules ?? {})) {
    const [severity, ruleOptions] = Array.isArray(setting) ? setting : [setting];
    eslintRules[`stagevar/${id}`] = ruleOptions ? [severity, ruleOptions] : severity;
  }
  return [...stagevar.configs.recommended, { rules: eslintRules, settings: { stagevar: { accountIds: options.accountIds, stages: options.stages } } }];
}

function newEslint(ESLint: EslintClass, cwd: string, config: Linter.Config[] = stagevar.configs.recommended, extra: Partial<ESLint10.Options> = {}): ESLint10 {
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config, ...extra });
}

const SAM_TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: openapi.yaml
      Variables:
        backend: api.example.com
`;
const OPENAPI = `openapi: 3.0.1
info: { title: t, version: '1' }
paths:
  /things:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: https://\${stageVariables.backend}/things
`;

describe('plugin object', () => {
  test('has every rule of rules/index.ts as stagevar/<id>, with docs url, schema and fixable', () => {
    assert.deepEqual(Object.keys(stagevar.rules).sort(), rules.map((rule) => rule.meta.id).sort());
    for (const rule of rules) {
      const meta = stagevar.rules[rule.meta.id]!.meta!;
      assert.equal(meta.docs?.url, rule.meta.docsUrl, rule.meta.id);
      assert.equal(meta.docs?.description, rule.meta.description, rule.meta.id);
      assert.deepEqual(meta.schema, [rule.meta.schema], rule.meta.id);
      assert.equal(meta.fixable, rule.meta.fixable, rule.meta.id);
      assert.deepEqual(meta.languages, ['yml/yaml', 'json/json', 'json/jsonc']);
    }
    assert.equal(stagevar.meta.name, 'stagevar-lint');
    assert.equal(stagevar.meta.version, JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  test('configs.recommended covers YAML, JSON and .template files with every rule at its default severity', () => {
    const blocks = stagevar.configs.recommended;
    assert.deepEqual(blocks.map((block) => [block.files, block.language]), [
      [['**/*.yaml', '**/*.yml', '**/*.template'], 'yml/yaml'],
      [['**/*.json'], 'json/jsonc'],
    ]);
    const expected = Object.fromEntries(rules.map((rule) => [`stagevar/${rule.meta.id}`, rule.meta.defaultSeverity]));
    for (const block of blocks) {
      assert.deepEqual(block.rules, expected);
      assert.equal(block.plugins?.stagevar, stagevar);
    }
    assert.deepEqual(stagevar.configs.recommended, [...stagevar.configs['recommended-yaml'], ...stagevar.configs['recommended-json']]);
  });

  test('the package exports the plugin at stagevar-lint/eslint', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.exports['./eslint'], { types: './dist/src/eslint/index.d.ts', default: './dist/src/eslint/index.js' });
    for (const peer of ['eslint', 'eslint-plugin-yml', '@eslint/json']) {
      assert.ok(manifest.peerDependencies[peer], `peer ${peer}`);
      assert.equal(manifest.peerDependenciesMeta[peer]?.optional, true, `optional peer ${peer}`);
    }
    assert.equal(manifest.devDependencies['eslint-9'], `npm:eslint@${ESLint9.version}`, 'the oldest ESLint we test is the one installed');
  });
});

test('the ESLint versions under test are the ones claimed', () => {
  assert.match(ESLint10.version, /^10\./);
  assert.equal(ESLint9.version, '9.38.0');
});

const cases = allFixtureCases();
test('there are rule fixtures to compare', () => {
  assert.ok(cases.length >= 20, `only ${cases.length} fixture cases found`);
});

for (const { label, ESLint } of VERSIONS) {
  describe(label, () => {
    describe('same findings as the CLI on every rule fixture', () => {
      for (const fixture of cases) {
        test(`${fixture.ruleId}/${fixture.kind}/${path.basename(fixture.casePath)}`, async () => {
          // `# stagevar-lint-disable…` comments are the CLI's; ESLint has its own directives.
          const cli = comparable(await lintFiles([fixture.casePath], { ...fixture.options, directiveComments: false }), fixture.cwd, 'stagevar/');
          const eslint = newEslint(ESLint, fixture.cwd, eslintConfigFor(fixture.options));
          const viaEslint = comparable(await eslint.lintFiles([fixture.casePath]), fixture.cwd, '');
          assert.deepEqual(viaEslint, cli);
          if (fixture.kind === 'invalid') assert.ok(cli.length > 0, 'an invalid fixture has findings');
        });
      }
    });

    describe('eslint --fix applies the CLI fixes', () => {
      const fixable = cases.filter((fixture) => fixture.kind === 'invalid' && rules.find((rule) => rule.meta.id === fixture.ruleId)?.meta.fixable);
      if (fixable.length === 0) test('no rule offers fixes yet', { skip: 'no rule with meta.fixable has invalid fixtures' }, () => {});
      for (const fixture of fixable) {
        test(`${fixture.ruleId}/${path.basename(fixture.casePath)}`, async () => {
          const eslint = newEslint(ESLint, fixture.cwd, eslintConfigFor(fixture.options), { fix: true });
          const viaEslint = (await eslint.lintFiles([fixture.casePath])).filter((result) => result.output !== undefined);
          const viaCli = (await lintFiles([fixture.casePath], { ...fixture.options, fix: true })).filter((result) => result.output !== undefined);
          assert.deepEqual(
            viaEslint.map((result) => [path.relative(fixture.cwd, result.filePath), result.output]),
            viaCli.map((result) => [path.relative(fixture.cwd, result.filePath), cliFixedText(result, fixture)]),
          );
        });
      }
    });

    test('an OpenAPI file linted alone is checked against the stages of the SAM template that names it', async () => {
      const folder = path.join(FIXTURES, 'undefined-variable/invalid/sam-external-openapi');
      const eslint = newEslint(ESLint, folder);
      const [result] = await eslint.lintFiles([path.join(folder, 'openapi.json')]);
      assert.deepEqual(
        result!.messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn]),
        [['stagevar/undefined-variable', 10, 60, 10, 88]],
      );
      // The same file as an unsaved buffer.
      const [buffer] = await eslint.lintText(readFileSync(path.join(folder, 'openapi.json'), 'utf8'), { filePath: path.join(folder, 'openapi.json') });
      assert.deepEqual(buffer!.messages.map((m) => [m.ruleId, m.line, m.column]), [['stagevar/undefined-variable', 10, 60]]);
      // The template's own lint reports nothing there: that finding belongs to openapi.json.
      const [template] = await eslint.lintFiles([path.join(folder, 'template.yaml')]);
      assert.deepEqual(template!.messages, []);
    });

    describe('editor flow: unsaved buffers and files saved between lints', () => {
      let project: string;
      before(() => {
        project = mkdtempSync(path.join(os.tmpdir(), 'stagevar-eslint-'));
        writeFileSync(path.join(project, 'template.yaml'), SAM_TEMPLATE);
        writeFileSync(path.join(project, 'openapi.yaml'), OPENAPI);
      });
      after(() => rmSync(project, { recursive: true, force: true }));

      test('a changed buffer gives changed results, never the previous ones', async () => {
        const eslint = newEslint(ESLint, project);
        const filePath = path.join(project, 'openapi.yaml');
        const [clean] = await eslint.lintText(OPENAPI, { filePath });
        assert.deepEqual(clean!.messages, []);
        const edited = OPENAPI.replace('/things\n', '/things/${stageVariables.version}\n');
        const [dirty] = await eslint.lintText(edited, { filePath });
        assert.deepEqual(dirty!.messages.map((m) => [m.ruleId, m.line, m.column, m.endColumn]), [['stagevar/undefined-variable', 9, 55, 80]]);
        const [again] = await eslint.lintText(OPENAPI, { filePath });
        assert.deepEqual(again!.messages, []);
      });

      test('a broken buffer gets the language\'s parse error only, and the next good buffer recovers', async () => {
        const eslint = newEslint(ESLint, project);
        const filePath = path.join(project, 'template.yaml');
        const broken = SAM_TEMPLATE.replace('StageName: prod', 'StageName: [prod');
        const [bad] = await eslint.lintText(broken, { filePath });
        assert.equal(bad!.messages.length, 1, JSON.stringify(bad!.messages));
        assert.equal(bad!.messages[0]!.ruleId, null);
        assert.equal(bad!.messages[0]!.fatal, true);
        assert.match(bad!.messages[0]!.message, /^Parsing error/);
        const withFinding = SAM_TEMPLATE.replace('backend: api.example.com', 'backend: api.example.com\n        spare: x');
        const [good] = await eslint.lintText(withFinding, { filePath });
        assert.deepEqual(good!.messages.map((m) => [m.ruleId, m.line, m.column]), [['stagevar/unused-variable', 10, 9]]);
      });

      test('saving the template changes what its OpenAPI file reports (no stale model)', async () => {
        const eslint = newEslint(ESLint, project);
        const filePath = path.join(project, 'openapi.yaml');
        const openapi = OPENAPI.replace('/things\n', '/things/${stageVariables.version}\n');
        const [before] = await eslint.lintText(openapi, { filePath });
        assert.equal(before!.messages.length, 1);
        writeFileSync(path.join(project, 'template.yaml'), SAM_TEMPLATE.replace('backend: api.example.com', 'backend: api.example.com\n        version: v2'));
        const [after] = await eslint.lintText(openapi, { filePath });
        assert.deepEqual(after!.messages, []);
        writeFileSync(path.join(project, 'template.yaml'), SAM_TEMPLATE);
        const [reverted] = await eslint.lintText(openapi, { filePath });
        assert.equal(reverted!.messages.length, 1);
      });

      test('the template\'s unused-variable sees the references in its DefinitionUri file, as saved now', async () => {
        const eslint = newEslint(ESLint, project);
        const filePath = path.join(project, 'template.yaml');
        const [used] = await eslint.lintFiles([filePath]);
        assert.deepEqual(used!.messages, []);
        writeFileSync(path.join(project, 'openapi.yaml'), OPENAPI.replace('${stageVariables.backend}', 'backend.example.com'));
        const [unused] = await eslint.lintFiles([filePath]);
        assert.deepEqual(unused!.messages.map((m) => [m.ruleId, m.line, m.column]), [['stagevar/unused-variable', 9, 9]]);
        writeFileSync(path.join(project, 'openapi.yaml'), OPENAPI);
      });

      test('a template created next to a standalone OpenAPI file is found', async () => {
        const folder = mkdtempSync(path.join(project, 'new-'));
        const filePath = path.join(folder, 'openapi.yaml');
        const openapi = OPENAPI.replace('/things\n', '/things/${stageVariables.version}\n');
        writeFileSync(filePath, openapi);
        const eslint = newEslint(ESLint, project);
        const [standalone] = await eslint.lintFiles([filePath]);
        assert.deepEqual(standalone!.messages, [], 'a standalone OpenAPI file has no known stages');
        writeFileSync(path.join(folder, 'sam.yaml'), SAM_TEMPLATE);
        const [linked] = await eslint.lintFiles([filePath]);
        assert.deepEqual(linked!.messages.map((m) => m.ruleId), ['stagevar/undefined-variable']);
      });
    });

    test('eslint-disable comments in YAML suppress our findings', async () => {
      const folder = path.join(FIXTURES, 'unused-variable/invalid');
      const filePath = path.join(folder, 'unused.yaml');
      const text = readFileSync(filePath, 'utf8');
      const eslint = newEslint(ESLint, folder, [...stagevar.configs.recommended, { linterOptions: { reportUnusedDisableDirectives: 'error' } }]);
      const [plain] = await eslint.lintText(text, { filePath });
      const unused = plain!.messages.filter((m) => m.ruleId === 'stagevar/unused-variable');
      assert.ok(unused.length >= 2, JSON.stringify(plain!.messages));
      const target = unused[0]!;
      const lines = text.split('\n');
      const indent = /^\s*/.exec(lines[target.line - 1]!)![0];
      lines.splice(target.line - 1, 0, `${indent}# eslint-disable-next-line stagevar/unused-variable -- kept for the canary`);
      const [suppressed] = await eslint.lintText(lines.join('\n'), { filePath });
      const remaining = suppressed!.messages.map((m) => [m.ruleId, m.line - (m.line >= target.line ? 1 : 0), m.column]);
      assert.deepEqual(remaining, plain!.messages.filter((m) => m !== target).map((m) => [m.ruleId, m.line, m.column]));
      assert.equal(suppressed!.suppressedMessages.length, 1);
      assert.equal(suppressed!.suppressedMessages[0]!.ruleId, 'stagevar/unused-variable');
    });

    test('resource Metadata suppressions apply as in the CLI; stagevar-lint comments are the CLI\'s', async () => {
      const folder = path.join(FIXTURES, 'unused-variable/invalid');
      const filePath = path.join(folder, 'unused.yaml');
      const original = readFileSync(filePath, 'utf8');
      const withMetadata = original.replace(
        '    Type: AWS::ApiGateway::Stage\n',
        '    Type: AWS::ApiGateway::Stage\n    Metadata:\n      stagevar-lint:\n        ignore:\n          - { rule: unused-variable, reason: read by the canary function }\n',
      );
      assert.notEqual(withMetadata, original);
      const eslint = newEslint(ESLint, folder);
      const [plain] = await eslint.lintText(original, { filePath });
      assert.ok(plain!.messages.some((m) => m.ruleId === 'stagevar/unused-variable'));
      const [suppressed] = await eslint.lintText(withMetadata, { filePath });
      assert.deepEqual(suppressed!.messages.filter((m) => m.ruleId === 'stagevar/unused-variable'), []);
      const cli = lintText(withMetadata, { cwd: folder, filePath });
      assert.deepEqual(cli[0]!.messages.filter((m) => m.ruleId === 'unused-variable' && !m.suppressions), []);
      // The CLI's comment directive is not ESLint's: ESLint users write eslint-disable comments.
      const lines = original.split('\n');
      const target = plain!.messages.find((m) => m.ruleId === 'stagevar/unused-variable')!;
      lines.splice(target.line - 1, 0, '        # stagevar-lint-disable-next-line unused-variable -- kept for the canary');
      const [commented] = await eslint.lintText(lines.join('\n'), { filePath });
      assert.ok(commented!.messages.some((m) => m.ruleId === 'stagevar/unused-variable' && m.line === target.line + 1));
    });

    test('a leading BOM shifts neither positions nor fixes (YAML and JSON)', async () => {
      const folder = mkdtempSync(path.join(os.tmpdir(), 'stagevar-bom-'));
      try {
        for (const source of ['unused-variable/invalid/unused.yaml', 'unused-variable/invalid/http-api.json']) {
          const filePath = path.join(folder, path.basename(source));
          writeFileSync(filePath, `\ufeff${readFileSync(path.join(FIXTURES, source), 'utf8')}`);
          const cli = comparable(await lintFiles([filePath], { cwd: folder }), folder, 'stagevar/');
          const viaEslint = comparable(await newEslint(ESLint, folder).lintFiles([filePath]), folder, '');
          assert.ok(cli.length > 0);
          assert.deepEqual(viaEslint, cli, source);
        }
        const fixable = cases.find((fixture) => fixture.kind === 'invalid' && fixture.casePath !== fixture.cwd && rules.find((rule) => rule.meta.id === fixture.ruleId)?.meta.fixable);
        assert.ok(fixable, 'a one-file fixture of a fixable rule');
        const filePath = path.join(folder, path.basename(fixable.casePath));
        writeFileSync(filePath, `\ufeff${readFileSync(fixable.casePath, 'utf8')}`);
        const options = { ...fixable.options, cwd: folder };
        const [viaCli] = await lintFiles([filePath], { ...options, fix: true });
        const [viaEslint] = await newEslint(ESLint, folder, eslintConfigFor(options), { fix: true }).lintFiles([filePath]);
        // ESLint puts the BOM back in its output; the CLI's output is the text without it, and its writer restores it.
        assert.equal(viaEslint!.output, `\ufeff${cliFixedText(viaCli!, { ...fixable, options })}`);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });

    test('YAML and JSON files that are not templates produce nothing', async () => {
      const eslint = newEslint(ESLint, ROOT);
      const files: Record<string, string> = {
        'package.json': '{ "name": "x", "scripts": { "build": "tsc -p ." } }\n',
        'tsconfig.json': '{\n  // comments and trailing commas, as TypeScript allows\n  "compilerOptions": { "strict": true, },\n}\n',
        '.github/workflows/ci.yaml': 'name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.sha }} ${stageVariables.x}"\n',
        'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    environment:\n      - URL=https://${stageVariables.host}/\n',
        'values.template': 'replicas: 2\nimage: { tag: latest }\n',
      };
      for (const [name, text] of Object.entries(files)) {
        const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, 'no-such-dir', name) });
        assert.deepEqual(result!.messages, [], name);
      }
    });

    test('runs beside eslint-plugin-yml: both plugins\' rules report on the same file', async () => {
      const folder = path.join(FIXTURES, 'unused-variable/invalid');
      const config = [...(yml.configs['flat/recommended'] as Linter.Config[]), ...stagevar.configs.recommended, { rules: { 'yml/plain-scalar': ['error', 'never'] } } as Linter.Config];
      const [result] = await newEslint(ESLint, folder, config).lintFiles([path.join(folder, 'unused.yaml')]);
      const plugins = new Set(result!.messages.map((m) => m.ruleId?.split('/')[0]));
      assert.deepEqual([...plugins].sort(), ['stagevar', 'yml'], JSON.stringify(result!.messages.map((m) => m.ruleId)));
    });

    test('settings.stagevar gives stages to a standalone OpenAPI file, like the CLI\'s stages option', async () => {
      const folder = path.join(FIXTURES, 'undefined-variable/valid');
      const stages = [{ api: 'standalone-openapi.yaml', stages: { prod: { other: 'x' } } }];
      const filePath = path.join(folder, 'standalone-openapi.yaml');
      const config = [...stagevar.configs.recommended, { settings: { stagevar: { stages } } }];
      const [result] = await newEslint(ESLint, folder, config).lintFiles([filePath]);
      const cli = comparable(await lintFiles([filePath], { cwd: folder, stages }), folder, 'stagevar/');
      assert.ok(cli.some((m) => m.ruleId === 'stagevar/undefined-variable'), JSON.stringify(cli));
      assert.deepEqual(comparable([result!], folder, ''), cli);
      const wrong = [...stagevar.configs.recommended, { settings: { stagevar: { accountIds: ['12345'] } } }];
      await assert.rejects(newEslint(ESLint, folder, wrong).lintFiles([filePath]), /settings\.stagevar is invalid: accountIds\[0\] must be a 12-digit AWS account id/);
    });

    test('the example project lints through its own eslint.config.mjs', async () => {
      ensureBuilt();
      // No overrideConfigFile: ESLint finds fixtures/eslint-example/eslint.config.mjs, as `npx eslint .` there would.
      const eslint = new ESLint({ cwd: EXAMPLE });
      const results = await eslint.lintFiles(['.']);
      assert.deepEqual(
        results.map((r) => path.relative(EXAMPLE, r.filePath)).sort(),
        ['.vscode/settings.json', 'api/openapi.yaml', 'api/template.yaml', 'eslint.config.mjs', 'http-api.json'],
      );
      const found = comparable(results, EXAMPLE, '').map(({ fix: _fix, ...rest }) => rest);
      assert.deepEqual(found, [
        { file: 'api/openapi.yaml', ruleId: 'stagevar/undefined-variable', line: 17, column: 59, endLine: 17, endColumn: 90, message: 'Stage variable "ordersVersion" is not defined on stage "prod" of API OrdersApi; API Gateway sends an empty value there.' },
        { file: 'api/template.yaml', ruleId: 'stagevar/unused-variable', line: 14, column: 9, endLine: 14, endColumn: 16, message: 'Stage variable "retries" of stage "prod" is not referenced anywhere in API OrdersApi.' },
        { file: 'http-api.json', ruleId: 'stagevar/unused-variable', line: 20, column: 67, endLine: 20, endColumn: 83, message: 'Stage variable "catalog Region" of stage "$default" is not referenced anywhere in API Api.' },
        { file: 'http-api.json', ruleId: 'stagevar/valid-definition', line: 20, column: 67, endLine: 20, endColumn: 83, message: 'Stage variable name "catalog Region" contains a space; names may only contain letters, digits and underscores.' },
      ]);
      // The CLI reports the same, plus the variable the YAML comment suppresses for ESLint only.
      const cli = comparable(await lintFiles(['.'], { cwd: EXAMPLE }), EXAMPLE, 'stagevar/').map(({ fix: _fix, ...rest }) => rest);
      assert.deepEqual(cli.filter((m) => !m.message.includes('"authMode"')), found);
      assert.equal(cli.length, found.length + 1);
    });
  });
}

test('ESLint 10 refuses our rules on a language they do not read', async () => {
  const eslint = newEslint(ESLint10, ROOT, [{ files: ['**/*.js'], plugins: { stagevar }, rules: { 'stagevar/undefined-variable': 'error' } }]);
  await assert.rejects(eslint.lintText('var a = 1;\n', { filePath: path.join(ROOT, 'x.js') }), /do not support the language "js\/js"/);
});

test('one parse per text: lints of the same text share the parsed document; a new text is parsed anew', () => {
  const filePath = path.join(FIXTURES, 'unused-variable/invalid/unused.yaml');
  const text = readFileSync(filePath, 'utf8');
  const first = prepareLint(filePath, text, path.dirname(filePath)).model!.documents[0]!;
  const second = prepareLint(filePath, text, path.dirname(filePath)).model!.documents[0]!;
  assert.equal(second, first);
  const changed = prepareLint(filePath, `${text}# edited\n`, path.dirname(filePath)).model!.documents[0]!;
  assert.notEqual(changed, first);
  assert.equal(changed.text, `${text}# edited\n`);
});

test('the editor settings in docs/eslint.md and the example project list the same YAML tags', () => {
  const docs = readFileSync(path.join(ROOT, 'docs/eslint.md'), 'utf8');
  const example = readFileSync(path.join(EXAMPLE, '.vscode/settings.json'), 'utf8');
  const tags = (text: string) => [...text.matchAll(/"(![A-Za-z0-9]+ (?:scalar|sequence|mapping))"/g)].map((m) => m[1]).sort();
  assert.equal(tags(example).length, 60, '20 tags, 3 forms each');
  assert.deepEqual(tags(docs), tags(example));
  // Each is a short form our parser turns into its intrinsic (an unknown tag would stay a plain string).
  for (const tag of new Set(tags(example).map((entry) => entry!.split(' ')[0]!))) {
    const root = parseYaml(`a: ${tag} x\n`).root;
    const value = root?.kind === 'map' ? root.entries[0]!.value : undefined;
    const key = value?.kind === 'map' ? value.entries[0]!.key.value : undefined;
    assert.ok(key === tag.slice(1) || key === `Fn::${tag.slice(1)}`, `${tag} is not a CloudFormation short form our parser knows`);
  }
});

/** What the CLI's --fix leaves after as many passes as ESLint makes (it re-lints until nothing changes, up to 10 times). */
function cliFixedText(result: LintResult, fixture: FixtureCase): string {
  let output = result.output!;
  for (let pass = 1; pass < 10; pass++) {
    const [again] = lintText(output, { ...fixture.options, filePath: result.filePath, fix: true });
    if (again?.output === undefined || again.output === output) break;
    output = again.output;
  }
  return output;
}

/** The example project imports `stagevar-lint/eslint`, which resolves to dist/: build it when it is older than the sources. */
function ensureBuilt(): void {
  const built = path.join(ROOT, 'dist/src/eslint/index.js');
  const builtAt = safeMtime(built);
  const newest = Math.max(...['src', 'rules'].flatMap((folder) => sourceTimes(path.join(ROOT, folder))));
  if (builtAt >= newest) return;
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  assert.ok(safeMtime(built) >= newest, 'dist/src/eslint/index.js could not be built (npx tsc -p tsconfig.json)');
}

function sourceTimes(folder: string): number[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => statSync(path.join(folder, name)).mtimeMs);
}

function safeMtime(filePath: string): number {
  try {
    return statSync(filePath).mtimeMs;
  } catch {
    return 0;
  }
}
