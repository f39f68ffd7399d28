import { defineRule, docsUrl } from '../src/engine/rule.ts';
import { flatten } from '../src/model/flatten.ts';
import { scanTokens } from '../src/model/scan.ts';
import { OPAQUE, parseLambdaUri } from '../src/model/slots.ts';
import type {
  Api,
  FlatText,
  Integration,
  LambdaFunctionResource,
  LambdaPermissionResource,
  Span,
  Stage,
  TemplateInfo,
  VariableDefinition,
} from '../src/model/types.ts';

// When a stage variable names the Lambda function (or its alias) an integration invokes, nothing
// creates the resource-based permission that lets API Gateway invoke it: the AWS docs say to add
// it by hand for every function "that is or will be assigned to the stage variable", else the
// method answers 500 (reference §7). The rule resolves every value the variable has, on every
// stage and canary, to a function (and alias) of the same template, and looks for an
// AWS::Lambda::Permission (or a SAM event's generated one) that covers this API and route.
//
// Whatever the rule cannot resolve counts as covered (a permission whose FunctionName is a
// parameter, an opaque part of a SourceArn that is not a known resource): a missed warning is
// cheaper than a false one. Values that name no function of the template are skipped: the
// function, and its permission, live elsewhere.

const ACCOUNT = /^\d{12}$/;
/** The base stage, then its canary overrides. */
const CANARY_PASSES = [false, true] as const;
const API_TYPES = new Set([
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::Api',
  'AWS::Serverless::HttpApi',
  'AWS::Serverless::WebSocketApi',
]);

export default defineRule({
  meta: {
    id: 'lambda-permission',
    description: 'Every Lambda function or alias a stage variable selects needs an AWS::Lambda::Permission for API Gateway.',
    defaultSeverity: 'warn',
    docsUrl: docsUrl('lambda-permission'),
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  check(context) {
    const model = context.model;
    // Permissions of every linted template: one may name a function of another by its literal name.
    const explicit = new GrantIndex(model.templates.flatMap((template) => template.permissions.map((permission) => explicitGrant(permission, template))));
    const findings = new Map<string, Finding>();
    // A few URIs serve many integrations (22,000 integrations, 198 URI texts in the benchmark's
    // worst case). A field depends on the flat text alone unless an opaque part lies in it (what
    // stands there comes from the template), so such fields are read once per text.
    const fieldsByText = new Map<string, NamedField | null>();
    const fieldOf = (uri: FlatText): NamedField | null => {
      const known = fieldsByText.get(uri.text);
      if (known !== undefined) return known;
      const field = nameField(uri);
      const named = field && field.some((segment) => segment.kind === 'var') ? { field, key: JSON.stringify(field) } : null;
      if (!field?.some((segment) => segment.kind === 'opaque')) fieldsByText.set(uri.text, named);
      return named;
    };

    for (const api of model.apis) {
      const template = api.template;
      if (!template || !api.stagesKnown) continue;
      const samGrants = samEventGrants(template, api);
      const grantsByFunction = new Map<LambdaFunctionResource, Grant[]>();
      const grantsFor = (fn: LambdaFunctionResource): Grant[] => {
        let grants = grantsByFunction.get(fn);
        if (!grants) grantsByFunction.set(fn, (grants = [...explicit.candidates(fn, template), ...samGrants]));
        return grants;
      };
      // Integrations of an API often share one function field (`${stageVariables.fn}`): resolve
      // each once per stage and canary (index stage * 2 + canary).
      const selections = new Map<string, (Selection | null)[]>();
      for (const integration of api.integrations) {
        // A role in the integration's credentials invokes the function: no resource policy needed.
        if (integration.hasCredentials || !integration.uri) continue;
        const named = fieldOf(integration.uri);
        if (!named) continue;
        const { field, key: fieldKey } = named;
        let fieldSelections = selections.get(fieldKey);
        if (!fieldSelections) selections.set(fieldKey, (fieldSelections = []));
        for (let stageIndex = 0; stageIndex < api.stages.length; stageIndex++) {
          const stage = api.stages[stageIndex]!;
          const checked = new Set<string>();
          let target: Glob | undefined;
          for (const canary of CANARY_PASSES) {
            const slot = stageIndex * 2 + Number(canary);
            let resolved = fieldSelections[slot];
            if (resolved === undefined) fieldSelections[slot] = resolved = resolveSelection(field, stage, canary, template);
            if (!resolved) continue;
            const key = `${resolved.fn.logicalId}|${resolved.qualifier}`;
            if (checked.has(key)) continue;
            checked.add(key);
            target ??= targetPattern(api, stage, integration, template);
            const verdict = coverage(grantsFor(resolved.fn), resolved, api, target, template, model.accountIds);
            if (verdict.covered) continue;
            const blamed = resolved.used[0]!;
            const findingKey = `${blamed.valueSpan.document.filePath}|${blamed.valueSpan.start}|${api.key}|${key}`;
            const finding = findings.get(findingKey) ?? {
              api,
              stage,
              template,
              resolved,
              span: blamed.valueSpan,
              routes: [],
              unqualifiedGrants: new Set<string>(),
              qualifiedGrants: new Set<string>(),
            };
            const route = routeOf(api, integration);
            if (!finding.routes.some((existing) => existing.label === route.label)) finding.routes.push(route);
            for (const label of verdict.unqualifiedGrants) finding.unqualifiedGrants.add(label);
            for (const label of verdict.qualifiedGrants) finding.qualifiedGrants.add(label);
            findings.set(findingKey, finding);
          }
        }
      }
    }

    for (const finding of findings.values()) {
      context.report({
        span: finding.span,
        message: describe(finding, model.accountIds),
        subject: `${finding.api.name}|${finding.stage.name}|${finding.resolved.used.map((d) => d.name).join('+')}|${finding.resolved.fn.logicalId}|${finding.resolved.qualifier ?? ''}`,
      });
    }
  },
});

// ---------------------------------------------------------------------------------------------
// The function an integration invokes, per stage

type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string }
  /** A part CloudFormation fills in (`${Fn}`, `!Ref Fn`, `!GetAtt Fn.Arn`): what stands there. */
  | { kind: 'opaque'; what: string };

/** A function-name field that holds a stage variable, with a key that identifies it. */
interface NamedField {
  field: Segment[];
  key: string;
}

/** The function-name field (`name[:qualifier]`) of a Lambda URI as segments, or null. */
function nameField(uri: FlatText): Segment[] | null {
  const parts = parseLambdaUri(uri.text);
  if (!parts) return null;
  const end = parts.form === 'arn' ? uri.text.length : uri.text.trimEnd().length - '/invocations'.length;
  const written = parts.functionName + (parts.qualifier === null ? '' : `:${parts.qualifier}`);
  const start = end - written.length;
  if (start < 0 || uri.text.slice(start, end) !== written) return null;
  return segmentsOf(uri, start, end);
}

function segmentsOf(flat: FlatText, start: number, end: number): Segment[] | null {
  const segments: Segment[] = [];
  const tokens = scanTokens(flat.text);
  // Literal text runs are sliced out whole when they end, not built a character at a time.
  let textStart = start;
  const flush = (to: number): void => {
    if (to > textStart) segments.push({ kind: 'text', text: flat.text.slice(textStart, to) });
  };
  for (let i = start; i < end; ) {
    const token = tokens.find((candidate) => candidate.start <= i && i < candidate.end);
    if (token) {
      // A malformed token is not substituted by API Gateway; a token across the field is nonsense.
      if (token.malformed || token.start !== i || token.end > end) return null;
      flush(i);
      segments.push({ kind: 'var', name: token.name });
      i = textStart = token.end;
    } else if (flat.text[i] === OPAQUE) {
      flush(i);
      segments.push({ kind: 'opaque', what: flat.opaqueAt(i) ?? '' });
      i = textStart = i + 1;
    } else {
      i++;
    }
  }
  flush(end);
  return segments;
}

interface Selection {
  fn: LambdaFunctionResource;
  qualifier: string | null;
  /** The stage-variable definitions that made the selection, canary overrides first. */
  used: VariableDefinition[];
}

/**
 * The function and qualifier the field selects on a stage (with its canary overrides when
 * `canary`), or null when a value is missing, not literal, or names no function of the template.
 */
function resolveSelection(field: Segment[], stage: Stage, canary: boolean, template: TemplateInfo): Selection | null {
  const used: VariableDefinition[] = [];
  const resolved: Exclude<Segment, { kind: 'var' }>[] = [];
  let overridden = false;
  for (const segment of field) {
    if (segment.kind !== 'var') {
      pushMerged(resolved, segment);
      continue;
    }
    const override = canary ? stage.canaryVariables.get(segment.name) : undefined;
    const definition = override ?? stage.variables.get(segment.name);
    if (!definition) return null; // undefined-variable's finding
    if (override) overridden = true;
    if (!used.includes(definition)) used.push(definition);
    if (definition.value.kind === 'literal') {
      pushMerged(resolved, { kind: 'text', text: definition.value.text.trim() });
    } else {
      // `!Ref Fn` (a function's name) and friends: flatten the value into text and opaque parts.
      const value = flatten(definition.value.node);
      const inner = segmentsOf(value, 0, value.text.length);
      if (!inner || inner.some((part) => part.kind === 'var')) return null;
      for (const part of inner as Exclude<Segment, { kind: 'var' }>[]) pushMerged(resolved, part);
    }
  }
  if (canary && !overridden) return null; // the base stage already covers it
  used.sort((a, b) => Number(b.canary) - Number(a.canary));

  // Split name[:qualifier] at the first literal ':'.
  const name: Exclude<Segment, { kind: 'var' }>[] = [];
  let qualifierText: string | null = null;
  for (const segment of resolved) {
    if (qualifierText !== null) {
      if (segment.kind !== 'text') return null; // an opaque qualifier: cannot tell which
      qualifierText += segment.text;
    } else if (segment.kind === 'text' && segment.text.includes(':')) {
      const colon = segment.text.indexOf(':');
      if (colon > 0) name.push({ kind: 'text', text: segment.text.slice(0, colon) });
      qualifierText = segment.text.slice(colon + 1);
    } else {
      name.push(segment);
    }
  }
  if (qualifierText === '' || qualifierText?.includes(':')) return null; // value-shape's finding

  const only = name.length === 1 ? name[0]! : undefined;
  if (only?.kind === 'text') {
    const fn = functionsByName(template).get(only.text);
    return fn ? { fn, qualifier: qualifierText, used } : null;
  }
  if (only?.kind === 'opaque') {
    const target = resolveLogical(only.what, template);
    if (!target || target.fn.kind !== 'logical') return null;
    const fn = template.functions.get(target.fn.id);
    if (!fn) return null;
    if (target.qualifier.kind === 'none') return { fn, qualifier: qualifierText, used };
    if (target.qualifier.kind === 'is' && qualifierText === null) return { fn, qualifier: target.qualifier.value, used };
  }
  return null;
}

const functionNames = new WeakMap<TemplateInfo, Map<string, LambdaFunctionResource>>();

/** The template's functions by literal FunctionName; the first one when two share a name. */
function functionsByName(template: TemplateInfo): Map<string, LambdaFunctionResource> {
  let byName = functionNames.get(template);
  if (!byName) {
    byName = new Map();
    for (const fn of template.functions.values()) {
      if (fn.functionName !== undefined && !byName.has(fn.functionName)) byName.set(fn.functionName, fn);
    }
    functionNames.set(template, byName);
  }
  return byName;
}

/** Appends a segment, joining text to the text before it (`orders-` + `prod`). */
function pushMerged(segments: Exclude<Segment, { kind: 'var' }>[], segment: Exclude<Segment, { kind: 'var' }>): void {
  const last = segments[segments.length - 1];
  if (segment.kind === 'text' && last?.kind === 'text') segments[segments.length - 1] = { kind: 'text', text: last.text + segment.text };
  else segments.push(segment);
}

// ---------------------------------------------------------------------------------------------
// Permissions

type FunctionMatcher = { kind: 'any' } | { kind: 'logical'; id: string; template: TemplateInfo } | { kind: 'name'; name: string };
type QualifierMatcher = { kind: 'none' } | { kind: 'any' } | { kind: 'is'; value: string } | { kind: 'version' };

interface Grant {
  /** For messages: `permission InvokePermission`, `the permission SAM generates for event GetPets`. */
  label: string;
  fn: FunctionMatcher;
  qualifier: QualifierMatcher;
  principalOk: boolean;
  actionOk: boolean;
  /** Literal 12-digit SourceAccount, if any. */
  sourceAccount: string | null;
  /**
   * The SourceArn: absent or unreadable (`any`), an ARN (can its service be execute-api, its
   * literal account if any, its resource field), or (SAM event permissions) the resource pattern
   * already built.
   */
  source:
    | { kind: 'any' }
    | { kind: 'arn'; executeApi: boolean; account: string | undefined; resource: Segment[] }
    | { kind: 'resource'; glob: Glob };
}

/**
 * The explicit grants by the function they can name, so that a selection is checked against its
 * own function's permissions and not against every permission of the run (which made the rule
 * quadratic in the number of templates).
 */
class GrantIndex {
  private readonly anyFunction: { order: number; grant: Grant }[] = [];
  private readonly byLogicalId = new Map<TemplateInfo, Map<string, { order: number; grant: Grant }[]>>();
  private readonly byName = new Map<string, { order: number; grant: Grant }[]>();

  constructor(grants: readonly Grant[]) {
    grants.forEach((grant, order) => {
      const entry = { order, grant };
      const matcher = grant.fn;
      if (matcher.kind === 'any') {
        this.anyFunction.push(entry);
      } else if (matcher.kind === 'name') {
        pushTo(this.byName, matcher.name, entry);
      } else {
        let ids = this.byLogicalId.get(matcher.template);
        if (!ids) this.byLogicalId.set(matcher.template, (ids = new Map()));
        pushTo(ids, matcher.id, entry);
      }
    });
  }

  private readonly candidatesByFunction = new Map<LambdaFunctionResource, Grant[]>();

  /** The grants whose function matcher can match `fn` (of `template`), in their original order (messages list them so). */
  candidates(fn: LambdaFunctionResource, template: TemplateInfo): Grant[] {
    let grants = this.candidatesByFunction.get(fn);
    if (!grants) {
      const found = [
        ...this.anyFunction,
        ...(this.byLogicalId.get(template)?.get(fn.logicalId) ?? []),
        ...(fn.functionName === undefined ? [] : this.byName.get(fn.functionName) ?? []),
      ];
      grants = found.sort((a, b) => a.order - b.order).map((entry) => entry.grant);
      this.candidatesByFunction.set(fn, grants);
    }
    return grants;
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function explicitGrant(permission: LambdaPermissionResource, template: TemplateInfo): Grant {
  const { principal, action, sourceAccount } = permission;
  const target = permission.functionName ? functionTarget(permission.functionName, template) : { fn: { kind: 'any' } as const, qualifier: { kind: 'any' } as const };
  return {
    label: `permission ${permission.logicalId}`,
    ...target,
    principalOk:
      principal !== undefined &&
      (principal === '*' || principal === OPAQUE || /^apigateway\.(?:amazonaws\.com(?:\.cn)?|\uE000)$/.test(principal)),
    actionOk: action !== undefined && (action.includes(OPAQUE) || /^(?:lambda:(?:InvokeFunction|\*)|\*)$/i.test(action)),
    sourceAccount: sourceAccount && ACCOUNT.test(sourceAccount) ? sourceAccount : null,
    source: permission.sourceArn ? arnFields(permission.sourceArn) : { kind: 'any' },
  };
}

/**
 * What a permission's FunctionName grants: `!Ref Fn`, `!GetAtt Fn.Arn`, `!Ref Alias`, `name`,
 * `name:alias`, a function ARN with or without qualifier, as literal text, Fn::Sub or Fn::Join.
 */
function functionTarget(flat: FlatText, template: TemplateInfo): { fn: FunctionMatcher; qualifier: QualifierMatcher } {
  const text = flat.text.trim();
  const marker = text.indexOf(':function:');
  const start = marker >= 0 ? marker + ':function:'.length : text.startsWith('function:') ? 'function:'.length : 0;
  const field = segmentsOf(flat, start, text.length) ?? [];
  const name: Segment[] = [];
  let qualifier: string | null = null;
  let opaqueQualifier = false;
  for (const segment of field) {
    if (qualifier !== null) {
      if (segment.kind === 'text') qualifier += segment.text;
      else opaqueQualifier = true;
    } else if (segment.kind === 'text' && segment.text.includes(':')) {
      const colon = segment.text.indexOf(':');
      if (colon > 0) name.push({ kind: 'text', text: segment.text.slice(0, colon) });
      qualifier = segment.text.slice(colon + 1);
    } else {
      name.push(segment);
    }
  }
  const explicit: QualifierMatcher = opaqueQualifier ? { kind: 'any' } : qualifier === null ? { kind: 'none' } : { kind: 'is', value: qualifier };
  const only = name.length === 1 ? name[0]! : undefined;
  if (only?.kind === 'text') return { fn: { kind: 'name', name: only.text }, qualifier: explicit };
  if (only?.kind === 'opaque') {
    const resolved = resolveLogical(only.what, template);
    if (resolved) return { fn: resolved.fn, qualifier: resolved.qualifier.kind === 'none' ? explicit : resolved.qualifier };
  }
  // A parameter, an import, a value built some other way: it may name any function and alias.
  return { fn: { kind: 'any' }, qualifier: { kind: 'any' } };
}

/**
 * What an opaque part stands for (`Ref X`, `X`, `X.Arn`, `Fn::GetAtt X.Arn`, `X.Alias`) when X is
 * a function, an alias or a version of the template; null otherwise.
 */
function resolveLogical(what: string, template: TemplateInfo): { fn: FunctionMatcher; qualifier: QualifierMatcher } | null {
  const [id, attribute] = logicalParts(what);
  if (template.functions.has(id)) {
    if (attribute === 'Alias') {
      const alias = samAlias(template, id);
      return { fn: { kind: 'logical', id, template }, qualifier: alias?.aliasName ? { kind: 'is', value: alias.aliasName } : { kind: 'any' } };
    }
    if (attribute === 'Version') return { fn: { kind: 'logical', id, template }, qualifier: { kind: 'version' } };
    return { fn: { kind: 'logical', id, template }, qualifier: { kind: 'none' } };
  }
  const alias = template.aliases.get(id);
  if (alias) {
    return {
      fn: alias.functionLogicalId ? { kind: 'logical', id: alias.functionLogicalId, template } : { kind: 'any' },
      qualifier: alias.aliasName ? { kind: 'is', value: alias.aliasName } : { kind: 'any' },
    };
  }
  const version = template.versions.get(id);
  if (version) {
    const fnId = version.functionLogicalId;
    return { fn: fnId ? { kind: 'logical', id: fnId, template } : { kind: 'any' }, qualifier: { kind: 'version' } };
  }
  return null;
}

function logicalParts(what: string): [string, string | undefined] {
  const bare = what.replace(/^(?:Ref|Fn::GetAtt)\s+/, '').trim();
  const dot = bare.indexOf('.');
  return dot < 0 ? [bare, undefined] : [bare.slice(0, dot), bare.slice(dot + 1)];
}

/** The alias SAM generates for AutoPublishAlias (not a resource of the template as written). */
function samAlias(template: TemplateInfo, functionId: string) {
  return [...template.aliases.values()].find(
    (alias) => alias.functionLogicalId === functionId && alias.logicalId === `${functionId}Alias${alias.aliasName}` && !template.resources.has(alias.logicalId),
  );
}

/** Splits an ARN at its first five ':' (in literal text) into six fields; `any` when it is not an ARN. */
function arnFields(flat: FlatText): Grant['source'] {
  const segments = segmentsOf(flat, 0, flat.text.trimEnd().length);
  if (!segments) return { kind: 'any' };
  const fields: Segment[][] = [[]];
  for (const segment of segments) {
    if (segment.kind !== 'text' || fields.length === 6) {
      fields[fields.length - 1]!.push(segment);
      continue;
    }
    const pieces = segment.text.split(':');
    pieces.forEach((piece, index) => {
      if (index > 0) {
        if (fields.length === 6) {
          fields[5]!.push({ kind: 'text', text: ':' });
        } else {
          fields.push([]);
        }
      }
      if (piece) fields[fields.length - 1]!.push({ kind: 'text', text: piece });
    });
  }
  const first = fields[0]!;
  if (fields.length !== 6 || first.length !== 1 || first[0]!.kind !== 'text' || first[0]!.text !== 'arn') return { kind: 'any' };
  const [, , service, , account, resource] = fields as [Segment[], Segment[], Segment[], Segment[], Segment[], Segment[]];
  return {
    kind: 'arn',
    executeApi: intersects(fieldGlob(service), globOfText('execute-api')),
    account: account.length === 1 && account[0]!.kind === 'text' ? account[0]!.text : undefined,
    resource,
  };
}

// SAM's Api/HttpApi events create a permission for their function, with the SourceArn
// `${Api}/*/<METHOD><path>` (any method `*`, path parameters `*`).
function samEventGrants(template: TemplateInfo, api: Api): Grant[] {
  const grants: Grant[] = [];
  for (const fn of template.functions.values()) {
    if (fn.apiEvents.length === 0) continue;
    const logicalId = fn.logicalId;
    const alias = samAlias(template, logicalId);
    const hasAlias = fn.autoPublishAlias || alias !== undefined;
    for (const event of fn.apiEvents) {
      if (event.apiLogicalId !== api.logicalId) continue;
      const { path, method } = event;
      const glob: Glob = [...API_ID, lit('/'), STAR, lit('/')];
      if (path === undefined || method === undefined) {
        glob.push(STAR);
      } else {
        glob.push(...(method.toLowerCase() === 'any' ? [STAR] : globOfText(method.toUpperCase())));
        // SAM drops a trailing slash and turns path parameters into `*`.
        const trimmed = path.length > 1 ? path.replace(/\/$/, '') : path;
        for (const part of trimmed.split(/(\{[^}]*\})/)) {
          if (/^\{[^}]*\}$/.test(part)) glob.push(STAR);
          else glob.push(...globOfText(part));
        }
      }
      grants.push({
        label: `the permission SAM generates for event ${event.name} of ${logicalId}`,
        fn: { kind: 'logical', id: logicalId, template },
        qualifier: !hasAlias ? { kind: 'none' } : alias?.aliasName ? { kind: 'is', value: alias.aliasName } : { kind: 'any' },
        principalOk: true,
        actionOk: true,
        sourceAccount: null,
        source: { kind: 'resource', glob },
      });
    }
  }
  return grants;
}

// ---------------------------------------------------------------------------------------------
// Matching a SourceArn (StringLike) against the ARN API Gateway invokes with

/**
 * One element of a pattern. Both sides are patterns: the permission's SourceArn (StringLike `*`
 * and `?`, parts CloudFormation fills in) and the ARN of the route (path parameters, unknown
 * method), so "covers" is "the two can match the same string".
 */
type Element =
  | { kind: 'char'; char: string }
  | { kind: 'star' } // any string
  | { kind: 'one' } // any one character
  | { kind: 'segment' } // any string without '/'
  | { kind: 'never' };
type Glob = Element[];

// Patterns are built per integration and stage, a character at a time: one element per character.
const LITERALS = new Map<string, Element>();

const STAR: Element = { kind: 'star' };
const SEGMENT: Element = { kind: 'segment' };
/** Stands for the API's id: a character no literal text contains. */
const API_CHAR = '\uE010';
const API_ID: Glob = Array.from({ length: 10 }, () => lit(API_CHAR));

function lit(char: string): Element {
  let element = LITERALS.get(char);
  if (!element) LITERALS.set(char, (element = { kind: 'char', char }));
  return element;
}

/**
 * Can `a` and `b` match a common string? A search over pairs of positions (i in a, j in b),
 * each pair held as one number, so that the search allocates nothing per step: the rule runs it
 * for every integration, stage and grant.
 */
function intersects(a: Glob, b: Glob): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const pending: number[] = [0];
  const visit = (i: number, j: number): void => {
    const id = i * width + j;
    if (seen[id] === 0) {
      seen[id] = 1;
      pending.push(id);
    }
  };
  seen[0] = 1;
  while (pending.length > 0) {
    const id = pending.pop()!;
    const i = Math.floor(id / width);
    const j = id - i * width;
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    // Wildcards may match nothing.
    if (x && (x.kind === 'star' || x.kind === 'segment')) visit(i + 1, j);
    if (y && (y.kind === 'star' || y.kind === 'segment')) visit(i, j + 1);
    if (!x || !y || x.kind === 'never' || y.kind === 'never') continue;
    // Consume one character that both can produce.
    if (x.kind === 'char' && y.kind === 'char') {
      if (x.char === y.char) visit(i + 1, j + 1);
    } else if (x.kind === 'char') {
      if (y.kind === 'one') visit(i + 1, j + 1);
      else if (y.kind === 'star' || x.char !== '/') visit(i + 1, j);
    } else if (y.kind === 'char') {
      if (x.kind === 'one') visit(i + 1, j + 1);
      else if (x.kind === 'star' || y.char !== '/') visit(i, j + 1);
    } else if (x.kind === 'one' && y.kind === 'one') {
      visit(i + 1, j + 1);
    } else if (x.kind === 'one') {
      visit(i + 1, j);
    } else if (y.kind === 'one') {
      visit(i, j + 1);
    }
  }
  return false;
}

function globOfText(text: string): Glob {
  return [...text].map((char) => (char === '*' ? STAR : char === '?' ? { kind: 'one' } : lit(char)));
}

/** The resource field of a SourceArn as a pattern for this API. */
function resourceGlob(field: Segment[], api: Api, template: TemplateInfo): Glob {
  const glob: Glob = [];
  for (const segment of field) {
    if (segment.kind === 'text' || segment.kind === 'var') {
      glob.push(...globOfText(segment.kind === 'text' ? segment.text : segment.name));
      continue;
    }
    const [id, attribute] = logicalParts(segment.what);
    if (id === api.logicalId && (attribute === undefined || attribute === 'RestApiId' || attribute === 'ApiId')) {
      glob.push(...API_ID);
    } else if (API_TYPES.has(template.resources.get(id)?.type ?? '') || (id === 'ServerlessRestApi' || id === 'ServerlessHttpApi')) {
      glob.push({ kind: 'never' }); // another API of the template
    } else {
      glob.push(SEGMENT); // a pseudo parameter, a parameter, a stage name…: cannot tell
    }
  }
  // A literal API id: the template's API has no id before it is deployed, so it cannot be
  // checked; take it as this API's.
  const slash = glob.findIndex((element) => element.kind === 'char' && element.char === '/');
  const head = slash < 0 ? [] : glob.slice(0, slash);
  if (head.length > 0 && head.every((element) => element.kind === 'char' && element.char !== API_CHAR)) {
    glob.splice(0, slash, ...API_ID);
  }
  return glob;
}

/** The ARN resource API Gateway invokes the function with, for this stage and integration. */
function targetPattern(api: Api, stage: Stage, integration: Integration, template: TemplateInfo): Glob {
  const glob: Glob = [...API_ID, lit('/')];
  const computedStage = stage.name.startsWith('Ref ') || stage.name.startsWith('(') || [...template.parameters.values()].some((p) => p.defaultValue === stage.name);
  glob.push(...(computedStage ? [SEGMENT] : [...stage.name].map(lit)), lit('/'));
  if (api.kind === 'websocket') {
    glob.push(...(integration.routeKey ? [...integration.routeKey].map(lit) : [STAR]));
    return glob;
  }
  const method = integration.method;
  if (method === undefined && integration.path === undefined) return [...glob, STAR];
  if (method === undefined || method === 'ANY') glob.push(SEGMENT);
  else glob.push(...[...method].map(lit));
  if (integration.path === undefined) return [...glob, lit('/'), STAR];
  for (const part of integration.path.split(/(\{[^}]*\})/)) {
    if (/^\{[^}]*\+\}$/.test(part)) glob.push(STAR);
    else if (/^\{[^}]*\}$/.test(part)) glob.push(SEGMENT);
    else glob.push(...[...part].map(lit));
  }
  return glob;
}

interface Verdict {
  covered: boolean;
  /** Grants that would cover, but for the unqualified function while an alias is invoked. */
  unqualifiedGrants: string[];
  /** Grants that would cover, but for an alias while the unqualified function is invoked. */
  qualifiedGrants: string[];
}

function coverage(grants: Grant[], selection: Selection, api: Api, target: Glob, template: TemplateInfo, accounts: readonly string[]): Verdict {
  const verdict: Verdict = { covered: false, unqualifiedGrants: [], qualifiedGrants: [] };
  for (const grant of grants) {
    if (!grant.principalOk || !grant.actionOk || !functionMatches(grant.fn, selection.fn, template)) continue;
    if (grant.sourceAccount && accounts.length > 0 && !accounts.includes(grant.sourceAccount)) continue;
    if (!sourceMatches(grant, api, target, template, accounts)) continue;
    if (qualifierMatches(grant.qualifier, selection.qualifier)) return { covered: true, unqualifiedGrants: [], qualifiedGrants: [] };
    if (selection.qualifier !== null && grant.qualifier.kind === 'none') {
      verdict.unqualifiedGrants.push(grant.label);
    } else if (selection.qualifier === null && grant.qualifier.kind === 'is') {
      verdict.qualifiedGrants.push(`${grant.label} (alias "${grant.qualifier.value}")`);
    }
  }
  return verdict;
}

function functionMatches(matcher: FunctionMatcher, fn: LambdaFunctionResource, template: TemplateInfo): boolean {
  switch (matcher.kind) {
    case 'any':
      return true;
    case 'logical':
      return matcher.template === template && matcher.id === fn.logicalId;
    case 'name':
      return fn.functionName !== undefined && matcher.name === fn.functionName;
  }
}

function qualifierMatches(matcher: QualifierMatcher, qualifier: string | null): boolean {
  switch (matcher.kind) {
    case 'any':
      return true;
    case 'none':
      return qualifier === null;
    case 'is':
      return qualifier === matcher.value;
    case 'version':
      return qualifier !== null && /^\d+$/.test(qualifier);
  }
}

function sourceMatches(grant: Grant, api: Api, target: Glob, template: TemplateInfo, accounts: readonly string[]): boolean {
  const source = grant.source;
  if (source.kind === 'any') return true;
  if (source.kind === 'resource') return intersects(source.glob, target);
  if (!source.executeApi) return false;
  if (source.account && ACCOUNT.test(source.account) && accounts.length > 0 && !accounts.includes(source.account)) return false;
  let byApi = resourceGlobs.get(grant);
  if (!byApi) resourceGlobs.set(grant, (byApi = new Map()));
  let glob = byApi.get(api);
  if (!glob) byApi.set(api, (glob = resourceGlob(source.resource, api, template)));
  return intersects(glob, target);
}

/** A grant's SourceArn resource as a pattern, per API: the same for every integration and stage of it. */
const resourceGlobs = new WeakMap<Grant, Map<Api, Glob>>();

function fieldGlob(field: Segment[]): Glob {
  return field.flatMap((segment) => (segment.kind === 'text' ? globOfText(segment.text) : [SEGMENT]));
}

// ---------------------------------------------------------------------------------------------
// Messages

interface Route {
  /** `GET /pets/{id}`, `route $connect`. */
  label: string;
  /** The route part of a source ARN that covers it: `GET/pets/*`, `$connect`. */
  arn: string;
}

interface Finding {
  api: Api;
  stage: Stage;
  template: TemplateInfo;
  resolved: Selection;
  span: Span;
  routes: Route[];
  unqualifiedGrants: Set<string>;
  qualifiedGrants: Set<string>;
}

function routeOf(api: Api, integration: Integration): Route {
  if (api.kind === 'websocket') {
    return integration.routeKey ? { label: `route ${integration.routeKey}`, arn: integration.routeKey } : { label: 'a route', arn: '*' };
  }
  const method = integration.method === undefined || integration.method === 'ANY' ? '*' : integration.method;
  if (integration.path === undefined) return { label: integration.method ? `${integration.method} (path unknown)` : 'an integration', arn: `${method}/*` };
  const path = integration.path.replace(/\{[^}]*\}/g, '*').replace(/^\//, '');
  return { label: `${integration.method ?? 'ANY'} ${integration.path}`, arn: `${method}/${path}` };
}

function describe(finding: Finding, accounts: readonly string[]): string {
  const { api, stage, resolved } = finding;
  const { fn, qualifier, used } = resolved;
  const names = used.map((definition) => `"${definition.name}"`);
  const variables = `${names.length === 1 ? 'Stage variable' : 'Stage variables'} ${list(names)}`;
  const canary = used.some((definition) => definition.canary) ? ' (canary override)' : '';
  const fnLabel = fn.functionName ? `"${fn.functionName}" (${fn.logicalId})` : fn.logicalId;
  const selected = qualifier === null ? `Lambda function ${fnLabel}` : `alias "${qualifier}" of Lambda function ${fnLabel}`;
  const routes = finding.routes.map((route) => route.label).join(', ');
  const routeArn = finding.routes.length === 1 ? finding.routes[0]!.arn : api.kind === 'websocket' ? '*' : '*/*';

  const cliName = `${fn.functionName ?? `<physical name of ${fn.logicalId}>`}${qualifier === null ? '' : `:${qualifier}`}`;
  const statementId = `apigateway-${api.name}-${fn.functionName ?? fn.logicalId}${qualifier === null ? '' : `-${qualifier}`}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 100);
  const account = accounts.length === 1 ? accounts[0]! : '<account-id>';
  const cli =
    `aws lambda add-permission --function-name ${cliName} --statement-id ${statementId} --action lambda:InvokeFunction ` +
    `--principal apigateway.amazonaws.com --source-arn 'arn:aws:execute-api:<region>:${account}:<api-id of ${api.name}>/*/${routeArn}'`;
  const cfnFunction = cfnFunctionName(finding);
  const apiRef = api.logicalId ?? api.name;
  const cfn =
    `an AWS::Lambda::Permission with FunctionName: ${cfnFunction}, Action: lambda:InvokeFunction, Principal: apigateway.amazonaws.com, ` +
    `SourceArn: !Sub 'arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${apiRef}}/*/${routeArn}'`;
  let notes = '';
  if (finding.unqualifiedGrants.size > 0) {
    notes += ` ${capitalize(list([...finding.unqualifiedGrants]))} ${finding.unqualifiedGrants.size === 1 ? 'grants' : 'grant'} the unqualified function only, and a permission on a function does not cover invocations of its aliases: alias "${qualifier}" needs its own.`;
  }
  if (finding.qualifiedGrants.size > 0) {
    notes += ` ${capitalize(list([...finding.qualifiedGrants]))} ${finding.qualifiedGrants.size === 1 ? 'grants an alias' : 'grant aliases'} only, which does not cover invocations of the unqualified function.`;
  }
  return (
    `${variables} of stage "${stage.name}"${canary} selects ${selected}, but no AWS::Lambda::Permission lets API Gateway invoke it from API ${api.name} (${routes}); ` +
    `such requests fail with 500 "Invalid permissions on Lambda function".${notes} Add ${cfn}, or run: ${cli}`
  );
}

function cfnFunctionName(finding: Finding): string {
  const { fn, qualifier } = finding.resolved;
  if (qualifier === null) return `!Ref ${fn.logicalId}`;
  const alias = [...finding.template.aliases.values()].find((candidate) => candidate.functionLogicalId === fn.logicalId && candidate.aliasName === qualifier);
  if (alias) return `!Ref ${alias.logicalId}`;
  return fn.functionName ? `${fn.functionName}:${qualifier}` : `!Sub '\${${fn.logicalId}}:${qualifier}'`;
}

function list(items: string[]): string {
  return items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
