// No output of the tool, in any format, ever contains a secret it found (or merely read).
//
// The test writes a template full of secrets into a temporary directory, runs the real CLI on it
// in every output format, to stdout and to --output-file, with --debug, with --fix and with
// --write-baseline, and checks stdout, stderr and every file written for any 12-character piece
// of any secret. Every token is built at run time by concatenation from a deterministic
// generator: the repository holds no string that a secret scanner would flag.
//
// It runs bin/stagevar-lint.cjs, which loads dist/: `npm test` builds it first; run
// `npx tsc -p tsconfig.json` before running this file alone.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/stagevar-lint.cjs');
const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab'] as const;
const WINDOW = 12;
const run = promisify(execFile);

// ---------------------------------------------------------------------------------------------
// Fake secrets

function generator(seed: number): (charset: string, length: number) => string {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (charset, length) => {
    for (;;) {
      let out = '';
      for (let i = 0; i < length; i++) out += charset[Math.floor(next() * charset.length)];
      // Real keys mix cases and digits; a draw without them could miss the entropy threshold.
      if (charset.length < 60 || (/[A-Z]/.test(out) && /[a-z]/.test(out) && /[0-9]/.test(out))) return out;
    }
  };
}

const random = generator(0x1eaf);
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const B62 = UPPER + LOWER + DIGITS;
const B64URL = B62 + '-_';
const b64url = (text: string): string => Buffer.from(text).toString('base64url');

interface Planted {
  /** The stage-variable name (or, for secrets elsewhere, a label). */
  name: string;
  value: string;
  /**
   * The parts of the value no output may show: the generated parts, not a format's public
   * prefix (a masked message may show `AKIA…`) nor the host of a URL around them.
   */
  hidden: string[];
}

/** One secret per kind the detector knows, each under a name that does not give it away. */
function plantedSecrets(): Planted[] {
  const token = (name: string, prefix: string, rest: string): Planted => ({ name, value: prefix + rest, hidden: [rest] });
  const inside = (name: string, value: string, ...hidden: string[]): Planted => ({ name, value, hidden });
  const jwt = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub: random(DIGITS, 10), iat: 1700000000 }))}.${random(B64URL, 43)}`;
  const pem = random(B62, 64);
  const password = random(B62, 16);
  const apiKey = random(B62, 32);
  const webhook = `T${random(UPPER + DIGITS, 8)}/B${random(UPPER + DIGITS, 8)}/${random(B62, 24)}`;
  return [
    token('awsAccessKeyId', 'AK' + 'IA', random(UPPER + '234567', 16)),
    token('awsSecretAccessKey', '', random(B62, 18) + '/' + random(B62, 10) + '+' + random(B62, 10)),
    token('deployHelper', 'gh' + 'p_', random(B62, 36)),
    token('notifier', 'xo' + 'xb-', `${random(DIGITS, 11)}-${random(DIGITS, 12)}-${random(B62, 24)}`),
    inside('alertsEndpoint', 'https://hooks.' + 'slack.com/services/' + webhook, webhook),
    token('billing', 'sk' + '_live_', random(B62, 24)),
    token('maps', 'AI' + 'za', random(B64URL, 35)),
    token('serviceJwt', '', jwt),
    inside('signingPem', `-----BEGIN ${'PRIVATE'} KEY-----\n${pem}\n-----END ${'PRIVATE'} KEY-----`, pem),
    inside('databaseUrl', `https://admin:${password}@db.example.com:5432/orders`, password),
    inside('partnerEndpoint', `https://partner.example.com/v1/orders?api_key=${apiKey}`, apiKey),
    token('upstreamValue', '', random(B62, 40)),
    token('backendSeal', '', random('0123456789abcdef', 64)),
    token('registry', 'np' + 'm_', random(B62, 36)),
    token('mailer', 'SG' + '.', `${random(B64URL, 22)}.${random(B64URL, 43)}`),
    token('llm', 'sk' + '-proj-', `${random(B62, 24)}${'T3Blbk' + 'FJ'}${random(B62, 24)}`),
    token('dbPassword', 'Tulip-', random(B62, 14)),
    // Long enough to break the function-name grammar where it is used (value-shape's finding).
    token('fnName', '', random(B62, 70)),
    // Used as the scheme, the host and the credentials resource of integrations.
    token('scheme', '', random(B62, 32)),
    token('role', 'gh' + 'p_', random(B62, 36)),
  ];
}

// ---------------------------------------------------------------------------------------------
// The template

interface Fixture {
  directory: string;
  secrets: Planted[];
  /** Line (1-based) of each planted value in template.yaml, by variable name. */
  lines: Map<string, number>;
}

function yamlString(value: string): string {
  return JSON.stringify(value); // a JSON string is a YAML double-quoted scalar
}

function writeFixture(): Fixture {
  const secrets = plantedSecrets();
  const noEchoDefault = random(B62, 40);
  const canary = 'sk' + '_live_' + random(B62, 24);
  const jsonStage = 'gh' + 'p_' + random(B62, 36);
  const environment = 'AK' + 'IA' + random(UPPER + '234567', 16);
  const all: Planted[] = [
    ...secrets,
    { name: 'DbPassword (NoEcho default)', value: noEchoDefault, hidden: [noEchoDefault] },
    { name: 'canaryBilling', value: canary, hidden: [canary.slice(8)] },
    { name: 'httpApiToken', value: jsonStage, hidden: [jsonStage.slice(4)] },
    { name: 'FUNCTION_KEY (not a stage variable)', value: environment, hidden: [environment.slice(4)] },
  ];

  const lines: string[] = [];
  const positions = new Map<string, number>();
  const push = (text: string): void => {
    lines.push(...text.split('\n'));
  };
  push(`AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  DbPassword:
    Type: String
    NoEcho: true
    Default: ${yamlString(noEchoDefault)}
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: leaky
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Credentials: arn:aws:iam::111111111111:\${stageVariables.role}
        Uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:222222222222:function:\${stageVariables.fnName}/invocations
  Proxy:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      AuthorizationType: NONE
      Integration:
        Type: HTTP_PROXY
        IntegrationHttpMethod: POST
        Uri: \${stageVariables.scheme}://\${stageVariables.databaseUrl}/\${stageVariables.upstreamValue}?key=\${stageVariables.missingOne}
  SubMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: PUT
      AuthorizationType: NONE
      Integration:
        Type: HTTP_PROXY
        IntegrationHttpMethod: PUT
        Uri: !Sub 'https://\${stageVariables.partnerEndpoint}/\${AWS::Region}'
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: deployment
      StageName: prod
      Variables:`);
  for (const secret of secrets) {
    positions.set(secret.name, lines.length + 1);
    push(`        ${secret.name}: ${yamlString(secret.value)}`);
  }
  positions.set('fromNoEcho', lines.length + 1);
  push(`        fromNoEcho: !Ref DbPassword
        dupe: first
        dupe: ${yamlString(noEchoDefault)}
      CanarySetting:
        PercentTraffic: 5
        StageVariableOverrides:`);
  positions.set('canaryBilling', lines.length + 1);
  push(`          billing: ${yamlString(canary)}
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: leaky-http
      ProtocolType: HTTP
  HttpStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref HttpApi
      StageName: $default`);
  positions.set('httpApiToken', lines.length + 1);
  push(`      StageVariables: ${yamlString(JSON.stringify({ httpApiToken: jsonStage }))}
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Description: ${yamlString(`uses ${environment}`)}
      Environment:
        Variables:
          FUNCTION_KEY: ${yamlString(environment)}
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::111111111111:role/lambda
      Code:
        ZipFile: ${yamlString(`exports.key = '${environment}';`)}`);

  const directory = mkdtempSync(path.join(tmpdir(), 'stagevar-leak-'));
  writeFileSync(path.join(directory, 'template.yaml'), `${lines.join('\n')}\n`);
  // A template that does not parse, and a YAML file that is no template, each with a secret.
  writeFileSync(path.join(directory, 'broken.yaml'), `Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties: [${yamlString(canary)}\n`);
  writeFileSync(path.join(directory, 'notes.yaml'), `token: ${yamlString(jsonStage)}\n  indented: ${yamlString(canary)}\n`);
  return { directory, secrets: all, lines: positions };
}

// ---------------------------------------------------------------------------------------------
// Leak check

/** Every WINDOW-character piece of the hidden parts of each secret. */
function pieces(secrets: readonly Planted[]): { name: string; piece: string }[] {
  const out: { name: string; piece: string }[] = [];
  for (const secret of secrets) {
    for (const hidden of secret.hidden) {
      assert.ok(hidden.length >= WINDOW, `${secret.name}: a hidden part shorter than ${WINDOW} characters would not be checked`);
      for (let i = 0; i + WINDOW <= hidden.length; i++) out.push({ name: secret.name, piece: hidden.slice(i, i + WINDOW) });
    }
  }
  return out;
}

function assertNoLeak(where: string, text: string, secrets: readonly Planted[]): void {
  // JSON output escapes '/' as is and newlines as \n: search the text and its JSON-decoded form.
  const forms = [text, text.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\//g, '/')];
  for (const { name, piece } of pieces(secrets)) {
    for (const form of forms) {
      assert.ok(!form.includes(piece), `${where} contains part of the secret in ${name}`);
    }
  }
}

interface CliRun {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd: string): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { args, code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { args, code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

// ---------------------------------------------------------------------------------------------

describe('no output contains a secret', () => {
  let fixture: Fixture;
  before(() => {
    assert.ok(existsSync(path.join(ROOT, 'dist/cli.js')), 'dist/ is missing: run `npm run build` (npm test does it)');
    fixture = writeFixture();
  });

  test('the template holds every secret, and no-secrets reports each stage-variable secret', async () => {
    const template = readFileSync(path.join(fixture.directory, 'template.yaml'), 'utf8');
    for (const secret of fixture.secrets) {
      assert.ok(template.includes(JSON.stringify(secret.value).slice(1, -1)) || template.includes(secret.value), `template lacks ${secret.name}`);
    }
    const { code, stdout } = await cli(['--format', 'json', '--account-id', '111111111111', 'template.yaml'], fixture.directory);
    assert.equal(code, 1);
    const messages = (JSON.parse(stdout) as { messages: { ruleId: string | null; line: number; message: string }[] }[])[0]!.messages;
    const reported = new Set(messages.filter((m) => m.ruleId === 'no-secrets').map((m) => m.line));
    for (const [name, line] of fixture.lines) {
      assert.ok(reported.has(line), `no-secrets did not report ${name} (line ${line})`);
    }
    // The rules that quote values, names or template text all had something to say here.
    const rules = new Set(messages.map((m) => m.ruleId));
    for (const id of ['no-secrets', 'valid-definition', 'value-shape', 'no-cross-account-lambda', 'undefined-variable']) {
      assert.ok(rules.has(id), `expected a ${id} finding on the leaky template`);
    }
    assertNoLeak('json output', stdout, fixture.secrets);
  });

  test('every format, to stdout and to --output-file, with --debug', async () => {
    const runs: Promise<CliRun & { file?: string }>[] = [];
    for (const format of FORMATS) {
      const common = ['--debug', '--format', format, '--account-id', '111111111111', '.'];
      runs.push(cli(common, fixture.directory));
      const file = path.join(fixture.directory, `report-${format}.out`);
      runs.push(cli(['--output-file', file, ...common], fixture.directory).then((result) => ({ ...result, file })));
    }
    for (const result of await Promise.all(runs)) {
      const label = result.args.join(' ');
      assert.equal(result.code, 1, `${label}: expected exit code 1 (errors), got ${result.code}: ${result.stderr}`);
      assert.ok(result.stdout.length > 0, `${label}: empty stdout`);
      assertNoLeak(`stdout of ${label}`, result.stdout, fixture.secrets);
      assertNoLeak(`stderr of ${label}`, result.stderr, fixture.secrets);
      if (result.file) {
        const report = readFileSync(result.file, 'utf8');
        assert.ok(report.length > 0, `${label}: empty report file`);
        assertNoLeak(`the report file of ${label}`, report, fixture.secrets);
      }
    }
  });

  test('--fix, --write-baseline and a baseline run', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'stagevar-leak-fix-'));
    try {
      cpSync(fixture.directory, copy, { recursive: true });
      for (const name of readdirSync(copy)) if (name.startsWith('report-')) rmSync(path.join(copy, name));
      const fixed = await cli(['--fix', '--debug', '--format', 'json', 'template.yaml'], copy);
      assertNoLeak('stdout of --fix', fixed.stdout, fixture.secrets);
      assertNoLeak('stderr of --fix', fixed.stderr, fixture.secrets);
      const baseline = path.join(copy, 'baseline.json');
      const written = await cli(['--write-baseline', baseline, '--debug', '.'], copy);
      assertNoLeak('stdout of --write-baseline', written.stdout, fixture.secrets);
      assertNoLeak('stderr of --write-baseline', written.stderr, fixture.secrets);
      assert.ok(existsSync(baseline), 'the baseline file was not written');
      assertNoLeak('the baseline file', readFileSync(baseline, 'utf8'), fixture.secrets);
      const reused = await cli(['--baseline', baseline, '--format', 'sarif', '.'], copy);
      assertNoLeak('stdout of --baseline', reused.stdout, fixture.secrets);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
