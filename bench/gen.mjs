#!/usr/bin/env node
// Deterministic worst-case corpus for the benchmark: every file is an API template full of stage
// variables, so no file can be skipped and every string is scanned. Three shapes in rotation:
//   rest-*.yaml  CloudFormation REST API (Method/Resource/Stage/Deployment, Lambda, IAM, DynamoDB)
//   sam-*.yaml   SAM Api with an inline OpenAPI DefinitionBody, Globals, functions with events
//   http-*.json  ApiGatewayV2 HTTP API as pretty-printed JSON (Integration/Route/Stage)
// YAML files use every scalar style CloudFormation authors write (plain, quoted, folded, literal,
// flow maps and sequences, short-form tags) and comments, so the parse cost is representative.
//
// Usage: node bench/gen.mjs [--out DIR] [--files N] [--seed S]
// Same arguments, same bytes: the generator uses its own seeded PRNG and no clock.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_FILES = 600;
export const DEFAULT_SEED = 8;

/** mulberry32: tiny, fast, good enough for test data, identical on every platform. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['orders', 'catalog', 'billing', 'users', 'search', 'cart', 'inventory', 'payments', 'reports', 'shipping', 'reviews', 'auth', 'media', 'events', 'audit', 'pricing'];
const VERBS = ['get', 'post', 'put', 'delete', 'patch'];

function makeContext(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const cap = (s) => s[0].toUpperCase() + s.slice(1);
  return { random, pick, int, cap };
}

/** Stage variables of one API: hosts, Lambda aliases, VPC links, roles, misc settings. */
function variableSet(c, count) {
  const vars = [];
  for (let i = 0; vars.length < count; i++) {
    const word = WORDS[i % WORDS.length];
    const n = Math.floor(i / WORDS.length);
    const suffix = n === 0 ? '' : String(n);
    switch (i % 5) {
      case 0: vars.push({ name: `${word}Host${suffix}`, kind: 'host', value: `${word}${suffix}.internal.example.com` }); break;
      case 1: vars.push({ name: `${word}Alias${suffix}`, kind: 'alias', value: c.pick(['live', 'blue', 'green', 'canary']) }); break;
      case 2: vars.push({ name: `${word}Function${suffix}`, kind: 'function', value: `${word}-handler-${c.int(1, 9)}` }); break;
      case 3: vars.push({ name: `${word}VpcLink${suffix}`, kind: 'vpclink', value: `vl${c.int(100000, 999999)}` }); break;
      default: vars.push({ name: `${word}Setting${suffix}`, kind: 'setting', value: c.pick(['on', 'off', 'v2', 'strict', '42']) });
    }
  }
  return vars;
}

function ofKind(vars, kind, index) {
  const list = vars.filter((v) => v.kind === kind);
  return list[index % list.length];
}

const LICENSE_COMMENT = [
  '# Copyright Example Corp. All Rights Reserved.',
  '# SPDX-License-Identifier: MIT-0',
  '#',
  '# Generated benchmark template: an API with stage-variable driven backends.',
];

// ---------------------------------------------------------------------------------------------
// CloudFormation REST API (YAML)

function restTemplate(c, index, resourceCount) {
  const vars = variableSet(c, c.int(18, 30));
  const out = [...LICENSE_COMMENT, "AWSTemplateFormatVersion: '2010-09-09'", `Description: >-`, `  REST API ${index} for the ${c.pick(WORDS)} domain, with stage variables`, `  selecting hosts, Lambda aliases and VPC links per stage.`, ''];
  out.push('Parameters:');
  out.push('  Environment:', '    Type: String', '    AllowedValues: [dev, staging, prod]', '    Default: dev');
  out.push('  AlarmEmail:', '    Type: String', "    Default: 'ops@example.com'", '    Description: "Where alarms go"');
  out.push('Conditions:', '  IsProd: !Equals [!Ref Environment, prod]', '');
  out.push('Resources:');
  out.push('  Api:', '    Type: AWS::ApiGateway::RestApi', '    Properties:', `      Name: !Sub "\${AWS::StackName}-api-${index}"`, '      EndpointConfiguration:', '        Types: [REGIONAL]');
  const resources = resourceCount ?? c.int(8, 13);
  let methodCount = 0;
  for (let r = 0; r < resources; r++) {
    const word = WORDS[(index + r) % WORDS.length];
    const id = `${c.cap(word)}${r}Resource`;
    // Unique per resource even when there are more resources than words (largeTemplate).
    const fnId = `${c.cap(word)}${r >= WORDS.length ? r : ''}`;
    out.push(`  ${id}:`, '    Type: AWS::ApiGateway::Resource', '    Properties:', '      RestApiId: !Ref Api', r % 3 === 0 ? '      ParentId: !GetAtt Api.RootResourceId' : `      ParentId: {"Fn::GetAtt": [Api, RootResourceId]}`, `      PathPart: ${word}${r}`);
    for (const verb of VERBS.slice(0, c.int(2, 4))) {
      methodCount++;
      const methodId = `${c.cap(word)}${r}${c.cap(verb)}Method`;
      const style = methodCount % 4;
      out.push(`  ${methodId}:`, '    Type: AWS::ApiGateway::Method', '    Properties:', '      RestApiId: !Ref Api', `      ResourceId: !Ref ${id}`, `      HttpMethod: ${verb.toUpperCase()}`, '      AuthorizationType: NONE', '      RequestParameters:', "        method.request.header.X-Request-Id: false", '      Integration:');
      if (style === 0) {
        const host = ofKind(vars, 'host', methodCount);
        out.push('        Type: HTTP_PROXY', `        IntegrationHttpMethod: ${verb.toUpperCase()}`, `        Uri: https://\${stageVariables.${host.name}}/${word}/{id}`, '        ConnectionType: VPC_LINK', `        ConnectionId: "\${stageVariables.${ofKind(vars, 'vpclink', methodCount).name}}"`, '        RequestParameters:', `          integration.request.header.X-Setting: stageVariables.${ofKind(vars, 'setting', methodCount).name}`, "          integration.request.path.id: 'method.request.path.id'");
      } else if (style === 1) {
        const fn = ofKind(vars, 'function', methodCount);
        out.push('        Type: AWS_PROXY', '        IntegrationHttpMethod: POST', `        Uri: !Sub arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:\${!stageVariables.${fn.name}}/invocations`);
      } else if (style === 2) {
        const alias = ofKind(vars, 'alias', methodCount);
        out.push('        Type: AWS', '        IntegrationHttpMethod: POST', '        Uri: !Join', "          - ''", '          - - !Sub "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"', `            - !GetAtt ${fnId}Function.Arn`, `            - ':\${stageVariables.${alias.name}}/invocations'`, '        RequestTemplates:', '          application/json: |', '            {', '              "body": $input.json(\'$\'),', `              "setting": "$stageVariables.${ofKind(vars, 'setting', methodCount + 1).name}",`, `              "host": "\${stageVariables.${ofKind(vars, 'host', methodCount + 2).name}}",`, '              "requestId": "$context.requestId"', '            }', '        IntegrationResponses:', '          - StatusCode: 200', '            ResponseTemplates:', `              application/json: "{\\"version\\": \\"$stageVariables['${ofKind(vars, 'setting', methodCount).name}']\\"}"`, '            ResponseParameters:', `              method.response.header.X-Backend: "stageVariables.${ofKind(vars, 'host', methodCount).name}"`);
      } else {
        out.push('        Type: MOCK', '        RequestTemplates:', "          application/json: '{\"statusCode\": 200}'", '        IntegrationResponses:', '          - StatusCode: 200', '            ResponseTemplates:', '              application/json: >', `                {"stage": "$context.stage", "mode": "$stageVariables.${ofKind(vars, 'setting', methodCount).name}"}`);
      }
      out.push('      MethodResponses:', '        - StatusCode: 200', '          ResponseParameters: {method.response.header.X-Backend: true}');
    }
    out.push(`  ${fnId}Function:`, '    Type: AWS::Lambda::Function', '    Properties:', `      FunctionName: ${word}-handler-${r}`, '      Runtime: nodejs20.x', '      Handler: index.handler', '      Role: !GetAtt LambdaRole.Arn', '      Code:', '        ZipFile: |', '          exports.handler = async (event) => {', '            // The stage variables arrive in the event.', '            return { statusCode: 200, body: JSON.stringify(event.stageVariables) };', '          };', '      Environment:', '        Variables:', `          TABLE: !Ref ${fnId}Table`);
    out.push(`  ${fnId}Permission${r}:`, '    Type: AWS::Lambda::Permission', '    Properties:', `      FunctionName: !GetAtt ${fnId}Function.Arn`, '      Action: lambda:InvokeFunction', '      Principal: apigateway.amazonaws.com', `      SourceArn: !Sub "arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*/*/*"`);
    out.push(`  ${fnId}Table:`, '    Type: AWS::DynamoDB::Table', '    Properties:', '      BillingMode: PAY_PER_REQUEST', '      AttributeDefinitions:', '        - AttributeName: pk', '          AttributeType: S', '      KeySchema:', '        - {AttributeName: pk, KeyType: HASH}');
  }
  out.push('  LambdaRole:', '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow', '            Principal: {Service: [lambda.amazonaws.com]}', "            Action: ['sts:AssumeRole']", '      ManagedPolicyArns:', '        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
  out.push('  Deployment:', '    Type: AWS::ApiGateway::Deployment', '    DependsOn: [LambdaRole]', '    Properties:', '      RestApiId: !Ref Api');
  for (const stageName of ['dev', 'prod']) {
    out.push(`  ${c.cap(stageName)}Stage:`, '    Type: AWS::ApiGateway::Stage', '    Properties:', '      RestApiId: !Ref Api', '      DeploymentId: !Ref Deployment', `      StageName: ${stageName}`, '      Variables:');
    // One variable is missing on dev: undefined-variable findings on every reference to it.
    for (const v of vars.slice(stageName === 'dev' ? 1 : 0)) {
      const value = c.random() < 0.3 ? `'${v.value}'` : c.random() < 0.2 ? `"${v.value}"` : v.value;
      out.push(`        ${v.name}: ${value}  # ${v.kind}`);
    }
    out.push('      MethodSettings:', "        - ResourcePath: '/*'", "          HttpMethod: '*'", '          MetricsEnabled: true');
  }
  out.push('Outputs:', '  ApiUrl:', '    Value: !Sub "https://${Api}.execute-api.${AWS::Region}.amazonaws.com/prod"', '    Export:', '      Name: !Sub "${AWS::StackName}-url"', '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// SAM with an inline OpenAPI definition (YAML)

function samTemplate(c, index) {
  const vars = variableSet(c, c.int(16, 26));
  const out = [...LICENSE_COMMENT, "AWSTemplateFormatVersion: '2010-09-09'", 'Transform: AWS::Serverless-2016-10-31', `Description: SAM API ${index} with an inline OpenAPI definition`, ''];
  out.push('Globals:', '  Function:', '    Runtime: python3.12', '    Timeout: 10', '    MemorySize: 256', '    Tracing: Active', '  Api:', '    Variables:');
  for (const v of vars.slice(0, 4)) out.push(`      ${v.name}: ${v.value}`);
  out.push('', 'Resources:', '  Api:', '    Type: AWS::Serverless::Api', '    Properties:', '      StageName: prod', '      TracingEnabled: true', '      Variables:');
  for (const v of vars.slice(4)) out.push(`        ${v.name}: "${v.value}"`);
  out.push('      DefinitionBody:', '        openapi: 3.0.1', '        info:', `          title: sam-api-${index}`, "          version: '1.0'", '        paths:');
  const paths = c.int(15, 24);
  for (let p = 0; p < paths; p++) {
    const word = WORDS[(index + p) % WORDS.length];
    out.push(`          /${word}/${p}/{id}:`);
    for (const verb of VERBS.slice(0, c.int(2, 3))) {
      const style = (p + verb.length) % 3;
      out.push(`            ${verb}:`, `              operationId: ${verb}${c.cap(word)}${p}`, '              parameters:', '                - name: id', '                  in: path', '                  required: true', '                  schema: {type: string}', '              responses:', "                '200':", '                  description: OK', '              x-amazon-apigateway-integration:');
      if (style === 0) {
        out.push('                type: http_proxy', `                httpMethod: ${verb.toUpperCase()}`, `                uri: https://\${stageVariables.${ofKind(vars, 'host', p).name}}/${word}/{id}`, '                connectionType: VPC_LINK', `                connectionId: \${stageVariables.${ofKind(vars, 'vpclink', p).name}}`, '                requestParameters:', "                  integration.request.path.id: method.request.path.id", `                  integration.request.header.X-Mode: stageVariables.${ofKind(vars, 'setting', p).name}`);
      } else if (style === 1) {
        out.push('                type: aws_proxy', '                httpMethod: POST', `                uri: !Sub "arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${c.cap(word)}Function.Arn}:\${!stageVariables.${ofKind(vars, 'alias', p).name}}/invocations"`);
      } else {
        out.push('                type: aws', '                httpMethod: POST', `                uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:\${stageVariables.${ofKind(vars, 'function', p).name}}/invocations'`, '                requestTemplates:', '                  application/json: |-', '                    #set($mode = "$stageVariables.' + ofKind(vars, 'setting', p + 1).name + '")', '                    {', '                      "mode": "$mode",', `                      "alias": "\${stageVariables['${ofKind(vars, 'alias', p).name}']}"`, '                    }', '                responses:', '                  default:', "                    statusCode: '200'");
      }
    }
  }
  out.push('        components:', '          securitySchemes:', '            LambdaAuth:', '              type: apiKey', '              name: Authorization', '              in: header', '              x-amazon-apigateway-authorizer:', '                type: request', `                identitySource: method.request.header.Authorization, stageVariables.${ofKind(vars, 'setting', 3).name}`, `                authorizerUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:\${!stageVariables.${ofKind(vars, 'function', 1).name}}/invocations`);
  for (let f = 0; f < 10; f++) {
    const word = WORDS[(index + f) % WORDS.length];
    out.push(`  ${c.cap(word)}Function:`, '    Type: AWS::Serverless::Function', '    Properties:', '      Handler: app.handler', `      CodeUri: src/${word}/`, '      AutoPublishAlias: live', '      Environment:', '        Variables:', `          TABLE_NAME: !Ref ${c.cap(word)}Table`, "          LOG_LEVEL: 'INFO'", '      Policies:', `        - DynamoDBCrudPolicy: {TableName: !Ref ${c.cap(word)}Table}`, '      Events:', '        Get:', '          Type: Api', '          Properties:', '            RestApiId: !Ref Api', `            Path: /${word}/{id}`, '            Method: get');
    out.push(`  ${c.cap(word)}Table:`, '    Type: AWS::Serverless::SimpleTable', '    Properties:', '      PrimaryKey: {Name: id, Type: String}');
  }
  out.push('Outputs:', '  Endpoint:', '    Value: !Sub "https://${Api}.execute-api.${AWS::Region}.amazonaws.com/prod/"', '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// HTTP API (JSON)

function httpTemplate(c, index) {
  const vars = variableSet(c, c.int(16, 28));
  const resources = {
    HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: `http-api-${index}`, ProtocolType: 'HTTP', Description: 'HTTP API whose integrations are chosen by stage variables' } },
  };
  const routes = c.int(32, 46);
  for (let r = 0; r < routes; r++) {
    const word = WORDS[(index + r) % WORDS.length];
    const id = `${c.cap(word)}${r}`;
    const lambda = r % 2 === 1;
    resources[`${id}Integration`] = {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: lambda
        ? { ApiId: { Ref: 'HttpApi' }, IntegrationType: 'AWS_PROXY', IntegrationUri: `arn:aws:lambda:us-east-1:123456789012:function:\${stageVariables.${ofKind(vars, 'function', r).name}}`, PayloadFormatVersion: '2.0' }
        : {
            ApiId: { Ref: 'HttpApi' },
            IntegrationType: 'HTTP_PROXY',
            IntegrationMethod: 'ANY',
            IntegrationUri: `https://\${stageVariables.${ofKind(vars, 'host', r).name}}/${word}`,
            ConnectionType: 'VPC_LINK',
            ConnectionId: `\${stageVariables.${ofKind(vars, 'vpclink', r).name}}`,
            PayloadFormatVersion: '1.0',
            RequestParameters: { 'overwrite:header.x-mode': `$stageVariables.${ofKind(vars, 'setting', r).name}`, 'append:querystring.source': 'api' },
          },
    };
    resources[`${id}Route`] = { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'HttpApi' }, RouteKey: `GET /${word}/${r}`, Target: { 'Fn::Join': ['/', ['integrations', { Ref: `${id}Integration` }]] } } };
  }
  for (const stageName of ['beta', 'prod']) {
    const stageVariables = {};
    for (const v of vars.slice(stageName === 'beta' ? 2 : 0)) stageVariables[v.name] = v.value;
    resources[`${c.cap(stageName)}Stage`] = { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'HttpApi' }, StageName: stageName, AutoDeploy: true, StageVariables: stageVariables, DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50.5 } } };
  }
  const template = { AWSTemplateFormatVersion: '2010-09-09', Description: `HTTP API ${index}`, Resources: resources, Outputs: { Url: { Value: { 'Fn::Sub': 'https://${HttpApi}.execute-api.${AWS::Region}.amazonaws.com' } } } };
  return JSON.stringify(template, null, 2) + '\n';
}

/** A REST template of at least `lines` lines (the ESLint keystroke benchmark's file). */
export function largeTemplate(lines, seed = DEFAULT_SEED) {
  for (let resources = 8; ; resources++) {
    const text = restTemplate(makeContext(prng(seed)), 0, resources);
    if (text.split('\n').length >= lines) return text;
  }
}

/** Writes the corpus; returns the file paths in generation order. */
export function generate({ out, files = DEFAULT_FILES, seed = DEFAULT_SEED }) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const written = [];
  for (let i = 0; i < files; i++) {
    // Each file has its own stream, so file i is the same whatever the file count.
    const c = makeContext(prng(seed * 1_000_003 + i));
    const kind = i % 3;
    const name = kind === 0 ? `rest-${i}.yaml` : kind === 1 ? `sam-${i}.yaml` : `http-${i}.json`;
    const text = kind === 0 ? restTemplate(c, i) : kind === 1 ? samTemplate(c, i) : httpTemplate(c, i);
    const filePath = path.join(out, name);
    writeFileSync(filePath, text);
    written.push(filePath);
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, files: { type: 'string' }, seed: { type: 'string' } } });
  const out = path.resolve(values.out ?? '.bench/corpus');
  const list = generate({ out, files: Number(values.files ?? DEFAULT_FILES), seed: Number(values.seed ?? DEFAULT_SEED) });
  console.log(`wrote ${list.length} files to ${out}`);
}
