import path from 'node:path';
import {
  get,
  getEntry,
  intrinsicName,
  stringValue,
  stringValues,
  type MapEntry,
  type MapNode,
  type Node,
  type Range,
  type ScalarNode,
} from '../parse/nodes.ts';
import { literalText, parseEmbeddedJson } from './documents.ts';
import { flatten } from './flatten.ts';
import { endOf, startOf } from '../parse/fast-nodes.ts';
import { firstIndexAtLeast } from '../parse/lines.ts';
import { mayContainToken, scanTokens, type Token } from './scan.ts';
import { classifyCredentialsToken, classifyUriToken, type SlotInfo } from './slots.ts';
import type {
  Api,
  ApiKind,
  DefinitionValue,
  FlatText,
  Integration,
  IntegrationType,
  LinkProblem,
  ParsedDocument,
  Position,
  ProjectModel,
  Reference,
  ResourceInfo,
  SamApiEvent,
  SourceDocument,
  Span,
  Stage,
  SubContext,
  TemplateInfo,
  VariableDefinition,
} from './types.ts';

/** Loads a local file named by a template (DefinitionUri, BodyS3Location, AWS::Include Location). */
export type ResolveFile = (from: SourceDocument, location: string) => ParsedDocument | { error: string };

export interface StageConfig {
  /** The API the stages belong to: a file path (relative to cwd or absolute) or `<file>#<LogicalId>`. */
  api: string;
  stages: Record<string, Record<string, string>>;
}

export interface BuildOptions {
  resolveFile: ResolveFile;
  accountIds?: readonly string[];
  /** Stages that live outside the linted files (config `stages`). */
  externalStages?: readonly StageConfig[];
  cwd?: string;
}

// `{{resolve:...}}` may contain `${AWS::StackName}` inside an Fn::Sub.
const DYNAMIC_REFERENCE = /\{\{resolve:(?:[^{}]|\$\{[^{}]*\})*\}\}/g;
const CODE_PROPERTIES = new Set(['ZipFile', 'InlineCode', 'UserData', 'Code', 'Script', 'Command', 'BuildSpec']);
/** Integration properties scanned with their own position by addIntegration (REST, OpenAPI, v2 spellings). */
const PRECISE_INTEGRATION_KEYS = new Set([
  'Uri', 'uri', 'IntegrationUri',
  'Credentials', 'credentials', 'CredentialsArn',
  'ConnectionId', 'connectionId',
  'RequestParameters', 'requestParameters',
  'RequestTemplates', 'requestTemplates',
  'ResponseParameters', 'responses', 'IntegrationResponses',
]);
const SAM_TYPES = { api: 'AWS::Serverless::Api', httpApi: 'AWS::Serverless::HttpApi', wsApi: 'AWS::Serverless::WebSocketApi' };

/** Builds the stage-variable model of a whole run: every API, its stages, definitions and references. */
export function buildModel(documents: readonly ParsedDocument[], options: BuildOptions): ProjectModel {
  const builder = new ModelBuilder(options);
  for (const parsed of documents) builder.add(parsed);
  return builder.finish();
}

interface ScanContext {
  readonly document: SourceDocument;
  readonly api: Api | null;
  readonly position: Position;
  readonly subContext: SubContext;
  readonly integration: Integration | undefined;
  /** Which URI grammar classifies references in this value. */
  readonly slotKind: 'uri' | 'credentials' | undefined;
}

/**
 * A scan context for a position. Every context is built here with every field, in one order: the
 * scan and pushReference run for every string of every template, and contexts of one shape keep
 * them fast (spreading contexts made objects of many shapes, and a lot of garbage).
 */
function positioned(
  base: { readonly document: SourceDocument; readonly api: Api | null; readonly subContext: SubContext; readonly integration?: Integration | undefined },
  position: Position,
  slotKind?: 'uri' | 'credentials',
  subContext: SubContext = base.subContext,
): ScanContext {
  return { document: base.document, api: base.api, position, subContext, integration: base.integration, slotKind };
}

/**
 * Builds the model one document at a time, so that the caller can let each template's tree go as
 * soon as it is added: only what the rules need is kept (docs/performance.md). OpenAPI documents
 * wait for `finish`, since a template added later may own them.
 */
export class ModelBuilder {
  private readonly apis: Api[] = [];
  private readonly references: Reference[] = [];
  private readonly templates: TemplateInfo[] = [];
  private readonly linkProblems: LinkProblem[] = [];
  private readonly documents: SourceDocument[] = [];
  private readonly added = new Set<SourceDocument>();
  private readonly openApiDocuments: ParsedDocument[] = [];
  /** OpenAPI documents that belong to a template's API (not standalone). */
  private readonly consumed = new Set<SourceDocument>();
  private readonly options: BuildOptions;
  private readonly sitesByDocument = new Map<SourceDocument, TokenSites>();
  /** Trees of the documents being walked, for the property paths of not-evaluated references. */
  private readonly roots = new Map<SourceDocument, Node | null>();
  private readonly parentIndexes = new Map<SourceDocument, Map<Node, { parent: Node; key: string }>>();
  private readonly routeKeys = new WeakMap<object, Map<string, string | undefined>>();
  /**
   * One string per distinct text the model keeps many of (resource types, variable names, methods,
   * paths, route keys, property-path keys, opaque descriptions): a copy or a slice of the source
   * each was an object more for the collector to copy.
   */
  private readonly internedStrings = new Map<string, string>();
  private readonly slots = { uri: new Map<string, Map<string, SlotInfo>>(), credentials: new Map<string, Map<string, SlotInfo>>() };

  constructor(options: BuildOptions) {
    this.options = options;
  }

  add(parsed: ParsedDocument): void {
    const { document } = parsed;
    this.record(document);
    if (document.kind === 'cloudformation' || document.kind === 'sam') {
      this.withRoot(parsed, () => this.addTemplate(document, parsed.root));
    } else if (document.kind === 'openapi') {
      this.openApiDocuments.push(parsed);
    }
  }

  finish(): ProjectModel {
    for (const parsed of this.openApiDocuments) {
      if (!this.consumed.has(parsed.document)) this.withRoot(parsed, () => this.addStandaloneOpenApi(parsed));
    }
    this.applyExternalStages(this.options.externalStages ?? []);
    return {
      documents: this.documents,
      apis: this.apis,
      references: this.references,
      templates: this.templates,
      linkProblems: this.linkProblems,
      accountIds: this.options.accountIds ?? [],
    };
  }

  private record(document: SourceDocument): void {
    if (this.added.has(document)) return;
    this.added.add(document);
    this.documents.push(document);
  }

  /** Makes the tree reachable while `walk` runs, and no longer after. */
  private withRoot(parsed: ParsedDocument, walk: () => void): void {
    const nested = this.roots.has(parsed.document);
    this.roots.set(parsed.document, parsed.root);
    try {
      walk();
    } finally {
      if (!nested) {
        this.roots.delete(parsed.document);
        this.parentIndexes.delete(parsed.document);
      }
    }
  }

  private addTemplate(document: SourceDocument, root: Node | null): void {
    if (!root || root.kind !== 'map') return;
    const resources = get(root, 'Resources');
    const info: TemplateInfo = {
      document,
      parameters: new Map(),
      functions: new Map(),
      aliases: new Map(),
      versions: new Map(),
      permissions: [],
      resources: new Map(),
      metadata: get(root, 'Metadata'),
    };
    this.templates.push(info);
    this.collectParameters(info, get(root, 'Parameters'));
    if (resources?.kind !== 'map') return;

    const globals = get(root, 'Globals');
    const apisByLogicalId = new Map<string, Api>();
    const resourceList: { logicalId: string; type: string; node: MapNode }[] = [];
    for (const entry of resources.entries) {
      const logicalId = String(entry.key.value);
      const type = stringValue(get(entry.value, 'Type'));
      if (!type || entry.value.kind !== 'map') continue;
      resourceList.push({ logicalId, type, node: entry.value });
      info.resources.set(logicalId, new Resource(document, this.intern(type), startOf(entry.key), endOf(entry.key), endOf(entry.value), get(entry.value, 'Metadata')));
    }

    // Pass 1: APIs, so that stages and methods anywhere in the file can link to them.
    for (const { logicalId, type, node } of resourceList) {
      const properties = get(node, 'Properties');
      const kind = apiKindOf(type, properties);
      if (!kind) continue;
      const protocolType = type === 'AWS::ApiGatewayV2::Api' ? stringValue(get(properties, 'ProtocolType'))?.toUpperCase() : undefined;
      const api = this.newApi(document, info, kind, logicalId, spanOf(document, getEntry(resources, logicalId)!.key), protocolType);
      apisByLogicalId.set(logicalId, api);
    }
    this.addImplicitSamApis(info, resourceList, apisByLogicalId, globals);

    // Pass 2: everything else.
    const resourceByLogicalId = new Map(resourceList.map((r) => [r.logicalId, r]));
    for (const { logicalId, type, node } of resourceList) {
      const properties = get(node, 'Properties');
      const handled = this.addResource(info, logicalId, type, properties, apisByLogicalId, resourceByLogicalId, globals);
      this.scanUnhandledProperties(document, properties, handled);
    }
    const outputs = get(root, 'Outputs');
    if (outputs) this.scan(outputs, positioned({ document, api: null, subContext: 'plain' }, 'not-evaluated'));
  }

  private collectParameters(info: TemplateInfo, parameters: Node | undefined): void {
    if (parameters?.kind !== 'map') return;
    for (const entry of parameters.entries) {
      const noEcho = get(entry.value, 'NoEcho');
      const defaultNode = get(entry.value, 'Default');
      info.parameters.set(String(entry.key.value), {
        name: String(entry.key.value),
        noEcho: noEcho?.kind === 'scalar' && String(noEcho.value).toLowerCase() === 'true',
        defaultValue: defaultNode?.kind === 'scalar' ? literalText(defaultNode) : undefined,
      });
    }
  }

  private newApi(
    document: SourceDocument,
    template: TemplateInfo | undefined,
    kind: ApiKind,
    logicalId: string | undefined,
    span: Span,
    protocolType?: string,
  ): Api {
    const api: Api = {
      key: logicalId ? `${document.filePath}#${logicalId}` : document.filePath,
      kind,
      name: logicalId ?? path.basename(document.filePath),
      document,
      template,
      logicalId,
      span,
      stages: [],
      stagesKnown: true,
      references: [],
      integrations: [],
      referencesComplete: true,
      hasLambdaProxyIntegration: false,
      protocolType,
    };
    this.apis.push(api);
    return api;
  }

  /** SAM creates `ServerlessRestApi` / `ServerlessHttpApi` for function events without an explicit API. */
  private addImplicitSamApis(
    info: TemplateInfo,
    resources: { logicalId: string; type: string; node: MapNode }[],
    apis: Map<string, Api>,
    globals: Node | undefined,
  ): void {
    const document = info.document;
    for (const { type, node } of resources) {
      if (type !== 'AWS::Serverless::Function') continue;
      const events = get(get(node, 'Properties'), 'Events');
      if (events?.kind !== 'map') continue;
      for (const event of events.entries) {
        const eventType = stringValue(get(event.value, 'Type'));
        const eventProperties = get(event.value, 'Properties');
        const isRest = eventType === 'Api';
        if (!isRest && eventType !== 'HttpApi') continue;
        const explicit = get(eventProperties, isRest ? 'RestApiId' : 'ApiId');
        const target = explicit ? refTarget(explicit) : isRest ? 'ServerlessRestApi' : 'ServerlessHttpApi';
        if (!target) continue;
        let api = apis.get(target);
        if (!api && !explicit) {
          api = this.newApi(document, info, isRest ? 'rest' : 'http', target, spanOf(document, event.key));
          apis.set(target, api);
          const globalApi = get(globals, isRest ? 'Api' : 'HttpApi');
          const stageName = stringValue(get(globalApi, 'StageName')) ?? (isRest ? 'Prod' : '$default');
          const stage = this.newStage(api, stageName, spanOf(document, event.key), `SAM implicit API ${target}`);
          this.addVariables(stage, get(globalApi, isRest ? 'Variables' : 'StageVariables'), false, document);
        }
        if (api) api.hasLambdaProxyIntegration = true;
      }
    }
  }

  private newStage(api: Api, name: string, span: Span, origin: string): Stage {
    const existing = api.stages.find((stage) => stage.name === name);
    if (existing) return existing;
    const stage: Stage = { name, api, span, variables: new Map(), canaryVariables: new Map(), origin, variablesComplete: true };
    api.stages.push(stage);
    return stage;
  }

  /** Returns the property names it handled (the rest is scanned as "not evaluated by API Gateway"). */
  private addResource(
    info: TemplateInfo,
    logicalId: string,
    type: string,
    properties: Node | undefined,
    apis: Map<string, Api>,
    resources: Map<string, { logicalId: string; type: string; node: MapNode }>,
    globals: Node | undefined,
  ): readonly string[] {
    const document = info.document;
    // Made only when used: most resources give no stage or function a span.
    const keySpan = (): Span => info.resources.get(logicalId)!.span;
    const apiOf = (property: string): Api | null => {
      const target = refTarget(get(properties, property));
      return (target && apis.get(target)) || null;
    };
    switch (type) {
      case 'AWS::ApiGateway::RestApi':
      case 'AWS::ApiGatewayV2::Api': {
        const api = apis.get(logicalId)!;
        this.addDefinition(api, get(properties, 'Body'), get(properties, 'BodyS3Location'), document);
        if (type === 'AWS::ApiGatewayV2::Api' && get(properties, 'Target')) {
          // Quick create: API Gateway creates the `$default` stage itself.
          this.newStage(api, '$default', keySpan(), `quick-create stage of ${logicalId}`);
          if (/:lambda:|lambda:path/.test(flatten(get(properties, 'Target')!).text)) api.hasLambdaProxyIntegration = true;
        }
        return ['Body', 'BodyS3Location'];
      }
      case SAM_TYPES.api:
      case SAM_TYPES.httpApi:
      case SAM_TYPES.wsApi: {
        const api = apis.get(logicalId)!;
        const merged = (name: string): Node | undefined => get(properties, name) ?? get(get(globals, globalSection(type)), name);
        const isRest = type === SAM_TYPES.api;
        const stageNameNode = merged('StageName');
        const stageName = stageNameNode ? this.stageNameOf(info, stageNameNode) : isRest ? undefined : '$default';
        if (stageName) {
          const stage = this.newStage(api, stageName, stageNameNode ? spanOf(document, stageNameNode) : keySpan(), `${type} ${logicalId}`);
          const variablesKey = isRest ? 'Variables' : 'StageVariables';
          // SAM merges Globals maps into the resource's map, the resource's keys winning.
          this.addVariables(stage, get(get(globals, globalSection(type)), variablesKey), false, document);
          this.addVariables(stage, get(properties, variablesKey), false, document);
          this.addVariables(stage, get(merged('CanarySetting'), 'StageVariableOverrides'), true, document);
        }
        this.addDefinition(api, get(properties, 'DefinitionBody'), get(properties, 'DefinitionUri'), document);
        this.addSamAuth(api, get(properties, 'Auth'), document);
        return ['DefinitionBody', 'DefinitionUri', 'Variables', 'StageVariables', 'CanarySetting', 'Auth'];
      }
      case 'AWS::ApiGateway::Stage': {
        const api = apiOf('RestApiId');
        const nameNode = get(properties, 'StageName');
        if (api && nameNode) {
          const stage = this.newStage(api, this.stageNameOf(info, nameNode), keySpan(), `AWS::ApiGateway::Stage ${logicalId}`);
          this.addVariables(stage, get(properties, 'Variables'), false, document);
          this.addVariables(stage, get(get(properties, 'CanarySetting'), 'StageVariableOverrides'), true, document);
        }
        return ['Variables', 'CanarySetting'];
      }
      case 'AWS::ApiGateway::Deployment': {
        const api = apiOf('RestApiId');
        const nameNode = get(properties, 'StageName');
        if (api && nameNode) {
          const stage = this.newStage(api, this.stageNameOf(info, nameNode), keySpan(), `AWS::ApiGateway::Deployment ${logicalId}`);
          const description = get(properties, 'StageDescription');
          this.addVariables(stage, get(description, 'Variables'), false, document);
          this.addVariables(stage, get(get(description, 'CanarySetting'), 'StageVariableOverrides'), true, document);
          this.addVariables(stage, get(get(properties, 'DeploymentCanarySettings'), 'StageVariableOverrides'), true, document);
        }
        return ['StageDescription', 'DeploymentCanarySettings'];
      }
      case 'AWS::ApiGatewayV2::Stage': {
        const api = apiOf('ApiId');
        const nameNode = get(properties, 'StageName');
        if (api && nameNode) {
          const stage = this.newStage(api, this.stageNameOf(info, nameNode), keySpan(), `AWS::ApiGatewayV2::Stage ${logicalId}`);
          this.addVariables(stage, jsonProperty(get(properties, 'StageVariables')), false, document);
        }
        return ['StageVariables'];
      }
      case 'AWS::ApiGatewayV2::ApiGatewayManagedOverrides': {
        const api = apiOf('ApiId');
        const variables = get(get(properties, 'Stage'), 'StageVariables');
        if (api && variables) {
          const stage = this.newStage(api, '$default', keySpan(), `quick-create stage of ${api.name}`);
          this.addVariables(stage, jsonProperty(variables), false, document);
        }
        return ['Stage'];
      }
      case 'AWS::ApiGateway::Method': {
        const api = apiOf('RestApiId');
        const integrationNode = get(properties, 'Integration');
        if (!integrationNode) return [];
        const method = stringValue(get(properties, 'HttpMethod'));
        const resourcePath = this.restResourcePath(get(properties, 'ResourceId'), resources);
        this.addIntegration(api, document, integrationNode, 'plain', {
          type: stringValue(get(integrationNode, 'Type')),
          uri: get(integrationNode, 'Uri'),
          credentials: get(integrationNode, 'Credentials'),
          connectionId: get(integrationNode, 'ConnectionId'),
          connectionType: stringValue(get(integrationNode, 'ConnectionType')),
          requestParameters: get(integrationNode, 'RequestParameters'),
          requestTemplates: get(integrationNode, 'RequestTemplates'),
          responses: seqItems(get(integrationNode, 'IntegrationResponses')).map((response) => ({
            parameters: get(response, 'ResponseParameters'),
            templates: get(response, 'ResponseTemplates'),
          })),
          method: method?.toUpperCase(),
          path: resourcePath,
        });
        return ['Integration'];
      }
      case 'AWS::ApiGatewayV2::Integration': {
        const api = apiOf('ApiId');
        const routeKey = this.routeKeyFor(logicalId, resources);
        const [method, routePath] = api?.kind === 'http' && routeKey ? splitRouteKey(routeKey) : [undefined, undefined];
        this.addIntegration(api, document, properties ?? integrationPlaceholder(keySpan()), 'plain', {
          type: stringValue(get(properties, 'IntegrationType')),
          uri: get(properties, 'IntegrationUri'),
          credentials: get(properties, 'CredentialsArn'),
          connectionId: get(properties, 'ConnectionId'),
          connectionType: stringValue(get(properties, 'ConnectionType')),
          requestParameters: jsonProperty(get(properties, 'RequestParameters')),
          requestTemplates: jsonProperty(get(properties, 'RequestTemplates')),
          responses: [{ parameters: jsonProperty(get(properties, 'ResponseParameters')), templates: undefined }],
          method,
          path: routePath,
          routeKey: api?.kind === 'websocket' ? routeKey : undefined,
        });
        // addIntegration scanned every property of this resource.
        return properties?.kind === 'map' ? properties.entries.map((entry) => String(entry.key.value)) : [];
      }
      case 'AWS::ApiGatewayV2::IntegrationResponse': {
        const api = apiOf('ApiId');
        const context = { document, api, subContext: 'plain' as const };
        this.scanPosition(jsonProperty(get(properties, 'ResponseTemplates')), positioned(context, 'response-template'));
        this.scanPosition(jsonProperty(get(properties, 'ResponseParameters')), positioned(context, 'response-parameter'));
        return ['ResponseTemplates', 'ResponseParameters'];
      }
      case 'AWS::ApiGateway::Authorizer':
      case 'AWS::ApiGatewayV2::Authorizer': {
        const api = apiOf(type === 'AWS::ApiGateway::Authorizer' ? 'RestApiId' : 'ApiId');
        const context = { document, api, subContext: 'plain' as const };
        this.scanPosition(get(properties, 'AuthorizerUri'), positioned(context, 'authorizer-uri', 'uri'));
        const credentialsKey = type === 'AWS::ApiGateway::Authorizer' ? 'AuthorizerCredentials' : 'AuthorizerCredentialsArn';
        this.scanPosition(get(properties, credentialsKey), positioned(context, 'authorizer-credentials', 'credentials'));
        this.scanPosition(get(properties, 'IdentitySource'), positioned(context, 'identity-source'));
        return ['AuthorizerUri', credentialsKey, 'IdentitySource'];
      }
      case 'AWS::ApiGateway::GatewayResponse': {
        const api = apiOf('RestApiId');
        const context = { document, api, subContext: 'plain' as const };
        this.scanPosition(get(properties, 'ResponseTemplates'), positioned(context, 'gateway-response-template'));
        this.scanPosition(get(properties, 'ResponseParameters'), positioned(context, 'gateway-response-parameter'));
        return ['ResponseTemplates', 'ResponseParameters'];
      }
      case 'AWS::Lambda::Function':
      case 'AWS::Serverless::Function': {
        const name = get(properties, 'FunctionName');
        const sam = type === 'AWS::Serverless::Function';
        info.functions.set(logicalId, {
          logicalId,
          document,
          type,
          functionName: name?.kind === 'scalar' ? literalText(name) : undefined,
          span: keySpan(),
          autoPublishAlias: sam && get(properties, 'AutoPublishAlias') !== undefined,
          apiEvents: sam ? samApiEvents(properties) : [],
        });
        if (sam) {
          const alias = stringValue(get(properties, 'AutoPublishAlias')) ?? stringValue(get(get(globals, 'Function'), 'AutoPublishAlias'));
          if (alias) {
            // SAM names the generated alias `<Function>Alias<alias>`.
            info.aliases.set(`${logicalId}Alias${alias}`, { logicalId: `${logicalId}Alias${alias}`, document, functionLogicalId: logicalId, aliasName: alias, span: keySpan() });
          }
        }
        return [];
      }
      case 'AWS::Lambda::Alias': {
        const name = get(properties, 'Name');
        info.aliases.set(logicalId, {
          logicalId,
          document,
          functionLogicalId: refTarget(get(properties, 'FunctionName')),
          aliasName: name?.kind === 'scalar' ? literalText(name) : undefined,
          span: keySpan(),
        });
        return [];
      }
      case 'AWS::Lambda::Permission': {
        const functionName = get(properties, 'FunctionName');
        const sourceArn = get(properties, 'SourceArn');
        info.permissions.push({
          logicalId,
          document,
          principal: flatTextOf(get(properties, 'Principal')),
          action: flatTextOf(get(properties, 'Action')),
          sourceAccount: flatTextOf(get(properties, 'SourceAccount')),
          functionName: functionName ? flatten(functionName, this.intern) : undefined,
          sourceArn: sourceArn ? flatten(sourceArn, this.intern) : undefined,
          span: keySpan(),
        });
        return [];
      }
      case 'AWS::Lambda::Version': {
        info.versions.set(logicalId, { logicalId, functionLogicalId: refTarget(get(properties, 'FunctionName')) });
        return [];
      }
      default:
        return [];
    }
  }

  private stageNameOf(info: TemplateInfo, node: Node): string {
    if (node.kind === 'scalar') return literalText(node);
    const target = refTarget(node);
    if (target) {
      const parameter = info.parameters.get(target);
      return parameter?.defaultValue ?? `Ref ${target}`;
    }
    return '(computed name)';
  }

  private restResourcePath(resourceId: Node | undefined, resources: Map<string, { type: string; node: MapNode }>): string | undefined {
    const segments: string[] = [];
    let current = resourceId;
    for (let guard = 0; guard < 64 && current; guard++) {
      if (intrinsicName(current) === 'Fn::GetAtt') return '/' + segments.reverse().join('/');
      const target = refTarget(current);
      const resource = target ? resources.get(target) : undefined;
      if (!resource || resource.type !== 'AWS::ApiGateway::Resource') return undefined;
      const part = stringValue(get(get(resource.node, 'Properties'), 'PathPart'));
      if (part === undefined) return undefined;
      segments.push(part);
      current = get(get(resource.node, 'Properties'), 'ParentId');
    }
    return undefined;
  }

  /** The RouteKey of the first AWS::ApiGatewayV2::Route whose Target names the integration. */
  private routeKeyFor(integrationId: string, resources: Map<string, { type: string; node: MapNode }>): string | undefined {
    let keys = this.routeKeys.get(resources);
    if (!keys) {
      // Once per template: looking through every route for every integration was quadratic.
      keys = new Map();
      for (const resource of resources.values()) {
        if (resource.type !== 'AWS::ApiGatewayV2::Route') continue;
        const properties = get(resource.node, 'Properties');
        const target = get(properties, 'Target');
        if (!target) continue;
        const routeKey = stringValue(get(properties, 'RouteKey'));
        for (const { opaque } of flatten(target).pieces) {
          if (opaque === undefined) continue;
          if (!keys.has(opaque)) keys.set(opaque, routeKey);
          const referenced = opaque.startsWith('Ref ') ? opaque.slice(4) : undefined;
          if (referenced !== undefined && !keys.has(referenced)) keys.set(referenced, routeKey);
        }
      }
      this.routeKeys.set(resources, keys);
    }
    return keys.get(integrationId);
  }

  private addVariables(stage: Stage, variables: Node | undefined, canary: boolean, document: SourceDocument): void {
    if (!variables) return;
    // `!If [...]`, `!Ref Param`, a YAML alias, a JSON string that does not parse: the variables
    // exist, but which ones is not known statically.
    if (variables.kind !== 'map' || intrinsicName(variables)) {
      if (!canary) stage.variablesComplete = false;
      return;
    }
    const target = canary ? stage.canaryVariables : stage.variables;
    const mapSpan = spanOf(document, variables);
    for (const entry of variables.entries) {
      const name = entry.key.value === null ? '' : String(entry.key.value);
      const definition = new Definition(name, stage, canary, document, entry, definitionValue(document, entry.value), mapSpan);
      // SAM Globals first, then the resource: the later definition wins, as in SAM's merge.
      target.set(name, definition);
    }
  }

  private addSamAuth(api: Api, auth: Node | undefined, document: SourceDocument): void {
    const authorizers = get(auth, 'Authorizers');
    if (authorizers?.kind !== 'map') return;
    for (const authorizer of authorizers.entries) {
      this.scanPosition(get(authorizer.value, 'FunctionArn'), positioned({ document, api, subContext: 'plain' }, 'authorizer-uri'));
      for (const item of seqItems(get(get(authorizer.value, 'Identity'), 'StageVariables'))) {
        if (item.kind !== 'scalar' || typeof item.value !== 'string') continue;
        const name = item.value;
        const token: Token = { name, syntax: 'bare', start: 0, end: name.length, nameStart: 0, nameEnd: name.length };
        this.pushReference(item, token, positioned({ document, api, subContext: 'plain' }, 'sam-identity'), undefined);
      }
    }
  }

  /** An API's OpenAPI definition: inline (processed by CloudFormation) or a local file (not processed). */
  private addDefinition(api: Api, body: Node | undefined, location: Node | undefined, document: SourceDocument): void {
    if (body) {
      const transform = get(body, 'Fn::Transform');
      if (transform && intrinsicName(body) === 'Fn::Transform') {
        const included = this.includeFromTransform(api, transform, document);
        if (included) this.withRoot(included, () => this.walkOpenApi(api, included.root, included.document, 'plain'));
      } else {
        this.walkOpenApi(api, body, document, 'plain');
      }
    }
    if (location) {
      const file = stringValue(location);
      if (file === undefined) {
        api.referencesComplete = false; // an S3 object: never fetched
      } else {
        const loaded = this.loadLinked(api, document, location, file);
        if (loaded) this.withRoot(loaded, () => this.walkOpenApi(api, loaded.root, loaded.document, 'unprocessed'));
      }
    }
  }

  private includeFromTransform(api: Api, transform: Node, document: SourceDocument): ParsedDocument | undefined {
    if (stringValue(get(transform, 'Name')) !== 'AWS::Include') return undefined;
    const locationNode = get(get(transform, 'Parameters'), 'Location');
    const location = stringValue(locationNode);
    if (!locationNode || location === undefined) {
      api.referencesComplete = false;
      return undefined;
    }
    return this.loadLinked(api, document, locationNode, location);
  }

  private loadLinked(api: Api, from: SourceDocument, node: Node, location: string): ParsedDocument | undefined {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
      api.referencesComplete = false; // s3://, https://: the tool never touches the network
      return undefined;
    }
    const result = this.options.resolveFile(from, location);
    if ('error' in result) {
      api.referencesComplete = false;
      this.linkProblems.push({ span: spanOf(from, node), message: result.error });
      return undefined;
    }
    if (result.document.syntax.errors.length > 0 || !result.root) {
      api.referencesComplete = false;
      this.linkProblems.push({ span: spanOf(from, node), message: `${location} cannot be parsed; its stage variables are not checked.` });
      return undefined;
    }
    this.consumed.add(result.document);
    this.record(result.document);
    return result;
  }

  private addStandaloneOpenApi({ document, root }: ParsedDocument): void {
    const api = this.newApi(document, undefined, guessOpenApiKind(root), undefined, spanOf(document, root ?? { range: [0, 0] }));
    api.stagesKnown = false;
    this.walkOpenApi(api, root, document, 'unprocessed');
  }

  private applyExternalStages(configs: readonly StageConfig[]): void {
    const cwd = this.options.cwd ?? process.cwd();
    for (const config of configs) {
      const [file, logicalId] = config.api.split('#') as [string, string | undefined];
      const filePath = path.resolve(cwd, file);
      const api = this.apis.find((candidate) => candidate.document.filePath === filePath && (logicalId === undefined || candidate.logicalId === logicalId));
      if (!api) continue;
      api.stagesKnown = true;
      for (const [stageName, variables] of Object.entries(config.stages)) {
        const stage = this.newStage(api, stageName, api.span, 'configuration');
        for (const [name, value] of Object.entries(variables)) {
          const scalar: ScalarNode = { kind: 'scalar', value, isString: true, range: api.span.start === api.span.end ? [0, 0] : [api.span.start, api.span.start], offsetAt: () => api.span.start };
          stage.variables.set(name, { name, stage, canary: false, nameSpan: api.span, value: { kind: 'literal', text: value, node: scalar }, valueSpan: api.span, mapSpan: api.span });
        }
      }
    }
  }

  private walkOpenApi(api: Api, root: Node | null | undefined, document: SourceDocument, subContext: SubContext): void {
    if (!root || root.kind !== 'map') return;
    const handled = new Set<Node>();
    const paths = get(root, 'paths');
    for (const pathEntry of paths?.kind === 'map' ? paths.entries : []) {
      const pathItem = pathEntry.value;
      if (pathItem.kind !== 'map') continue;
      for (const operation of pathItem.entries) {
        const integration = get(operation.value, 'x-amazon-apigateway-integration');
        if (!integration) continue;
        handled.add(integration);
        const methodName = String(operation.key.value);
        const method = methodName === 'x-amazon-apigateway-any-method' ? 'ANY' : methodName.toUpperCase();
        this.addOpenApiIntegration(api, document, integration, subContext, method, String(pathEntry.key.value));
      }
    }
    const components = get(root, 'components');
    const reusable = get(components, 'x-amazon-apigateway-integrations');
    for (const entry of reusable?.kind === 'map' ? reusable.entries : []) {
      handled.add(entry.value);
      this.addOpenApiIntegration(api, document, entry.value, subContext, undefined, undefined);
    }
    for (const schemes of [get(root, 'securityDefinitions'), get(components, 'securitySchemes')]) {
      for (const scheme of schemes?.kind === 'map' ? schemes.entries : []) {
        const authorizer = get(scheme.value, 'x-amazon-apigateway-authorizer');
        if (!authorizer) continue;
        handled.add(authorizer);
        const context = { document, api, subContext };
        this.scanPosition(get(authorizer, 'authorizerUri'), positioned(context, 'authorizer-uri', 'uri'));
        this.scanPosition(get(authorizer, 'authorizerCredentials'), positioned(context, 'authorizer-credentials', 'credentials'));
        this.scanPosition(get(authorizer, 'identitySource'), positioned(context, 'identity-source'));
      }
    }
    const gatewayResponses = get(root, 'x-amazon-apigateway-gateway-responses');
    for (const response of gatewayResponses?.kind === 'map' ? gatewayResponses.entries : []) {
      handled.add(response.value);
      const context = { document, api, subContext };
      this.scanPosition(get(response.value, 'responseTemplates'), positioned(context, 'gateway-response-template'));
      this.scanPosition(get(response.value, 'responseParameters'), positioned(context, 'gateway-response-parameter'));
    }
    // Everything else in the definition (descriptions, examples...) is not evaluated by API Gateway.
    this.scan(root, positioned({ document, api, subContext }, 'not-evaluated'), handled);
  }

  private addOpenApiIntegration(api: Api, document: SourceDocument, node: Node, subContext: SubContext, method: string | undefined, resourcePath: string | undefined): void {
    const responses = get(node, 'responses');
    this.addIntegration(api, document, node, subContext, {
      type: stringValue(get(node, 'type')),
      uri: get(node, 'uri'),
      credentials: get(node, 'credentials'),
      connectionId: get(node, 'connectionId'),
      connectionType: stringValue(get(node, 'connectionType')),
      requestParameters: get(node, 'requestParameters'),
      requestTemplates: get(node, 'requestTemplates'),
      responses: (responses?.kind === 'map' ? responses.entries : []).map((entry) => ({
        parameters: get(entry.value, 'responseParameters'),
        templates: get(entry.value, 'responseTemplates'),
      })),
      method,
      path: resourcePath,
    });
  }

  private addIntegration(
    api: Api | null,
    document: SourceDocument,
    node: Node,
    subContext: SubContext,
    parts: {
      type: string | undefined;
      uri: Node | undefined;
      credentials: Node | undefined;
      connectionId: Node | undefined;
      connectionType: string | undefined;
      requestParameters: Node | undefined;
      requestTemplates: Node | undefined;
      responses: { parameters: Node | undefined; templates: Node | undefined }[];
      method?: string | undefined;
      path?: string | undefined;
      routeKey?: string | undefined;
    },
  ): void {
    const type = integrationType(parts.type);
    const integration: Integration | undefined = api
      ? new ModelIntegration(api, document, startOf(node), endOf(node), type, parts.uri ? flatten(parts.uri, this.intern) : undefined, {
          hasCredentials: parts.credentials !== undefined,
          connectionType: this.internOptional(parts.connectionType?.toUpperCase()),
          method: this.internOptional(parts.method),
          path: this.internOptional(parts.path),
          routeKey: this.internOptional(parts.routeKey),
        })
      : undefined;
    if (api && integration) {
      api.integrations.push(integration);
      if (type === 'AWS_PROXY' && integration.uri && /lambda/.test(integration.uri.text)) api.hasLambdaProxyIntegration = true;
    }
    const context = { document, api, subContext, integration };
    this.scanPosition(parts.uri, positioned(context, 'integration-uri', 'uri'), integration?.uri);
    this.scanPosition(parts.credentials, positioned(context, 'credentials', 'credentials'));
    this.scanPosition(parts.connectionId, positioned(context, 'connection-id'));
    this.scanPosition(parts.requestParameters, positioned(context, 'request-parameter'));
    this.scanPosition(parts.requestTemplates, positioned(context, 'request-template'));
    for (const response of parts.responses) {
      this.scanPosition(response.parameters, positioned(context, 'response-parameter'));
      this.scanPosition(response.templates, positioned(context, 'response-template'));
    }
    // Other integration fields (passthroughBehavior, timeoutInMillis...) are not substituted.
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        // By key, not by node: a Json property given as a string was scanned through its parsed copy.
        if (PRECISE_INTEGRATION_KEYS.has(String(entry.key.value))) continue;
        this.scan(entry.value, positioned({ document, api, subContext }, 'not-evaluated'));
      }
    }
  }

  private scanUnhandledProperties(document: SourceDocument, properties: Node | undefined, handled: readonly string[]): void {
    if (properties?.kind !== 'map') return;
    for (const entry of properties.entries) {
      if (handled.includes(String(entry.key.value))) continue;
      this.scan(entry.value, positioned({ document, api: null, subContext: 'plain' }, 'not-evaluated'));
    }
  }

  /** `flat`: the node already flattened, when the caller has it. */
  private scanPosition(node: Node | undefined, context: ScanContext, flat?: FlatText): void {
    if (node) this.scan(node, context, undefined, flat);
  }

  /**
   * Finds every token in the strings of `node`. Iterative, so hostile nesting cannot overflow the stack.
   * `skip` holds nodes scanned elsewhere with a more precise position.
   */
  private scan(root: Node, context: ScanContext, skip?: ReadonlySet<Node>, flattened?: FlatText): void {
    const sites = this.tokenSites(context.document);
    if (sites === null || !mayHoldSite(sites, root)) return;
    const flat = context.slotKind ? flattened ?? flatten(root) : undefined;
    const templateContext = context.subContext === 'unprocessed' ? context : positioned(context, context.position, context.slotKind, 'sub-template');
    // Two parallel stacks rather than one of {node, fnSub} pairs: the scan passes every node of
    // every template, and a pair per node was as much garbage as the parse itself.
    const nodes: Node[] = [root];
    const subs: (FnSub | undefined)[] = [undefined];
    while (nodes.length > 0) {
      const node = nodes.pop()!;
      const fnSub = subs.pop();
      if (skip?.has(node) && node !== root) continue;
      if (node.kind === 'scalar') {
        if (typeof node.value !== 'string' || !mayContainToken(node.value)) continue;
        for (const token of scanTokens(node.value)) {
          if (token.syntax === 'bare' && !acceptsBareTokens(context.position)) continue;
          this.pushReference(node, token, fnSub ? templateContext : context, flat, fnSub);
        }
      } else if (node.kind === 'seq') {
        for (let i = node.items.length - 1; i >= 0; i--) {
          const item = node.items[i]!;
          if (!mayHoldSite(sites, item)) continue;
          nodes.push(item);
          subs.push(undefined);
        }
      } else if (node.kind === 'map') {
        const fn = intrinsicName(node);
        for (let i = node.entries.length - 1; i >= 0; i--) {
          const entry = node.entries[i]!;
          if (!mayHoldSite(sites, entry.value)) continue;
          if (context.position === 'not-evaluated' && CODE_PROPERTIES.has(String(entry.key.value))) continue;
          const argument = entry.value;
          if (fn !== 'Fn::Sub') {
            nodes.push(argument);
            subs.push(undefined);
          } else if (argument.kind === 'seq') {
            const variables = argument.items[1];
            const templateSub = { variables: variables?.kind === 'map' ? variables : undefined };
            // In order, as before: the order of references decides which of two equal findings is the first (fingerprints).
            argument.items.forEach((item, index) => {
              nodes.push(item);
              subs.push(index === 0 ? templateSub : undefined);
            });
          } else {
            nodes.push(argument);
            subs.push({ variables: undefined });
          }
        }
      }
    }
  }

  /**
   * Where tokens can be in a document: the offsets of every "stagevariable" (any case) in its
   * text, so the scan can pass over subtrees without one; `anywhere` when an escape
   * (`\u0073tageVariables`, a `\`-continued line) can spell a token the raw text lacks; null when
   * the document can hold none.
   */
  private tokenSites(document: SourceDocument): TokenSites {
    let sites = this.sitesByDocument.get(document);
    if (sites === undefined) {
      const text = document.text;
      if (/\\[uUx\r\n]/.test(text)) {
        sites = 'anywhere';
      } else {
        const offsets: number[] = [];
        // test() with a global expression finds each occurrence without building a match array.
        const word = /stagevariable/gi;
        while (word.test(text)) offsets.push(word.lastIndex - 'stagevariable'.length);
        sites = offsets.length > 0 ? Int32Array.from(offsets) : null;
      }
      this.sitesByDocument.set(document, sites);
    }
    return sites;
  }

  private readonly intern = (text: string): string => {
    const known = this.internedStrings.get(text);
    if (known !== undefined) return known;
    this.internedStrings.set(text, text);
    return text;
  };

  private internOptional(text: string | undefined): string | undefined {
    return text === undefined ? undefined : this.intern(text);
  }

  /**
   * The slot a token fills; the same for every reference at the same place of the same flat text.
   * Many integrations share a URI (22,000 integrations, 198 URI texts in the benchmark's worst
   * case): each is classified once, and its references share one slot object.
   */
  private slotOf(kind: 'uri' | 'credentials', text: string, start: number, end: number): SlotInfo {
    const byText = this.slots[kind];
    let byRange = byText.get(text);
    if (!byRange) byText.set(text, (byRange = new Map()));
    const range = `${start},${end}`;
    let slot = byRange.get(range);
    if (!slot) {
      slot = kind === 'uri' ? classifyUriToken(text, start, end) : classifyCredentialsToken(text, start, end);
      byRange.set(range, slot);
    }
    return slot;
  }

  private pushReference(node: ScalarNode, token: Token, context: ScanContext, flat: FlatText | undefined, fnSub?: FnSub): void {
    const document = context.document;
    let slot: SlotInfo | undefined;
    if (flat && context.slotKind) {
      const start = flat.indexOf(node, token.start);
      const end = flat.indexOf(node, token.end);
      if (start >= 0 && end >= start) slot = this.slotOf(context.slotKind, flat.text, start, end);
    }
    const reference = new ScannedReference(
      document,
      token,
      this.intern(token.name),
      context,
      slot,
      node,
      fnSub,
      context.position === 'not-evaluated' ? this.propertyPath(document, node) : undefined,
    );
    this.references.push(reference);
    context.api?.references.push(reference);
  }

  /** The key path of a node from its document's root; undefined for a node outside the tree (inside a JSON string). */
  private propertyPath(document: SourceDocument, node: Node): readonly string[] | undefined {
    const root = this.roots.get(document);
    if (!root) return undefined;
    let parents = this.parentIndexes.get(document);
    if (!parents) this.parentIndexes.set(document, (parents = parentIndex(root)));
    const keys: string[] = [];
    let current = node;
    while (current !== root) {
      const link = parents.get(current);
      if (!link) return undefined;
      keys.push(this.intern(link.key));
      current = link.parent;
    }
    return keys.reverse();
  }
}

type FnSub = Reference['fnSub'] & {};

/**
 * A reference whose spans are worked out on first use: most references are never reported, and
 * two span objects each were a large share of the objects a run keeps (and the collector copies).
 */
class ScannedReference implements Reference, Token {
  readonly name: string;
  readonly syntax: Token['syntax'];
  readonly start: number;
  readonly end: number;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly malformed: Token['malformed'];
  readonly quiet: Token['quiet'];
  readonly api: Api | null;
  readonly position: Position;
  readonly subContext: SubContext;
  readonly integration: Integration | undefined;
  private spanOnce: Span | undefined;
  private nameSpanOnce: Span | undefined;

  constructor(
    private readonly document: SourceDocument,
    token: Token,
    name: string,
    context: ScanContext,
    readonly slot: SlotInfo | undefined,
    readonly node: ScalarNode,
    readonly fnSub: FnSub | undefined,
    readonly propertyPath: readonly string[] | undefined,
  ) {
    // The token's fields are copied, not the token kept: one object fewer per reference for the
    // collector to copy, and references are the largest part of a run's model.
    this.name = name;
    this.syntax = token.syntax;
    this.start = token.start;
    this.end = token.end;
    this.nameStart = token.nameStart;
    this.nameEnd = token.nameEnd;
    this.malformed = token.malformed;
    this.quiet = token.quiet;
    this.api = context.api;
    this.position = context.position;
    this.subContext = context.subContext;
    this.integration = context.integration;
  }

  get token(): Token {
    return this;
  }

  get span(): Span {
    return (this.spanOnce ??= { document: this.document, start: this.node.offsetAt(this.start), end: endOffset(this.node, this.end) });
  }

  get nameSpan(): Span {
    return (this.nameSpanOnce ??= { document: this.document, start: this.node.offsetAt(this.nameStart), end: endOffset(this.node, this.nameEnd) });
  }
}

type TokenSites = Int32Array | 'anywhere' | null;

/** A resource with its spans made on first use: templates have many resources and few are ever reported on. */
class Resource implements ResourceInfo {
  private spanOnce: Span | undefined;

  constructor(
    private readonly document: SourceDocument,
    readonly type: string,
    private readonly keyStart: number,
    private readonly keyEnd: number,
    private readonly end: number,
    readonly metadata: Node | undefined,
  ) {}

  get span(): Span {
    return (this.spanOnce ??= { document: this.document, start: this.keyStart, end: this.keyEnd });
  }

  get range(): Range {
    return [this.keyStart, this.end];
  }
}

/** An integration with its span made on first use, as ScannedReference. */
class ModelIntegration implements Integration {
  readonly hasCredentials: boolean;
  readonly connectionType: string | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly routeKey: string | undefined;
  private spanOnce: Span | undefined;

  constructor(
    readonly api: Api,
    readonly document: SourceDocument,
    private readonly start: number,
    private readonly end: number,
    readonly type: IntegrationType,
    readonly uri: FlatText | undefined,
    details: Pick<Integration, 'hasCredentials' | 'connectionType' | 'method' | 'path' | 'routeKey'>,
  ) {
    this.hasCredentials = details.hasCredentials;
    this.connectionType = details.connectionType;
    this.method = details.method;
    this.path = details.path;
    this.routeKey = details.routeKey;
  }

  get span(): Span {
    return (this.spanOnce ??= { document: this.document, start: this.start, end: this.end });
  }
}

/** A stage-variable definition with its spans made on first use, as ScannedReference. */
class Definition implements VariableDefinition {
  private readonly keyStart: number;
  private readonly keyEnd: number;
  private readonly valueNode: Node;
  private nameSpanOnce: Span | undefined;
  private valueSpanOnce: Span | undefined;

  constructor(
    readonly name: string,
    readonly stage: Stage,
    readonly canary: boolean,
    private readonly document: SourceDocument,
    entry: MapEntry,
    readonly value: DefinitionValue,
    readonly mapSpan: Span,
  ) {
    this.keyStart = startOf(entry.key);
    this.keyEnd = endOf(entry.key);
    this.valueNode = entry.value;
  }

  get nameSpan(): Span {
    return (this.nameSpanOnce ??= { document: this.document, start: this.keyStart, end: this.keyEnd });
  }

  get valueSpan(): Span {
    return (this.valueSpanOnce ??= spanOf(this.document, this.valueNode));
  }
}

/** Can the node's text hold a token: does a site lie inside it? */
function mayHoldSite(sites: Int32Array | 'anywhere', node: Node): boolean {
  if (sites === 'anywhere') return true;
  const first = firstIndexAtLeast(sites, startOf(node));
  return first < sites.length && sites[first]! < endOf(node);
}

/** Each node's parent and its key (or index) there. Iterative: hostile nesting must not overflow the stack. */
function parentIndex(root: Node): Map<Node, { parent: Node; key: string }> {
  const parents = new Map<Node, { parent: Node; key: string }>();
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        parents.set(entry.value, { parent: node, key: String(entry.key.value) });
        stack.push(entry.value);
      }
    } else if (node.kind === 'seq') {
      node.items.forEach((item, index) => {
        parents.set(item, { parent: node, key: String(index) });
        stack.push(item);
      });
    }
  }
  return parents;
}

/** SAM `Api`/`HttpApi` events of a function, with the API each targets. */
function samApiEvents(properties: Node | undefined): SamApiEvent[] {
  const events = get(properties, 'Events');
  if (events?.kind !== 'map') return [];
  const found: SamApiEvent[] = [];
  for (const event of events.entries) {
    const type = stringValue(get(event.value, 'Type'));
    if (type !== 'Api' && type !== 'HttpApi') continue;
    const eventProperties = get(event.value, 'Properties');
    const apiNode = get(eventProperties, type === 'Api' ? 'RestApiId' : 'ApiId');
    found.push({
      name: String(event.key.value),
      type,
      apiLogicalId: apiNode ? refTarget(apiNode) : type === 'Api' ? 'ServerlessRestApi' : 'ServerlessHttpApi',
      path: stringValue(get(eventProperties, 'Path')),
      method: stringValue(get(eventProperties, 'Method')),
    });
  }
  return found;
}

function flatTextOf(node: Node | undefined): string | undefined {
  return node ? flatten(node).text.trim() : undefined;
}

/** End offsets map the last character and step past it, so escapes and folds stay inside the span. */
function endOffset(node: ScalarNode, end: number): number {
  if (end <= 0) return node.offsetAt(0);
  return node.offsetAt(end - 1) + 1;
}

function acceptsBareTokens(position: Position): boolean {
  return (
    position === 'request-parameter' ||
    position === 'response-parameter' ||
    position === 'gateway-response-parameter' ||
    position === 'identity-source'
  );
}

function apiKindOf(type: string, properties: Node | undefined): ApiKind | undefined {
  switch (type) {
    case 'AWS::ApiGateway::RestApi':
    case SAM_TYPES.api:
      return 'rest';
    case SAM_TYPES.httpApi:
      return 'http';
    case SAM_TYPES.wsApi:
      return 'websocket';
    case 'AWS::ApiGatewayV2::Api':
      return stringValue(get(properties, 'ProtocolType'))?.toUpperCase() === 'WEBSOCKET' ? 'websocket' : 'http';
    default:
      return undefined;
  }
}

function globalSection(type: string): string {
  return type === SAM_TYPES.api ? 'Api' : type === SAM_TYPES.httpApi ? 'HttpApi' : 'WebSocketApi';
}

function guessOpenApiKind(root: Node | null): ApiKind {
  // HTTP APIs are OpenAPI 3 only, and their integrations carry payloadFormatVersion.
  const text = stringValue(get(root ?? undefined, 'openapi'));
  if (!text) return 'rest';
  const paths = get(root ?? undefined, 'paths');
  for (const pathEntry of paths?.kind === 'map' ? paths.entries : []) {
    for (const operation of pathEntry.value.kind === 'map' ? pathEntry.value.entries : []) {
      if (get(get(operation.value, 'x-amazon-apigateway-integration'), 'payloadFormatVersion')) return 'http';
    }
  }
  return 'rest';
}

function integrationType(type: string | undefined): IntegrationType {
  // The constants, not the upper-cased copy: every integration of a run keeps its type.
  switch (type?.toUpperCase()) {
    case 'HTTP':
      return 'HTTP';
    case 'HTTP_PROXY':
      return 'HTTP_PROXY';
    case 'AWS':
      return 'AWS';
    case 'AWS_PROXY':
      return 'AWS_PROXY';
    case 'MOCK':
      return 'MOCK';
    default:
      return 'UNKNOWN';
  }
}

function splitRouteKey(routeKey: string): [string | undefined, string | undefined] {
  const match = /^(\S+)\s+(\S+)$/.exec(routeKey);
  return match ? [match[1], match[2]] : [undefined, undefined];
}

/** ApiGatewayV2 `Json` properties may be an object or a JSON string. */
function jsonProperty(node: Node | undefined): Node | undefined {
  if (node?.kind === 'scalar') return parseEmbeddedJson(node) ?? node;
  return node;
}

function integrationPlaceholder(span: Span): Node {
  return { kind: 'map', entries: [], range: [span.start, span.end] };
}

function seqItems(node: Node | undefined): readonly Node[] {
  return node?.kind === 'seq' ? node.items : [];
}

/** The logical id a `Ref X` or `Fn::GetAtt [X, ...]` points at. */
export function refTarget(node: Node | undefined): string | undefined {
  const fn = intrinsicName(node);
  if (!fn || node?.kind !== 'map') return undefined;
  const argument = node.entries[0]!.value;
  if (fn === 'Ref') return stringValue(argument);
  if (fn === 'Fn::GetAtt') {
    if (argument.kind === 'seq') return stringValue(argument.items[0]);
    return stringValue(argument)?.split('.')[0];
  }
  return undefined;
}

function definitionValue(document: SourceDocument, node: Node): DefinitionValue {
  if (node.kind === 'scalar') {
    const text = literalText(node);
    const dynamicReferences = [...text.matchAll(DYNAMIC_REFERENCE)].map((m) => m[0]);
    if (dynamicReferences.length > 0) return { kind: 'computed', node, dynamicReferences };
    return { kind: 'literal', text, node };
  }
  const dynamicReferences = stringValues(node).flatMap((text) => [...text.matchAll(DYNAMIC_REFERENCE)].map((m) => m[0]));
  const parameter = intrinsicName(node) === 'Ref' ? refTarget(node) : undefined;
  return parameter ? { kind: 'computed', node, parameter, dynamicReferences } : { kind: 'computed', node, dynamicReferences };
}

export function spanOf(document: SourceDocument, node: { range: readonly [number, number] }): Span {
  return { document, start: node.range[0], end: node.range[1] };
}
