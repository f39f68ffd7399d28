/** CloudFormation's YAML short-form tags and the intrinsic function key each stands for. */
export const SHORT_FORMS: ReadonlyMap<string, string> = new Map<string, string>([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...[
    'Sub', 'GetAtt', 'Join', 'If', 'Select', 'Split', 'FindInMap', 'ImportValue', 'Base64', 'Cidr',
    'GetAZs', 'Equals', 'Not', 'And', 'Or', 'Transform', 'Length', 'ToJsonString',
  ].map((name): [string, string] => [`!${name}`, `Fn::${name}`]),
]);
