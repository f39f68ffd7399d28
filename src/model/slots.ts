// Where in an integration URI, authorizer URI or credentials ARN a stage-variable token sits (its
// "slot"), and whether a literal stage-variable value fits that slot (reference §2 and §8.3).
//
// Input is a *flattened* string: the property value with every non-literal part (a Ref, a GetAtt,
// `${AWS::Region}` of a Sub, …) replaced by the single character OPAQUE. Pure and dependency-free.

import { scanTokens } from './scan.ts';

/** Stands for one non-literal part (Ref, GetAtt, Sub variable, …) in a flattened string. */
export const OPAQUE = '\uE000';
/** Internal: masks token characters so that `:`/`/` inside malformed tokens never split fields. */
const MASK = '\uE001';

export type UriKind = 'http' | 'lambda' | 'aws-service' | 'iam' | 'unknown';

export type UriPart =
  | 'whole' // the token is the whole value, or the value starts with it (scheme inside the variable)
  // http(s) URIs, only after a literal http:// or https://
  | 'scheme' // in or before `://`
  | 'host' // the whole authority (host, host+path when nothing follows, host before `:port`)
  | 'subdomain' // leftmost host label(s): http://${sv}.example.com
  | 'path'
  | 'query'
  // Lambda invocation URIs (and bare Lambda function ARNs as HTTP API integration URIs)
  | 'function' // the function-name field after `function:` (the value may carry `:qualifier`)
  | 'qualifier' // after `function:<name>:`
  | 'function-arn' // the token starts the embedded function ARN: …/functions/${sv}/invocations
  | 'partition'
  | 'region'
  | 'account'
  | 'service' // the <service> of arn:aws:apigateway:<region>:<service>:…
  | 'lambda-path' // path/2015-03-31/functions/
  // AWS service URIs: arn:aws:apigateway:<region>:<service>:<action-or-path>
  | 'action-or-path'
  // credentials ARNs: arn:aws:iam::<account>:<resource>
  | 'resource'
  | 'other';

export interface SlotInfo {
  uriKind: UriKind;
  part: UriPart;
  /**
   * Flattened text that shares the token's field, before and after it (may hold OPAQUE or other
   * tokens). checkValueShape checks `before + value + after` against the field's grammar. Absent
   * means empty: the token fills the field. Fields: the function name with its qualifier
   * (`function`, `qualifier`), the IAM resource, the ARN field (`partition`, `region`, `account`,
   * `action-or-path`), the scheme (`scheme`), and for `host`/`subdomain`/`path`/`query` the
   * text from after `://` (before) and everything after the token (after).
   */
  before?: string;
  after?: string;
}

/** The slot of a VPC link id (`ConnectionId` / `connectionId`): the token is the whole value. */
export interface ConnectionIdSlot {
  uriKind: 'connection-id';
  part: 'whole';
}

export interface ShapeProblem {
  severity: 'error' | 'warn';
  /**
   * What the value is and what fits, phrased to follow the quoted value, e.g. `"arn:…" is a Lambda
   * function ARN; the function-name slot takes …`.
   */
  message: string;
}

export interface LambdaArn {
  partition: string;
  region: string;
  account: string;
  functionName: string;
  qualifier?: string;
}

/** The parts of a Lambda invocation URI (or a bare Lambda function ARN) in flattened form. */
export interface LambdaUriParts {
  form: 'invocation' | 'arn';
  /** Fields of the embedded function ARN as flattened text; null when the template does not spell them out (e.g. the ARN is one opaque GetAtt). */
  partition: string | null;
  region: string | null;
  account: string | null;
  /** The function-name field (may be OPAQUE for `!Ref Fn` / `!GetAtt Fn.Arn`, or a token). */
  functionName: string;
  qualifier: string | null;
}

// ---------------------------------------------------------------------------------------------
// Classification

/** Classifies a token in an integration URI or an authorizer URI. */
export function classifyUriToken(flat: string, start: number, end: number): SlotInfo {
  if (!validRange(flat, start, end)) return { uriKind: 'unknown', part: 'other' };
  const m = maskTokens(flat, start, end);
  if (start === 0) {
    if (m.startsWith('://', end)) return { uriKind: 'http', part: 'scheme' };
    return { uriKind: 'unknown', part: 'whole' };
  }
  if (m.startsWith('arn:')) {
    const service = fieldAt(m, 2);
    if (service === 'apigateway') return classifyApigatewayArn(flat, m, start, end);
    if (service === 'lambda') return classifyInFunctionArn(flat, m, 0, m.length, start, end, 'lambda');
    if (service === 'iam') return classifyIamArn(flat, m, start, end);
    return { uriKind: 'unknown', part: 'other' };
  }
  const schemeEnd = m.indexOf('://');
  if (schemeEnd > 0) {
    const scheme = m.slice(0, schemeEnd);
    if (end <= schemeEnd && /^[A-Za-z\uE000\uE001]*$/.test(scheme)) {
      return withContext({ uriKind: 'http', part: 'scheme' }, flat.slice(0, start), flat.slice(end, schemeEnd));
    }
    if (/^https?$/i.test(scheme)) return classifyHttp(flat, m, schemeEnd + 3, start, end);
    return { uriKind: 'unknown', part: 'other' };
  }
  // A prefix the template does not spell out (`!Ref Prefix` joined with the rest), but still
  // recognisably a Lambda invocation URI.
  const invocation = invocationFunctionRange(m, m.indexOf('/functions/'));
  if (invocation) {
    if (start >= invocation.s && end <= invocation.e) {
      return classifyInFunctionArn(flat, m, invocation.s, invocation.e, start, end, 'lambda');
    }
    return { uriKind: 'lambda', part: 'other' };
  }
  return { uriKind: 'unknown', part: 'other' };
}

/** Classifies a token in a credentials ARN: 'resource' | 'account' | 'whole' | 'partition' | 'other'. */
export function classifyCredentialsToken(flat: string, start: number, end: number): SlotInfo {
  if (!validRange(flat, start, end)) return { uriKind: 'unknown', part: 'other' };
  if (start === 0) return { uriKind: 'iam', part: 'whole' };
  const m = maskTokens(flat, start, end);
  if (!m.startsWith('arn:') || fieldAt(m, 2) !== 'iam') return { uriKind: 'unknown', part: 'other' };
  return classifyIamArn(flat, m, start, end);
}

function classifyIamArn(flat: string, m: string, start: number, end: number): SlotInfo {
  // arn:<partition>:iam:<region, empty>:<account>:<resource>
  const fields = splitFields(m, 0, m.length, 6);
  if (!fields) return { uriKind: 'iam', part: 'other' };
  const index = fieldContaining(fields, start, end);
  const parts: Record<number, UriPart> = { 1: 'partition', 4: 'account', 5: 'resource' };
  const part = index === -1 ? 'other' : parts[index] ?? 'other';
  if (part === 'other') return { uriKind: 'iam', part };
  const field = fields[index]!;
  return withContext({ uriKind: 'iam', part }, flat.slice(field.s, start), flat.slice(end, field.e));
}

function classifyApigatewayArn(flat: string, m: string, start: number, end: number): SlotInfo {
  // arn:<partition>:apigateway:<region>:<service>:<action-or-path>
  const fields = splitFields(m, 0, m.length, 6);
  if (!fields) return { uriKind: 'aws-service', part: 'other' };
  const [, partition, , region, service, rest] = fields as [Field, Field, Field, Field, Field, Field];
  const serviceText = m.slice(service.s, service.e);
  const lambdaService = serviceText === 'lambda' || (serviceText !== '' && /^[\uE000\uE001]+$/.test(serviceText));
  const invocation = lambdaService && m.startsWith('path/', rest.s) ? invocationFunctionRange(m, m.indexOf('/functions/', rest.s)) : null;
  const uriKind: UriKind = invocation ? 'lambda' : 'aws-service';
  const inField = (field: Field): boolean => start >= field.s && end <= field.e;
  const context = (part: UriPart, field: Field): SlotInfo =>
    withContext({ uriKind, part }, flat.slice(field.s, start), flat.slice(end, field.e));

  if (inField(partition)) return context('partition', partition);
  if (inField(region)) return context('region', region);
  if (inField(service)) return { uriKind, part: 'service' };
  if (!inField(rest)) return { uriKind, part: 'other' };
  if (!invocation) return context('action-or-path', rest);
  if (end <= invocation.s) return { uriKind, part: 'lambda-path' };
  if (start >= invocation.s && end <= invocation.e) {
    return classifyInFunctionArn(flat, m, invocation.s, invocation.e, start, end, 'lambda');
  }
  return { uriKind, part: 'other' }; // in /invocations
}

/**
 * Given the index of `/functions/` in a masked URI, the range of the function ARN between it and
 * a final `/invocations`.
 */
function invocationFunctionRange(m: string, functionsAt: number): Field | null {
  const suffix = '/invocations';
  const trimmed = m.trimEnd(); // a folded YAML scalar may end with a line break
  if (functionsAt < 0 || !trimmed.endsWith(suffix)) return null;
  const s = functionsAt + '/functions/'.length;
  const e = trimmed.length - suffix.length;
  return e >= s ? { s, e } : null;
}

interface FunctionArnFields {
  partition?: Field;
  region?: Field;
  account?: Field;
  /** The head `arn:…:function` was present but not in the five-field form. */
  headUnparsed?: Field;
  /** name[:qualifier] */
  nameField: Field;
  /** End of the name within nameField (index of the first `:`, or nameField.e). */
  nameEnd: number;
}

/** Parses a function ARN (`arn:p:lambda:r:a:function:name[:q]`) or `OPAQUE[:q]` in m[s, e). */
function parseFunctionArn(m: string, s: number, e: number): FunctionArnFields | null {
  const marker = m.indexOf(':function:', s);
  let result: FunctionArnFields;
  if (marker >= 0 && marker + ':function:'.length <= e) {
    const nameField = { s: marker + ':function:'.length, e };
    result = { nameField, nameEnd: nameField.e };
    const head = splitFields(m, s, marker, 5);
    const account = head?.[4];
    if (head && account && m.slice(head[0]!.s, head[0]!.e) === 'arn' && isLambdaServiceField(m.slice(head[2]!.s, head[2]!.e)) && !m.slice(account.s, account.e).includes(':')) {
      result.partition = head[1]!;
      result.region = head[3]!;
      result.account = head[4]!;
    } else {
      result.headUnparsed = { s, e: marker };
    }
  } else if (m[s] === OPAQUE && !m.slice(s, e).includes('/')) {
    // `!GetAtt Fn.Arn` or `!Ref Fn`, optionally followed by `:qualifier` (CDK's Fn::Join output).
    result = { nameField: { s, e }, nameEnd: e };
  } else {
    return null;
  }
  const colon = m.indexOf(':', result.nameField.s);
  if (colon >= 0 && colon < e) result.nameEnd = colon;
  return result;
}

function isLambdaServiceField(text: string): boolean {
  return text === 'lambda' || text === OPAQUE;
}

function classifyInFunctionArn(flat: string, m: string, s: number, e: number, start: number, end: number, uriKind: UriKind): SlotInfo {
  const parsed = parseFunctionArn(m, s, e);
  if (!parsed) return { uriKind, part: start === s ? 'function-arn' : 'other' };
  const inField = (field: Field | undefined): field is Field => field !== undefined && start >= field.s && end <= field.e;
  const context = (part: UriPart, field: Field): SlotInfo =>
    withContext({ uriKind, part }, flat.slice(field.s, start), flat.slice(end, field.e));
  if (inField(parsed.nameField)) return context(start < parsed.nameEnd ? 'function' : 'qualifier', parsed.nameField);
  if (inField(parsed.partition)) return context('partition', parsed.partition);
  if (inField(parsed.region)) return context('region', parsed.region);
  if (inField(parsed.account)) return context('account', parsed.account);
  if (parsed.headUnparsed && start === s) return { uriKind, part: 'function-arn' };
  return { uriKind, part: 'other' };
}

function classifyHttp(flat: string, m: string, authorityStart: number, start: number, end: number): SlotInfo {
  let authorityEnd = m.length;
  for (let i = authorityStart; i < m.length; i++) {
    const c = m[i];
    if (c === '/' || c === '?' || c === '#') {
      authorityEnd = i;
      break;
    }
  }
  const before = flat.slice(authorityStart, start);
  const after = flat.slice(end);
  const slot = (part: UriPart): SlotInfo => withContext({ uriKind: 'http', part }, before, after);
  if (start < authorityEnd) {
    if (start !== authorityStart) return slot('other');
    if (end === authorityEnd || m[end] === ':') return slot('host');
    if (m[end] === '.') return slot('subdomain');
    return slot('other');
  }
  const hash = m.indexOf('#', authorityEnd);
  if (hash >= 0 && start > hash) return slot('other');
  const question = m.indexOf('?', authorityEnd);
  if (question >= 0 && start > question) return slot('query');
  return slot('path');
}

// ---------------------------------------------------------------------------------------------
// Lambda ARNs and URIs

// botocore lambda FunctionArn, anchored (reference §8.1).
const FUNCTION_ARN =
  /^arn:((?:aws[a-zA-Z-]*)?):lambda:((?:eusc-)?[a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\d{1}):(\d{12}):function:([a-zA-Z0-9-_]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;

/** Parses a Lambda function ARN (botocore's FunctionArn pattern); null when `value` is not one. */
export function parseLambdaArn(value: string): LambdaArn | null {
  const match = FUNCTION_ARN.exec(value);
  if (!match) return null;
  const arn: LambdaArn = { partition: match[1]!, region: match[2]!, account: match[3]!, functionName: match[4]! };
  if (match[5] !== undefined) arn.qualifier = match[5];
  return arn;
}

// Each reference in a URI, and then the rules, parse the same URI again: remember the last one.
let lastUri: { flat: string; parts: Readonly<LambdaUriParts> | null } | undefined;

/** The parts of a Lambda invocation URI or bare function ARN in flattened form, or null. The result is shared: do not change it. */
export function parseLambdaUri(flat: string): Readonly<LambdaUriParts> | null {
  if (lastUri?.flat !== flat) lastUri = { flat, parts: parseLambdaUriOnce(flat) };
  return lastUri.parts;
}

function parseLambdaUriOnce(flat: string): LambdaUriParts | null {
  const m = maskTokens(flat, 0, 0);
  let range: Field | null = null;
  let form: LambdaUriParts['form'] = 'invocation';
  if (m.startsWith('arn:') && fieldAt(m, 2) === 'lambda') {
    range = { s: 0, e: m.length };
    form = 'arn';
  } else {
    range = invocationFunctionRange(m, m.indexOf('/functions/'));
  }
  if (!range) return null;
  const parsed = parseFunctionArn(m, range.s, range.e);
  if (!parsed) return null;
  const text = (field: Field | undefined): string | null => (field ? flat.slice(field.s, field.e) : null);
  const qualifier = parsed.nameEnd < parsed.nameField.e ? flat.slice(parsed.nameEnd + 1, parsed.nameField.e) : null;
  return {
    form,
    partition: text(parsed.partition),
    region: text(parsed.region),
    account: text(parsed.account),
    functionName: flat.slice(parsed.nameField.s, parsed.nameEnd),
    qualifier,
  };
}

/** For a lambda invocation URI in flattened form: the literal account id in the embedded function ARN, if any (null if opaque or absent). */
export function lambdaUriAccount(flat: string): string | null {
  const parts = parseLambdaUri(flat);
  const account = parts?.account;
  if (!account || !isLiteral(account)) return null;
  return account;
}

// ---------------------------------------------------------------------------------------------
// Value shapes (reference §8.3)

const FUNCTION_SLOT = /^[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_-]{1,128})?$/;
const QUALIFIER_SLOT = /^(?:[0-9]+|(?![0-9]+$)[A-Za-z0-9_-]{1,128})$/;
const CREDENTIALS_RESOURCE = /^(role|user)\/(?:[A-Za-z0-9_.,=\-]+\/)*[A-Za-z0-9_.,=\-]{1,64}$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.\-]*:\/\//;
const VPC_LINK_ID = /^[a-z0-9]+$/;
const PARTITION = /^aws(-[a-z]+)*$/;
const REGION = /^(?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const ACCOUNT = /^\d{12}$/;

const FUNCTION_FITS = 'the function-name slot takes a function name such as HelloWorld or HelloWorld:alias';
const QUALIFIER_FITS = 'the qualifier slot takes a version number or an alias such as 1 or live';
const RESOURCE_FITS = 'the credentials slot takes the ARN resource part, such as role/ApiGatewayInvokeRole';

/**
 * Does a literal stage-variable value fit the slot its reference sits in? Null when it fits, when
 * the slot has no grammar, or when the value is empty (an empty value is valid-definition's
 * finding).
 */
export function checkValueShape(slot: SlotInfo | ConnectionIdSlot, value: string): ShapeProblem | null {
  if (value === '') return null;
  if (slot.uriKind === 'connection-id') {
    return VPC_LINK_ID.test(value)
      ? null
      : warn("does not look like a VPC link id; VPC link ids are lower-case letters and digits such as gim7c3");
  }
  const s = slot as SlotInfo;
  switch (s.part) {
    case 'function':
      return checkFunction(s, value);
    case 'qualifier':
      return checkQualifier(s, value);
    case 'resource':
      return s.uriKind === 'iam' ? checkResource(s, value) : null;
    case 'scheme':
    case 'host':
    case 'subdomain':
    case 'path':
    case 'query':
      return s.uriKind === 'http' ? checkHttp(s, value) : null;
    case 'action-or-path':
      if (s.before || s.uriKind !== 'aws-service') return null;
      return /^(path|action)\//.test(value)
        ? null
        : warn('does not start with path/ or action/; an AWS service URI is arn:aws:apigateway:<region>:<service>:path/… or …:action/…');
    case 'partition':
      return checkField(s, value, PARTITION, 'is not an AWS partition such as aws, aws-cn or aws-us-gov');
    case 'region':
      return checkField(s, value, REGION, 'is not an AWS region such as us-east-1');
    case 'account':
      return checkField(s, value, ACCOUNT, 'is not a 12-digit AWS account id');
    default:
      return null;
  }
}

function checkFunction(slot: SlotInfo, value: string): ShapeProblem | null {
  if (/^arn:/i.test(value)) {
    const what = parseLambdaArn(value) ? 'is a Lambda function ARN' : 'is an ARN';
    return error(`${what}; ${FUNCTION_FITS}, not an ARN (API Gateway builds the ARN around it)`);
  }
  if (value.includes('function:')) return error(`contains "function:" (part of an ARN); ${FUNCTION_FITS}`);
  if (value.includes('$LATEST')) {
    return error("names $LATEST, which a stage variable cannot hold ('$' is not allowed in values); use the unqualified function name to invoke $LATEST");
  }
  const before = standIn(slot.before);
  const after = standIn(slot.after);
  const whole = before + value + after;
  if (FUNCTION_SLOT.test(whole)) return null;
  if (value.includes(':') && (before + after).includes(':')) {
    const written = readable(slot.after ?? '');
    return error(`has a qualifier, but the template already adds one after the function name ("${written}"); use the bare function name such as HelloWorld`);
  }
  const [name = '', qualifier, ...extra] = whole.split(':');
  if (extra.length > 0) return error(`has more than one ':'; ${FUNCTION_FITS}`);
  if (name.length > 64 && /^[A-Za-z0-9_-]+$/.test(name)) {
    return error('makes a function name longer than 64 characters, the limit for function names');
  }
  if (qualifier !== undefined && qualifier.length > 128 && /^[A-Za-z0-9_-]+$/.test(qualifier)) {
    return error('makes a qualifier longer than 128 characters, the limit for versions and aliases');
  }
  return error(`is not a function name (letters, digits, '-' and '_', optionally followed by ':' and a version or alias); ${FUNCTION_FITS}`);
}

function checkQualifier(slot: SlotInfo, value: string): ShapeProblem | null {
  if (/^arn:/i.test(value)) return error(`is an ARN; ${QUALIFIER_FITS}`);
  if (value.includes('$LATEST')) {
    return error("names $LATEST, which a stage variable cannot hold ('$' is not allowed in values); to invoke $LATEST drop the qualifier from the URI");
  }
  if (value.includes(':')) return error(`contains ':'; ${QUALIFIER_FITS}`);
  // The qualifier field is what follows the first ':' of name:qualifier.
  const before = standIn(slot.before);
  const colon = before.indexOf(':');
  const qualifier = (colon >= 0 ? before.slice(colon + 1) : before) + value + standIn(slot.after);
  if (QUALIFIER_SLOT.test(qualifier)) return null;
  if (qualifier.length > 128 && /^[A-Za-z0-9_-]+$/.test(qualifier)) {
    return error('makes a qualifier longer than 128 characters, the limit for aliases');
  }
  return error(`is not a version number or alias (digits, or letters, digits, '-' and '_'); ${QUALIFIER_FITS}`);
}

function checkResource(slot: SlotInfo, value: string): ShapeProblem | null {
  if (/^arn:/i.test(value)) {
    return error(`is a full ARN; the template already writes arn:<partition>:iam::<account>: before it, so ${RESOURCE_FITS}`);
  }
  const before = standIn(slot.before);
  const after = standIn(slot.after);
  const whole = before + value + after;
  if (CREDENTIALS_RESOURCE.test(whole)) {
    if (/(^|\/)(role|user)\/$/.test(before) && /^(role|user)\//.test(value)) {
      return warn(`starts with ${value.slice(0, value.indexOf('/') + 1)}, and the template already writes ${before} before it`);
    }
    return null;
  }
  if (before === '' && !value.includes('/') && /^[A-Za-z0-9_.,=\-]+$/.test(value)) {
    return error(`is a bare role name; ${RESOURCE_FITS} (role/${value})`);
  }
  return error(`is not an IAM role or user resource (role/NAME or user/NAME, optionally with a path); ${RESOURCE_FITS}`);
}

function checkHttp(slot: SlotInfo, value: string): ShapeProblem | null {
  const before = slot.before ?? '';
  const after = slot.after ?? '';
  const scheme = SCHEME.exec(value);
  switch (slot.part) {
    case 'scheme': {
      if (value.includes('://')) return warn("includes '://', which the template already writes after it");
      const whole = standIn(before) + value + standIn(after);
      return /^https?$/i.test(whole) ? null : warn(`makes the scheme "${whole}"; HTTP integrations take http or https`);
    }
    case 'host':
      if (scheme) return warn(`starts with ${scheme[0]}, but the template already writes the protocol before it (protocol duplicated)`);
      if (value.endsWith('/') && after.startsWith('/')) return warn("ends with '/', and the template adds '/…' after it (double slash)");
      return null;
    case 'subdomain': {
      if (scheme) return warn(`starts with ${scheme[0]}, but the template already writes the protocol before it (protocol duplicated)`);
      const bad = /[/?#:@]/.exec(value);
      if (bad) return warn(`contains '${bad[0]}', which cannot be part of a subdomain; the subdomain slot takes host labels such as api or dev.api`);
      if (value.endsWith('.')) return warn("ends with '.', and the template adds '.…' after it (empty host label)");
      return null;
    }
    case 'path': {
      const bad = /[?#]/.exec(value);
      if (bad) return warn(`contains '${bad[0]}', which ends the path and starts a ${bad[0] === '?' ? 'query string' : 'fragment'}`);
      if (value.endsWith('/') && after.startsWith('/')) return warn("ends with '/', and the template adds '/…' after it (double slash)");
      if (value.startsWith('/') && before.endsWith('/')) return warn("starts with '/', and the template writes '/' before it (double slash)");
      return null;
    }
    default:
      return null;
  }
}

function checkField(slot: SlotInfo, value: string, grammar: RegExp, what: string): ShapeProblem | null {
  if (!isLiteral(slot.before ?? '') || !isLiteral(slot.after ?? '')) return null;
  return grammar.test((slot.before ?? '') + value + (slot.after ?? '')) ? null : warn(what);
}

// ---------------------------------------------------------------------------------------------
// Helpers

interface Field {
  s: number;
  e: number;
}

function validRange(flat: string, start: number, end: number): boolean {
  return Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= flat.length;
}

/** `flat` with every scanned token and [start, end) replaced, character for character, by MASK. */
function maskTokens(flat: string, start: number, end: number): string {
  // scanTokens remembers its last text: every reference in a URI is classified against the same one.
  const tokens = scanTokens(flat);
  if (tokens.length === 0 && end <= start) return flat;
  let masked = '';
  let cursor = 0;
  const mask = (from: number, to: number): void => {
    if (to <= cursor) return;
    const maskFrom = Math.max(from, cursor);
    masked += flat.slice(cursor, maskFrom) + MASK.repeat(to - maskFrom);
    cursor = to;
  };
  // The tokens are in order; [start, end) goes in among them, without sorting.
  let extraMasked = end <= start;
  for (const token of tokens) {
    if (!extraMasked && token.start > start) {
      mask(start, end);
      extraMasked = true;
    }
    mask(token.start, token.end);
  }
  if (!extraMasked) mask(start, end);
  return masked + flat.slice(cursor);
}

/** Splits m[s, e) at ':' into exactly `count` fields (the last one takes the rest), or null. */
function splitFields(m: string, s: number, e: number, count: number): Field[] | null {
  const fields: Field[] = [];
  let from = s;
  for (let i = 0; i < count - 1; i++) {
    const colon = m.indexOf(':', from);
    if (colon < 0 || colon >= e) return null;
    fields.push({ s: from, e: colon });
    from = colon + 1;
  }
  fields.push({ s: from, e });
  return fields;
}

/** The text of the `index`-th ':'-separated field of m, or undefined. */
function fieldAt(m: string, index: number): string | undefined {
  return m.split(':', index + 1)[index];
}

function fieldContaining(fields: Field[], start: number, end: number): number {
  return fields.findIndex((field) => start >= field.s && end <= field.e);
}

function withContext(slot: SlotInfo, before: string, after: string): SlotInfo {
  if (before) slot.before = before;
  if (after) slot.after = after;
  return slot;
}

/** Replaces OPAQUE parts and tokens with a stand-in literal that fits every field grammar. */
function standIn(text: string | undefined): string {
  if (!text) return '';
  let out = '';
  let cursor = 0;
  for (const token of scanTokens(text)) {
    out += text.slice(cursor, token.start) + 'x';
    cursor = token.end;
  }
  out += text.slice(cursor);
  return out.replaceAll(OPAQUE, 'x');
}

/** Flattened text for a message: OPAQUE parts shown as '…'. */
function readable(text: string): string {
  return text.replaceAll(OPAQUE, '…');
}

function isLiteral(text: string): boolean {
  return !text.includes(OPAQUE) && !text.includes(MASK) && scanTokens(text).length === 0;
}

function error(message: string): ShapeProblem {
  return { severity: 'error', message };
}

function warn(message: string): ShapeProblem {
  return { severity: 'warn', message };
}
