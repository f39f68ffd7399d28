import { defineRule, docsUrl } from '../src/engine/rule.ts';
import type { SlotInfo, UriPart } from '../src/model/slots.ts';
import type { ApiKind, ProjectModel, Reference } from '../src/model/types.ts';
import { anApi, apiKindOf, effectiveSyntax, shorten, tokenText, type EffectiveSyntax } from './support/references.ts';

interface Verdict {
  severity: 'error' | 'warn';
  message: string;
  /** The verdict depends on the API kind, which was guessed (standalone OpenAPI): never an error then. */
  kindDependent?: boolean;
}

export default defineRule({
  meta: {
    id: 'placeholder-position',
    description: 'A stage variable may only stand where API Gateway documents that it substitutes one, in the syntax documented there.',
    defaultSeverity: 'error',
    docsUrl: docsUrl('placeholder-position'),
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  check(context) {
    const reported = new Set<string>();
    for (const reference of context.model.references) {
      let verdict = judge(reference, context.model);
      if (!verdict) continue;
      const key = `${reference.span.document.filePath}|${reference.span.start}|${reference.span.end}`;
      if (reported.has(key)) continue; // SAM Globals and shared definitions: one place, one finding
      reported.add(key);
      if (verdict.kindDependent && apiKindOf(reference)?.guessed) {
        verdict = { severity: 'warn', message: `${verdict.message} (The API kind was inferred from the standalone OpenAPI file.)` };
      }
      context.report({
        span: reference.span,
        message: verdict.message,
        subject: `${reference.api?.name ?? '-'}|${reference.name}|${reference.position}`,
        ...(verdict.severity === 'warn' ? { severity: 'warn' as const } : {}),
      });
    }
  },
});

const error = (message: string, kindDependent = false): Verdict => ({ severity: 'error', message, kindDependent });
const warn = (message: string): Verdict => ({ severity: 'warn', message });

function judge(reference: Reference, model: ProjectModel): Verdict | null {
  const shown = `"${shorten(tokenText(reference))}"`;
  switch (reference.position) {
    case 'sam-identity':
      return null; // SAM writes the identity source in the form the API kind needs
    case 'not-evaluated':
      return notEvaluated(reference, model, shown);
    default:
      break;
  }
  // A near miss is malformed-reference's finding: where it would be valid is decided once it is fixed.
  if (reference.token.malformed) return null;
  const syntax = effectiveSyntax(reference);
  if (syntax === null) return null;
  switch (reference.position) {
    case 'integration-uri':
    case 'credentials':
    case 'connection-id':
    case 'authorizer-uri':
    case 'authorizer-credentials':
      // The VTL forms are not substituted in URIs and ARNs at all: malformed-reference.
      return syntax === 'braced' ? uriPosition(reference, shown) : null;
    case 'request-parameter':
    case 'response-parameter':
    case 'gateway-response-parameter':
    case 'identity-source':
      return parameterMapping(reference, syntax, shown);
    case 'request-template':
    case 'response-template':
    case 'gateway-response-template':
      return mappingTemplate(reference, shown);
  }
}

function notEvaluated(reference: Reference, model: ProjectModel, shown: string): Verdict {
  const keys = reference.propertyPath;
  const where = keys ? describeKeys(keys) : 'a property';
  if (keys && isQuickCreateTarget(reference, keys, model)) {
    return warn(`${shown} is in the quick-create Target of an HTTP API; API Gateway builds the $default integration from it, but stage variables there are undocumented. Declare an AWS::ApiGatewayV2::Integration to use them in a documented position.`);
  }
  return error(`${shown} is in ${where}, which API Gateway never evaluates; stage variables are only resolved by API Gateway at request time (integration URIs, credentials, parameter mappings, mapping templates), so this stays literal text.`);
}

function describeKeys(keys: readonly string[]): string {
  // Resources.Fn.Properties.Environment.Variables.URL -> Fn.Properties.Environment.Variables.URL
  const shown = keys[0] === 'Resources' ? keys.slice(1) : keys;
  return shown.length > 0 ? shorten(shown.join('.'), 80) : 'a property';
}

function isQuickCreateTarget(reference: Reference, keys: readonly string[], model: ProjectModel): boolean {
  if (keys[0] !== 'Resources' || keys[2] !== 'Properties' || keys[3] !== 'Target') return false;
  const api = model.apis.find((candidate) => candidate.document === reference.span.document && candidate.logicalId === keys[1]);
  return api?.protocolType === 'HTTP';
}

// -------------------------------------------------------------------------------------------
// URIs and ARNs (reference §2: R1-R5, R11, R12, H1-H3, W1-W4)

const LAMBDA_PARTS: Partial<Record<UriPart, string>> = {
  partition: 'is in the partition',
  region: 'is in the region',
  account: 'is in the account id',
  service: 'is in the service name',
  'lambda-path': 'is in the path/2015-03-31/functions part',
  'function-arn': 'holds the whole function ARN',
};

function uriPosition(reference: Reference, shown: string): Verdict | null {
  const kind = apiKindOf(reference)?.kind;
  switch (reference.position) {
    case 'integration-uri':
      return integrationUri(reference, kind, shown);
    case 'authorizer-uri':
      return authorizerUri(reference, kind, shown);
    case 'credentials':
      return credentials(reference.slot, shown, 'integration credentials');
    case 'authorizer-credentials': {
      const problem = credentials(reference.slot, shown, 'authorizer credentials');
      return warn(`${shown} is in authorizer credentials, where stage variables are undocumented (only integration credentials are).${problem ? ` Also: ${problem.message}` : ''}`);
    }
    case 'connection-id':
      return connectionId(reference, kind, shown);
    default:
      return null;
  }
}

function integrationUri(reference: Reference, kind: ApiKind | undefined, shown: string): Verdict | null {
  const slot = reference.slot;
  const integration = reference.integration;
  if (kind === 'http' && integration?.connectionType === 'VPC_LINK') {
    return warn(`${shown} is in the IntegrationUri of an HTTP API private integration (a load balancer listener or Cloud Map service ARN), where stage variables are undocumented.`);
  }
  if (!slot) return null;
  if (slot.part === 'whole') {
    const type = integration?.type;
    if (type === 'HTTP' || type === 'HTTP_PROXY') {
      return error(`${shown} holds the whole integration URL, scheme included; API Gateway only substitutes a stage variable after a literal http:// or https:// (http://${'$'}{stageVariables.host}/path).`);
    }
    if (type === 'AWS' || type === 'AWS_PROXY') {
      return error(`${shown} holds the whole integration URI; API Gateway rejects it (Invalid ARN specified in the request). Write the ARN out and use a stage variable for the Lambda function name or version/alias, or the action/path of an AWS service URI.`);
    }
    return error(`${shown} holds the whole integration URI; API Gateway only substitutes stage variables in documented parts of a URI (the host, path or query after a literal http:// or https://, a Lambda function name or alias, an AWS service action or path).`);
  }
  switch (slot.uriKind) {
    case 'http':
      return httpSlot(slot, shown);
    case 'lambda':
      if (slot.part === 'function' || slot.part === 'qualifier') {
        if (integration?.uri && /^arn:[^:]*:lambda:/.test(integration.uri.text)) {
          return warn(`${shown} is in a bare Lambda function ARN; stage variables are documented only in the invocation URI form (arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations).`);
        }
        return null;
      }
      return lambdaSlot(slot, shown);
    case 'aws-service':
      return awsServiceSlot(slot, kind, shown);
    default:
      return null; // an IAM ARN or a URI whose shape the template does not spell out
  }
}

function httpSlot(slot: SlotInfo, shown: string): Verdict | null {
  switch (slot.part) {
    case 'host':
    case 'subdomain':
    case 'path':
    case 'query':
      return null;
    case 'scheme':
      return error(`${shown} is in the scheme of an HTTP integration URL; API Gateway only substitutes a stage variable after a literal http:// or https://.`);
    default:
      return warn(`${shown} is in a part of the HTTP integration URL that is not documented for stage variables (a port, a fragment, or a host label other than the leftmost); the documented parts are the whole host, the leftmost subdomain, the path and the query string.`);
  }
}

function lambdaSlot(slot: SlotInfo, shown: string): Verdict {
  const part = LAMBDA_PARTS[slot.part];
  if (part) {
    return error(`${shown} ${part} of a Lambda invocation URI; only the function name or the version/alias can be a stage variable (…:function:${'$'}{stageVariables.fn}/invocations or …:function:Name:${'$'}{stageVariables.alias}/invocations).`);
  }
  return warn(`${shown} is in a part of the Lambda invocation URI that is not the function name or the version/alias, the only documented places for a stage variable.`);
}

function awsServiceSlot(slot: SlotInfo, kind: ApiKind | undefined, shown: string): Verdict | null {
  switch (slot.part) {
    case 'action-or-path':
      return kind === 'rest' || kind === undefined
        ? null
        : warn(`${shown} is in the action or path of an AWS service URI, which is documented for REST APIs only.`);
    case 'partition':
    case 'region':
    case 'service':
      return error(`${shown} is in the ${slot.part === 'service' ? 'service name' : slot.part} of an AWS service URI; only the action or path part (after <service>:) can be a stage variable.`);
    default:
      return warn(`${shown} is in a part of an AWS service URI other than the action or path, the only documented place for a stage variable.`);
  }
}

function authorizerUri(reference: Reference, kind: ApiKind | undefined, shown: string): Verdict {
  const slot = reference.slot;
  if (slot?.part === 'whole') {
    return error(`${shown} holds the whole authorizer URI; write the invocation URI out and use a stage variable for the function name or alias at most.`);
  }
  if (slot?.uriKind === 'lambda' && slot.part !== 'function' && slot.part !== 'qualifier') {
    const verdict = lambdaSlot(slot, shown);
    if (verdict.severity === 'error') return verdict;
  }
  if (kind === 'rest') {
    return warn(`${shown} is in a REST API authorizer URI: this works for the function name or alias at request time, but it is undocumented and the console's "Test authorizer" cannot resolve it.`);
  }
  return warn(`${shown} is in an authorizer URI${kind ? ` of ${anApi(kind)}` : ''}, where stage variables are undocumented.`);
}

function credentials(slot: SlotInfo | undefined, shown: string, what: string): Verdict | null {
  if (!slot) return null;
  switch (slot.part) {
    case 'resource':
      return null;
    case 'whole':
      return error(`${shown} holds the whole ${what} ARN; API Gateway rejects it (Invalid ARN specified in the request). Write arn:aws:iam::<account>:${'$'}{stageVariables.role} with the value role/Name.`);
    case 'account':
      return error(`${shown} is in the account id of the ${what} ARN; only the resource part after arn:aws:iam::<account>: can be a stage variable.`);
    case 'partition':
      return error(`${shown} is in the partition of the ${what} ARN; only the resource part after arn:aws:iam::<account>: can be a stage variable.`);
    default:
      return slot.uriKind === 'iam'
        ? error(`${shown} is in the region field of the ${what} ARN (always empty for IAM); only the resource part after arn:aws:iam::<account>: can be a stage variable.`)
        : null;
  }
}

function connectionId(reference: Reference, kind: ApiKind | undefined, shown: string): Verdict | null {
  if (kind === 'http') {
    return warn(`${shown} is in the ConnectionId of an HTTP API, where stage variables are undocumented (they are documented for REST and WebSocket VPC links).`);
  }
  if (String(reference.node.value).trim() !== tokenText(reference)) {
    return warn(`${shown} is only part of the connection id; a VPC link id from a stage variable is documented as the whole value, ${'$'}{stageVariables.vpcLinkId}.`);
  }
  return null;
}

// -------------------------------------------------------------------------------------------
// Parameter mappings and identity sources (R6, R7, R10, H4-H7, W5, W7)

function parameterMapping(reference: Reference, syntax: EffectiveSyntax, shown: string): Verdict | null {
  const info = apiKindOf(reference);
  if (!info) return null; // the API kind decides the syntax
  const { kind } = info;
  const position = reference.position;
  const identity = position === 'identity-source';
  const bare = `stageVariables.${reference.name}`;
  const dollar = `$stageVariables.${reference.name}`;

  if (kind === 'http') {
    if (position === 'gateway-response-parameter') return warn(`${shown} is in a gateway response, which HTTP APIs do not have; API Gateway ignores it.`);
    if (syntax === 'bare') {
      return identity
        ? error(`${shown} is not an HTTP API identity source; write ${dollar}.`, true)
        : error(`${shown} is sent as literal text: HTTP API parameter mappings take ${dollar} or ${'$'}{stageVariables.${reference.name}}.`, true);
    }
    if (syntax === 'dollar') return null;
    if (syntax === 'braced') return identity ? warn(`${shown} is not the documented form of an HTTP API identity source; write ${dollar}.`) : null;
    return warn(`${shown} is mapping-template (VTL) syntax, undocumented in HTTP API ${identity ? 'identity sources' : 'parameter mappings'}; write ${dollar}.`);
  }

  // REST and WebSocket: `stageVariables.x`, nothing else, as the whole value (or list element).
  const documented = kind === 'rest' || (position === 'request-parameter');
  const whole = identity ? identityElements(reference).includes(tokenText(reference)) : String(reference.node.value) === tokenText(reference);
  const what = identity ? 'identity source' : 'parameter mapping';
  if (syntax === 'bare') {
    if (whole) return null;
    const quoted = /^'.*'$/s.test(String(reference.node.value).trim());
    const message = quoted
      ? `${shown} is inside a quoted static value, which API Gateway sends as it is written; a stage variable mapping is ${bare} alone, without quotes.`
      : `${shown} is only part of the ${what}; API Gateway does not substitute a stage variable inside a larger value (no partial substitution): the ${identity ? 'list element' : 'value'} must be ${bare} alone.`;
    return documented ? error(message, true) : warn(message);
  }
  if (syntax === 'dollar' && kind === 'rest' && position === 'request-parameter' && whole) {
    return warn(`${shown}: the AWS docs conflict here (the parameter-mapping reference documents ${bare}, the OpenAPI extension page also lists ${dollar}); write ${bare}, the form both accept.`);
  }
  const message = `${shown} is not substituted in ${anApi(kind)} ${what}: write ${bare}, without the $ and the braces, as ${identity ? 'one element of the list' : 'the whole value'}.`;
  return documented ? error(message, true) : warn(message);
}

/** A REST identity source is a comma-separated list; a v2 one may be a list of strings. */
function identityElements(reference: Reference): string[] {
  return String(reference.node.value).split(',').map((element) => element.trim());
}

// -------------------------------------------------------------------------------------------
// Mapping templates (R8, R9, W6; HTTP APIs have none)

function mappingTemplate(reference: Reference, shown: string): Verdict | null {
  const info = apiKindOf(reference);
  if (info?.kind !== 'http') return null; // every VTL form works in REST and WebSocket templates
  if (reference.position === 'gateway-response-template') {
    return warn(`${shown} is in a gateway response, which HTTP APIs do not have; API Gateway ignores it.`);
  }
  return error(`${shown} is in a mapping template, but HTTP APIs have no mapping templates; API Gateway never evaluates it. Use a parameter mapping ($stageVariables.${reference.name}) instead.`, true);
}
