// Suppressions where the finding stands: YAML comment directives and resource Metadata, each
// form that works and each mistake, which is reported and suppresses nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { lintFiles, lintText, rules, type LintMessage, type LintOptions } from '../src/index.ts';
import { main } from '../src/cli/main.ts';
import { createDocument } from '../src/model/documents.ts';
import { buildModel } from '../src/model/build.ts';
import { suppressedByMetadata } from '../src/engine/suppress.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/config/suppression');

/** The rules these fixtures exercise; the others are off so that their findings do not interfere. */
function only(...ids: string[]): LintOptions['rules'] {
  return Object.fromEntries(rules.map((rule) => [rule.meta.id, ids.includes(rule.meta.id) ? rule.meta.defaultSeverity : 'off'])) as LintOptions['rules'];
}
const RULES = only('undefined-variable', 'unused-variable', 'valid-definition');

/** `line:column severity rule message [suppressed: reason]` */
function show(message: LintMessage): string {
  const suppressed = message.suppressions ? ` [suppressed: ${message.suppressions.map((s) => `${s.kind} ${s.justification}`).join('; ')}]` : '';
  return `${message.line}:${message.column} ${message.severity === 2 ? 'error' : 'warn'} ${message.ruleId ?? '-'} ${message.message}${suppressed}`;
}

async function lintFixture(name: string, options: LintOptions = {}) {
  const [result] = await lintFiles([name], { cwd: FIXTURES, rules: RULES, ...options });
  return result!;
}

const UNDEFINED = (name: string): string => `Stage variable "${name}" is not defined on stage "prod" of API Api; API Gateway sends an empty value there.`;

describe('YAML comment directives', () => {
  test('every form: working ones suppress, mistakes are reported and suppress nothing', async () => {
    const result = await lintFixture('comments.yaml');
    assert.deepEqual(result.messages.map(show), [
      `18:22 error undefined-variable ${UNDEFINED('releaseHost')} [suppressed: inSource set by the release pipeline (OPS-12)]`,
      `29:22 error undefined-variable ${UNDEFINED('alphaHost')} [suppressed: inSource injected by the proxy]`,
      // No reason.
      '40:9 error - stagevar-lint-disable-next-line needs a reason: add " -- <why this finding is acceptable>". Without one it suppresses nothing.',
      `41:22 error undefined-variable ${UNDEFINED('betaHost')}`,
      // A directive that matches nothing (another rule) is reported as unused.
      '52:9 warn - Unused stagevar-lint-disable-next-line directive: no "unused-variable" finding on line 53.',
      `53:22 error undefined-variable ${UNDEFINED('gammaHost')}`,
      // An unknown rule id is reported; the known rule of the same directive still applies.
      `64:22 error undefined-variable ${UNDEFINED('deltaHost')} [suppressed: inSource delta is set by hand]`,
      '64:51 error - Unknown rule "no-such-rule" in stagevar-lint-disable-line.',
      '75:9 error - stagevar-lint-disable-next-line must name the rules it disables: # stagevar-lint-disable-next-line <rule>[, <rule>] -- <reason>. It suppresses nothing.',
      `76:22 error undefined-variable ${UNDEFINED('epsilonHost')}`,
      '87:9 error - Unknown directive "stagevar-lint-disable"; use stagevar-lint-disable-next-line or stagevar-lint-disable-line with the rules and " -- <reason>". It suppresses nothing.',
      `88:22 error undefined-variable ${UNDEFINED('zetaHost')}`,
      '96:9 warn unused-variable Stage variable "host" of stage "prod" is not referenced anywhere in API Api. [suppressed: inSource read by the backend from the event]',
    ]);
    // Suppressed findings stay in the results but are not counted.
    assert.equal(result.errorCount, 8);
    assert.equal(result.warningCount, 1);
  });

  test('one directive can name several rules, and each must be used', () => {
    const template = [
      'Resources:',
      '  Api:',
      '    Type: AWS::ApiGateway::RestApi',
      '  Method:',
      '    Type: AWS::ApiGateway::Method',
      '    Properties:',
      '      RestApiId: !Ref Api',
      '      HttpMethod: GET',
      '      Integration:',
      '        Type: HTTP_PROXY',
      '        Uri: https://${stageVariables.host}/',
      '  Stage:',
      '    Type: AWS::ApiGateway::Stage',
      '    Properties:',
      '      RestApiId: !Ref Api',
      '      StageName: prod',
      '      Variables:',
      '        host: example.com',
      '        # stagevar-lint-disable-next-line valid-definition, unused-variable -- kept for the old client',
      '        old-name: x',
      '        # stagevar-lint-disable-next-line valid-definition, unused-variable -- only one of the two applies',
      '        spare: x',
      '',
    ].join('\n');
    const [result] = lintText(template, { filePath: 'inline.yaml', rules: RULES });
    assert.deepEqual(
      result!.messages.filter((message) => !message.suppressions).map(show),
      ['21:9 warn - Unused stagevar-lint-disable-next-line directive: no "valid-definition" finding on line 22.'],
    );
    assert.deepEqual(
      result!.messages.filter((message) => message.suppressions).map((message) => `${message.line} ${message.ruleId}`),
      ['20 unused-variable', '20 valid-definition', '22 unused-variable'],
    );
  });

  test('directiveComments: false (the ESLint plugin) ignores the comments', async () => {
    const result = await lintFixture('comments.yaml', { directiveComments: false });
    assert.equal(result.messages.filter((message) => message.ruleId === null).length, 0);
    assert.equal(result.messages.filter((message) => message.suppressions).length, 0);
    assert.equal(result.errorCount, 7);
    assert.equal(result.warningCount, 1);
  });

  test('reportUnusedSuppressions sets the severity of unused ones, or turns them off', async () => {
    const unused = (result: { messages: LintMessage[] }): string[] => result.messages.filter((message) => message.message.startsWith('Unused')).map(show);
    assert.deepEqual(unused(await lintFixture('comments.yaml', { reportUnusedSuppressions: 'error' })), [
      '52:9 error - Unused stagevar-lint-disable-next-line directive: no "unused-variable" finding on line 53.',
    ]);
    assert.deepEqual(unused(await lintFixture('comments.yaml', { reportUnusedSuppressions: 'off' })), []);
  });

  test('comments that only mention the tool, and ESLint directives, are not directives', () => {
    const [result] = lintText('# Checked by stagevar-lint in CI.\n# eslint-disable-next-line stagevar/undefined-variable\nopenapi: 3.0.1\npaths: {}\n', { filePath: 'openapi.yaml', rules: RULES });
    assert.deepEqual(result!.messages, []);
  });
});

describe('resource Metadata', () => {
  test('a JSON template: the matching finding inside the resource is suppressed, the rest reported', async () => {
    const result = await lintFixture('metadata.json');
    assert.deepEqual(result.messages.map(show), [
      '13:23 warn - Unused suppression in Metadata "stagevar-lint" of Method: no "unused-variable" finding inside the resource.',
      '14:13 error - The suppression of "valid-definition" in Metadata "stagevar-lint" of Method needs a "reason". Without one it suppresses nothing.',
      `26:27 error undefined-variable ${UNDEFINED('releaseHost')} [suppressed: inSource releaseHost is added by the release pipeline (OPS-12)]`,
      // The same rule in another resource is not covered.
      `40:27 error undefined-variable ${UNDEFINED('otherHost')}`,
      '53:24 warn unused-variable Stage variable "host" of stage "prod" is not referenced anywhere in API Api. [suppressed: inSource read by the Lambda authorizer through the event]',
    ]);
  });

  test('Metadata written wrong is reported and suppresses nothing', async () => {
    const result = await lintFixture('metadata-errors.yaml');
    assert.deepEqual(result.messages.map(show), [
      '3:3 error - Metadata "stagevar-lint" is read in resources only; move it into the Metadata of the resource whose findings it suppresses. It suppresses nothing here.',
      '16:17 error - "ignore" in Metadata "stagevar-lint" of NotAList must be a list: { ignore: [{ rule: <rule>, reason: <reason> }] }. It suppresses nothing.',
      `22:22 error undefined-variable ${UNDEFINED('oneHost')}`,
      '27:9 error - Unknown key "ignores" in Metadata "stagevar-lint" of Misspelt; it holds "ignore" only.',
      `35:22 error undefined-variable ${UNDEFINED('twoHost')}`,
      '41:19 error - Unknown rule "undefined-variables" in Metadata "stagevar-lint" of BadEntries.',
      '43:13 error - An "ignore" entry of Metadata "stagevar-lint" of BadEntries has no "rule". It suppresses nothing.',
      '44:13 error - The suppression of "undefined-variable" in Metadata "stagevar-lint" of BadEntries needs a "reason". Without one it suppresses nothing.',
      '48:13 error - Unknown key "comment" in an "ignore" entry of Metadata "stagevar-lint" of BadEntries; it holds "rule" and "reason".',
      // The last entry is complete: the unknown key is reported, the suppression works.
      `54:22 error undefined-variable ${UNDEFINED('threeHost')} [suppressed: inSource works, but "comment" is not a key]`,
      '61:9 warn unused-variable Stage variable "host" of stage "prod" is not referenced anywhere in API Api.',
    ]);
  });

  test('Metadata applies without comment directives too (the ESLint path)', async () => {
    const result = await lintFixture('metadata.json', { directiveComments: false });
    assert.equal(result.messages.filter((message) => message.suppressions).length, 2);
  });

  test('suppressedByMetadata: the check the ESLint plugin applies to one rule\'s findings', async () => {
    const { readFileSync } = await import('node:fs');
    const filePath = path.join(FIXTURES, 'metadata.json');
    const parsed = createDocument(filePath, readFileSync(filePath, 'utf8'));
    const document = parsed.document;
    const model = buildModel([parsed], { resolveFile: () => ({ error: 'not used' }), cwd: FIXTURES });
    const suppressed = suppressedByMetadata(model, document);
    const at = (ruleId: string, line: number, column: number): LintMessage => ({ ruleId, severity: 2, message: '', line, column });
    assert.equal(suppressed(at('undefined-variable', 26, 27)), true);
    assert.equal(suppressed(at('undefined-variable', 40, 27)), false);
    assert.equal(suppressed(at('unused-variable', 53, 24)), true);
    // valid-definition's entry has no reason: it suppresses nothing.
    assert.equal(suppressed(at('valid-definition', 26, 27)), false);
  });
});

describe('output', () => {
  test('SARIF keeps suppressed findings with their justification; the other formats leave them out', async () => {
    let stdout = '';
    const io = { stdout: (text: string) => void (stdout += text), stderr: () => {}, cwd: FIXTURES, env: {}, isTTY: false };
    const ruleFlags = rules.filter((rule) => !['undefined-variable', 'unused-variable'].includes(rule.meta.id)).flatMap((rule) => ['--rule', `${rule.meta.id}:off`]);
    await main(['-f', 'sarif', ...ruleFlags, 'metadata.json'], io);
    const suppressed = JSON.parse(stdout).runs[0].results.filter((result: { suppressions?: unknown }) => result.suppressions);
    assert.deepEqual(
      suppressed.map((result: { ruleId: string; suppressions: unknown }) => [result.ruleId, result.suppressions]),
      [
        ['undefined-variable', [{ kind: 'inSource', status: 'accepted', justification: 'releaseHost is added by the release pipeline (OPS-12)' }]],
        ['unused-variable', [{ kind: 'inSource', status: 'accepted', justification: 'read by the Lambda authorizer through the event' }]],
      ],
    );
    stdout = '';
    await main(['-f', 'json', ...ruleFlags, 'metadata.json'], io);
    const shown = JSON.parse(stdout)[0].messages.map((message: LintMessage) => `${message.line}:${message.column}`);
    assert.deepEqual(shown, ['13:23', '14:13', '40:27']);
  });
});
