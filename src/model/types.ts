import type { AliasNode, MapNode, Node, Range, ScalarNode } from '../parse/nodes.ts';
import type { Comment, DuplicateKey, ParseProblem } from '../parse/tree.ts';
import type { LineIndex } from '../parse/lines.ts';
import type { Token } from './scan.ts';
import type { SlotInfo } from './slots.ts';

export type DocumentKind = 'cloudformation' | 'sam' | 'openapi' | 'not-template';

/**
 * A linted file, kept for the whole run. Its tree is not part of it: the model takes what it needs
 * from the tree while it is built (ParsedDocument), so a run over hundreds of templates does not
 * hold hundreds of trees (docs/performance.md).
 */
export interface SourceDocument {
  /** Absolute path. */
  readonly filePath: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly format: 'yaml' | 'json';
  readonly kind: DocumentKind;
  readonly syntax: DocumentSyntax;
}

/** What the parser reported besides the tree. */
export interface DocumentSyntax {
  /** Fatal: the file is not valid YAML/JSON. The first one is the one shown to the user. */
  readonly errors: readonly ParseProblem[];
  readonly duplicateKeys: readonly DuplicateKey[];
  /** YAML only: the comments that start like a directive (`# stagevar-lint-…`), the only ones the engine reads. */
  readonly directiveComments: readonly Comment[];
  /** YAML aliases, in document order; never expanded. */
  readonly aliases: readonly AliasNode[];
}

/** A document with its tree, while the model is built from it. */
export interface ParsedDocument {
  readonly document: SourceDocument;
  readonly root: Node | null;
}

/** A place in a document: source offsets [start, end). */
export interface Span {
  readonly document: SourceDocument;
  readonly start: number;
  readonly end: number;
}

export type ApiKind = 'rest' | 'http' | 'websocket';

export interface Api {
  /** Unique within the project: `<file>#<LogicalId>` or `<file>` for a standalone OpenAPI file. */
  readonly key: string;
  readonly kind: ApiKind;
  /** Logical id, or the file name for a standalone OpenAPI document; for messages. */
  readonly name: string;
  readonly document: SourceDocument;
  /** The template that declares the API; undefined for a standalone OpenAPI document. */
  readonly template: TemplateInfo | undefined;
  readonly logicalId: string | undefined;
  /** Where to report API-level findings. */
  readonly span: Span;
  readonly stages: Stage[];
  /** False when the stages that serve this API are not in the linted files (a standalone OpenAPI file). */
  stagesKnown: boolean;
  readonly references: Reference[];
  readonly integrations: Integration[];
  /**
   * False when part of the API's definition could not be read (an S3 location, a missing file),
   * so the set of references may be incomplete and "unused" cannot be decided.
   */
  referencesComplete: boolean;
  /** Lambda proxy integrations pass every stage variable to the function in the event. */
  hasLambdaProxyIntegration: boolean;
  /** An AWS::ApiGatewayV2::Api's ProtocolType, upper-cased, when written literally. */
  readonly protocolType: string | undefined;
}

export interface Stage {
  /** The stage name as written, or a readable stand-in (`Ref StageName`) when it is not literal. */
  readonly name: string;
  readonly api: Api;
  readonly span: Span;
  /** The base stage variables. */
  readonly variables: Map<string, VariableDefinition>;
  /** Canary `StageVariableOverrides`: they apply to canary traffic only. */
  readonly canaryVariables: Map<string, VariableDefinition>;
  /** Where the stage came from, for messages: `AWS::ApiGateway::Stage Prod`, `config`... */
  readonly origin: string;
  /** False when the variables map is built by an intrinsic, a parameter or an alias: its names are not known. */
  variablesComplete: boolean;
}

export type DefinitionValue =
  | { readonly kind: 'literal'; readonly text: string; readonly node: ScalarNode }
  /** Built by an intrinsic function, a parameter or a dynamic reference: not known statically. */
  | {
      readonly kind: 'computed';
      readonly node: Node;
      /** A template parameter the value comes from (`Ref Param`), if any. */
      readonly parameter?: string;
      /** `{{resolve:...}}` dynamic references found in the value. */
      readonly dynamicReferences: readonly string[];
    };

export interface VariableDefinition {
  readonly name: string;
  readonly stage: Stage;
  readonly canary: boolean;
  /** The key as written (its span). */
  readonly nameSpan: Span;
  readonly value: DefinitionValue;
  /** The span of the value (for a literal: the value text itself). */
  readonly valueSpan: Span;
  /** The map that holds the variables, to count them and to report on the whole map. */
  readonly mapSpan: Span;
}

/** Where in a template a reference sits: decides which syntax and which values are valid. */
export type Position =
  | 'integration-uri'
  | 'credentials'
  | 'connection-id'
  | 'request-parameter'
  | 'response-parameter'
  | 'request-template'
  | 'response-template'
  | 'gateway-response-template'
  | 'gateway-response-parameter'
  | 'authorizer-uri'
  | 'authorizer-credentials'
  | 'identity-source'
  | 'sam-identity'
  /** A property API Gateway never evaluates: stage variables are not resolved there. */
  | 'not-evaluated';

/** How CloudFormation treats the string that holds the reference. */
export type SubContext =
  /** In the template string of an `Fn::Sub`: `${x}` is a CloudFormation variable. */
  | 'sub-template'
  /** A plain string CloudFormation passes through. */
  | 'plain'
  /** A file CloudFormation never processes (DefinitionUri, BodyS3Location, a standalone OpenAPI file). */
  | 'unprocessed';

export interface Reference {
  readonly name: string;
  readonly token: Token;
  readonly span: Span;
  /** Span of the name alone inside the token. */
  readonly nameSpan: Span;
  readonly api: Api | null;
  readonly position: Position;
  readonly subContext: SubContext;
  /** For URI and ARN positions: which part of the URI/ARN the reference fills. */
  readonly slot: SlotInfo | undefined;
  readonly integration: Integration | undefined;
  /** The scalar that holds the reference. */
  readonly node: ScalarNode;
  /** Set when the scalar is the template string of an `Fn::Sub`: the variable map of its list form, if it has one. */
  readonly fnSub: { readonly variables: MapNode | undefined } | undefined;
  /**
   * For references in properties API Gateway never evaluates (position `not-evaluated`): the key
   * path of the scalar from its document's root, for messages. Undefined otherwise, and for a
   * string inside a JSON string.
   */
  readonly propertyPath: readonly string[] | undefined;
}

export type IntegrationType = 'HTTP' | 'HTTP_PROXY' | 'AWS' | 'AWS_PROXY' | 'MOCK' | 'UNKNOWN';

export interface Integration {
  readonly api: Api;
  readonly document: SourceDocument;
  readonly span: Span;
  readonly type: IntegrationType;
  /** The integration URI flattened (see flatten.ts), when it has one. */
  readonly uri: FlatText | undefined;
  readonly hasCredentials: boolean;
  /** `INTERNET` or `VPC_LINK` (upper-cased) when written literally; a VPC link makes an HTTP API's URI a load balancer or Cloud Map ARN. */
  readonly connectionType: string | undefined;
  /** REST/HTTP: method and resource path when known (`GET`, `/pets/{id}`); WebSocket: route key. */
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly routeKey: string | undefined;
}

/** A string value with its intrinsic parts replaced by OPAQUE, and a map back to the source. */
export interface FlatText {
  readonly text: string;
  /** The pieces in order, made on each read (the model keeps them packed). */
  readonly pieces: readonly FlatPiece[];
  /** What the opaque part at `index` of `text` stands for, or undefined when none is there. */
  opaqueAt(index: number): string | undefined;
  /** Index in `text` of position `index` of `scalar`'s decoded value, or -1 when that is not in it. */
  indexOf(scalar: ScalarNode, index: number): number;
}

export interface FlatPiece {
  /** Index in FlatText.text where this piece starts. */
  readonly flatStart: number;
  readonly length: number;
  /** For literal pieces: the scalar and the index in its decoded value where the piece starts. */
  readonly scalar?: ScalarNode;
  readonly scalarStart?: number;
  /** For opaque pieces: what stands there (`AWS::AccountId`, `Ref Fn`, `Fn::GetAtt Fn.Arn`). */
  readonly opaque?: string;
}

export interface LambdaFunctionResource {
  readonly logicalId: string;
  readonly document: SourceDocument;
  readonly type: 'AWS::Lambda::Function' | 'AWS::Serverless::Function';
  /** Literal FunctionName, when set. */
  readonly functionName: string | undefined;
  readonly span: Span;
  /** SAM: AutoPublishAlias is written (literal or not) on the function or in Globals. */
  readonly autoPublishAlias: boolean;
  /** SAM `Api` and `HttpApi` events: SAM creates an invoke permission for each. */
  readonly apiEvents: readonly SamApiEvent[];
}

export interface SamApiEvent {
  readonly name: string;
  readonly type: 'Api' | 'HttpApi';
  /** Logical id of the API (RestApiId/ApiId, or SAM's implicit API), when it is a Ref/GetAtt or implicit. */
  readonly apiLogicalId: string | undefined;
  readonly path: string | undefined;
  readonly method: string | undefined;
}

export interface LambdaVersionResource {
  readonly logicalId: string;
  /** Logical id of the function, when FunctionName is a Ref/GetAtt to one. */
  readonly functionLogicalId: string | undefined;
}

export interface LambdaAliasResource {
  readonly logicalId: string;
  readonly document: SourceDocument;
  /** Logical id of the function the alias belongs to, when it is a Ref/GetAtt to one in the template. */
  readonly functionLogicalId: string | undefined;
  readonly aliasName: string | undefined;
  readonly span: Span;
}

export interface LambdaPermissionResource {
  readonly logicalId: string;
  readonly document: SourceDocument;
  /** Principal, Action and SourceAccount flattened (intrinsic parts as OPAQUE) and trimmed. */
  readonly principal: string | undefined;
  readonly action: string | undefined;
  readonly sourceAccount: string | undefined;
  readonly functionName: FlatText | undefined;
  readonly sourceArn: FlatText | undefined;
  readonly span: Span;
}

/** A resource of a template, for suppressions and for rules that need its type. */
export interface ResourceInfo {
  readonly type: string;
  /** The logical id key. */
  readonly span: Span;
  /** The whole resource (key to end of its value). */
  readonly range: Range;
  /** The resource's `Metadata`, if any. */
  readonly metadata: Node | undefined;
}

export interface TemplateParameter {
  readonly name: string;
  readonly noEcho: boolean;
  readonly defaultValue: string | undefined;
}

export interface TemplateInfo {
  readonly document: SourceDocument;
  readonly parameters: Map<string, TemplateParameter>;
  readonly functions: Map<string, LambdaFunctionResource>;
  readonly aliases: Map<string, LambdaAliasResource>;
  readonly versions: Map<string, LambdaVersionResource>;
  readonly permissions: LambdaPermissionResource[];
  /** Every resource with a Type, by logical id. */
  readonly resources: Map<string, ResourceInfo>;
  /** The template's own `Metadata` section. */
  readonly metadata: Node | undefined;
}

/** A problem the model found while linking files (a missing DefinitionUri file...). */
export interface LinkProblem {
  readonly span: Span;
  readonly message: string;
}

export interface ProjectModel {
  readonly documents: SourceDocument[];
  readonly apis: Api[];
  /** Every reference, including those in properties that are not part of any API. */
  readonly references: Reference[];
  readonly templates: TemplateInfo[];
  readonly linkProblems: LinkProblem[];
  /** AWS account ids the user says the APIs live in (--account-id / config). */
  readonly accountIds: readonly string[];
}
