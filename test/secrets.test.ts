// Tests for src/secrets/detect.ts (the `no-secrets` rule's detector).
//
// Every token below is built at run time from a deterministic pseudo-random generator, so the
// repository holds no string that a secret scanner would flag, and no token has the low
// entropy of `'a'.repeat(n)`.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { prng } from './support/random.ts';
import {
  detectSecret,
  isSecretName,
  maskSecret,
  secretDynamicReference,
  nameWords,
  shannonEntropy,
  type SecretKind,
  type SecretMatch,
} from '../src/secrets/detect.ts';

// ---------------------------------------------------------------------------------------------
// Deterministic token factory (mulberry32)
// ---------------------------------------------------------------------------------------------


const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const B62 = UPPER + LOWER + DIGITS;
const B64URL = B62 + '-_';
const HEX = '0123456789abcdef';
const BASE32 = UPPER + '234567';

const rand = prng(0x5eed);
function pick(charset: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += charset[Math.floor(rand() * charset.length)];
  return s;
}
/** Random, but with at least one upper, lower and digit (as real keys nearly always have). */
function mixed(n: number, charset = B62): string {
  for (;;) {
    const s = pick(charset, n);
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}
const b64url = (s: string): string => Buffer.from(s).toString('base64url');

const T = {
  awsKeyId: () => 'AKIA' + pick(BASE32, 16),
  awsTempKeyId: () => 'ASIA' + pick(BASE32, 16),
  awsSecret: () => mixed(40, B62 + '/'),
  github: () => 'ghp_' + mixed(36),
  githubFine: () => 'github_pat_' + mixed(22) + '_' + mixed(59),
  gitlab: () => 'glpat-' + mixed(20, B64URL),
  slackBot: () => 'xoxb-' + pick(DIGITS, 12) + '-' + pick(DIGITS, 13) + '-' + mixed(24),
  slackHook: () => 'https://hooks.slack.com/services/T' + pick(UPPER + DIGITS, 8) + '/B' + pick(UPPER + DIGITS, 10) + '/' + mixed(24),
  discordHook: () => 'https://discord.com/api/webhooks/' + pick(DIGITS, 18) + '/' + mixed(68, B64URL),
  stripeLive: () => 'sk_live_' + mixed(24),
  stripeRestricted: () => 'rk_live_' + mixed(24),
  stripeTest: () => 'sk_test_' + mixed(24),
  pem: () => '-----BEGIN RSA PRIVATE KEY-----\n' + mixed(64, B62 + '+/') + '\n-----END RSA PRIVATE KEY-----',
  pemOpenssh: () => '-----BEGIN OPENSSH PRIVATE KEY-----\n' + mixed(70, B62 + '+/') + '\n-----END OPENSSH PRIVATE KEY-----',
  jwt: () =>
    b64url('{"alg":"HS256","typ":"JWT"}') + '.' + b64url(`{"sub":"${pick(DIGITS, 10)}","name":"${pick(LOWER, 8)}"}`) + '.' + mixed(43, B64URL),
  google: () => 'AIza' + mixed(35, B64URL),
  sendgrid: () => 'SG.' + mixed(22, B64URL) + '.' + mixed(43, B64URL),
  twilio: () => 'SK' + pick(HEX, 32),
  npm: () => 'npm_' + mixed(36),
  random: (n: number) => mixed(n),
};

function kindOf(name: string, value: string): SecretKind | null {
  return detectSecret(name, value)?.kind ?? null;
}

// ---------------------------------------------------------------------------------------------
// Known formats
// ---------------------------------------------------------------------------------------------

describe('known formats', () => {
  const cases: [string, SecretKind, () => string][] = [
    ['AWS access key id (AKIA)', 'aws-access-key-id', T.awsKeyId],
    ['AWS temporary key id (ASIA)', 'aws-access-key-id', T.awsTempKeyId],
    ['GitHub classic token', 'github-token', T.github],
    ['GitHub fine-grained token', 'github-token', T.githubFine],
    ['GitLab token', 'gitlab-token', T.gitlab],
    ['Slack bot token', 'slack-token', T.slackBot],
    ['Slack webhook', 'slack-webhook', T.slackHook],
    ['Discord webhook', 'discord-webhook', T.discordHook],
    ['Stripe live key', 'stripe-key', T.stripeLive],
    ['Stripe restricted key', 'stripe-key', T.stripeRestricted],
    ['Stripe test key', 'stripe-key', T.stripeTest],
    ['PEM RSA private key', 'private-key', T.pem],
    ['PEM OpenSSH private key', 'private-key', T.pemOpenssh],
    ['JWT', 'jwt', T.jwt],
    ['Google API key', 'google-api-key', T.google],
    ['SendGrid key', 'sendgrid-key', T.sendgrid],
    ['Twilio API key', 'twilio-key', T.twilio],
    ['npm token', 'npm-token', T.npm],
  ];
  for (const [label, kind, make] of cases) {
    test(label, () => {
      const token = make();
      // a neutral name: the format alone decides
      assert.equal(kindOf('backendConfig', token), kind);
      const m = detectSecret('backendConfig', token)!;
      assert.equal(m.confidence, 'high');
      assert.ok(!m.description.includes(token));
    });
    test(`${label}, embedded in a longer value`, () => {
      const token = make();
      if (token.includes('\n')) return; // PEM blocks are whole values
      assert.equal(kindOf('target', `https://api.example.com/v1/hook?x=1&k=${token}`), kind);
    });
  }

  test('AWS secret access key needs a name that says so', () => {
    const secret = T.awsSecret();
    assert.equal(kindOf('AWS_SECRET_ACCESS_KEY', secret), 'aws-secret-access-key');
    assert.equal(kindOf('awsSecretKey', secret), 'aws-secret-access-key');
    assert.equal(kindOf('secretAccessKey', secret), 'aws-secret-access-key');
    // …or a key=value context in the value
    assert.equal(kindOf('backend', `region=us-east-1&aws_secret_access_key=${secret}`), 'aws-secret-access-key');
    // without context a random 40-char string is still a high-entropy finding
    assert.equal(kindOf('backend', secret), 'high-entropy-string');
  });

  test('a credential in a URL', () => {
    const pass = T.random(16);
    assert.equal(kindOf('registry', `https://deploy:${pass}@registry.example.com/v2`), 'basic-auth-url');
    assert.equal(kindOf('repo', `https://:${pass}@git.example.com/org/repo.git`), 'basic-auth-url');
    // documentation placeholders and templates
    assert.equal(detectSecret('registry', 'https://user:password@registry.example.com'), null);
    assert.equal(detectSecret('registry', 'https://user:${Password}@registry.example.com'), null);
    assert.equal(detectSecret('registry', 'https://user:<password>@registry.example.com'), null);
  });

  test('a secret in a query or settings parameter', () => {
    assert.equal(kindOf('backendUrl', `https://api.example.com/hook?api_key=${T.random(24)}`), 'secret-parameter');
    assert.equal(kindOf('backendUrl', 'https://api.example.com/hook?token=changeme'), 'secret-parameter');
    assert.equal(kindOf('dsn', 'host=db.internal&user=app&password=hunter22'), 'secret-parameter');
    assert.equal(kindOf('download', `https://b.s3.amazonaws.com/k?X-Amz-Signature=${pick(HEX, 64)}`), 'secret-parameter');
    // pointer-valued parameters are not secrets
    assert.equal(detectSecret('backendUrl', 'https://api.example.com/login?token_type=bearer&auth=iam'), null);
    assert.equal(detectSecret('backendUrl', 'https://api.example.com/cb?next=/home&secretName=prod/db'), null);
  });

  test('an Authorization header value', () => {
    assert.equal(kindOf('upstreamAuthHeader', 'Basic ' + Buffer.from(`svc:${T.random(12)}`).toString('base64')), 'authorization-header');
    assert.equal(kindOf('h', `Bearer ${T.random(32)}`), 'authorization-header');
    assert.equal(detectSecret('description', 'Basic Template'), null);
  });

  test('AWS documentation examples are not secrets', () => {
    assert.equal(detectSecret('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE'), null);
    assert.equal(detectSecret('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), null);
    assert.equal(detectSecret('awsSecretAccessKey', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), null);
    assert.equal(detectSecret('accessKey', 'ASIA' + 'QWERTYUIO' + 'EXAMPLE'), null);
    assert.equal(detectSecret('githubToken', 'ghp_' + mixed(29) + 'EXAMPLE'), null);
    assert.equal(detectSecret('oai', 'origin-access-identity/cloudfront/E127EXAMPLE51Z'), null);
  });

  test('format look-alikes that are not secrets', () => {
    assert.equal(detectSecret('publishableKey', 'pk_live_' + mixed(24)), null); // Stripe publishable keys are public
    assert.equal(detectSecret('x', 'AKIA' + 'A'.repeat(16)), null); // degenerate
    assert.equal(detectSecret('sg', 'SG.SecGroupId'), null);
    assert.equal(detectSecret('desc', 'Legacy Slack Token (xoxp-ywz) to send messages'), null);
    assert.equal(detectSecret('cert', '-----BEGIN CERTIFICATE-----\n' + mixed(64, B62 + '+/') + '\n-----END CERTIFICATE-----'), null);
  });
});

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

describe('isSecretName', () => {
  const secret = [
    'password', 'Password', 'PASSWORD', 'dbPassword', 'DB_PASSWORD', 'db_password_prod', 'DBPASSWORD',
    'passwd', 'pwd', 'adminPass', 'admin_pass', 'secret', 'clientSecret', 'client_secret', 'CLIENTSECRET',
    'jwtSecret', 'webhookSecret', 'token', 'accessToken', 'authToken', 'GITHUB_TOKEN', 'slackBotToken',
    'apiKey', 'api_key', 'APIKey', 'APIKEY', 'apikey', 'xApiKey', 'privateKey', 'private_key', 'privKey',
    'recaptcha_privKey', 'signingKey', 'signing_key', 'secretKey', 'masterKey', 'encryptionKey',
    'credential', 'credentials', 'dbCreds', 'auth', 'basicAuth', 'authorization', 'passphrase',
    'tokenValue', 'apiKeyV2', 'stripeApiKey', 'licenseKey',
  ];
  const notSecret = [
    'passwordResetPath', 'tokenEndpoint', 'tokenUrl', 'authStage', 'secretArn', 'secretName',
    'apiKeyHeader', 'authorizerFunction', 'tokenTtl', 'secretId', 'apiKeyId', 'accessKeyId',
    'privateKeyPath', 'authType', 'authMode', 'passwordMinLength', 'passwordPolicy', 'tokenExpiry',
    'secretsManagerEndpoint', 'dbPasswordSecretArn', 'credentialsProvider', 'clientSecretParameter',
    'nextToken', 'paginationToken', 'ServiceToken', 'passThrough', 'passthroughBehavior', 'passport',
    'bypass', 'compass', 'secretary', 'tokenizer', 'author', 'authorName', 'authorizer', 'kmsKeyId',
    'keyName', 'sortKey', 's3Key', 'partitionKey', 'publicKey', 'cacheKey', 'stage', 'lambdaAlias',
    'url', 'region', 'apiKeyRequired', 'apiKeySource', 'passwordKey', 'authRegion', 'tokenIssuer',
    'jwtAudience', 'ExplicitAuthFlows', 'MultiFactorAuthPresent', 'username', 'dbUser',
  ];
  for (const n of secret) test(`says secret: ${n}`, () => assert.equal(isSecretName(n), true, n));
  for (const n of notSecret) test(`does not: ${n}`, () => assert.equal(isSecretName(n), false, n));

  test('word splitting', () => {
    assert.deepEqual(nameWords('passwordResetPath'), ['password', 'reset', 'path']);
    assert.deepEqual(nameWords('DB_PASSWORD'), ['db', 'password']);
    assert.deepEqual(nameWords('APIKeyHeader'), ['api', 'key', 'header']);
    assert.deepEqual(nameWords('clientsecret'), ['client', 'secret']);
    assert.deepEqual(nameWords('LambdaCodeS3Key'), ['lambda', 'code', 's3', 'key']);
    assert.deepEqual(nameWords('secretary'), ['secretary']);
  });
});

// ---------------------------------------------------------------------------------------------
// Secret names with literal values
// ---------------------------------------------------------------------------------------------

describe('secret names', () => {
  test('a literal value in a secret-named variable is a secret', () => {
    const cases: [string, string][] = [
      ['password', 'changeme'],
      ['password', 'password123'],
      ['password', 'password'],
      ['dbPassword', 'Tr0ub4dor-3'],
      ['DB_PASSWORD', '123456'],
      ['admin_pass', 'letmein1'],
      ['clientSecret', T.random(12)],
      ['apiKey', '123e4567-e89b-42d3-a456-426614174000'], // a UUID IS a key when the name says so
      ['signing_key', 'my-signing-key-2024'],
      ['token', 'poc-microvm-token-42'],
      ['privateKey', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'],
      ['authToken', 'secret-token'],
      ['credentials', 'admin:admin123'],
    ];
    for (const [n, v] of cases) assert.equal(kindOf(n, v), 'secret-name', `${n}=${v}`);
  });

  test('pointers, settings and placeholders are not secrets (the brief’s examples)', () => {
    const cases: [string, string][] = [
      ['passwordResetPath', 'account/reset'],
      ['tokenEndpoint', 'auth.example.com/oauth2/token'],
      ['tokenUrl', 'https://x/oauth/token'],
      ['authStage', 'dev'],
      ['secretArn', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf'],
      ['secretName', 'prod/db/password'],
      ['apiKeyHeader', 'x-api-key'],
      ['authorizerFunction', 'MyAuthFn'],
      ['tokenTtl', '3600'],
    ];
    for (const [n, v] of cases) assert.equal(detectSecret(n, v), null, `${n}=${v}`);
  });

  test('values that are pointers even under a secret name', () => {
    const cases: [string, string][] = [
      ['password', 'dev'], // an environment name, not a password
      ['secret', 'prod/db/password'], // a Secrets Manager secret name
      ['secret', '/myapp/prod/db'], // an SSM path
      ['credentials', 'arn:aws:iam::123456789012:role/ApiGatewayInvoke'],
      ['token', 'https://auth.example.com/oauth2/token'],
      ['token', 'none'],
      ['token', 'true'],
      ['apiKey', 'x-api-key'],
      ['apiKey', 'MyApiKey'], // a logical id of an AWS::ApiGateway::ApiKey
      ['SLACK_TOKEN', 'SlackToken'], // the parameter's own name
      ['auth', 'iam'],
      ['auth', 'cognito'],
      ['auth', 'AWS_IAM'],
      ['auth', 'CognitoAuthorizer'],
      ['auth', 'read:pets'],
      ['accessToken', 'hours'], // Cognito TokenValidityUnits
      ['allowCredentials', "'true'"], // quoted header mapping
      ['password', 'YOUR_PASSWORD_HERE'],
      ['password', '<password>'],
      ['password', '********'],
      ['password', 'REPLACE_ME'],
      ['password', '1.2.3'],
      ['password', ''],
      ['password', '${stageVariables.password}'],
      ['password', '{{resolve:secretsmanager:prod/db:SecretString:password}}'],
      ['token', '#{TokenParameter}'],
      ['secret', 'ssm:/prod/secret'],
    ];
    for (const [n, v] of cases) assert.equal(detectSecret(n, v), null, `${n}=${v}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Entropy
// ---------------------------------------------------------------------------------------------

describe('high-entropy strings', () => {
  test('random tokens under neutral names', () => {
    let hit = 0;
    const n = 300;
    for (let i = 0; i < n; i++) if (kindOf('backend', T.random(32 + (i % 33))) === 'high-entropy-string') hit++;
    assert.ok(hit / n >= 0.9, `recall ${hit}/${n}`); // measured ~93–99% for 32–64 chars
    assert.equal(kindOf('backend', T.random(48)), 'high-entropy-string');
    assert.equal(kindOf('target', `prod/hooks/${T.random(40)}`), 'high-entropy-string');
  });

  test('whole-value hex: flagged unless the name says digest or id; hex inside text is a hash', () => {
    const sha = pick(HEX, 40);
    const sha256 = pick(HEX, 64);
    assert.equal(kindOf('backend', sha256), 'high-entropy-string'); // `openssl rand -hex 32`
    assert.equal(kindOf('datadog', pick(HEX, 32)), 'high-entropy-string');
    assert.equal(detectSecret('commitSha', sha), null);
    assert.equal(detectSecret('gitCommit', sha), null);
    assert.equal(detectSecret('buildVersion', sha), null);
    assert.equal(detectSecret('deploymentId', sha), null);
    assert.equal(detectSecret('LambdaCodeS3Key', sha256), null);
    assert.equal(detectSecret('description', `RestApi deployment id: ${sha}`), null);
    assert.equal(detectSecret('asset', `${sha256}.zip`), null);
    assert.equal(detectSecret('location', `s3://bucket/${pick(HEX, 32)}`), null);
    assert.equal(detectSecret('short', pick(HEX, 24)), null); // below 32: resource ids, trace ids
  });

  test('identifiers, ARNs, hosts, paths, UUIDs and versions are not secrets', () => {
    const values = [
      'my-service-prod-HelloWorldFunction-1A2B3C4D5E6F', // CloudFormation physical id
      'sam-app-HelloWorldFunction-k3kF8fa9QX2Z',
      'CFN-Dummy-89p1ywocoTYF',
      'LambdaFunctionServiceRoleDefaultPolicy126C8897', // CDK logical ids
      'BucketNotificationsHandler050a0587b7544547bf325f094a3db834RoleB6FB88EC',
      'ApiGatewayDomainNameV22dbf35af54', // SAM generated
      'MyAwesomeFunctionVersion640128d35d',
      'SecurityGroupIDsForNLBAndEC2',
      'AWSCloudTrailAclCheck20150319',
      'VpcStack:ExportsOutputRefvpcA2121C384D1B3CDE',
      'arn:aws:lambda:us-east-1:123456789012:function:my-function:live',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
      'arn:aws:lambda:${AWS::Region}:017000801446:layer:AWSLambdaPowertoolsPythonV2:32',
      'abc123defg.execute-api.us-east-1.amazonaws.com',
      'https://abcdefghij.execute-api.us-east-1.amazonaws.com/prod/items?limit=10',
      'https://abcdefghijklmnopqrstuvwxyz123456.lambda-url.us-east-1.on.aws/',
      'cdk-hnb659fds-assets-123456789012-us-east-1',
      '123e4567-e89b-42d3-a456-426614174000',
      'vpc-0a1b2c3d4e5f67890',
      '1.2.3',
      'v2.14.0-beta.1',
      '2024-01-31T12:00:00Z',
      'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
      '${stageVariables.backendUrl}',
      '{{resolve:ssm:/myApp/DbVersion:1}}',
      'us-east-1_AbCdEfGhI',
      'http://example.com',
      'VarValue',
      'us-east-1',
    ];
    for (const v of values) assert.equal(detectSecret('value', v), null, v);
  });

  test('entropy helper', () => {
    assert.equal(shannonEntropy(''), 0);
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abcd'), 2);
  });
});

describe('robustness', () => {
  test('hostile 100 KB inputs stay fast (no super-linear regex paths)', () => {
    const inputs = [
      'a' + 'a-'.repeat(50000) + '!',
      'Ab1'.repeat(40000),
      'https://' + 'x'.repeat(100000),
      '${'.repeat(50000),
      'ab/'.repeat(40000),
      'https://h.example.com/p?' + 'token=abc&'.repeat(10000),
      'http://a:b'.repeat(10000),
      '-----BEGIN CERTIFICATE-----'.repeat(3000),
    ];
    for (const v of inputs) {
      const t = performance.now();
      detectSecret('x', v);
      detectSecret('password', v);
      const ms = performance.now() - t;
      assert.ok(ms < 3000, `${v.slice(0, 12)}… took ${ms.toFixed(0)} ms`);
    }
  });

  test('empty and whitespace values', () => {
    assert.equal(detectSecret('password', ''), null);
    assert.equal(detectSecret('password', '   '), null);
    assert.equal(detectSecret('', ''), null);
  });
});

// ---------------------------------------------------------------------------------------------
// Dynamic references
// ---------------------------------------------------------------------------------------------

describe('secretDynamicReference', () => {
  test('recognises Secrets Manager and SSM SecureString references anywhere', () => {
    assert.equal(secretDynamicReference('{{resolve:secretsmanager:prod/db:SecretString:password}}'), 'secretsmanager');
    assert.equal(secretDynamicReference('Prefix-{{resolve:ssm-secure:MySecurePassword:1}}-Postfix'), 'ssm-secure');
    assert.equal(secretDynamicReference('x {{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbCdEf}}'), 'secretsmanager');
    assert.equal(secretDynamicReference('{{resolve:ssm:/myApp/DbVersion:1}}'), null);
    assert.equal(secretDynamicReference('resolve:secretsmanager:x'), null);
    assert.equal(secretDynamicReference(''), null);
  });
});

// ---------------------------------------------------------------------------------------------
// Masking
// ---------------------------------------------------------------------------------------------

describe('maskSecret', () => {
  test('shows at most the public prefix of known formats', () => {
    const key = T.awsKeyId();
    assert.equal(maskSecret(key, detectSecret('k', key)!), 'AKIA…');
    const gh = T.github();
    assert.equal(maskSecret(gh, detectSecret('k', gh)!), 'ghp_…');
    const slack = T.slackBot();
    assert.equal(maskSecret(slack, detectSecret('k', slack)!), 'xoxb…');
    const jwt = T.jwt();
    assert.equal(maskSecret(jwt, detectSecret('k', jwt)!), 'eyJ…');
    // embedded: the prefix comes from the token, not from the start of the value
    const url = `https://api.example.com/?k=${key}`;
    assert.equal(maskSecret(url, detectSecret('k', url)!), 'AKIA…');
  });

  test('formats without a public prefix and heuristic findings mask to a fixed string', () => {
    const pem = T.pem();
    assert.equal(maskSecret(pem, detectSecret('k', pem)!), '••••');
    assert.equal(maskSecret('changeme', detectSecret('password', 'changeme')!), '••••');
    const r = T.random(40);
    assert.equal(maskSecret(r, detectSecret('backend', r)!), '••••');
    const hook = T.slackHook();
    assert.equal(maskSecret(hook, detectSecret('k', hook)!), '••••');
  });

  test('the mask does not reveal the length', () => {
    const short = 'sk_live_' + mixed(16);
    const long = 'sk_live_' + mixed(99);
    const ms = maskSecret(short, detectSecret('k', short)!);
    const ml = maskSecret(long, detectSecret('k', long)!);
    assert.equal(ms, ml);
    const p1 = maskSecret('hunter22', detectSecret('password', 'hunter22')!);
    const p2 = maskSecret('correct-horse-battery-staple-9', detectSecret('password', 'correct-horse-battery-staple-9')!);
    assert.equal(p1.length, p2.length);
  });

  const makers = [T.awsKeyId, T.github, T.gitlab, T.slackBot, T.stripeLive, T.google, T.sendgrid, T.npm, T.jwt, T.twilio];
  const PUBLIC_PREFIXES = ['AKIA', 'ASIA', 'ghp_', 'glpa', 'xoxb', 'sk_l', 'AIza', 'SG.', 'npm_', 'eyJ', 'SK'];

  function leaks(value: string, mask: string): string | null {
    for (let i = 0; i + 6 <= value.length; i++) {
      const sub = value.slice(i, i + 6);
      if (PUBLIC_PREFIXES.some((p) => p.includes(sub) || sub === p)) continue;
      if (mask.includes(sub)) return sub;
    }
    return null;
  }

  test('property: no 6-character substring of the secret appears in the mask', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...makers),
        fc.string({ minLength: 0, maxLength: 40 }),
        fc.constantFrom('', 'k', 'password', 'apiKey', 'token'),
        (make, noise, name) => {
          const value = `${noise}${make()}${noise}`;
          const m = detectSecret(name, value);
          if (!m) return true;
          const mask = maskSecret(value, m);
          return mask.length <= 5 && leaks(value, mask) === null && !m.description.includes(value.slice(0, 12));
        },
      ),
      { numRuns: 500, seed: 42 },
    );
  });

  test('property: arbitrary strings — any finding masks without leaking', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), fc.constantFrom('password', 'backend', 'clientSecret', ''), (value, name) => {
        const m: SecretMatch | null = detectSecret(name, value);
        if (!m) return true;
        const mask = maskSecret(value, m);
        return mask.length <= 5 && leaks(value, mask) === null;
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
