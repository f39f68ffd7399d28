// Configuration files: discovery, validation messages, precedence, overrides, ignores, external
// stages, --print-config and --init. The CLI runs in-process (main with a captured Io).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { main } from '../src/cli/main.ts';
import { compilePattern, matchesPattern } from '../src/config/glob.ts';
import { findConfigFile, loadConfigFile, parseConfigText } from '../src/config/load.ts';
import { buildConfigSchema } from '../src/config/schema.ts';
import { starterConfig } from '../src/config/init.ts';
import { rules } from '../rules/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'fixtures/config');
const SCHEMA_FILE = path.join(ROOT, 'schemas/stagevar-lint.config.schema.json');

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), cwd, env: { NO_COLOR: '1' }, isTTY: false });
  return { code, stdout, stderr };
}

interface JsonMessage { ruleId: string | null; severity: number; line: number; column: number; message: string }
interface JsonResult { filePath: string; messages: JsonMessage[] }

/** `-f json` output as `file:line:column severity rule`, for the rules under test only. */
function findings(stdout: string, cwd: string, ruleIds: readonly string[]): string[] {
  return (JSON.parse(stdout) as JsonResult[]).flatMap((result) =>
    result.messages
      .filter((message) => message.ruleId !== null && ruleIds.includes(message.ruleId))
      .map((message) => `${path.relative(cwd, result.filePath)}:${message.line}:${message.column} ${message.severity === 2 ? 'error' : 'warn'} ${message.ruleId}`),
  );
}

const temporary: string[] = [];
function tempDirectory(files: Record<string, string> = {}): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'stagevar-config-'));
  temporary.push(directory);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    writeFileSync(path.join(directory, name), content);
  }
  return directory;
}
after(() => {
  for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
});

/** A template with one undefined variable (reportsHost) and one unused one (logLevel). */
const TEMPLATE = readFileSync(path.join(FIXTURES, 'overrides/api.yaml'), 'utf8');

describe('glob patterns', () => {
  const matches = (pattern: string, file: string): boolean => matchesPattern(compilePattern(pattern), file);

  test('a pattern without "/" matches at any depth, a pattern with one from the configuration directory', () => {
    assert.equal(matches('*.json', 'a.json'), true);
    assert.equal(matches('*.json', 'deep/er/a.json'), true);
    assert.equal(matches('templates/*.json', 'templates/a.json'), true);
    assert.equal(matches('templates/*.json', 'other/templates/a.json'), false);
    assert.equal(matches('/a.json', 'sub/a.json'), false);
    assert.equal(matches('./a.json', 'a.json'), true);
  });

  test('a directory pattern covers everything under it; a trailing "/" matches directories only', () => {
    assert.equal(matches('legacy', 'legacy/a/b.yaml'), true);
    assert.equal(matches('legacy/', 'x/legacy/b.yaml'), true);
    assert.equal(matches('legacy/', 'legacy'), false);
    assert.equal(matches('legacy/**', 'legacy/a/b.yaml'), true);
    assert.equal(matches('a/**/b.yaml', 'a/b.yaml'), true);
    assert.equal(matches('a/**/b.yaml', 'a/x/y/b.yaml'), true);
  });

  test('*, ?, classes and alternatives stay inside one segment', () => {
    assert.equal(matches('src/*.yaml', 'src/x/a.yaml'), false);
    assert.equal(matches('a?.yaml', 'ab.yaml'), true);
    assert.equal(matches('a[0-9].yaml', 'a7.yaml'), true);
    assert.equal(matches('a[!0-9].yaml', 'a7.yaml'), false);
    assert.equal(matches('x/a[!0-9]b', 'x/a/b'), false);
    assert.equal(matches('*.{yaml,yml}', 'a.yml'), true);
    assert.equal(matches('*.{yaml,yml}', 'a.json'), false);
    assert.equal(matches('a\\*.yaml', 'a*.yaml'), true);
    assert.equal(matches('a\\*.yaml', 'ab.yaml'), false);
  });

  test('paths outside the configuration directory never match', () => {
    assert.equal(matches('**', '../a.yaml'), false);
  });
});

describe('configuration discovery', () => {
  for (const name of ['stagevar-lint.config.json', '.stagevar-lint.yaml', '.stagevar-lint.yml']) {
    test(`finds ${name} in a parent directory`, () => {
      const root = tempDirectory({ [name]: name.endsWith('.json') ? '{}' : 'rules: {}\n', 'a/b/c/.keep': '' });
      assert.equal(findConfigFile(path.join(root, 'a/b/c')), path.join(root, name));
    });
  }

  test('the nearest directory wins', () => {
    const root = tempDirectory({ '.stagevar-lint.yaml': '{}\n', 'a/stagevar-lint.config.json': '{}', 'a/b/.keep': '' });
    assert.equal(findConfigFile(path.join(root, 'a/b')), path.join(root, 'a/stagevar-lint.config.json'));
  });

  test('two configuration files in one directory are an error', async () => {
    const root = tempDirectory({ 'stagevar-lint.config.json': '{}', '.stagevar-lint.yaml': '{}\n', 'sub/.keep': '' });
    const { code, stderr } = await cli(['.'], path.join(root, 'sub'));
    assert.equal(code, 2);
    assert.equal(stderr, `stagevar-lint: Found both stagevar-lint.config.json and .stagevar-lint.yaml in ${root}; keep one configuration file per directory.\n`);
    const here = await cli(['.'], root);
    assert.equal(here.stderr, 'stagevar-lint: Found both stagevar-lint.config.json and .stagevar-lint.yaml in .; keep one configuration file per directory.\n');
  });

  test('without a file the defaults apply; --no-config ignores the file; --config names one', async () => {
    const root = tempDirectory({
      'api.yaml': TEMPLATE,
      '.stagevar-lint.yaml': 'rules:\n  undefined-variable: off\n',
      'strict.json': '{ "rules": { "unused-variable": ["error", { "ignoreLambdaProxyApis": false }] } }',
    });
    const relevant = ['undefined-variable', 'unused-variable'];
    const found = await cli(['-f', 'json', 'api.yaml'], root);
    assert.deepEqual(findings(found.stdout, root, relevant), []);
    const none = await cli(['-f', 'json', '--no-config', 'api.yaml'], root);
    assert.deepEqual(findings(none.stdout, root, relevant), ['api.yaml:25:22 error undefined-variable']);
    const named = await cli(['-f', 'json', '--config', 'strict.json', 'api.yaml'], root);
    assert.deepEqual(findings(named.stdout, root, relevant), ['api.yaml:25:22 error undefined-variable', 'api.yaml:32:9 error unused-variable']);
    const both = await cli(['--config', 'strict.json', '--no-config'], root);
    assert.equal(both.code, 2);
    assert.equal(both.stderr, 'stagevar-lint: --config and --no-config cannot be used together.\nRun stagevar-lint --help for usage.\n');
  });
});

describe('precedence: command line over configuration over defaults', () => {
  const cwd = path.join(FIXTURES, 'overrides');
  const relevant = ['undefined-variable', 'unused-variable'];

  test('the configuration sets severity and options; an override changes severity and keeps the options', async () => {
    const { code, stdout } = await cli(['-f', 'json', '.'], cwd);
    assert.equal(code, 1);
    assert.deepEqual(findings(stdout, cwd, relevant), [
      'api.yaml:25:22 error undefined-variable',
      'api.yaml:32:9 error unused-variable',
      // sandbox/**: undefined-variable off; unused-variable "warn", still with ignoreLambdaProxyApis false.
      'sandbox/api.yaml:32:9 warn unused-variable',
    ]);
  });

  test('--rule wins over the configuration and its overrides, and keeps the configured options', async () => {
    const { stdout } = await cli(['-f', 'json', '--rule', 'unused-variable:warn', '--rule', 'undefined-variable:error', '.'], cwd);
    assert.deepEqual(findings(stdout, cwd, relevant), [
      'api.yaml:25:22 error undefined-variable',
      'api.yaml:32:9 warn unused-variable',
      'sandbox/api.yaml:25:22 error undefined-variable',
      'sandbox/api.yaml:32:9 warn unused-variable',
    ]);
  });

  test('--print-config shows the effective settings of a file', async () => {
    const sandbox = JSON.parse((await cli(['--print-config', 'sandbox/api.yaml'], cwd)).stdout);
    assert.equal(sandbox.configFile, 'stagevar-lint.config.json');
    assert.equal(sandbox.ignored, false);
    assert.deepEqual(sandbox.rules['undefined-variable'], ['off', {}]);
    assert.deepEqual(sandbox.rules['unused-variable'], ['warn', { ignoreLambdaProxyApis: false }]);
    assert.deepEqual(Object.keys(sandbox.rules), rules.map((rule) => rule.meta.id));
    const flagged = JSON.parse((await cli(['--print-config', 'sandbox/api.yaml', '--rule', 'unused-variable:off', '--account-id', '123456789012'], cwd)).stdout);
    assert.deepEqual(flagged.rules['unused-variable'], ['off', { ignoreLambdaProxyApis: false }]);
    assert.deepEqual(flagged.accountIds, ['123456789012']);
    const defaults = JSON.parse((await cli(['--no-config', '--print-config', 'api.yaml'], cwd)).stdout);
    assert.equal(defaults.configFile, null);
    assert.deepEqual(defaults.rules['unused-variable'], ['warn', { ignoreLambdaProxyApis: true }]);
    assert.equal(defaults.reportUnusedSuppressions, 'warn');
    const legacy = JSON.parse((await cli(['--print-config', 'legacy/api.yaml'], cwd)).stdout);
    assert.equal(legacy.ignored, true);
  });

  test('--account-id replaces the configured account ids', async () => {
    const root = tempDirectory({ '.stagevar-lint.yaml': 'accountIds: ["111111111111"]\n' });
    assert.deepEqual(JSON.parse((await cli(['--print-config', 'x.yaml'], root)).stdout).accountIds, ['111111111111']);
    assert.deepEqual(JSON.parse((await cli(['--print-config', 'x.yaml', '--account-id', '222222222222'], root)).stdout).accountIds, ['222222222222']);
  });
});

describe('ignores', () => {
  test('ignored files are not linted, not even when named on the command line', async () => {
    const cwd = path.join(FIXTURES, 'overrides');
    // legacy/api.yaml has the findings of api.yaml: linting it would report them.
    const all = await cli(['-f', 'json', '.'], cwd);
    // Like any JSON file in a folder, the configuration file is read, found not to be a template, and passes.
    assert.deepEqual((JSON.parse(all.stdout) as JsonResult[]).map((result) => path.relative(cwd, result.filePath)), ['api.yaml', 'sandbox/api.yaml', 'stagevar-lint.config.json']);
    const named = await cli(['-f', 'json', 'legacy/api.yaml'], cwd);
    assert.equal(named.code, 0);
    assert.deepEqual(JSON.parse(named.stdout), []);
  });
});

describe('stages of APIs outside the linted files', () => {
  test('undefined-variable and unused-variable check a standalone OpenAPI file against the configured stages', async () => {
    const cwd = path.join(FIXTURES, 'external-stages');
    const { code, stdout } = await cli(['-f', 'json', '.'], cwd);
    assert.equal(code, 1);
    const messages = (JSON.parse(stdout) as JsonResult[]).flatMap((result) =>
      result.messages
        .filter((message) => message.ruleId === 'undefined-variable' || message.ruleId === 'unused-variable')
        .map((message) => `${path.relative(cwd, result.filePath)}:${message.line}:${message.column} ${message.ruleId}: ${message.message}`),
    );
    assert.deepEqual(messages, [
      // The configured variables have no place in the file: they are reported at the API (the document).
      'openapi/pets.yaml:1:1 unused-variable: Stage variable "timeoutMs" of stage "beta" is not referenced anywhere in API pets.yaml.',
      'openapi/pets.yaml:1:1 unused-variable: Stage variable "timeoutMs" of stage "prod" is not referenced anywhere in API pets.yaml.',
      'openapi/pets.yaml:17:22 undefined-variable: Stage variable "ownersHost" is not defined on any stage of API pets.yaml ("prod", "beta"); API Gateway sends an empty value there.',
    ]);
    // Without the configuration the stages are unknown and both rules stay silent.
    const none = await cli(['-f', 'json', '--no-config', '.'], cwd);
    assert.deepEqual(findings(none.stdout, cwd, ['undefined-variable', 'unused-variable']), []);
  });

  test('"api" may name an API in a template as file#LogicalId', async () => {
    const root = tempDirectory({
      'api.yaml': TEMPLATE,
      '.stagevar-lint.yaml': 'stages:\n  - api: api.yaml#Api\n    stages:\n      beta: { reportsHost: reports.example.com }\n',
    });
    const { stdout } = await cli(['-f', 'json', 'api.yaml'], root);
    const undefinedMessages = (JSON.parse(stdout) as JsonResult[])[0]!.messages.filter((message) => message.ruleId === 'undefined-variable').map((message) => message.message);
    assert.deepEqual(undefinedMessages, ['Stage variable "reportsHost" is not defined on stage "prod" of API Api; API Gateway sends an empty value there.']);
  });
});

describe('validation messages name the file, the path in it and what was expected', () => {
  async function problems(name: string, content: string, extra: Record<string, string> = {}): Promise<string> {
    const root = tempDirectory({ [name]: content, ...extra });
    const { code, stdout, stderr } = await cli(['.'], root);
    assert.equal(code, 2, stdout);
    assert.equal(stdout, '');
    return stderr;
  }

  test('a rule option of the wrong type', async () => {
    assert.equal(
      await problems('stagevar-lint.config.json', '{ "rules": { "unused-variable": ["warn", { "ignoreLambdaProxyApis": "no" }] } }'),
      'stagevar-lint: stagevar-lint.config.json: rules["unused-variable"][1].ignoreLambdaProxyApis must be a boolean\n',
    );
  });

  test('rule ids, severities and setting shapes', async () => {
    assert.equal(
      await problems('.stagevar-lint.yaml', 'rules:\n  unused-variabel: warn\n  undefined-variable: wrn\n  valid-definition: [error, {}, 3]\n  unused-variable: [warn, { extra: 1 }]\n'),
      [
        'stagevar-lint: .stagevar-lint.yaml: rules["unused-variabel"] is not a known rule (did you mean "unused-variable"?); stagevar-lint --list-rules lists them',
        '.stagevar-lint.yaml: rules["undefined-variable"] must be "off", "warn" or "error" (or 0, 1, 2), or [severity, options]',
        '.stagevar-lint.yaml: rules["valid-definition"] must be [severity] or [severity, options]',
        '.stagevar-lint.yaml: rules["unused-variable"][1].extra is not a known property (known: ignoreLambdaProxyApis)',
        '',
      ].join('\n'),
    );
  });

  test('every other field', async () => {
    const content = [
      'rule: {}',
      'accountIds: [012345678901, "12345", "123456789012", "123456789012"]',
      'ignores: ["!keep.yaml", ""]',
      'overrides:',
      '  - rules: { undefined-variable: off }',
      '  - files: []',
      '    rules: { undefined-variable: [2, { x: 1 }] }',
      'stages:',
      '  - api: openapi.yaml',
      '    stages:',
      '      prod: { my-var: x, port: 8080 }',
      'reportUnusedSuppressions: loud',
      '',
    ].join('\n');
    assert.equal(
      await problems('.stagevar-lint.yml', content, { 'openapi.yaml': 'openapi: 3.0.1\npaths: {}\n' }),
      [
        'stagevar-lint: .stagevar-lint.yml: rule is not a known property (known: $schema, rules, ignores, overrides, accountIds, stages, reportUnusedSuppressions)',
        '.stagevar-lint.yml: ignores[0] must not start with "!" (negated patterns are not supported)',
        '.stagevar-lint.yml: ignores[1] must not be empty',
        '.stagevar-lint.yml: overrides[0].files is required',
        '.stagevar-lint.yml: overrides[1].files must not be empty',
        '.stagevar-lint.yml: accountIds[0] must be a string (put the value in quotes)',
        '.stagevar-lint.yml: accountIds[1] must be a 12-digit AWS account id',
        '.stagevar-lint.yml: accountIds must not repeat a value: accountIds[2] and accountIds[3] are the same',
        '.stagevar-lint.yml: stages[0].stages.prod has an invalid key "my-var": stage variable names are letters, digits and underscores',
        '.stagevar-lint.yml: stages[0].stages.prod.port must be a string (put the value in quotes)',
        '.stagevar-lint.yml: reportUnusedSuppressions must be one of "off", "warn", "error"',
        '.stagevar-lint.yml: overrides[1].rules["undefined-variable"][1].x is not a known property',
        '',
      ].join('\n'),
    );
  });

  test('syntax errors and duplicate keys point at the line', async () => {
    assert.equal(await problems('stagevar-lint.config.json', '{\n  "rules": {},\n  "rules": {}\n}'), 'stagevar-lint: stagevar-lint.config.json:3:3: duplicate key "rules"\n');
    assert.equal(await problems('stagevar-lint.config.json', '{\n  "rules": {\n}'), 'stagevar-lint: stagevar-lint.config.json:3:2: invalid JSON: Close brace expected\n');
    assert.equal(await problems('.stagevar-lint.yaml', 'rules:\n  a: [\n'), 'stagevar-lint: .stagevar-lint.yaml:3:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n');
    assert.equal(await problems('.stagevar-lint.yaml', 'base: &b {}\nrules: *b\n'), 'stagevar-lint: .stagevar-lint.yaml:2:8: YAML aliases are not supported in the configuration\n');
  });

  test('"stages" must name an existing file', async () => {
    const root = tempDirectory({ 'conf/.stagevar-lint.yaml': 'stages:\n  - api: ../openapi.yml#Api\n    stages: { prod: {} }\n' });
    const { code, stderr } = await cli(['.'], path.join(root, 'conf'));
    assert.equal(code, 2);
    assert.equal(stderr, `stagevar-lint: .stagevar-lint.yaml: stages[0].api names a file that does not exist: ../openapi.yml (looked for ${path.join(root, 'openapi.yml')})\n`);
  });

  test('an empty configuration file is valid', () => {
    assert.deepEqual(parseConfigText('', 'yaml', 'x'), {});
    const root = tempDirectory({ '.stagevar-lint.yaml': '# nothing yet\n' });
    assert.deepEqual(loadConfigFile(path.join(root, '.stagevar-lint.yaml'), rules, root).config.rules, {});
  });
});

describe('the JSON Schema', () => {
  test('schemas/stagevar-lint.config.schema.json is generated from the rules (UPDATE_SCHEMA=1 rewrites it)', () => {
    const expected = `${JSON.stringify(buildConfigSchema(rules), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA) writeFileSync(SCHEMA_FILE, expected);
    assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), expected, 'the schema file is out of date: run UPDATE_SCHEMA=1 node --import tsx --test test/config.test.ts');
  });

  test('the shipped file accepts the complete example of docs/configuration.md and rejects a bad option', () => {
    const ajv = new Ajv({ allErrors: true, strictTuples: false });
    ajv.addVocabulary(['patternErrorMessage']);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    const docs = readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8');
    const example = /<!-- complete-example -->\s*```yaml\n([\s\S]*?)```/.exec(docs)?.[1];
    assert.ok(example, 'docs/configuration.md has a complete example');
    const data = parseConfigText(example, 'yaml', 'example');
    assert.equal(validate(data), true, JSON.stringify(validate.errors));
    assert.equal(validate({ rules: { 'unused-variable': ['warn', { ignoreLambdaProxyApis: 'no' }] } }), false);
  });

  test('the complete example of docs/configuration.md loads (its stages name a file of its own)', () => {
    const docs = readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8');
    const example = /<!-- complete-example -->\s*```yaml\n([\s\S]*?)```/.exec(docs)![1]!;
    const root = tempDirectory({ '.stagevar-lint.yaml': example, 'openapi/pets.yaml': 'openapi: 3.0.1\npaths: {}\n', 'templates/shared-api.yaml': 'Resources: {}\n' });
    const loaded = loadConfigFile(path.join(root, '.stagevar-lint.yaml'), rules, root);
    assert.ok(loaded.config.stages.length > 0);
  });
});

describe('--init', () => {
  test('writes a commented starter that loads and changes nothing, and refuses to overwrite', async () => {
    const root = tempDirectory();
    const first = await cli(['--init'], root);
    assert.equal(first.code, 0);
    assert.equal(first.stdout, 'Wrote .stagevar-lint.yaml\n');
    const text = readFileSync(path.join(root, '.stagevar-lint.yaml'), 'utf8');
    assert.equal(text, starterConfig(rules));
    assert.match(text, /^# yaml-language-server: \$schema=\.\/node_modules\/stagevar-lint\/schemas\/stagevar-lint\.config\.schema\.json\n/);
    const configured = JSON.parse((await cli(['--print-config', 'x.yaml'], root)).stdout);
    const defaults = JSON.parse((await cli(['--no-config', '--print-config', 'x.yaml'], root)).stdout);
    assert.deepEqual({ ...configured, configFile: null }, defaults);
    const second = await cli(['--init'], root);
    assert.equal(second.code, 2);
    assert.equal(second.stderr, 'stagevar-lint: .stagevar-lint.yaml already exists in this directory; --init does not overwrite it.\n');
    assert.equal(readFileSync(path.join(root, '.stagevar-lint.yaml'), 'utf8'), text);
  });

  test('refuses when the directory has a configuration file of another name', async () => {
    const root = tempDirectory({ 'stagevar-lint.config.json': '{}' });
    const { code, stderr } = await cli(['--init'], root);
    assert.equal(code, 2);
    assert.equal(stderr, 'stagevar-lint: stagevar-lint.config.json already exists in this directory; --init does not overwrite it.\n');
  });
});
