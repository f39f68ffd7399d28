// Tests for src/model/scan.ts and src/model/slots.ts. The documented forms come from
// /work/shared/reference/stage-variables.md (§1, §2, §6, §8.3); placeholders such as <region> and
// <account_id> are filled with concrete values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mayContainToken, scanTokens, type MalformedKind, type ReferenceSyntax, type Token } from '../src/model/scan.ts';
import {
  OPAQUE,
  checkValueShape,
  classifyCredentialsToken,
  classifyUriToken,
  lambdaUriAccount,
  parseLambdaArn,
  parseLambdaUri,
  type SlotInfo,
  type UriKind,
  type UriPart,
} from '../src/model/slots.ts';

const O = OPAQUE;
const LAMBDA_PREFIX = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/';
const FN_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:';

/** The one token of `text` (or the one named `name`). */
function tokenOf(text: string, name?: string): Token {
  const tokens = scanTokens(text).filter((token) => name === undefined || token.name === name);
  assert.equal(tokens.length, 1, `expected one token${name ? ` named ${name}` : ''} in ${JSON.stringify(text)}, got ${JSON.stringify(tokens)}`);
  return tokens[0]!;
}

function uriSlot(flat: string, name?: string): SlotInfo {
  const token = tokenOf(flat, name);
  return classifyUriToken(flat, token.start, token.end);
}

function credentialsSlot(flat: string, name?: string): SlotInfo {
  const token = tokenOf(flat, name);
  return classifyCredentialsToken(flat, token.start, token.end);
}

// -----------------------------------------------------------------------------------------------
describe('scanTokens: documented reference forms', () => {
  const cases: [label: string, text: string, expected: { name: string; syntax: ReferenceSyntax; quiet?: true }[]][] = [
    ['§1 braced in a URI', 'http://${stageVariables.url}/pets', [{ name: 'url', syntax: 'braced' }]],
    ['§1 braced, whole value (connectionId)', '${stageVariables.vpcLinkId}', [{ name: 'vpcLinkId', syntax: 'braced' }]],
    ['§1 braced, credentials ARN', 'arn:aws:iam::123456789012:${stageVariables.role}', [{ name: 'role', syntax: 'braced' }]],
    ['§1 REST parameter mapping (bare, whole value)', 'stageVariables.version', [{ name: 'version', syntax: 'bare' }]],
    ['§1 WS parameter mapping (bare)', 'stageVariables.VARIABLE_NAME', [{ name: 'VARIABLE_NAME', syntax: 'bare' }]],
    ['R10 REST identity source list', 'method.request.header.Auth, stageVariables.stage', [{ name: 'stage', syntax: 'bare' }]],
    ['H4 HTTP API mapping $form', '$stageVariables.environmentId', [{ name: 'environmentId', syntax: 'dollar' }]],
    ['H4 HTTP API mapping ${} form', '${stageVariables.environmentId}', [{ name: 'environmentId', syntax: 'braced' }]],
    [
      'H4 HTTP API mapping combined with request data',
      '${request.path.name} ${stageVariables.x}',
      [{ name: 'x', syntax: 'braced' }],
    ],
    ['H7 HTTP API identity source', '$stageVariables.authKey', [{ name: 'authKey', syntax: 'dollar' }]],
    ['R8 VTL quoted $form', '{ "name" : "$stageVariables.version"}', [{ name: 'version', syntax: 'dollar' }]],
    ['R8 VTL quoted ${} form', '{ "name" : "${stageVariables.version}"}', [{ name: 'version', syntax: 'braced' }]],
    ["R8 VTL $stageVariables['x']", "$stageVariables['version']", [{ name: 'version', syntax: 'bracket' }]],
    ["R8 VTL ${stageVariables['x']}", "${stageVariables['version']}", [{ name: 'version', syntax: 'bracket' }]],
    ['VTL bracket with double quotes', '$stageVariables["version"]', [{ name: 'version', syntax: 'bracket' }]],
    ['VTL braced bracket with double quotes', '${stageVariables["version"]}', [{ name: 'version', syntax: 'bracket' }]],
    ['VTL quiet reference $!', '"$!stageVariables.v"', [{ name: 'v', syntax: 'dollar', quiet: true }]],
    ['VTL quiet reference $!{}', '"$!{stageVariables.v}"', [{ name: 'v', syntax: 'braced', quiet: true }]],
    ['§6 Fn::Sub escape', 'function:${!stageVariables.fn}/invocations', [{ name: 'fn', syntax: 'sub-escaped' }]],
    ['§6 Fn::Sub escape of the bracket form', "${!stageVariables['fn']}", [{ name: 'fn', syntax: 'sub-escaped' }]],
    [
      '§6 Sub template from a real repository',
      'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${ApiFunction}:${!stageVariables.lambdaAlias}/invocations',
      [{ name: 'lambdaAlias', syntax: 'sub-escaped' }],
    ],
    [
      'several tokens in one string',
      'http://${stageVariables.host}/${stageVariables.path}?a=$stageVariables.q',
      [
        { name: 'host', syntax: 'braced' },
        { name: 'path', syntax: 'braced' },
        { name: 'q', syntax: 'dollar' },
      ],
    ],
    ['underscore and digits in names', '${stageVariables.stage_storage_prefix2}', [{ name: 'stage_storage_prefix2', syntax: 'braced' }]],
    ['VTL #set', '#set($v = $stageVariables.v)', [{ name: 'v', syntax: 'dollar' }]],
    ['$form ends at a non-name character (VTL)', '$stageVariables.my-host', [{ name: 'my', syntax: 'dollar' }]],
  ];
  for (const [label, text, expected] of cases) {
    it(label, () => {
      const tokens = scanTokens(text);
      assert.deepEqual(
        tokens.map((token) => ({ name: token.name, syntax: token.syntax, ...(token.quiet ? { quiet: token.quiet } : {}) })),
        expected,
      );
      for (const token of tokens) assert.equal(token.malformed, undefined, `${text}: ${JSON.stringify(token)}`);
    });
  }

  it('gives exact ranges', () => {
    const text = 'http://${stageVariables.url}/pets';
    assert.deepEqual(scanTokens(text), [{ name: 'url', syntax: 'braced', start: 7, end: 28, nameStart: 24, nameEnd: 27 }]);
    assert.deepEqual(scanTokens("x $stageVariables['ab'] y"), [{ name: 'ab', syntax: 'bracket', start: 2, end: 23, nameStart: 19, nameEnd: 21 }]);
    assert.deepEqual(scanTokens('a ${!stageVariables.fn}'), [{ name: 'fn', syntax: 'sub-escaped', start: 2, end: 23, nameStart: 20, nameEnd: 22 }]);
    assert.deepEqual(scanTokens('stageVariables.s'), [{ name: 's', syntax: 'bare', start: 0, end: 16, nameStart: 15, nameEnd: 16 }]);
  });
});

// -----------------------------------------------------------------------------------------------
describe('scanTokens: near misses', () => {
  const cases: [text: string, kind: MalformedKind, corrected: string | null, name: string, syntax: ReferenceSyntax][] = [
    ['${stageVariable.x}', 'singular', '${stageVariables.x}', 'x', 'braced'],
    ['$stageVariable.x', 'singular', '$stageVariables.x', 'x', 'dollar'],
    ['${StageVariable.x}', 'singular', '${stageVariables.x}', 'x', 'braced'],
    ['${StageVariables.x}', 'casing', '${stageVariables.x}', 'x', 'braced'],
    ['${stagevariables.x}', 'casing', '${stageVariables.x}', 'x', 'braced'],
    ['${STAGEVARIABLES.x}', 'casing', '${stageVariables.x}', 'x', 'braced'],
    ['$StageVariables.x', 'casing', '$stageVariables.x', 'x', 'dollar'],
    ['${!StageVariables.x}', 'casing', '${!stageVariables.x}', 'x', 'sub-escaped'],
    ["$StageVariables['x']", 'casing', "$stageVariables['x']", 'x', 'bracket'],
    ['StageVariables.x', 'casing', 'stageVariables.x', 'x', 'bare'],
    ['${stageVariables.x', 'unclosed', '${stageVariables.x}', 'x', 'braced'],
    ['${stageVariables.x ', 'unclosed', '${stageVariables.x}', 'x', 'braced'],
    ['${stageVariables.x foo}', 'unclosed', '${stageVariables.x}', 'x', 'braced'],
    ['${stageVariables.x${AWS::Region}', 'unclosed', '${stageVariables.x}', 'x', 'braced'],
    ['${!stageVariables.x', 'unclosed', '${!stageVariables.x}', 'x', 'sub-escaped'],
    ["${stageVariables['x']", 'unclosed', "${stageVariables['x']}", 'x', 'bracket'],
    ["$stageVariables['x'", 'unclosed', "$stageVariables['x']", 'x', 'bracket'],
    ['${stageVariables.', 'unclosed', null, '', 'braced'],
    ['${stageVariables.}', 'empty-name', null, '', 'braced'],
    ['$stageVariables. ', 'empty-name', null, '', 'dollar'],
    ["$stageVariables['']", 'empty-name', null, '', 'bracket'],
    ['${stageVariables.my-host}', 'invalid-name', null, 'my-host', 'braced'],
    ['${stageVariables.a.b}', 'invalid-name', null, 'a.b', 'braced'],
    ['${stageVariables.owner:application}', 'invalid-name', null, 'owner:application', 'braced'],
    ["${stageVariables['my-host']}", 'invalid-name', null, 'my-host', 'bracket'],
    ['${stageVariables."x"}', 'quoted-name', '${stageVariables.x}', 'x', 'braced'],
    ["${stageVariables.'x'}", 'quoted-name', '${stageVariables.x}', 'x', 'braced'],
    ['${"stageVariables.x"}', 'quoted-name', '${stageVariables.x}', 'x', 'braced'],
    ["${'stageVariables.x'}", 'quoted-name', '${stageVariables.x}', 'x', 'braced'],
    ['${stageVariables."my-host"}', 'quoted-name', null, 'my-host', 'braced'],
    ['${stageVariables.""}', 'empty-name', null, '', 'braced'],
    ['${ stageVariables.x }', 'whitespace', '${stageVariables.x}', 'x', 'braced'],
    ['${ stageVariables.x}', 'whitespace', '${stageVariables.x}', 'x', 'braced'],
    ['${stageVariables.x }', 'whitespace', '${stageVariables.x}', 'x', 'braced'],
    ['${stageVariables . x}', 'whitespace', '${stageVariables.x}', 'x', 'braced'],
    ['${\tstageVariables.x\n}', 'whitespace', '${stageVariables.x}', 'x', 'braced'],
  ];
  for (const [text, kind, corrected, name, syntax] of cases) {
    it(`${JSON.stringify(text)} → ${kind}`, () => {
      const token = tokenOf(text);
      assert.deepEqual(token.malformed, { kind, corrected });
      assert.equal(token.name, name);
      assert.equal(token.syntax, syntax);
      assert.equal(text.slice(token.nameStart, token.nameEnd), name);
    });
  }

  it('an unclosed token ends after its name, so the fix inserts the brace there', () => {
    const text = 'function:${stageVariables.fn/invocations';
    const token = tokenOf(text);
    assert.equal(token.malformed?.kind, 'unclosed');
    assert.equal(text.slice(0, token.start) + token.malformed!.corrected + text.slice(token.end), 'function:${stageVariables.fn}/invocations');
  });

  it('an unclosed token inside a JSON string stops at the quote', () => {
    const text = '{"a": "${stageVariables.x"}';
    const token = tokenOf(text);
    assert.equal(token.malformed?.kind, 'unclosed');
    assert.equal(text.slice(token.start, token.end), '${stageVariables.x');
  });

  it('a whitespace token covers the braces, so the fix replaces it whole', () => {
    const text = 'http://${ stageVariables.host }/x';
    const token = tokenOf(text);
    assert.equal(text.slice(token.start, token.end), '${ stageVariables.host }');
  });
});

// -----------------------------------------------------------------------------------------------
describe('scanTokens: not tokens', () => {
  const cases: [label: string, text: string][] = [
    ['no stage variables', 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/x/invocations'],
    ['code: event.stageVariables.x', 'const url = event.stageVariables.url;'],
    ['code: event["stageVariables"]', 'const v = event["stageVariables"]'],
    ['identifier prefix', 'mystageVariables.x'],
    ['identifier suffix', 'stageVariablesFoo.x and ${stageVariablesX.y}'],
    ['the word alone', 'Stage variables: see stageVariables in the docs'],
    ['the map without a member', '${stageVariables}'],
    ['bare without a name', 'stageVariables. is a map'],
    ['VTL method call on the map', '#foreach($k in $stageVariables.keySet())$k#end'],
    ['VTL dynamic key', '$stageVariables[$key] ${stageVariables[$key]}'],
    ['bare after a dot', 'context.stageVariables.x'],
  ];
  for (const [label, text] of cases) {
    it(label, () => assert.deepEqual(scanTokens(text), []));
  }

  it('the braced and dollar forms are never also reported as bare', () => {
    for (const text of ['${stageVariables.x}', '$stageVariables.x', '${!stageVariables.x}', '${ stageVariables.x }', '${"stageVariables.x"}']) {
      assert.equal(scanTokens(text).length, 1, text);
      assert.notEqual(scanTokens(text)[0]!.syntax, 'bare', text);
    }
  });
});

describe('mayContainToken', () => {
  const cases: [string, boolean][] = [
    ['', false],
    ['hello world', false],
    ['http://example.com/${stage}', false],
    ['${stageVariables.x}', true],
    ['STAGEVARIABLES', true],
    ['stageVariable', true],
    ['event.stageVariables.x', true], // a pre-filter: may say yes when scanTokens finds nothing
  ];
  for (const [text, expected] of cases) it(JSON.stringify(text), () => assert.equal(mayContainToken(text), expected));

  it('is case-insensitive for every near-miss spelling', () => {
    for (const text of ['${StageVariables.x}', '${stagevariable.x}', '$STAGEVARIABLES.x']) assert.equal(mayContainToken(text), true);
  });
});

// -----------------------------------------------------------------------------------------------
describe('scanTokens: properties (fast-check)', () => {
  const fragment = fc.constantFrom(
    'stageVariables', 'stageVariable', 'StageVariables', 'STAGEVARIABLES', '${', '$!{', '${!', '$', '{', '}', '!', '.', '[', ']', "'", '"',
    ' ', '\n', '\t', 'x', 'my-host', 'fn', '_1', '/', ':', 'function:', '/invocations', 'http://', O, 'é', '\uD83D\uDE00', '(', ')',
  );
  const text = fc.oneof(
    fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join('')),
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 40 }).map((s) => `\${stageVariables.${s}`),
  );

  it('never throws; tokens lie within the string, in order, and do not overlap', () => {
    fc.assert(
      fc.property(text, (input) => {
        const tokens = scanTokens(input);
        let previousEnd = 0;
        for (const token of tokens) {
          assert.ok(token.start >= previousEnd, 'overlap or out of order');
          assert.ok(token.start < token.end && token.end <= input.length, 'out of range');
          assert.ok(token.start <= token.nameStart && token.nameStart <= token.nameEnd && token.nameEnd <= token.end, 'name outside the token');
          assert.equal(token.name, input.slice(token.nameStart, token.nameEnd));
          if (!token.malformed) assert.match(token.name, /^[A-Za-z0-9_]+$/);
          previousEnd = token.end;
        }
        if (tokens.length > 0) assert.ok(mayContainToken(input));
      }),
      { numRuns: 3000 },
    );
  });

  it('every corrected text scans as one well-formed token with the same name and syntax', () => {
    fc.assert(
      fc.property(text, (input) => {
        for (const token of scanTokens(input)) {
          const corrected = token.malformed?.corrected;
          if (!corrected) continue;
          const again = scanTokens(corrected);
          assert.equal(again.length, 1, corrected);
          assert.equal(again[0]!.malformed, undefined, corrected);
          assert.equal(again[0]!.name, token.name);
          assert.equal(again[0]!.syntax, token.syntax);
          assert.equal(again[0]!.end, corrected.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('classification and shape checks never throw on arbitrary flattened strings', () => {
    fc.assert(
      fc.property(text, fc.string({ maxLength: 20 }), (input, value) => {
        for (const token of scanTokens(input)) {
          for (const slot of [classifyUriToken(input, token.start, token.end), classifyCredentialsToken(input, token.start, token.end)]) {
            checkValueShape(slot, value);
          }
        }
        parseLambdaUri(input);
        lambdaUriAccount(input);
      }),
      { numRuns: 2000 },
    );
  });

  it('stays linear on pathological input', () => {
    const inputs = [
      '${stageVariables.a-'.repeat(20_000),
      'stageVariables'.repeat(50_000),
      "$stageVariables['".repeat(20_000),
      `${'x'.repeat(1_000_000)}`,
      `\${stageVariables.${'a'.repeat(200_000)}`,
    ];
    const started = performance.now();
    for (const input of inputs) scanTokens(input);
    assert.ok(performance.now() - started < 3000, `took ${performance.now() - started} ms`);
  });
});

// -----------------------------------------------------------------------------------------------
interface SlotCase {
  label: string;
  flat: string;
  name?: string;
  uriKind: UriKind;
  part: UriPart;
  /** Values that fit (checkValueShape returns null). */
  valid?: string[];
}

function runSlotCases(cases: SlotCase[], classify: (flat: string, name?: string) => SlotInfo): void {
  for (const c of cases) {
    it(c.label, () => {
      const slot = classify(c.flat, c.name);
      assert.equal(slot.uriKind, c.uriKind, `uriKind of ${c.flat}`);
      assert.equal(slot.part, c.part, `part of ${c.flat}`);
      for (const value of c.valid ?? []) assert.equal(checkValueShape(slot, value), null, `value ${value}`);
    });
  }
}

describe('classifyUriToken: documented forms (REST R1-R3, R11; HTTP H1-H2; WS W1-W2)', () => {
  runSlotCases(
    [
      { label: 'HTTP: a full URI without protocol', flat: 'http://${stageVariables.url}', uriKind: 'http', part: 'host', valid: ['httpbin.org/get', 'example.com', 'example.com:8080/a'] },
      { label: 'HTTP: a full domain', flat: 'http://${stageVariables.host}/resource/operation', uriKind: 'http', part: 'host', valid: ['example.com', 'api.example.com'] },
      { label: 'HTTP: a subdomain', flat: 'http://${stageVariables.sub}.example.com/resource/operation', uriKind: 'http', part: 'subdomain', valid: ['api', 'dev.api', 'a-b'] },
      { label: 'HTTP: a path', flat: 'http://example.com/${stageVariables.p}/bar', uriKind: 'http', part: 'path', valid: ['v1', 'v1/foo'] },
      { label: 'HTTP: a query string', flat: 'http://example.com/foo?q=${stageVariables.q}', uriKind: 'http', part: 'query', valid: ['abc', 'a&b=c'] },
      { label: 'HTTPS: a full domain', flat: 'https://${stageVariables.host}/pets', uriKind: 'http', part: 'host', valid: ['petstore.example.com'] },
      { label: 'HTTP: host before a port', flat: 'http://${stageVariables.host}:8080/x', uriKind: 'http', part: 'host', valid: ['example.com'] },
      { label: 'HTTP: path with an opaque host (Fn::Join)', flat: `https://${O}/\${stageVariables.p}`, uriKind: 'http', part: 'path', valid: ['v2'] },
      { label: 'HTTP: second query parameter', flat: 'http://example.com/?a=1&b=${stageVariables.b}', uriKind: 'http', part: 'query', valid: ['2'] },
      { label: 'AWS service: action or path', flat: 'arn:aws:apigateway:us-east-1:s3:${stageVariables.action}', uriKind: 'aws-service', part: 'action-or-path', valid: ['path/mybucket', 'action/ListBuckets'] },
      { label: 'AWS service: inside the path', flat: 'arn:aws:apigateway:us-east-1:s3:path/${stageVariables.bucket}/key', uriKind: 'aws-service', part: 'action-or-path', valid: ['mybucket'] },
      { label: 'AWS service: opaque region (Sub)', flat: `arn:${O}:apigateway:${O}:sqs:\${stageVariables.path}`, uriKind: 'aws-service', part: 'action-or-path', valid: ['path/123456789012/queue'] },
      { label: 'Lambda: function name', flat: `${LAMBDA_PREFIX}${FN_ARN}\${stageVariables.fn}/invocations`, uriKind: 'lambda', part: 'function', valid: ['HelloWorld', 'HelloWorld:1', 'HelloWorld:alpha', 'my_fn-2', 'a'.repeat(64), `f:${'q'.repeat(128)}`] },
      { label: 'Lambda: version/alias', flat: `${LAMBDA_PREFIX}${FN_ARN}HelloWorld:\${stageVariables.alias}/invocations`, uriKind: 'lambda', part: 'qualifier', valid: ['1', '42', 'live', 'alpha', 'v1-beta_2', 'a'.repeat(128)] },
      { label: 'Lambda: function name, Fn::Sub flattened', flat: `arn:${O}:apigateway:${O}:lambda:path/2015-03-31/functions/arn:${O}:lambda:${O}:${O}:function:\${stageVariables.fn}/invocations`, uriKind: 'lambda', part: 'function', valid: ['HelloWorld', 'HelloWorld:live'] },
      { label: 'Lambda: alias after a Ref function name (§6 Sub example)', flat: `arn:${O}:apigateway:${O}:lambda:path/2015-03-31/functions/arn:${O}:lambda:${O}:${O}:function:${O}:\${stageVariables.lambdaAlias}/invocations`, uriKind: 'lambda', part: 'qualifier', valid: ['live', '3'] },
      { label: 'Lambda: alias after GetAtt Fn.Arn (CDK / cfn-lint Fn::Join)', flat: `arn:aws:apigateway:${O}:lambda:path/2015-03-31/functions/${O}:\${stageVariables.LambdaAlias}/invocations`, uriKind: 'lambda', part: 'qualifier', valid: ['live', '7'] },
      { label: 'Lambda: the AWS engineer form (empty region)', flat: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda::123456789012:function:${stageVariables.functionName}/invocations', uriKind: 'lambda', part: 'function', valid: ['HelloWorld'] },
      { label: 'Lambda: other partition', flat: 'arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:123456789012:function:${stageVariables.fn}/invocations', uriKind: 'lambda', part: 'function', valid: ['HelloWorld'] },
      { label: 'Lambda: unrecognised prefix (Ref) but recognisable invocation', flat: `${O}/functions/arn:aws:lambda:us-east-1:123456789012:function:\${stageVariables.fn}/invocations`, uriKind: 'lambda', part: 'function', valid: ['HelloWorld'] },
      { label: 'Lambda: folded YAML scalar with a trailing line break', flat: `${LAMBDA_PREFIX}${FN_ARN}\${stageVariables.fn}/invocations\n`, uriKind: 'lambda', part: 'function', valid: ['HelloWorld'] },
      { label: 'Authorizer URI (R11): alias', flat: `${LAMBDA_PREFIX}${FN_ARN}Authorizer:\${stageVariables.alias}/invocations`, uriKind: 'lambda', part: 'qualifier', valid: ['live'] },
      { label: 'HTTP API: bare Lambda function ARN, name', flat: `${FN_ARN}\${stageVariables.fn}`, uriKind: 'lambda', part: 'function', valid: ['HelloWorld', 'HelloWorld:live'] },
      { label: 'HTTP API: bare Lambda function ARN, alias', flat: `${FN_ARN}HelloWorld:\${stageVariables.alias}`, uriKind: 'lambda', part: 'qualifier', valid: ['live'] },
    ],
    uriSlot,
  );
});

describe('classifyUriToken: undocumented positions', () => {
  runSlotCases(
    [
      { label: 'whole value', flat: '${stageVariables.uri}', uriKind: 'unknown', part: 'whole' },
      { label: 'value starts with the token (scheme inside)', flat: '${stageVariables.base}/pets', uriKind: 'unknown', part: 'whole' },
      { label: 'whole Lambda URI from a variable', flat: '${stageVariables.lambdaUri}', uriKind: 'unknown', part: 'whole' },
      { label: 'the scheme itself', flat: '${stageVariables.proto}://example.com/x', uriKind: 'http', part: 'scheme', valid: ['http', 'https'] },
      { label: 'part of the scheme', flat: 'http${stageVariables.s}://example.com/x', uriKind: 'http', part: 'scheme', valid: ['s'] },
      { label: 'a non-leftmost host label', flat: 'http://api.${stageVariables.domain}/x', uriKind: 'http', part: 'other' },
      { label: 'port', flat: 'http://example.com:${stageVariables.port}/x', uriKind: 'http', part: 'other' },
      { label: 'fragment', flat: 'http://example.com/x#${stageVariables.f}', uriKind: 'http', part: 'other' },
      { label: 'Lambda: region of the apigateway ARN', flat: `arn:aws:apigateway:\${stageVariables.region}:lambda:path/2015-03-31/functions/${FN_ARN}F/invocations`, uriKind: 'lambda', part: 'region', valid: ['us-east-1'] },
      { label: 'Lambda: partition', flat: `arn:\${stageVariables.p}:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN_ARN}F/invocations`, uriKind: 'lambda', part: 'partition', valid: ['aws', 'aws-us-gov'] },
      { label: 'Lambda: service', flat: `arn:aws:apigateway:us-east-1:\${stageVariables.svc}:path/2015-03-31/functions/${FN_ARN}F/invocations`, uriKind: 'lambda', part: 'service' },
      { label: 'Lambda: the lambda path', flat: `arn:aws:apigateway:us-east-1:lambda:path/\${stageVariables.v}/functions/${FN_ARN}F/invocations`, uriKind: 'lambda', part: 'lambda-path' },
      { label: 'Lambda: account of the function ARN', flat: `${LAMBDA_PREFIX}arn:aws:lambda:us-east-1:\${stageVariables.account}:function:F/invocations`, uriKind: 'lambda', part: 'account', valid: ['123456789012'] },
      { label: 'Lambda: region of the function ARN', flat: `${LAMBDA_PREFIX}arn:aws:lambda:\${stageVariables.r}:123456789012:function:F/invocations`, uriKind: 'lambda', part: 'region', valid: ['eu-west-1', 'us-gov-west-1'] },
      { label: 'Lambda: the whole function ARN', flat: `${LAMBDA_PREFIX}\${stageVariables.fnArn}/invocations`, uriKind: 'lambda', part: 'function-arn' },
      { label: 'Lambda: service field of the function ARN', flat: `${LAMBDA_PREFIX}arn:aws:\${stageVariables.svc}:us-east-1:123456789012:function:F/invocations`, uriKind: 'lambda', part: 'other' },
      { label: 'AWS service: region', flat: 'arn:aws:apigateway:${stageVariables.r}:s3:path/b', uriKind: 'aws-service', part: 'region' },
      { label: 'AWS service: service', flat: 'arn:aws:apigateway:us-east-1:${stageVariables.svc}:action/X', uriKind: 'aws-service', part: 'service' },
      { label: 'a non-http scheme', flat: 'ftp://${stageVariables.host}/x', uriKind: 'unknown', part: 'other' },
      { label: 'opaque base URL', flat: `${O}/\${stageVariables.p}`, uriKind: 'unknown', part: 'other' },
    ],
    uriSlot,
  );

  it('classifies each of several tokens in one URI', () => {
    const flat = `${LAMBDA_PREFIX}${FN_ARN}\${stageVariables.fn}:\${stageVariables.alias}/invocations`;
    assert.equal(uriSlot(flat, 'fn').part, 'function');
    assert.equal(uriSlot(flat, 'alias').part, 'qualifier');
    const http = 'https://${stageVariables.host}/${stageVariables.path}?v=${stageVariables.v}';
    assert.deepEqual([uriSlot(http, 'host').part, uriSlot(http, 'path').part, uriSlot(http, 'v').part], ['host', 'path', 'query']);
  });

  it('malformed tokens are classified by their range too', () => {
    const flat = `${LAMBDA_PREFIX}${FN_ARN}\${stageVariables.my-fn:x}/invocations`;
    assert.equal(uriSlot(flat).part, 'function');
  });

  it('returns unknown/other for an invalid range', () => {
    assert.deepEqual(classifyUriToken('abc', 2, 1), { uriKind: 'unknown', part: 'other' });
    assert.deepEqual(classifyUriToken('abc', 0, 9), { uriKind: 'unknown', part: 'other' });
    assert.deepEqual(classifyCredentialsToken('abc', -1, 2), { uriKind: 'unknown', part: 'other' });
  });
});

describe('classifyCredentialsToken (R4, H3, W3)', () => {
  runSlotCases(
    [
      { label: 'documented: resource part', flat: 'arn:aws:iam::123456789012:${stageVariables.role}', uriKind: 'iam', part: 'resource', valid: ['role/ApiGatewayInvokeRole', 'role/service-role/Invoke_Role', 'user/deployer', 'role/a.b,c=d-e'] },
      { label: 'documented, Fn::Sub flattened', flat: `arn:${O}:iam::${O}:\${stageVariables.role}`, uriKind: 'iam', part: 'resource', valid: ['role/ApiGatewayInvokeRole'] },
      { label: 'role name after a literal role/', flat: 'arn:aws:iam::123456789012:role/${stageVariables.roleName}', uriKind: 'iam', part: 'resource', valid: ['ApiGatewayInvokeRole', 'path/Name'] },
      { label: 'whole value', flat: '${stageVariables.invoke_role}', uriKind: 'iam', part: 'whole' },
      { label: 'account', flat: 'arn:aws:iam::${stageVariables.account}:role/R', uriKind: 'iam', part: 'account', valid: ['123456789012'] },
      { label: 'partition', flat: 'arn:${stageVariables.p}:iam::123456789012:role/R', uriKind: 'iam', part: 'partition', valid: ['aws'] },
      { label: 'region field', flat: 'arn:aws:iam:${stageVariables.r}:123456789012:role/R', uriKind: 'iam', part: 'other' },
      { label: 'not an IAM ARN', flat: 'role/${stageVariables.r}', uriKind: 'unknown', part: 'other' },
    ],
    credentialsSlot,
  );

  it('classifyUriToken also understands IAM ARNs', () => {
    assert.deepEqual(uriSlot('arn:aws:iam::123456789012:${stageVariables.role}'), { uriKind: 'iam', part: 'resource' });
  });
});

// -----------------------------------------------------------------------------------------------
describe('checkValueShape: problems', () => {
  const fnSlot = uriSlot(`${LAMBDA_PREFIX}${FN_ARN}\${stageVariables.fn}/invocations`);
  const qualifiedFnSlot = uriSlot(`${LAMBDA_PREFIX}${FN_ARN}\${stageVariables.fn}:live/invocations`);
  const aliasSlot = uriSlot(`${LAMBDA_PREFIX}${FN_ARN}HelloWorld:\${stageVariables.alias}/invocations`);
  const roleSlot = credentialsSlot('arn:aws:iam::123456789012:${stageVariables.role}');
  const roleNameSlot = credentialsSlot('arn:aws:iam::123456789012:role/${stageVariables.role}');
  const hostSlot = uriSlot('http://${stageVariables.host}/pets');
  const fullUriSlot = uriSlot('http://${stageVariables.url}');
  const subSlot = uriSlot('http://${stageVariables.sub}.example.com/');
  const pathSlot = uriSlot('http://example.com/${stageVariables.p}/bar');
  const awsSlot = uriSlot('arn:aws:apigateway:us-east-1:s3:${stageVariables.x}');
  const schemeSlot = uriSlot('${stageVariables.s}://example.com');
  const accountSlot = uriSlot(`${LAMBDA_PREFIX}arn:aws:lambda:us-east-1:\${stageVariables.a}:function:F/invocations`);
  const vpcLink = { uriKind: 'connection-id', part: 'whole' } as const;

  const cases: [label: string, slot: Parameters<typeof checkValueShape>[0], value: string, severity: 'error' | 'warn', message: RegExp][] = [
    ['function: a Lambda ARN', fnSlot, 'arn:aws:lambda:us-east-1:123456789012:function:HelloWorld', 'error', /^is a Lambda function ARN; the function-name slot takes a function name such as HelloWorld or HelloWorld:alias/],
    ['function: a qualified Lambda ARN', fnSlot, 'arn:aws:lambda:us-east-1:123456789012:function:HelloWorld:live', 'error', /Lambda function ARN/],
    ['function: some other ARN', fnSlot, 'arn:aws:iam::123456789012:role/x', 'error', /^is an ARN/],
    ['function: function: prefix', fnSlot, 'function:HelloWorld', 'error', /function:/],
    ['function: partial ARN with account', fnSlot, '123456789012:function:HelloWorld', 'error', /function:/],
    ['function: $LATEST qualifier', fnSlot, 'HelloWorld:$LATEST', 'error', /\$LATEST/],
    ['function: name too long', fnSlot, 'a'.repeat(65), 'error', /longer than 64 characters/],
    ['function: bad character', fnSlot, 'Hello.World', 'error', /is not a function name/],
    ['function: two qualifiers', fnSlot, 'a:b:c', 'error', /more than one ':'/],
    ['function: qualifier too long', fnSlot, `f:${'q'.repeat(129)}`, 'error', /longer than 128 characters/],
    ['function: the template already adds a qualifier', qualifiedFnSlot, 'HelloWorld:v2', 'error', /already adds one.*:live/],
    ['qualifier: $LATEST', aliasSlot, '$LATEST', 'error', /\$LATEST/],
    ['qualifier: name:alias', aliasSlot, 'HelloWorld:live', 'error', /contains ':'/],
    ['qualifier: an ARN', aliasSlot, 'arn:aws:lambda:us-east-1:123456789012:function:HelloWorld:live', 'error', /is an ARN/],
    ['qualifier: bad character', aliasSlot, 'v1.2', 'error', /version number or alias/],
    ['qualifier: too long', aliasSlot, 'a'.repeat(129), 'error', /longer than 128 characters/],
    ['credentials: full role ARN', roleSlot, 'arn:aws:iam::123456789012:role/ApiGatewayInvokeRole', 'error', /^is a full ARN;.*role\/ApiGatewayInvokeRole/],
    ['credentials: bare role name', roleSlot, 'ApiGatewayInvokeRole', 'error', /^is a bare role name;.*role\/ApiGatewayInvokeRole/],
    ['credentials: wrong resource type', roleSlot, 'group/admins', 'error', /role\/NAME or user\/NAME/],
    ['credentials: role name over 64 characters', roleSlot, `role/${'r'.repeat(65)}`, 'error', /role\/NAME/],
    ['credentials: role/ written twice', roleNameSlot, 'role/Invoke', 'warn', /already writes role\//],
    ['host: value with a scheme', hostSlot, 'https://example.com', 'warn', /protocol duplicated/],
    ['full URI: value with a scheme', fullUriSlot, 'http://httpbin.org/get', 'warn', /protocol duplicated/],
    ['host: trailing slash before /pets', hostSlot, 'example.com/', 'warn', /double slash/],
    ['subdomain: value with a scheme', subSlot, 'https://api', 'warn', /protocol duplicated/],
    ['subdomain: value with a path', subSlot, 'api/v1', 'warn', /cannot be part of a subdomain/],
    ['subdomain: trailing dot', subSlot, 'api.', 'warn', /empty host label/],
    ['path: value with a query', pathSlot, 'v1?x=1', 'warn', /query string/],
    ['path: double slash', pathSlot, 'v1/', 'warn', /double slash/],
    ['scheme: not http(s)', schemeSlot, 'ftp', 'warn', /http or https/],
    ['scheme: with ://', schemeSlot, 'https://', 'warn', /'\:\/\/'/],
    ['AWS service: no path/ or action/', awsSlot, 'ListBuckets', 'warn', /path\/ or action\//],
    ['account: not 12 digits', accountSlot, '1234', 'warn', /12-digit/],
    ['VPC link id: upper case', vpcLink, 'VPCLINK1', 'warn', /VPC link id/],
    ['VPC link id: an ARN', vpcLink, 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/x/y', 'warn', /VPC link id/],
  ];
  for (const [label, slot, value, severity, message] of cases) {
    it(label, () => {
      const problem = checkValueShape(slot, value);
      assert.ok(problem, `expected a problem for ${value}`);
      assert.equal(problem.severity, severity);
      assert.match(problem.message, message);
    });
  }

  it('valid values raise nothing', () => {
    assert.equal(checkValueShape(vpcLink, 'gim7c3'), null);
    assert.equal(checkValueShape(fnSlot, 'HelloWorld'), null);
    assert.equal(checkValueShape(qualifiedFnSlot, 'HelloWorld'), null);
    assert.equal(checkValueShape(roleNameSlot, 'ApiGatewayInvokeRole'), null);
    assert.equal(checkValueShape(pathSlot, 'a/b'), null);
  });

  it('an empty value is left to valid-definition', () => {
    assert.equal(checkValueShape(fnSlot, ''), null);
    assert.equal(checkValueShape(vpcLink, ''), null);
  });

  it('slots without a grammar raise nothing', () => {
    for (const part of ['whole', 'other', 'service', 'lambda-path', 'function-arn'] as const) {
      assert.equal(checkValueShape({ uriKind: 'lambda', part }, 'anything:at/all'), null);
    }
  });

  it('works on a slot built by hand (no context)', () => {
    assert.equal(checkValueShape({ uriKind: 'lambda', part: 'function' }, 'HelloWorld:live'), null);
    assert.equal(checkValueShape({ uriKind: 'iam', part: 'resource' }, 'role/R'), null);
    assert.equal(checkValueShape({ uriKind: 'iam', part: 'resource' }, 'R')?.severity, 'error');
  });
});

// -----------------------------------------------------------------------------------------------
describe('parseLambdaArn', () => {
  it('parses function ARNs (botocore FunctionArn)', () => {
    assert.deepEqual(parseLambdaArn('arn:aws:lambda:us-east-1:123456789012:function:HelloWorld'), {
      partition: 'aws', region: 'us-east-1', account: '123456789012', functionName: 'HelloWorld',
    });
    assert.deepEqual(parseLambdaArn('arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:my-fn_1:live'), {
      partition: 'aws-us-gov', region: 'us-gov-west-1', account: '123456789012', functionName: 'my-fn_1', qualifier: 'live',
    });
    assert.equal(parseLambdaArn('arn:aws:lambda:us-east-1:123456789012:function:F:$LATEST')?.qualifier, '$LATEST');
    assert.equal(parseLambdaArn('arn:aws-iso-b:lambda:us-isob-east-1:123456789012:function:F')?.region, 'us-isob-east-1');
  });
  for (const value of [
    'HelloWorld',
    'arn:aws:lambda:us-east-1:123:function:F',
    'arn:aws:lambda:us-east-1:123456789012:F',
    'arn:aws:iam::123456789012:role/R',
    'arn:aws:lambda:us-east-1:123456789012:function:F:a:b',
    'x arn:aws:lambda:us-east-1:123456789012:function:F',
  ]) {
    it(`rejects ${value}`, () => assert.equal(parseLambdaArn(value), null));
  }
});

describe('lambdaUriAccount and parseLambdaUri', () => {
  const cases: [label: string, flat: string, account: string | null][] = [
    ['literal account', `${LAMBDA_PREFIX}${FN_ARN}\${stageVariables.fn}/invocations`, '123456789012'],
    ['other literal account', `${LAMBDA_PREFIX}arn:aws:lambda:us-east-1:210987654321:function:F:\${stageVariables.alias}/invocations`, '210987654321'],
    ['opaque account (Sub ${AWS::AccountId})', `arn:${O}:apigateway:${O}:lambda:path/2015-03-31/functions/arn:${O}:lambda:${O}:${O}:function:\${stageVariables.fn}/invocations`, null],
    ['absent (GetAtt Fn.Arn)', `arn:aws:apigateway:${O}:lambda:path/2015-03-31/functions/${O}:\${stageVariables.alias}/invocations`, null],
    ['bare function ARN (HTTP API)', `arn:aws:lambda:us-east-1:123456789012:function:\${stageVariables.fn}`, '123456789012'],
    ['account is a stage variable', `${LAMBDA_PREFIX}arn:aws:lambda:us-east-1:\${stageVariables.a}:function:F/invocations`, null],
    ['not a Lambda URI', 'http://${stageVariables.host}/x', null],
  ];
  for (const [label, flat, account] of cases) it(label, () => assert.equal(lambdaUriAccount(flat), account));

  it('parseLambdaUri gives the function name and qualifier fields', () => {
    assert.deepEqual(parseLambdaUri(`${LAMBDA_PREFIX}${FN_ARN}HelloWorld:\${stageVariables.alias}/invocations`), {
      form: 'invocation', partition: 'aws', region: 'us-east-1', account: '123456789012', functionName: 'HelloWorld', qualifier: '${stageVariables.alias}',
    });
    assert.deepEqual(parseLambdaUri(`arn:aws:apigateway:${O}:lambda:path/2015-03-31/functions/${O}:\${stageVariables.alias}/invocations`), {
      form: 'invocation', partition: null, region: null, account: null, functionName: O, qualifier: '${stageVariables.alias}',
    });
    assert.deepEqual(parseLambdaUri(`${FN_ARN}\${stageVariables.fn}`), {
      form: 'arn', partition: 'aws', region: 'us-east-1', account: '123456789012', functionName: '${stageVariables.fn}', qualifier: null,
    });
    assert.equal(parseLambdaUri('https://example.com/x'), null);
  });
});
