import type { MapNode, Node, ScalarNode } from '../parse/nodes.ts';
import type { ParsedTree } from '../parse/tree.ts';
import type { LineIndex } from '../parse/lines.ts';
import type { Token } from './scan.ts';
import type { SlotInfo } from './slots.ts';

export type DocumentKind = 'cloudformation' | 'sam' | 'openapi' | 'not-template';

export interface SourceDocument {
  /** Absolute path. */
  readonly filePath: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly tree: ParsedTree;
  readonly format: 'yaml' | 'json';
  readonly kind: DocumentKind;
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
  readonly pieces: readonly FlatPiece[];
  /** The node of the property value. */
  readonly node: Node;
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
  readonly node: MapNode;
  readonly principal: string | undefined;
  readonly functionName: Node | undefined;
  readonly sourceArn: Node | undefined;
  readonly span: Span;
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
  readonly permissions: LambdaPermissionResource[];
  /** Resources with their `Metadata` (for suppressions) by logical id. */
  readonly resources: Map<string, { type: string; node: MapNode; span: Span }>;
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
