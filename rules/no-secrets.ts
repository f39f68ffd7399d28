import { defineRule, docsUrl } from '../src/engine/rule.ts';
import { intrinsicName, stringValues, type Node } from '../src/parse/nodes.ts';
import { flatten } from '../src/model/flatten.ts';
import { OPAQUE } from '../src/model/slots.ts';
import { detectSecret, maskSecret, secretDynamicReference, type SecretMatch } from '../src/secrets/detect.ts';
import type { Span, TemplateInfo, VariableDefinition } from '../src/model/types.ts';

// Every message names the variable, the stage and the kind of secret, never the value: at most
// maskSecret's form, which shows a format's public prefix and hides the length.

const WHY =
  'stage variables are stored in plain text in the stage configuration, readable by anyone allowed apigateway:GET on the API';
const INSTEAD =
  "pass secrets to the integration in a Lambda authorizer's context, or have the backend read them from AWS Secrets Manager itself";

interface Finding {
  span: Span;
  /** What the value is, phrased to follow "Stage variable "x" of …". */
  what: string;
  /** Why the value ends up readable by others. */
  why: string;
  kind: string;
  definition: VariableDefinition;
  stages: string[];
}

export default defineRule({
  meta: {
    id: 'no-secrets',
    description: 'A stage variable must not hold a secret: a credential, a NoEcho parameter or a resolved Secrets Manager / SecureString value.',
    defaultSeverity: 'error',
    docsUrl: docsUrl('no-secrets'),
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  check(context) {
    const templates = new Map(context.model.templates.map((template) => [template.document, template]));
    // SAM Globals put one definition on several APIs' stages: one finding per definition.
    const findings = new Map<string, Finding>();
    for (const api of context.model.apis) {
      for (const stage of api.stages) {
        for (const definition of [...stage.variables.values(), ...stage.canaryVariables.values()]) {
          const problem = inspect(definition, templates.get(definition.valueSpan.document));
          if (!problem) continue;
          const key = `${definition.valueSpan.document.filePath}|${definition.valueSpan.start}|${definition.valueSpan.end}|${problem.kind}`;
          const label = `"${stage.name}"${definition.canary ? ' (canary override)' : ''} of API ${api.name}`;
          const existing = findings.get(key);
          if (existing) {
            if (!existing.stages.includes(label)) existing.stages.push(label);
          } else {
            findings.set(key, { ...problem, span: definition.valueSpan, definition, stages: [label] });
          }
        }
      }
    }
    for (const finding of findings.values()) {
      const { definition, stages } = finding;
      const where = stages.length === 1 ? `stage ${stages[0]}` : `stages ${stages.join(', ')}`;
      context.report({
        span: finding.span,
        message: `Stage variable "${definition.name}" of ${where} ${finding.what}; ${finding.why}. Instead, ${INSTEAD}.`,
        subject: `${definition.stage.api.name}|${definition.stage.name}|${definition.name}|${definition.canary ? 'canary' : 'base'}|${finding.kind}`,
      });
    }
  },
});

type Problem = Pick<Finding, 'what' | 'why' | 'kind'>;

function inspect(definition: VariableDefinition, template: TemplateInfo | undefined): Problem | null {
  const value = definition.value;
  if (value.kind === 'literal') return literalProblem(definition.name, value.text, 'all');

  // Not only value.dynamicReferences: in an Fn::Sub the reference may hold `${AWS::StackName}`,
  // whose braces end the model's match early. Sub variables are taken out before matching.
  for (const text of stringValues(value.node)) {
    const service = secretDynamicReference(text.replace(/\$\{[^{}]*\}/g, 'x'));
    if (!service) continue; // {{resolve:ssm:…}} is a plain String parameter
    const source = service === 'secretsmanager' ? 'an AWS Secrets Manager secret ({{resolve:secretsmanager:…}})' : 'an SSM SecureString parameter ({{resolve:ssm-secure:…}})';
    return {
      kind: service,
      what: `resolves ${source}`,
      why: `CloudFormation resolves it at deploy time and the decrypted secret then sits in the stage configuration in plain text, readable by anyone allowed apigateway:GET on the API`,
    };
  }

  const noEcho = parameterReferences(value.node).find((name) => template?.parameters.get(name)?.noEcho);
  if (noEcho) {
    return {
      kind: 'no-echo',
      what: `takes its value from the NoEcho parameter "${noEcho}"`,
      why: 'NoEcho hides it in CloudFormation only: the stage stores it in plain text, readable by anyone allowed apigateway:GET on the API',
    };
  }

  // Literal text inside Fn::Sub / Fn::Join / Fn::If. The parts CloudFormation fills in are
  // unknown, so only a recognisable credential format counts (a name-based guess about a value
  // that is mostly intrinsics would be noise), unless nothing is filled in at all.
  const flat = flatten(value.node).text;
  if (!flat.includes(OPAQUE)) return literalProblem(definition.name, flat, 'all');
  for (const text of [flat.replaceAll(OPAQUE, ' '), ...literalStrings(value.node)]) {
    const problem = literalProblem(definition.name, text, 'high');
    if (problem) return problem;
  }
  return null;
}

function literalProblem(name: string, text: string, confidence: 'all' | 'high'): Problem | null {
  const match = detectSecret(name, text);
  if (!match || (confidence === 'high' && match.confidence !== 'high')) return null;
  return { kind: match.kind, what: `holds ${match.description}${maskNote(text, match)}`, why: WHY };
}

/** The masked form when it tells something (a format's public prefix); the bare mask tells nothing. */
function maskNote(text: string, match: SecretMatch): string {
  const masked = maskSecret(text, match);
  return /^[•]+$/.test(masked) ? '' : ` (${masked})`;
}

/**
 * Names the value refers to as `Ref X` or `${X}` in an Fn::Sub template (minus the Sub's own
 * variables), anywhere in the value.
 */
function parameterReferences(root: Node): string[] {
  const names: string[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'seq') {
      stack.push(...node.items);
      continue;
    }
    if (node.kind !== 'map') continue;
    const fn = intrinsicName(node);
    const argument = fn ? node.entries[0]!.value : undefined;
    if (fn === 'Ref' && argument?.kind === 'scalar' && typeof argument.value === 'string') {
      names.push(argument.value);
    } else if (fn === 'Fn::Sub' && argument) {
      const template = argument.kind === 'seq' ? argument.items[0] : argument;
      const variables = argument.kind === 'seq' ? argument.items[1] : undefined;
      const own = new Set(variables?.kind === 'map' ? variables.entries.map((entry) => String(entry.key.value)) : []);
      if (template?.kind === 'scalar' && typeof template.value === 'string') {
        for (const match of template.value.matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const inner = match[1]!.trim();
          if (!own.has(inner) && !inner.includes('.') && !inner.includes(':')) names.push(inner);
        }
      }
      if (variables) stack.push(variables);
    } else if (fn !== 'Fn::GetAtt') {
      for (const entry of node.entries) stack.push(entry.value);
    }
  }
  return names;
}

// Arguments of these name resources, parameters, exports or map keys: not text CloudFormation copies.
const NAMING_FUNCTIONS = new Set(['Ref', 'Fn::GetAtt', 'Fn::ImportValue', 'Fn::FindInMap', 'Condition']);

/** String scalars of a computed value that CloudFormation copies as they are (not names of things). */
function literalStrings(root: Node): string[] {
  return stringValues(root, (map) => !NAMING_FUNCTIONS.has(intrinsicName(map) ?? ''));
}
