import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { LintMessage, LintResult, RuleDocs } from '../src/engine/types.ts';
import type { FormatterContext } from '../src/formatters/context.ts';
import { escapeData, escapeProperty } from '../src/formatters/github.ts';
import { toGitlab } from '../src/formatters/gitlab.ts';
import { formatNames, formatters, isFormatName } from '../src/formatters/index.ts';
import { escapeXml } from '../src/formatters/junit.ts';
import { FINGERPRINT_KEY, toSarif } from '../src/formatters/sarif.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cwd = '/home/ci/repo';
const ESC = '\u001b';

const rules: RuleDocs[] = [
  {
    id: 'undefined-variable',
    description: 'A referenced stage variable is not defined on every stage.',
    defaultSeverity: 'error',
    url: 'https://github.com/stagevar-lint/stagevar-lint/blob/main/docs/rules/undefined-variable.md',
    fixable: false,
  },
  {
    id: 'unused-variable',
    description: 'A stage variable is defined but never referenced.',
    defaultSeverity: 'warn',
    url: 'https://github.com/stagevar-lint/stagevar-lint/blob/main/docs/rules/unused-variable.md',
    fixable: false,
  },
  {
    id: 'sub-escape',
    description: 'Inside Fn::Sub, ${stageVariables.x} must be written ${!stageVariables.x}.',
    defaultSeverity: 'error',
    url: 'https://github.com/stagevar-lint/stagevar-lint/blob/main/docs/rules/sub-escape.md',
    fixable: true,
  },
  {
    id: 'secret-value',
    description: 'A stage variable value looks like a secret.',
    defaultSeverity: 'off',
    url: 'https://github.com/stagevar-lint/stagevar-lint/blob/main/docs/rules/secret-value.md',
    fixable: false,
  },
];

const context = (extra: Partial<FormatterContext> = {}): FormatterContext => ({
  cwd,
  rules,
  toolVersion: '0.1.0',
  color: false,
  ...extra,
});

function result(filePath: string, messages: LintMessage[]): LintResult {
  const shown = messages.filter((m) => !m.suppressions?.length);
  return {
    filePath,
    messages,
    errorCount: shown.filter((m) => m.severity === 2).length,
    warningCount: shown.filter((m) => m.severity === 1).length,
    fatalErrorCount: shown.filter((m) => m.fatal).length,
    fixableErrorCount: shown.filter((m) => m.severity === 2 && m.fix).length,
    fixableWarningCount: shown.filter((m) => m.severity === 1 && m.fix).length,
  };
}

const SPECIAL = 'Stage "prod" & <dev>: ${stageVariables.a,b} 100%\r\nnext line \u0001 \uFFFF end';

/** Errors, warnings, a fix, a fatal, a suppressed message, unicode and special characters. */
function sample(): LintResult[] {
  return [
    result(`${cwd}/templates/api.yaml`, [
      {
        ruleId: 'undefined-variable',
        severity: 2,
        message: 'Stage variable "lambdaAlias" is not defined on stage "prod".',
        line: 12,
        column: 7,
        endLine: 12,
        endColumn: 38,
        fingerprint: 'undefined-variable:templates/api.yaml:ProdStage:lambdaAlias',
      },
      {
        ruleId: 'sub-escape',
        severity: 2,
        message: 'Write ${!stageVariables.host} inside Fn::Sub.',
        line: 30,
        column: 15,
        endLine: 30,
        endColumn: 38,
        fix: { range: [812, 812], text: '!' },
      },
      {
        ruleId: 'unused-variable',
        severity: 1,
        message: 'Stage variable "debug" is never referenced.',
        line: 101,
        column: 9,
        endLine: 101,
        endColumn: 14,
      },
      {
        ruleId: 'secret-value',
        severity: 2,
        message: 'Stage variable "token" looks like a secret.',
        line: 44,
        column: 11,
        suppressions: [{ kind: 'inSource', justification: 'Test key, rotated: see SEC-12' }],
      },
    ]),
    result(`${cwd}/dir, with: odd/ünïcødé 名前 #1 & <x>.yaml`, [
      { ruleId: 'unused-variable', severity: 1, message: SPECIAL, line: 3, column: 2, endLine: 3, endColumn: 9 },
    ]),
    result(`${cwd}/broken.json`, [
      { ruleId: null, fatal: true, severity: 2, message: 'Unexpected token } in JSON at line 4, column 1', line: 4, column: 1 },
    ]),
    result(`${cwd}/clean.yaml`, []),
    result(`${cwd}/only-suppressed.yaml`, [
      {
        ruleId: 'unused-variable',
        severity: 1,
        message: 'Stage variable "x" is never referenced.',
        line: 2,
        column: 3,
        suppressions: [{ kind: 'external', justification: '' }],
      },
    ]),
  ];
}

describe('index', () => {
  it('exposes every format by name', () => {
    assert.deepEqual(Object.keys(formatters).sort(), [...formatNames].sort());
    assert.ok(isFormatName('sarif'));
    assert.ok(!isFormatName('toString'));
    assert.ok(!isFormatName('html'));
  });

  it('every formatter is deterministic', () => {
    for (const name of formatNames) {
      assert.equal(formatters[name](sample(), context()), formatters[name](sample(), context()), name);
    }
  });

  it('no formatter but SARIF shows suppressed messages', () => {
    for (const name of formatNames) {
      const out = formatters[name](sample(), context());
      const hasSuppressed = out.includes('looks like a secret');
      assert.equal(hasSuppressed, name === 'sarif', name);
    }
  });

  it('stylish/github print nothing without problems; the others still produce valid documents', () => {
    const clean = [result(`${cwd}/a.yaml`, [])];
    assert.equal(formatters.stylish(clean, context()), '');
    assert.equal(formatters.github(clean, context()), '');
    assert.deepEqual(JSON.parse(formatters.gitlab(clean, context())), []);
    assert.deepEqual(JSON.parse(formatters.json([], context())), []);
    assert.equal(XMLValidator.validate(formatters.junit([], context())), true);
  });
});

describe('stylish', () => {
  it('matches ESLint stylish without colour', () => {
    const out = formatters.stylish(sample(), context());
    assert.ok(!out.includes(ESC), 'no ANSI codes when color is false');
    const expected = [
      '',
      `${cwd}/templates/api.yaml`,
      '   12:7   error    Stage variable "lambdaAlias" is not defined on stage "prod"  undefined-variable',
      '   30:15  error    Write ${!stageVariables.host} inside Fn::Sub                 sub-escape',
      '  101:9   warning  Stage variable "debug" is never referenced                   unused-variable',
      '',
      `${cwd}/dir, with: odd/ünïcødé 名前 #1 & <x>.yaml`,
      `  3:2  warning  ${SPECIAL}  unused-variable`,
      '',
      `${cwd}/broken.json`,
      '  4:1  error  Unexpected token } in JSON at line 4, column 1',
      '',
      '\u2716 5 problems (3 errors, 2 warnings)',
      '  1 error and 0 warnings potentially fixable with the `--fix` option.',
      '',
    ].join('\n');
    assert.equal(out, expected);
  });

  it('colours only when asked, with the same text underneath', () => {
    const out = formatters.stylish(sample(), context({ color: true }));
    assert.ok(out.includes(`${ESC}[4m${cwd}/templates/api.yaml${ESC}[24m`));
    assert.ok(out.includes(`${ESC}[31merror${ESC}[39m`));
    assert.ok(out.includes(`${ESC}[33mwarning${ESC}[39m`));
    assert.ok(out.includes(`${ESC}[2m12:7${ESC}[22m`));
    assert.ok(out.includes(`${ESC}[2mundefined-variable${ESC}[22m`));
    assert.ok(out.startsWith(`${ESC}[0m`) && out.endsWith(`${ESC}[0m`));
     
    const stripped = out.replace(/\u001b\[[0-9;]*m/g, '');
    assert.equal(stripped, formatters.stylish(sample(), context()));
  });

  it('singular words and a yellow summary for warnings only', () => {
    const one = [result(`${cwd}/w.yaml`, [{ ruleId: 'unused-variable', severity: 1, message: 'x', line: 1, column: 1 }])];
    const out = formatters.stylish(one, context({ color: true }));
    assert.ok(out.includes(`${ESC}[33m${ESC}[1m\u2716 1 problem (0 errors, 1 warning)${ESC}[22m${ESC}[39m`));
    assert.ok(!out.includes('fixable'));
  });
});

describe('json', () => {
  it("round-trips to ESLint's JSON shape", () => {
    const parsed = JSON.parse(formatters.json(sample(), context())) as Record<string, unknown>[];
    assert.equal(parsed.length, 5);
    const resultKeys = ['filePath', 'messages', 'errorCount', 'fatalErrorCount', 'warningCount', 'fixableErrorCount', 'fixableWarningCount'];
    const allowedMessageKeys = new Set(['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fatal', 'fix']);
    for (const r of parsed) {
      assert.deepEqual(Object.keys(r), resultKeys);
      for (const m of r.messages as Record<string, unknown>[]) {
        for (const k of Object.keys(m)) assert.ok(allowedMessageKeys.has(k), `unexpected message key ${k}`);
      }
    }
    const [api, odd, broken, clean, onlySuppressed] = parsed as unknown as LintResult[];
    assert.ok(api && odd && broken && clean && onlySuppressed);
    assert.deepEqual(api.messages.map((m) => m.ruleId), ['undefined-variable', 'sub-escape', 'unused-variable']);
    assert.deepEqual(api.messages[1], {
      ruleId: 'sub-escape',
      severity: 2,
      message: 'Write ${!stageVariables.host} inside Fn::Sub.',
      line: 30,
      column: 15,
      endLine: 30,
      endColumn: 38,
      fix: { range: [812, 812], text: '!' },
    });
    assert.equal(api.errorCount, 2);
    assert.equal(api.warningCount, 1);
    assert.equal(api.fixableErrorCount, 1);
    assert.equal(odd.messages[0]?.message, SPECIAL);
    assert.equal(odd.filePath, `${cwd}/dir, with: odd/ünïcødé 名前 #1 & <x>.yaml`);
    assert.deepEqual(broken.messages[0], { ruleId: null, severity: 2, message: 'Unexpected token } in JSON at line 4, column 1', line: 4, column: 1, fatal: true });
    assert.equal(broken.fatalErrorCount, 1);
    assert.equal(broken.errorCount, 1);
    assert.deepEqual(onlySuppressed.messages, []);
    assert.equal(onlySuppressed.warningCount, 0);
  });

  it('keeps output (the text after --fix)', () => {
    const r = { ...result(`${cwd}/f.yaml`, []), output: 'fixed: true\n' };
    assert.equal((JSON.parse(formatters.json([r], context())) as LintResult[])[0]?.output, 'fixed: true\n');
  });
});

describe('sarif', () => {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
  // The schema's `language` pattern is not valid with the `u` flag: unicodeRegExp must be off.
  // CommonJS modules: under NodeNext the class and the plugin are their `default` export.
  const Ajv = AjvDraft04.default;
  const addFormats = ajvFormats.default;
  const ajv = new Ajv({ allErrors: true, unicodeRegExp: false, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const assertValid = (log: unknown): void => {
    const ok = validate(log);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  };

  it('validates against the official SARIF 2.1.0 schema', () => {
    const text = formatters.sarif(sample(), context());
    assertValid(JSON.parse(text));
  });

  it('the validator is not vacuous: broken logs are rejected', () => {
    const log = JSON.parse(formatters.sarif(sample(), context())) as { runs: { results: Record<string, unknown>[] }[] };
    const badLevel = structuredClone(log);
    badLevel.runs[0]!.results[0]!.level = 'fatal';
    assert.equal(validate(badLevel), false);
    const badRegion = structuredClone(log) as unknown as { runs: { results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    badRegion.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    assert.equal(validate(badRegion), false);
    const badUri = structuredClone(log) as unknown as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    badUri.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = 'a b/<x>.yaml';
    assert.equal(validate(badUri), false);
  });

  it('validates for an empty run, a file outside cwd, a message without position and a non-semver version', () => {
    assertValid(JSON.parse(formatters.sarif([], context({ rules: [] }))));
    const odd = [
      result('/elsewhere/t.yaml', [{ ruleId: 'not-a-known-rule', severity: 1, message: 'm', line: 0, column: 0 }]),
      result(`${cwd}/x.yaml`, [{ ruleId: null, fatal: true, severity: 2, message: 'EACCES: permission denied', line: 0, column: 0 }]),
    ];
    const log = toSarif(odd, context({ toolVersion: 'dev' }));
    assertValid(JSON.parse(JSON.stringify(log)));
    const run = log.runs[0];
    assert.ok(run);
    assert.equal(run.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri, 'file:///elsewhere/t.yaml');
    assert.equal(run.results[0]?.locations[0]?.physicalLocation.artifactLocation.uriBaseId, undefined);
    assert.equal(run.results[0]?.locations[0]?.physicalLocation.region, undefined);
    assert.equal(run.tool.driver.rules[run.results[0]?.ruleIndex ?? -1]?.id, 'not-a-known-rule');
    assert.equal(run.tool.driver.semanticVersion, undefined);
  });

  it('has the driver, every rule, parse-error and the results', () => {
    const log = toSarif(sample(), context());
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.ok(run);
    const { driver } = run.tool;
    assert.equal(driver.name, 'stagevar-lint');
    assert.equal(driver.version, '0.1.0');
    assert.equal(driver.informationUri, 'https://github.com/stagevar-lint/stagevar-lint');
    assert.deepEqual(driver.rules.map((r) => r.id), ['undefined-variable', 'unused-variable', 'sub-escape', 'secret-value', 'parse-error']);
    assert.deepEqual(driver.rules.map((r) => r.defaultConfiguration.level), ['error', 'warning', 'error', 'none', 'error']);
    assert.equal(driver.rules[0]?.helpUri, rules[0]?.url);
    assert.equal(driver.rules[0]?.shortDescription.text, rules[0]?.description);
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(run.originalUriBaseIds['%SRCROOT%']?.uri, 'file:///home/ci/repo/');

    assert.equal(run.results.length, 7); // suppressed ones included
    for (const r of run.results) {
      assert.equal(driver.rules[r.ruleIndex]?.id, r.ruleId);
      const fp = r.partialFingerprints[FINGERPRINT_KEY];
      assert.ok(fp && fp.length > 0);
      assert.ok(!fp.includes(cwd), 'no absolute path in fingerprints');
    }
    const [undef, sub, unused, secret, special, fatal, external] = run.results;
    assert.deepEqual(undef?.locations[0]?.physicalLocation, {
      artifactLocation: { uri: 'templates/api.yaml', uriBaseId: '%SRCROOT%', index: 0 },
      region: { startLine: 12, startColumn: 7, endLine: 12, endColumn: 38 },
    });
    assert.equal(undef?.partialFingerprints[FINGERPRINT_KEY], 'undefined-variable:templates/api.yaml:ProdStage:lambdaAlias');
    assert.match(sub?.partialFingerprints[FINGERPRINT_KEY] ?? '', /^[0-9a-f]{32}$/);
    assert.equal(unused?.level, 'warning');
    assert.deepEqual(secret?.suppressions, [{ kind: 'inSource', status: 'accepted', justification: 'Test key, rotated: see SEC-12' }]);
    assert.deepEqual(external?.suppressions, [{ kind: 'external', status: 'accepted' }]);
    assert.equal(special?.message.text, SPECIAL);
    assert.equal(
      special?.locations[0]?.physicalLocation.artifactLocation.uri,
      'dir%2C%20with%3A%20odd/%C3%BCn%C3%AFc%C3%B8d%C3%A9%20%E5%90%8D%E5%89%8D%20%231%20%26%20%3Cx%3E.yaml',
    );
    assert.equal(decodeURIComponent('dir%2C%20with%3A%20odd'), 'dir, with: odd');
    assert.equal(fatal?.ruleId, 'parse-error');
    assert.equal(fatal?.level, 'error');
    assert.equal(run.artifacts.length, 5);
  });

  it('fingerprints are stable across machines (cwd does not matter)', () => {
    const a = toSarif(sample(), context());
    const moved = sample().map((r) => ({ ...r, filePath: r.filePath.replace(cwd, '/tmp/other/checkout') }));
    const b = toSarif(moved, context({ cwd: '/tmp/other/checkout' }));
    assert.deepEqual(
      a.runs[0]?.results.map((r) => r.partialFingerprints),
      b.runs[0]?.results.map((r) => r.partialFingerprints),
    );
  });
});

describe('junit', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    isArray: (name) => ['testsuite', 'testcase'].includes(name),
    textNodeName: '#text',
  });
  type Failure = { message: string; type: string; '#text': string };
  type Case = { name: string; classname: string; failure?: Failure; error?: Failure };
  type Suite = { name: string; tests: string; failures: string; errors: string; testcase: Case[] };

  it('is well-formed XML with the right counts', () => {
    const xml = formatters.junit(sample(), context());
    assert.equal(XMLValidator.validate(xml), true);
    // No character XML 1.0 forbids, even escaped.
     
    assert.ok(!/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml));
    assert.ok(!/&#(?:[0-8]|1[1-2]|1[4-9]|2\d|3[01]);/.test(xml));
    const doc = parser.parse(xml) as { testsuites: { tests: string; failures: string; errors: string; testsuite: Suite[] } };
    const root = doc.testsuites;
    assert.equal(root.tests, '7');
    assert.equal(root.failures, '4');
    assert.equal(root.errors, '1');
    const suites = root.testsuite;
    assert.deepEqual(
      suites.map((s) => [s.name, s.tests, s.failures, s.errors]),
      [
        ['templates/api.yaml', '3', '3', '0'],
        ['dir, with: odd/ünïcødé 名前 #1 & <x>.yaml', '1', '1', '0'],
        ['broken.json', '1', '0', '1'],
        ['clean.yaml', '1', '0', '0'],
        ['only-suppressed.yaml', '1', '0', '0'],
      ],
    );
    const api = suites[0]!;
    assert.deepEqual(api.testcase.map((c) => c.name), ['12:7 undefined-variable', '30:15 sub-escape', '101:9 unused-variable']);
    assert.equal(api.testcase[0]?.classname, 'templates/api.yaml');
    assert.equal(api.testcase[0]?.failure?.type, 'error');
    assert.equal(api.testcase[2]?.failure?.type, 'warning');
    assert.ok(api.testcase[0]?.failure?.['#text'].includes(rules[0]!.url));
    assert.equal(suites[2]?.testcase[0]?.error?.type, 'fatal');
    assert.equal(suites[2]?.testcase[0]?.name, '4:1 parse-error');
    assert.equal(suites[3]?.testcase[0]?.failure, undefined);
    assert.equal(suites[3]?.testcase[0]?.error, undefined);
  });

  it('escapes special characters and keeps the message readable', () => {
    const xml = formatters.junit(sample(), context());
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['testsuite', 'testcase'].includes(n), processEntities: true, htmlEntities: true }).parse(xml) as {
      testsuites: { testsuite: Suite[] };
    };
    const failure = doc.testsuites.testsuite[1]?.testcase[0]?.failure;
    assert.ok(failure);
    const expected = SPECIAL.replace('\u0001', '\\u0001').replace('\uFFFF', '\\uFFFF');
    assert.equal(failure.message, expected);
    assert.equal(doc.testsuites.testsuite[1]?.name, 'dir, with: odd/ünïcødé 名前 #1 & <x>.yaml');
  });

  it('escapeXml', () => {
    assert.equal(escapeXml('a<b>&"c\''), 'a&lt;b&gt;&amp;"c\'');
    assert.equal(escapeXml('a<b>&"c\'\t\n\r', true), 'a&lt;b&gt;&amp;&quot;c&apos;&#9;&#10;&#13;');
    assert.equal(escapeXml('x\u0000y\u001Fz\uFFFE'), 'x\\u0000y\\u001Fz\\uFFFE');
    assert.equal(escapeXml('lone \uD800 and \uDC00, pair \uD83D\uDE00'), 'lone \uFFFD and \uFFFD, pair \uD83D\uDE00');
  });
});

describe('github', () => {
  it('writes one workflow command per visible finding', () => {
    const lines = formatters.github(sample(), context()).split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(lines, [
      '::error file=templates/api.yaml,line=12,col=7,endLine=12,endColumn=38,title=stagevar-lint(undefined-variable)::Stage variable "lambdaAlias" is not defined on stage "prod".',
      '::error file=templates/api.yaml,line=30,col=15,endLine=30,endColumn=38,title=stagevar-lint(sub-escape)::Write ${!stageVariables.host} inside Fn::Sub.',
      '::warning file=templates/api.yaml,line=101,col=9,endLine=101,endColumn=14,title=stagevar-lint(unused-variable)::Stage variable "debug" is never referenced.',
      '::warning file=dir%2C with%3A odd/ünïcødé 名前 #1 & <x>.yaml,line=3,col=2,endLine=3,endColumn=9,title=stagevar-lint(unused-variable)::' +
        'Stage "prod" & <dev>: ${stageVariables.a,b} 100%25%0D%0Anext line \u0001 \uFFFF end',
      '::error file=broken.json,line=4,col=1,title=stagevar-lint(parse-error)::Unexpected token } in JSON at line 4, column 1',
    ]);
  });

  it('escapes as GitHub requires', () => {
    assert.equal(escapeData('100% a:b,c\r\nd'), '100%25 a:b,c%0D%0Ad');
    assert.equal(escapeProperty('100% a:b,c\r\nd'), '100%25 a%3Ab%2Cc%0D%0Ad');
    assert.equal(escapeProperty('%3A'), '%253A'); // % first, so escapes are not doubled
  });

  it('leaves out the position when there is none', () => {
    const out = formatters.github([result(`${cwd}/x.yaml`, [{ ruleId: null, fatal: true, severity: 2, message: 'EISDIR', line: 0, column: 0 }])], context());
    assert.equal(out, '::error file=x.yaml,title=stagevar-lint(parse-error)::EISDIR\n');
  });
});

describe('gitlab', () => {
  it('writes the Code Quality shape', () => {
    const issues = JSON.parse(formatters.gitlab(sample(), context())) as Record<string, unknown>[];
    assert.equal(issues.length, 5);
    for (const issue of issues) {
      assert.deepEqual(Object.keys(issue).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
      assert.match(issue.fingerprint as string, /^[0-9a-f]{32}$/);
    }
    assert.deepEqual(issues[0], {
      description: 'Stage variable "lambdaAlias" is not defined on stage "prod".',
      check_name: 'undefined-variable',
      fingerprint: issues[0]?.fingerprint,
      severity: 'major',
      location: { path: 'templates/api.yaml', lines: { begin: 12 } },
    });
    assert.deepEqual(issues.map((i) => i.severity), ['major', 'major', 'minor', 'minor', 'blocker']);
    assert.deepEqual((issues[3]?.location as { path: string }).path, 'dir, with: odd/ünïcødé 名前 #1 & <x>.yaml');
    assert.equal(issues[4]?.check_name, 'parse-error');
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
  });

  it('fingerprints are stable: not the line, not the machine, unique per occurrence', () => {
    const base = toGitlab(sample(), context());
    const moved = sample().map((r) => ({
      ...r,
      filePath: r.filePath.replace(cwd, '/srv/other/checkout'),
      messages: r.messages.map((m) => ({ ...m, line: m.line + 5, endLine: (m.endLine ?? m.line) + 5 })),
    }));
    const again = toGitlab(moved, context({ cwd: '/srv/other/checkout' }));
    assert.deepEqual(again.map((i) => i.fingerprint), base.map((i) => i.fingerprint));
    // A known value, so a change of the hashing shows up in review.
    assert.equal(base[0]?.fingerprint, '656f38253f19cadc0b7c005451f63016');

    const dup: LintMessage = { ruleId: 'unused-variable', severity: 1, message: 'same', line: 1, column: 1 };
    const twice = toGitlab([result(`${cwd}/d.yaml`, [dup, { ...dup, line: 9 }])], context());
    assert.notEqual(twice[0]?.fingerprint, twice[1]?.fingerprint);
  });
});
