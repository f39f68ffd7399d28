// The smallest REST API template with one HTTP integration and one stage: the shared starting
// point of the CLI, baseline and hook tests.
export function restApiTemplate(options: { reference: string; variables: Record<string, string> }): string {
  const variables = Object.entries(options.variables).map(([name, value]) => `        ${name}: ${value}\n`).join('');
  return `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      HttpMethod: GET
      Integration:
        Type: HTTP_PROXY
        Uri: http://\${stageVariables.${options.reference}}/
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      Variables:
${variables}`;
}
