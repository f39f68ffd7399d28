import { defineRule, docsUrl } from '../src/engine/rule.ts';
import { flatten } from '../src/model/flatten.ts';
import { lambdaUriAccount, parseLambdaArn, parseLambdaUri } from '../src/model/slots.ts';
import type { Integration, Reference, Span, VariableDefinition } from '../src/model/types.ts';

// API Gateway: "Stage variables don't support cross-account Lambda functions" (REST, HTTP and
// WebSocket stage-variable reference pages; reference §2.4). Two forms:
//   (a) a stage-variable value that is a whole Lambda ARN in another account;
//   (b) a Lambda URI whose function is chosen by a stage variable and whose literal account is
//       not the API's.
// The API's account is known only from --account-id; `${AWS::AccountId}` is the API's own account.
// Without --account-id only accounts the template spells out are compared with each other.

const ACCOUNT = /^\d{12}$/;
const NOT_SUPPORTED = "stage variables don't support cross-account Lambda functions, so API Gateway cannot invoke it";

export default defineRule({
  meta: {
    id: 'no-cross-account-lambda',
    description: 'A Lambda function chosen by a stage variable must be in the API\'s own account.',
    defaultSeverity: 'error',
    docsUrl: docsUrl('no-cross-account-lambda'),
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  check(context) {
    const accounts = context.model.accountIds;
    const reportedValues = new Set<VariableDefinition>();
    const reportedUris = new Set<Integration>();
    // References share integrations and definitions: parse each URI and value once.
    const uriAccounts = new Map<Integration, string | null>();
    const valueAccounts = new Map<VariableDefinition, string | null>();
    for (const api of context.model.apis) {
      for (const reference of api.references) {
        const integration = reference.integration;
        // A malformed token is not substituted: it chooses nothing.
        if (!selectsLambda(reference) || !integration?.uri || reference.token.malformed) continue;
        let uriAccount = uriAccounts.get(integration);
        if (uriAccount === undefined) uriAccounts.set(integration, (uriAccount = literalAccount(lambdaUriAccount(integration.uri.text))));

        // (b) the URI's literal account is not the API's.
        const selectsName = reference.slot!.part === 'function' || reference.slot!.part === 'qualifier';
        if (selectsName && uriAccount && accounts.length > 0 && !accounts.includes(uriAccount) && !reportedUris.has(integration)) {
          reportedUris.add(integration);
          context.report({
            span: accountSpan(integration, uriAccount) ?? integration.span,
            message:
              `The Lambda integration URI${route(integration)} of API ${api.name} invokes a function in account ${uriAccount}, ` +
              `chosen by stage variable "${reference.name}", but the API is in ${describeAccounts(accounts)} (--account-id / accountIds); ${NOT_SUPPORTED}. ` +
              `Deploy the function in the API's account and name that account in the URI${reference.subContext === 'unprocessed' ? '' : ' (the AWS::AccountId pseudo parameter)'}.`,
            subject: `${api.name}|${integration.method ?? ''}|${integration.path ?? integration.routeKey ?? ''}|uri-account`,
          });
        }

        // (a) a whole function ARN as the value, in another account than the URI's or the API's.
        if (reference.slot!.part === 'qualifier') continue;
        for (const stage of api.stages) {
          for (const definition of [stage.variables.get(reference.name), stage.canaryVariables.get(reference.name)]) {
            if (!definition || reportedValues.has(definition)) continue;
            let valueAccount = valueAccounts.get(definition);
            if (valueAccount === undefined) valueAccounts.set(definition, (valueAccount = arnAccount(definition)));
            if (!valueAccount) continue;
            let expected: string;
            if (uriAccount) {
              if (valueAccount === uriAccount) continue;
              expected = `the integration URI${route(integration)} names account ${uriAccount}`;
            } else {
              if (accounts.length === 0 || accounts.includes(valueAccount)) continue;
              expected = `the API is in ${describeAccounts(accounts)} (--account-id / accountIds)`;
            }
            reportedValues.add(definition);
            context.report({
              span: definition.valueSpan,
              message:
                `Stage variable "${definition.name}" of stage "${stage.name}"${definition.canary ? ' (canary override)' : ''} names a Lambda function in account ${valueAccount}, ` +
                `but ${expected}; ${NOT_SUPPORTED}. Use a function in the API's account (by name, not ARN).`,
              subject: `${api.name}|${stage.name}|${definition.name}|${definition.canary ? 'canary' : 'base'}|value-account`,
            });
          }
        }
      }
    }
  },
});

/** A reference that chooses (part of) the Lambda function an integration invokes. */
function selectsLambda(reference: Reference): boolean {
  // Authorizer URIs are left out: cross-account Lambda authorizers are a documented feature, and
  // the documented restriction is about integrations.
  if (reference.position !== 'integration-uri' || !reference.slot) return false;
  const { uriKind, part } = reference.slot;
  if (uriKind === 'lambda') return part === 'function' || part === 'qualifier' || part === 'function-arn';
  // `IntegrationUri: ${stageVariables.fn}` (HTTP API): the whole value can be a function ARN.
  return part === 'whole';
}

/** The account of a value that is a whole Lambda function ARN (literal, or an Fn::Sub/Join with a literal account). */
function arnAccount(definition: VariableDefinition): string | null {
  const value = definition.value;
  if (value.kind === 'literal') return parseLambdaArn(value.text.trim())?.account ?? null;
  const parts = parseLambdaUri(flatten(value.node).text);
  return parts?.form === 'arn' ? literalAccount(parts.account) : null;
}

function literalAccount(text: string | null | undefined): string | null {
  return text && ACCOUNT.test(text) ? text : null;
}

/** The span of the account digits in the URI (`…:<account>:function:…`), when they are in one literal piece. */
function accountSpan(integration: Integration, account: string): Span | null {
  const uri = integration.uri!;
  const at = uri.text.indexOf(`:${account}:function:`);
  if (at < 0) return null;
  const start = at + 1;
  const piece = uri.pieces.find((p) => p.scalar && start >= p.flatStart && start + account.length <= p.flatStart + p.length);
  if (!piece) return null;
  const from = piece.scalarStart! + (start - piece.flatStart);
  return {
    document: integration.document,
    start: piece.scalar!.offsetAt(from),
    end: piece.scalar!.offsetAt(from + account.length - 1) + 1,
  };
}

function route(integration: Integration): string {
  if (integration.routeKey) return ` (route ${integration.routeKey})`;
  if (integration.method && integration.path) return ` (${integration.method} ${integration.path})`;
  return '';
}

function describeAccounts(accounts: readonly string[]): string {
  return accounts.length === 1 ? `account ${accounts[0]}` : `accounts ${accounts.join(', ')}`;
}
