// Secret detection for the `no-secrets` rule: pure, dependency-free, no I/O.
//
// API Gateway documents that stage variables "are not intended to be used for sensitive data,
// such as credentials" (reference §9). Detection runs in tiers (peer notes §8.5):
//   1. known token formats in the value (AWS key ids, GitHub, Slack, PEM, JWT, …);
//   2. credentials embedded in a URL or a `key=value` parameter (`https://u:p@host`, `?token=…`);
//   3. a variable *name* that says it holds a secret, with a literal value that does not look
//      like a pointer to one (ARN, secret name, path, URL, host, identifier, mode word);
//   4. high-entropy tokens, with a length-aware Shannon-entropy threshold and structural
//      exemptions for identifiers that are random only in part (CloudFormation physical ids).
// Template placeholders (`${…}`, `{{resolve:…}}`, `#{…}`, `<…>`) are never literal secrets.
// Thresholds and the corpus measurements behind them: docs/secrets-tuning.md.
// Peer tools studied (never copied): secretlint, gitleaks, detect-secrets.

export type SecretKind =
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'discord-webhook'
  | 'stripe-key'
  | 'private-key'
  | 'jwt'
  | 'basic-auth-url'
  | 'authorization-header'
  | 'google-api-key'
  | 'sendgrid-key'
  | 'twilio-key'
  | 'npm-token'
  | 'pypi-token'
  | 'openai-key'
  | 'anthropic-key'
  | 'secret-parameter'
  | 'high-entropy-string'
  | 'secret-name';

export interface SecretMatch {
  readonly kind: SecretKind;
  /** Human text naming what was found, e.g. "an AWS access key id". Never contains the value. */
  readonly description: string;
  /**
   * `high` for a known token format or a credential in a URL; `medium` for the name and
   * entropy heuristics, which are guesses about a value that has no recognisable format.
   */
  readonly confidence: 'high' | 'medium';
}

// ---------------------------------------------------------------------------------------------
// Tier 1: known formats
// ---------------------------------------------------------------------------------------------

interface FormatRule {
  readonly kind: SecretKind;
  readonly description: string;
  /** Global regex; group 0 is the token. Bounded on both sides so substrings of ids don't match. */
  readonly re: RegExp;
  /** Characters of the token's public, format-defined prefix that a mask may show (max 4). */
  readonly publicPrefix: number;
  /** Extra check on the token (entropy floor, structure). */
  readonly accept?: (token: string) => boolean;
}

// `(?<![A-Za-z0-9])` … `(?![A-Za-z0-9])`: the token is not part of a longer alphanumeric run.
const L = '(?<![A-Za-z0-9])';
const R = '(?![A-Za-z0-9])';
const rx = (body: string): RegExp => new RegExp(L + body + R, 'g');

const FORMAT_RULES: readonly FormatRule[] = [
  {
    kind: 'private-key',
    description: 'a PEM private key',
    re: /-----BEGIN[ A-Z0-9]{0,32}PRIVATE KEY(?: BLOCK)?-----/g,
    publicPrefix: 0,
  },
  {
    kind: 'aws-access-key-id',
    description: 'an AWS access key id',
    // AKIA = long-term user key, ASIA = STS temporary, ABIA = STS service bearer, ACCA = context.
    re: rx('(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}'),
    publicPrefix: 4,
    accept: (t) => distinctChars(t.slice(4)) >= 6,
  },
  {
    kind: 'github-token',
    description: 'a GitHub token',
    re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{50,251})(?![A-Za-z0-9_])/g,
    publicPrefix: 4,
    accept: (t) => distinctChars(t) >= 10,
  },
  {
    kind: 'gitlab-token',
    description: 'a GitLab token',
    re: /(?<![A-Za-z0-9_-])(?:glpat|gldt|glrt|glptt|glft|glimt|glcbt|glsoat|gloas)-[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g,
    publicPrefix: 4,
    accept: (t) => distinctChars(t) >= 10,
  },
  {
    kind: 'slack-webhook',
    description: 'a Slack incoming-webhook URL',
    re: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_]{6,}\/[A-Za-z0-9_]{6,}(?:\/[A-Za-z0-9_]{8,})?/g,
    publicPrefix: 0,
  },
  {
    kind: 'discord-webhook',
    description: 'a Discord webhook URL',
    re: /discord(?:app)?\.com\/api\/webhooks\/[0-9]{10,}\/[A-Za-z0-9_-]{30,}/g,
    publicPrefix: 0,
  },
  {
    kind: 'slack-token',
    description: 'a Slack token',
    // Bot, user, app, workspace-refresh and legacy tokens: xoxb- xoxp- xoxa- xoxr- xoxs- xoxo- xoxe- xapp-.
    re: /(?<![A-Za-z0-9])(?:xox[abeoprs](?:\.xox[abeoprs])?-[0-9A-Za-z]{4,}-[0-9A-Za-z-]{8,}|xapp-[0-9]-[A-Z0-9]+-[0-9]+-[a-z0-9]{16,})/g,
    publicPrefix: 4,
  },
  {
    kind: 'stripe-key',
    description: 'a Stripe secret key',
    // Secret (sk_) and restricted (rk_) keys, live or test, and webhook signing secrets.
    // Publishable keys (pk_) are public by design and not reported.
    re: /(?<![A-Za-z0-9_])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}|whsec_[A-Za-z0-9]{24,})(?![A-Za-z0-9_])/g,
    publicPrefix: 4,
    accept: (t) => distinctChars(t) >= 10,
  },
  {
    kind: 'google-api-key',
    description: 'a Google API key',
    re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
    publicPrefix: 4,
  },
  {
    kind: 'sendgrid-key',
    description: 'a SendGrid API key',
    re: /(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,64}(?![A-Za-z0-9_-])/g,
    publicPrefix: 3,
  },
  {
    kind: 'twilio-key',
    description: 'a Twilio API key',
    re: rx('SK[0-9a-fA-F]{32}'),
    publicPrefix: 2,
    accept: (t) => distinctChars(t.slice(2)) >= 8,
  },
  {
    kind: 'npm-token',
    description: 'an npm access token',
    re: rx('npm_[A-Za-z0-9]{36}'),
    publicPrefix: 4,
    accept: (t) => distinctChars(t) >= 10,
  },
  {
    kind: 'pypi-token',
    description: 'a PyPI API token',
    re: /(?<![A-Za-z0-9_-])pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g,
    publicPrefix: 4,
  },
  {
    kind: 'anthropic-key',
    description: 'an Anthropic API key',
    re: /(?<![A-Za-z0-9_-])sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_-]{80,}/g,
    publicPrefix: 4,
  },
  {
    kind: 'openai-key',
    description: 'an OpenAI API key',
    re: /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}/g,
    publicPrefix: 3,
  },
  {
    kind: 'jwt',
    description: 'a JSON Web Token',
    // header.payload.signature, both JSON parts base64url of `{"` (eyJ). A JWT with an empty
    // signature (alg "none") carries no proof of origin, but its claims may still be sensitive.
    re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{0,}/g,
    publicPrefix: 3,
  },
];

/**
 * Documentation placeholders. AWS's own examples end in `EXAMPLE` or `EXAMPLEKEY`
 * (`AKIAIOSFODNN7EXAMPLE`, `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`); gitleaks allowlists
 * `.+EXAMPLE$`. We allow any token containing upper-case `EXAMPLE`: a random token contains it
 * with negligible probability.
 */
function isDocumentationExample(token: string): boolean {
  return token.includes('EXAMPLE');
}

function distinctChars(s: string): number {
  return new Set(s).size;
}

interface FormatHit {
  readonly rule: FormatRule;
  readonly token: string;
}

function findFormat(text: string): FormatHit | null {
  for (const rule of FORMAT_RULES) {
    // test() answers "no match", the common case, without allocating an iterator and matches.
    rule.re.lastIndex = 0;
    if (!rule.re.test(text)) continue;
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const token = m[0];
      if (isDocumentationExample(token)) continue;
      if (rule.accept && !rule.accept(token)) continue;
      return { rule, token };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Templates and dynamic references
// ---------------------------------------------------------------------------------------------

const DYNAMIC_REF = /\{\{resolve:(secretsmanager|ssm-secure):[^{}]{0,2048}\}\}/;

/**
 * `{{resolve:secretsmanager:…}}` or `{{resolve:ssm-secure:…}}` anywhere in the string.
 * (Such a reference is not a literal secret, but resolving it into a stage variable publishes
 * the secret in the stage configuration; the rule reports it separately.)
 */
export function secretDynamicReference(value: string): 'secretsmanager' | 'ssm-secure' | null {
  const m = DYNAMIC_REF.exec(value);
  if (!m) return null;
  return m[1] === 'ssm-secure' ? 'ssm-secure' : 'secretsmanager';
}

// `${stageVariables.x}`, `${AWS::Region}`, `${self:custom.x}` (Serverless), `{{resolve:…}}`,
// `#{…}` (Serverless pseudo-parameters / Step Functions), `%{…}`, `$(…)`, `<placeholder>`.
// Bounded repetitions keep every scan linear on hostile input (`${${${…` without a `}`).
const TEMPLATE_REGION = /\$\{[^{}]{0,1024}\}|\{\{[^{}]{0,1024}\}\}|[#%]\{[^{}]{0,1024}\}|\$\([^()]{0,1024}\)|<[^<>]{0,1024}>/g;

function hasTemplate(value: string): boolean {
  TEMPLATE_REGION.lastIndex = 0;
  return TEMPLATE_REGION.test(value);
}

/** The value with template regions replaced by a space (a separator for every scanner below). */
function literalParts(value: string): string {
  return value.replace(TEMPLATE_REGION, ' ');
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/** Words that, as the head of a name, say the variable holds a secret. */
const STRONG_SECRET_WORDS = new Set([
  'password', 'passwords', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode',
  'secret', 'secrets',
  'credential', 'credentials', 'creds', 'cred',
  'apikey', 'apikeys', 'privatekey', 'privkey', 'token', 'tokens',
]);

/**
 * Words that often name a secret but also name settings (`auth: iam`, `jwt: cognito`), so the
 * value must not be a mode word or an identifier either.
 */
const WEAK_SECRET_WORDS = new Set(['auth', 'authorization', 'bearer', 'jwt', 'pat']);

/** `<qualifier> key` is a secret (`signingKey`, `api_key`); a bare or other `key` is not (S3 key, sort key). */
const KEY_QUALIFIERS = new Set([
  'api', 'private', 'priv', 'secret', 'signing', 'sign', 'access', 'master', 'encryption', 'encrypt',
  'enc', 'decryption', 'decrypt', 'auth', 'session', 'shared', 'hmac', 'client', 'license', 'licence',
  'subscription', 'consumer', 'account', 'storage', 'webhook', 'jwt', 'aes', 'crypto', 'cipher',
  'admin', 'root', 'server', 'sas', 'app', 'application', 'developer', 'dev', 'integration', 'partner',
]);

/** `<qualifier> token` that names an opaque non-credential (pagination, idempotency, Step Functions). */
const TOKEN_NON_SECRET_QUALIFIERS = new Set([
  'next', 'page', 'pagination', 'continuation', 'idempotency', 'request', 'sync', 'cancel',
  'cancellation', 'task', 'marker', 'starting', 'resume', 'cursor', 'csrf', 'xsrf', 'result',
  'service', 'http', 'callback', 'wait', 'condition', 'handle', 'notification',
]);

/**
 * Words after the secret word that make the name a pointer to, or a property of, a secret
 * rather than the secret itself: `secretArn`, `secretName`, `tokenEndpoint`, `apiKeyHeader`,
 * `tokenTtl`, `passwordResetPath`, `authStage`, `authType`, `passwordMinLength`.
 */
const POINTER_WORDS = new Set([
  'arn', 'arns', 'name', 'names', 'id', 'ids', 'identifier', 'path', 'paths', 'url', 'urls', 'uri',
  'uris', 'endpoint', 'endpoints', 'host', 'hostname', 'domain', 'server', 'header', 'headers',
  'param', 'params', 'parameter', 'parameters', 'ssm', 'ref', 'reference', 'location', 'source',
  'store', 'vault', 'manager', 'provider', 'service', 'file', 'filename', 'dir', 'folder', 'bucket',
  'table', 'queue', 'topic', 'stream', 'function', 'func', 'fn', 'lambda', 'handler', 'authorizer',
  'alias', 'version', 'role', 'policy', 'user', 'username', 'login', 'email', 'account', 'group',
  'pool', 'arn', 'region', 'stage', 'env', 'environment', 'type', 'types', 'kind', 'mode', 'method',
  'scheme', 'protocol', 'port', 'realm', 'ttl', 'expiry', 'expiration', 'expires', 'expire',
  'lifetime', 'timeout', 'duration', 'seconds', 'secs', 'minutes', 'mins', 'hours', 'days', 'age',
  'interval', 'period', 'schedule', 'rotation', 'rotate', 'length', 'len', 'size', 'count', 'min',
  'max', 'minimum', 'maximum', 'limit', 'rule', 'rules', 'regex', 'pattern', 'format', 'prefix',
  'suffix', 'field', 'fields', 'attribute', 'attr', 'claim', 'claims', 'scope', 'scopes',
  'audience', 'issuer', 'algorithm', 'alg', 'encoding', 'cache', 'config', 'configuration',
  'settings', 'setting', 'option', 'options', 'enabled', 'enable', 'disabled', 'disable',
  'required', 'require', 'flag', 'validator', 'validation', 'reset', 'hint', 'label',
  'description', 'desc', 'template', 'variable', 'var', 'level', 'strength', 'complexity', 'status',
  'state', 'strategy', 'location', 'input', 'output', 'usage', 'plan', 'link', 'page', 'screen',
  'form', 'route', 'resource', 'generator', 'key', 'keyid', 'kms', 'metadata', 'info', 'flow',
  'flows', 'factor', 'present', 'check',
]);
// `key` after a secret word (`passwordKey`: the field holding the password inside a Secrets
// Manager JSON secret) is a pointer, but `<qualifier> key` alone is a secret (handled first).

/** Vocabulary used to split all-lower/upper compounds (`DBPASSWORD`, `clientsecret`). */
const VOCABULARY = new Set<string>([
  ...STRONG_SECRET_WORDS, ...WEAK_SECRET_WORDS, ...KEY_QUALIFIERS, ...POINTER_WORDS,
  'key', 'db', 'database', 'rds', 'admin', 'root', 'master', 'user', 'app', 'api', 'client',
  'service', 'aws', 'github', 'gitlab', 'slack', 'stripe', 'twilio', 'sendgrid', 'google', 'oauth',
  'basic', 'default', 'my', 'the', 'refresh', 'access', 'id', 'bot', 'web', 'hook', 'signing',
  'mail', 'smtp', 'redis', 'mysql', 'postgres', 'pg', 'mongo', 'ldap', 'ftp', 'proxy', 'backend',
  'upstream', 'private', 'public', 'shared', 'new', 'old', 'current', 'prod', 'dev', 'test',
]);

/**
 * Split a name into lower-case words: camelCase, PascalCase, ACRONYMCase, snake_case,
 * kebab-case, dotted and digit boundaries; then all-lowercase compounds that segment fully
 * into known words (`dbpassword` → db password; `secretary`, `tokenizer` stay whole).
 */
export function nameWords(name: string): readonly string[] {
  let words = nameWordsCache.get(name);
  if (!words) {
    // Names repeat across stages and templates: split each once. The callers never modify the list.
    if (nameWordsCache.size >= 10_000) nameWordsCache.clear();
    nameWordsCache.set(name, (words = splitName(name)));
  }
  return words;
}

const nameWordsCache = new Map<string, readonly string[]>();

function splitName(name: string): string[] {
  const spaced = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .toLowerCase();
  if (spaced === '') return [];
  // Re-join short letter + number words: s3, ec2, v2 (but oauth 2, base 64 stay split).
  const raw = spaced.split(' ');
  const joined: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const w = raw[i]!;
    const next = raw[i + 1];
    if (next !== undefined && /^[a-z]{1,2}$/.test(w) && /^[0-9]{1,2}$/.test(next)) {
      joined.push(w + next);
      i++;
    } else joined.push(w);
  }
  const out: string[] = [];
  for (const w of joined) {
    if (VOCABULARY.has(w) || w.length < 6) {
      out.push(w);
      continue;
    }
    const seg = segment(w);
    if (seg) out.push(...seg);
    else out.push(w);
  }
  return out;
}

/** Full segmentation of `w` into vocabulary words (each ≥ 2 chars), fewest pieces; else null. */
function segment(w: string): string[] | null {
  const best: (string[] | null)[] = new Array<string[] | null>(w.length + 1).fill(null);
  best[0] = [];
  for (let i = 1; i <= w.length; i++) {
    for (let j = Math.max(0, i - 14); j <= i - 2; j++) {
      const prev = best[j];
      if (!prev) continue;
      const piece = w.slice(j, i);
      if (!VOCABULARY.has(piece)) continue;
      const cand = [...prev, piece];
      const cur = best[i];
      if (!cur || cand.length < cur.length) best[i] = cand;
    }
  }
  const result = best[w.length];
  return result && result.length > 1 ? result : null;
}

type NameStrength = 'strong' | 'weak' | null;

/**
 * How strongly the name says the variable holds a secret. The last secret word counts, and
 * only when no pointer word follows it.
 */
function secretNameStrength(name: string): NameStrength {
  const words = nameWords(name);
  let idx = -1;
  let strength: NameStrength = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const prev = i > 0 ? words[i - 1]! : '';
    // `pass through`, `pass thru` (integration passthrough behaviour).
    if (w === 'pass' && /^(?:through|thru)$/.test(words[i + 1] ?? '')) continue;
    if (STRONG_SECRET_WORDS.has(w)) {
      // nextToken, paginationToken, ServiceToken (custom resources), ResultToken (AWS Config)…
      if ((w === 'token' || w === 'tokens') && TOKEN_NON_SECRET_QUALIFIERS.has(prev)) continue;
      idx = i;
      strength = 'strong';
    } else if (w === 'key' && KEY_QUALIFIERS.has(prev)) {
      idx = i;
      strength = 'strong';
    } else if (WEAK_SECRET_WORDS.has(w)) {
      idx = i;
      strength = 'weak';
    }
  }
  if (idx < 0) return null;
  for (let i = idx + 1; i < words.length; i++) {
    if (POINTER_WORDS.has(words[i]!)) return null;
  }
  return strength;
}

/**
 * True when a variable name says it holds a secret (password, secret, token, apiKey,
 * privateKey, credential, auth, signingKey, clientSecret…), and not a pointer to or a property
 * of one (secretArn, secretName, tokenEndpoint, apiKeyHeader, tokenTtl, authStage, authType…).
 */
export function isSecretName(name: string): boolean {
  return secretNameStrength(name) !== null;
}

// ---------------------------------------------------------------------------------------------
// Values that are not secrets
// ---------------------------------------------------------------------------------------------

const BOOLEANISH = new Set([
  'true', 'false', 'yes', 'no', 'on', 'off', 'null', 'nil', 'none', 'undefined', 'n/a', 'na',
  'empty', 'enabled', 'disabled', 'enable', 'disable', 'required', 'optional', 'default', 'unset',
  'notset', 'not_set', 'not-set', 'blank', 'nothing', 'any', 'all',
]);

/** Units and enum-like setting words (Cognito `TokenValidityUnits: {AccessToken: hours}`). */
const SETTING_WORDS = new Set([
  'ms', 'millis', 'milliseconds', 'second', 'seconds', 'minute', 'minutes', 'hour', 'hours', 'day',
  'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'never', 'always', 'auto',
]);

const ENVIRONMENT_NAMES = new Set([
  'dev', 'develop', 'development', 'prod', 'production', 'test', 'testing', 'staging', 'stage',
  'stg', 'qa', 'uat', 'local', 'beta', 'alpha', 'gamma', 'sandbox', 'live', 'preprod', 'demo',
  'int', 'integration', 'perf', 'canary', 'blue', 'green', 'main', 'master', 'latest', 'current',
]);

/** Authentication mode words: `auth: iam`, `token: bearer`. Only exempt for weak names. */
const AUTH_MODE_WORDS = new Set([
  'iam', 'aws_iam', 'awsiam', 'sigv4', 'cognito', 'cognito_user_pools', 'jwt', 'oauth', 'oauth2',
  'oidc', 'openid', 'saml', 'basic', 'bearer', 'digest', 'apikey', 'api_key', 'api-key', 'custom',
  'lambda', 'request', 'header', 'query', 'cookie', 'token', 'mtls', 'tls', 'hmac', 'ntlm',
  'kerberos', 'private', 'public', 'internal', 'external', 'anonymous', 'open', 'closed', 'strict',
  'lax', 'simple', 'session', 'client_credentials', 'authorization_code', 'implicit', 'password',
  'refresh_token', 'id_token', 'access_token', 'code',
]);

/** Obvious placeholders: `xxxx`, `****`, `<token>`, `YOUR_API_KEY`, `REPLACE_ME`, `TODO`. */
function isPlaceholder(v: string): boolean {
  if (/^([xX*.#_-])\1{2,}$/.test(v)) return true;
  if (/^[xX]{4,}/.test(v) && /^[xX0-9_-]+$/.test(v)) return true;
  if (isDocumentationExample(v)) return true;
  if (/^(?:your|insert|enter)[-_ ]/i.test(v) || /[-_ ]here$/i.test(v)) return true;
  if (/replace[_-]?(?:me|this|with)|placeholder|to[_-]?be[_-]?replaced|^(?:todo|tbd|fixme|redacted|masked|hidden|omitted|secret_here|<.*>)$/i.test(v)) return true;
  return false;
}

const ARN = /^arn:[^:\s]*:[^:\s]*:/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const URL_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

/** Known top-level domains accepted for a host-looking value (plus any two-letter ccTLD). */
const TLDS = new Set([
  'com', 'net', 'org', 'io', 'co', 'dev', 'app', 'cloud', 'aws', 'internal', 'local', 'localhost',
  'edu', 'gov', 'mil', 'int', 'info', 'biz', 'xyz', 'ai', 'tech', 'online', 'site', 'services',
  'example', 'test', 'invalid', 'corp', 'lan', 'home', 'arpa', 'amazonaws', 'api', 'svc',
]);

function isHostLike(v: string): boolean {
  if (v.length > 1024) return false;
  const m = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)(?::[0-9]{1,5})?(?:\/[A-Za-z0-9._~\/-]*)?$/.exec(v);
  if (!m) return false;
  const labels = m[1]!.split('.');
  const tld = labels[labels.length - 1]!;
  if (/^[0-9]+$/.test(tld)) return labels.length === 4 && labels.every((l) => /^[0-9]{1,3}$/.test(l)); // IPv4
  return TLDS.has(tld) || /^[a-z]{2}$/.test(tld);
}

/** Short words and cloud abbreviations that count as words inside identifiers (`KmsKeyIdForSqs`). */
const SHORT_WORDS = new Set([
  'my', 'to', 'on', 'in', 'is', 'of', 'by', 'at', 'as', 'or', 'an', 'up', 'no', 'do', 'go', 'we',
  'it', 'be', 'if', 'id', 'ids', 'api', 'apis', 'db', 'ddb', 'fn', 'sqs', 'sns', 'dlq', 'kms', 'iam',
  'vpc', 'mgmt', 'igw', 'nat', 'eip', 'acl', 'alb', 'nlb', 'elb', 'ecs', 'eks', 'ecr', 'ec', 'rds',
  'sg', 'az', 'cfn', 'cdk', 'sam', 'aws', 'arn', 'url', 'uri', 'http', 'https', 'ssl', 'tls', 'dns',
  'ssm', 'sts', 'jwt', 'ttl', 'cw', 'gw', 'lb', 'tg', 'ip', 'iot', 'sdk', 'cli', 'ui', 'sfn', 'cf',
  'kv', 'os', 'fs', 'efs', 'ebs', 'msk', 'mq', 'ses', 'sms', 'cpu', 'gpu', 'vm', 'js', 'ts', 'py',
  'src', 'dst', 'msg', 'cfg', 'env', 'str', 'num', 'img', 'doc', 'docs', 'app', 'svc', 'ctx', 'tmp',
  'rw', 'ro', 'pk', 'sk', 'gsi', 'lsi', 'waf', 'acm', 'ca', 'crl', 'xray', 'vpce', 'nacl', 'rtb',
  'pvt', 'pub', 'cors', 'oidc', 'saml', 'sso', 'mfa', 'otp', 'smtp', 'imap', 'ftp', 'sftp', 'ssh',
  'get', 'put', 'post', 'any', 'dev', 'prod', 'qa', 'uat', 'stg', 'v', 'x',
]);

/**
 * Hash-like runs inside identifiers: CDK logical-id suffixes (`ServiceRole0C4CDE0B`), asset
 * hashes, SAM suffixes (`Version640128d35d`), dates (`20150319`): upper-case hex, or lower-case
 * hex starting with a digit (so it does not eat the end of a word), at least 6 long, with a digit.
 */
const HASH_RUN = /[0-9A-F]{6,}|[0-9][0-9a-f]{5,}|[0-9]{5,}/g;

/**
 * Letter bigrams that make up 98% of the bigrams of English words (distinct words of the prose
 * `Description` fields in the tuning corpus; 342 of the 676 pairs). A hump whose bigrams are
 * mostly outside this set (`xkcd`, `qzfj`) is not a word.
 */
const COMMON_BIGRAMS = new Set(
  (
  'aa ab ac ad ae af ag ai ak al am an ap ar as at au av aw ay az ba bb bc bd be bf bh bi bj ' +
  'bl bn bo br bs bu ca cb cc cd ce cf ch ci ck cl cn co cp cr cs ct cu cy da db dc dd de df ' +
  'dg di dk dl dm do dp dr ds du dw dx dy dz ea eb ec ed ee ef eg eh ei ek el em en ep eq er ' +
  'es et eu ev ew ex ey fa fb fc fd fe ff fi fl fo fr ft fu fy ga ge gg gh gi gl gn go gr gs ' +
  'gu ha hd he hi hm ho hr ht hy ia ib ic id ie if ig il im in io ip ir is it iv ix iz je jo ' +
  'js ke ki kl kn ks la lb ld le lf li ll lo lp lr ls lt lu ly ma mb me mi ml mm mo mp ms mu ' +
  'my na nc nd ne nf ng ni nk nl nn no np nr ns nt nu nv ny oa ob oc od of og oi ok ol om on ' +
  'oo op or os ot ou ov ow ox oy pa pc pd pe ph pi pl po pp pr ps pt pu py ql qs qu ra rc rd ' +
  're rf rg ri rk rl rm rn ro rp rr rs rt ru rv ry sa sc se sf sh si sk sl sm sn so sp sq ss ' +
  'st su sv sw sy ta tb tc te tf th ti tl tm tn to tp tq tr ts tt tu tw ty ua ub uc ud ue ug ' +
  'ui ul um un up ur us ut va ve vi vl vm vo vp vt wa we wh wi wl wn wo wr ws xa xc xe xi xp ' +
  'xt xx ye ym yn yo yp ys yt yu ze zo'
  ).split(' '),
);

/** Share of a hump's bigrams that must be common for the hump to count as a word. */
const COMMON_BIGRAM_SHARE = 0.75;

/** Minimum share of characters in word-like humps for a part to count as words. */
export const WORD_COVERAGE_THRESHOLD = 0.7;

/**
 * A "wordy" part of an identifier: mostly camel humps of real-looking words (`HelloWorldFunction`,
 * `prod`, `S3`, `v2`, `KmsKeyIdForSqs`), possibly with hash-like runs (`EksFargateCluster07FC3D2B`).
 * Coverage = share of characters in humps that are words: ≥ 3 letters with a vowel and mostly
 * common English bigrams, a known short word or abbreviation, or a number of ≤ 4 digits;
 * all-caps humps of 2–4 letters count half. Random base62 strings reach 0.7 in about 1% of
 * cases at 20 characters and almost never at 32+ (measured, docs/secrets-tuning.md).
 */
function isWordy(part: string): boolean {
  if (!/^[A-Za-z0-9]+$/.test(part)) return false;
  let stripped = false;
  const pieces = part
    .replace(HASH_RUN, (m) => {
      if (!/[0-9]/.test(m)) return m;
      stripped = true;
      return ' ';
    })
    .split(' ')
    .filter((p) => p !== '');
  if (pieces.length === 0) return false;
  let covered = 0;
  let total = 0;
  let letters = 0;
  for (const p of pieces) {
    // `IDs`, `APIs` (plural acronyms), `Hello`, `world`, `API`, `2`
    const humps = p.match(/[A-Z]{2,}s(?![a-z])|[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g) ?? [];
    for (const h of humps) {
      total += h.length;
      if (/^[0-9]/.test(h)) {
        if (h.length <= 4) covered += h.length;
        continue;
      }
      letters += h.length;
      const lower = h.toLowerCase();
      if (SHORT_WORDS.has(lower)) covered += h.length;
      else if (h.length >= 3 && /[aeiouy]/.test(lower) && commonBigramShare(lower) >= COMMON_BIGRAM_SHARE) covered += h.length;
      else if (/^[A-Z]{2,4}s?$/.test(h)) covered += h.length / 2;
    }
  }
  if (stripped && letters < 3) return false;
  return total > 0 && covered / total >= WORD_COVERAGE_THRESHOLD;
}

function commonBigramShare(w: string): number {
  let common = 0;
  for (let i = 1; i < w.length; i++) if (COMMON_BIGRAMS.has(w.slice(i - 1, i + 1))) common++;
  return common / (w.length - 1);
}

/**
 * All parts wordy or short acronyms (`scope1`, `read:pets`, `cognito-authorizer`, `MyAuthFn`,
 * `ALLOW_USER_SRP_AUTH`).
 */
function isWordyCompound(v: string): boolean {
  const parts = v.split(/[-_./:]+/).filter((p) => p !== '');
  return parts.length > 0 && parts.every((p) => isWordy(p) || /^(?:[A-Z]{1,4}|[a-z]{1,4})$/.test(p));
}

/** CloudFormation/SAM random suffix or short id part: ≤ 13 alphanumerics (`1A2B3C4D5E6F`, `hnb659fds`). */
function isShortIdPart(part: string): boolean {
  return /^[A-Za-z0-9]{1,13}$/.test(part);
}

/**
 * A structured identifier: parts joined by `-_./:` where every part is a word or a short id
 * and words make up most of it. Covers CloudFormation physical ids
 * (`my-service-prod-HelloWorldFunction-1A2B3C4D5E6F`), bucket names, paths, Lambda names.
 */
function isStructuredIdentifier(s: string): boolean {
  const parts = s.split(/[-_./:+=~]+/).filter((p) => p !== '');
  if (parts.length < 2) return parts.length === 1 && isWordy(parts[0]!);
  let longWord = false;
  let idParts = 0;
  for (const p of parts) {
    if (isWordy(p)) longWord ||= /[A-Za-z]{3}/.test(p);
    else if (isShortIdPart(p)) idParts++;
    else return false;
  }
  // `CFN-Dummy-89p1ywocoTYF`, `stack-Fn-1A2B3C4D5E6F`: words plus at most one random part
  // in two (CloudFormation physical ids have a single 12–13 character suffix).
  return longWord && idParts <= Math.max(1, Math.floor(parts.length / 2));
}

/** Path-like: at least two `/` segments, each wordy or a short id (`prod/db/password`, `/myapp/config`). */
function isPathLike(v: string): boolean {
  if (!/^[A-Za-z0-9._~\/:-]+$/.test(v) || !v.includes('/')) return false;
  const segs = v.split('/').filter((s) => s !== '');
  if (segs.length < 2 && !v.startsWith('/')) return false;
  return segs.every((s) => isStructuredIdentifier(s) || isShortIdPart(s) && s.length <= 8);
}

/** A reference-looking identifier: a PascalCase/camelCase/kebab name such as a logical id. */
function isIdentifierLike(v: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$/.test(v) && isStructuredIdentifier(v);
}

/** Resource-type words that make an identifier value a reference (`MyAuthFn`, `DbSecret`, `ApiKeyHeader`). */
const REFERENCE_WORDS = new Set([
  'function', 'fn', 'func', 'lambda', 'handler', 'authorizer', 'arn', 'table', 'bucket', 'queue',
  'topic', 'role', 'policy', 'stack', 'stage', 'api', 'alias', 'version', 'parameter', 'param',
  'header', 'pool', 'vpc', 'link', 'integration', 'endpoint', 'domain', 'layer', 'resource',
]);

/**
 * Whether a literal value, in a variable whose name says secret, plausibly is the secret itself
 * rather than a pointer to it, a setting, or a placeholder.
 */
function isLiteralSecretValue(value: string, strength: 'strong' | 'weak', name: string): boolean {
  // API Gateway header mappings quote static values: `'true'`.
  const v = value.trim().replace(/^(['"])(.*)\1$/s, '$2');
  if (v.length < 4) return false;
  if (hasTemplate(v)) return false;
  const lower = v.toLowerCase();
  if (BOOLEANISH.has(lower) || ENVIRONMENT_NAMES.has(lower) || SETTING_WORDS.has(lower)) return false;
  if (isPlaceholder(v)) return false;
  if (/^[0-9]+$/.test(v)) {
    // `password: 123456` is a (bad) password; `tokenCount: 20`-like numbers under other names
    // are settings, long digit runs may be keys.
    const passwordish = nameWords(name).some((w) => /^(?:password|passwords|passwd|pwd|pass|passcode|passphrase)$/.test(w));
    return passwordish ? v.length >= 4 : v.length >= 12;
  }
  if (/^[0-9]+(?:\.[0-9]+)+$/.test(v) || /^v[0-9]+(?:\.[0-9]+)*$/i.test(v)) return false; // versions
  if (ARN.test(v)) return false;
  const url = URL_RE.exec(v);
  if (url) return false; // credentials in a URL are caught before; a URL without them is a pointer
  if (isHostLike(v)) return false;
  if (isPathLike(v)) return false;
  if (/^x-[a-z0-9-]+$/i.test(v)) return false; // an HTTP header name (x-api-key)
  if (/^[a-z]+:[A-Za-z0-9/_.-]+$/.test(v) && !/[0-9]/.test(v.split(':')[0]!)) {
    // `ssm:/path`, `secretsmanager:name`, `env:VAR` style pointers
    if (/^(?:ssm|secretsmanager|sm|env|file|vault|kms|arn|param|parameter)$/.test(v.split(':')[0]!)) return false;
  }
  if (isIdentifierLike(v) && /[A-Z]/.test(v.slice(1)) && /^[A-Za-z]+$/.test(v)) {
    // PascalCase / camelCase without digits: a logical id or a name. It is a reference when one
    // of its words is a resource type or repeats the variable name (`SlackToken` for SLACK_TOKEN).
    const vw = nameWords(v);
    const nw = new Set(nameWords(name));
    if (vw.some((w) => REFERENCE_WORDS.has(w) || nw.has(w))) return false;
  }
  if (strength === 'weak') {
    // `auth`, `jwt`, `bearer`: also names of modes, scopes and authorizers.
    if (AUTH_MODE_WORDS.has(lower)) return false;
    if (/\s/.test(v)) return false; // prose ("I am a list")
    if (isWordyCompound(v)) return false; // scope1, read:pets, MyAuthFn, cognito-authorizer
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Tier 2: credentials in URLs and key=value parameters
// ---------------------------------------------------------------------------------------------

/** Passwords in documentation URLs (`https://user:password@host`) that are not secrets. */
function isPlaceholderPassword(p: string): boolean {
  return /^(?:pass(?:word)?|pwd|secret|token|x+|\*+|\.+|changeme|<.*>)$/i.test(p) || isPlaceholder(p) || hasTemplate(p);
}

function findBasicAuthUrl(text: string): boolean {
  const re = /(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{0,15}:\/\/([^\s\/?#@:]{0,256}):([^\s\/?#@]{1,256})@[A-Za-z0-9.-]/g;
  for (const m of text.matchAll(re)) {
    const pass = decodeSafe(m[2]!);
    if (isPlaceholderPassword(pass)) continue;
    // `scheme://host:port@…` is not userinfo: an all-digit "password" after an empty user is a port
    if (/^[0-9]{1,5}$/.test(pass) && m[1] === '') continue;
    return true;
  }
  return false;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * `key=value` pairs in a query string, a fragment or a `;`/`&`/`,`-separated settings string
 * (`?api_key=…`, `password=…;`). Stage-variable values allow `?`, `&`, `=` and `#`, so a URL with
 * a credential in its query is a realistic stage-variable mistake.
 */
function findSecretParameter(text: string): SecretMatch | null {
  const re = /(?:^|[?&#;,\s])([A-Za-z][A-Za-z0-9_.-]{1,63})=([A-Za-z0-9._~+\/%:-]*=*)(?=$|[&#;,\s])/g;
  for (const m of text.matchAll(re)) {
    const key = m[1]!;
    const val = decodeSafe(m[2]!);
    if (val === '' || hasTemplate(val)) continue;
    if (/^(?:aws_?)?secret_?access_?key$/i.test(key.replace(/-/g, '_')) && isAwsSecretKeyShape(val)) return awsSecret();
    // Signed-URL signatures and session tokens (X-Amz-Signature, X-Amz-Security-Token, Azure SAS `sig`).
    const signature = /^(?:x-amz-signature|x-amz-security-token|x-goog-signature|signature|sig)$/i.test(key) && val.length >= 16;
    const strength = secretNameStrength(key);
    if (signature || (strength && isLiteralSecretValue(val, strength, key))) {
      return { kind: 'secret-parameter', description: `a secret in the \`${key}\` parameter`, confidence: 'high' };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Tier 4: entropy
// ---------------------------------------------------------------------------------------------

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Minimum token length for the entropy test (shorter tokens are ids: API ids, suffixes). */
export const ENTROPY_MIN_LENGTH = 20;
/** Minimum length for an all-hex token (shorter ones are resource ids: `sg-0abc…`, trace ids). */
export const HEX_MIN_LENGTH = 32;
/** detect-secrets' hex limit. */
export const HEX_ENTROPY_THRESHOLD = 3.0;
/** detect-secrets' base64 limit; the cap for long mixed-case tokens. */
export const BASE64_ENTROPY_THRESHOLD = 4.5;
/**
 * A string of n characters has at most log2(n) bits of entropy per character, so a flat 4.5
 * can never flag a token shorter than 23 characters, and misses about half of random 32-char
 * base64 tokens. For mixed-case tokens the threshold is min(4.5, 0.85·log2 n): at n = 20, 32
 * and 40 it sits at or below the 1st–5th percentile of random base62/base64 tokens
 * (measured, docs/secrets-tuning.md).
 */
export const MIXED_CASE_ENTROPY_RATIO = 0.85;

export function entropyThreshold(token: string): number {
  if (/^(?:[0-9a-f]+|[0-9A-F]+)$/.test(token)) return HEX_ENTROPY_THRESHOLD;
  const mixedCase = /[a-z]/.test(token) && /[A-Z]/.test(token);
  if (!mixedCase) return BASE64_ENTROPY_THRESHOLD; // single-case alphanumerics: client ids, base32
  return Math.min(BASE64_ENTROPY_THRESHOLD, MIXED_CASE_ENTROPY_RATIO * Math.log2(token.length));
}

/**
 * Names that say a value is a digest or an identifier, not a key: `CodeSha256`, `commitSha`,
 * `X-Amz-Cf-Id`, `versionId`, `LambdaCodeS3Key`. Applies to the entropy test only.
 */
function isIdentifierName(name: string): boolean {
  return nameWords(name).some((w) =>
    /^(?:sha|sha1|sha256|sha512|md5|hash|digest|checksum|etag|commit|revision|rev|git|build|release|version|fingerprint|id|ids|uuid|guid|image|tag|s3|object|asset|artifact|code|bundle|zip|handler|layer)$/.test(w),
  );
}

/** Resource ids with a short type prefix: `vpc-0a1b…`, `sg-…`, `eni-…`, `ami-…`, `i-…`. */
const AWS_RESOURCE_ID = /^[a-z]{1,8}-[0-9a-f]{8,17}$/;

/** `abcdefgh…`, `0123456789`: detect-secrets' sequential-string filter. */
function isSequential(t: string): boolean {
  let steps = 0;
  for (let i = 1; i < t.length; i++) if (t.charCodeAt(i) - t.charCodeAt(i - 1) === 1) steps++;
  return steps * 2 >= t.length - 1;
}

interface Candidate {
  readonly token: string;
  /** The name that qualifies the token: the variable name, or a query parameter's own name. */
  readonly name: string;
  /** The token is the whole value (not a piece of a path, file name, sentence or URL). */
  readonly standalone: boolean;
}

function isHighEntropyToken({ token, name, standalone }: Candidate): boolean {
  const t = token.replace(/=+$/, '');
  const hex = /^(?:[0-9a-f]+|[0-9A-F]+)$/.test(t);
  if (t.length < (hex ? HEX_MIN_LENGTH : ENTROPY_MIN_LENGTH)) return false;
  // Hex inside a longer value is a content hash in practice (CDK asset keys `<sha256>.zip`,
  // SAM's "RestApi deployment id: <sha1>", `asset.<sha256>`); only a whole-value hex string
  // is a candidate key (`openssl rand -hex 32`, 32/40-hex SaaS keys).
  if (hex && !standalone) return false;
  if (isIdentifierName(name)) return false;
  if (!/[0-9]/.test(t) && !/[+/]/.test(t) && t.length < 32) return false; // letters only: words
  if (UUID.test(t) || AWS_RESOURCE_ID.test(t)) return false;
  if (isDocumentationExample(t)) return false;
  if (/^pk_(?:live|test)_/.test(t)) return false; // Stripe publishable keys are public by design
  if (isSequential(t)) return false;
  if (!hex && isStructuredIdentifier(t)) return false;
  return shannonEntropy(t) >= entropyThreshold(t);
}

/** PEM blocks that are public by design; a private key block is found by its format rule. */
const PUBLIC_PEM = /-----BEGIN (?:CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE REQUEST|X509 CRL|PGP PUBLIC KEY BLOCK)-----[\s\S]*?-----END [A-Z0-9 ]+-----/g;
/** OpenSSH public keys (`ssh-rsa AAAA…`, `ecdsa-sha2-nistp256 AAAA…`). */
const SSH_PUBLIC_KEY = /\b(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp[0-9]+|sk-ssh-ed25519@openssh\.com) AAAA[A-Za-z0-9+/=]+/g;

/** Tokens (maximal runs of the base64/base64url alphabet) worth an entropy test. */
function entropyCandidates(text: string, name: string): Candidate[] {
  const out: Candidate[] = [];
  const whole = text.trim();
  const push = (token: string, qualifier = name): void => {
    if (token.length >= ENTROPY_MIN_LENGTH) out.push({ token, name: qualifier, standalone: token === whole });
  };
  if (ARN.test(whole)) return out;
  const cleaned = text.replace(PUBLIC_PEM, ' ').replace(SSH_PUBLIC_KEY, ' ');
  for (const piece of cleaned.split(/\s+/)) {
    if (piece === '' || ARN.test(piece)) continue;
    const url = URL_RE.exec(piece);
    if (url) {
      // Host labels are ids at best (`abc123.execute-api…`, Lambda URL ids); test path
      // segments, query values (qualified by their parameter name) and the fragment.
      for (const seg of (url[3] ?? '').split('/')) for (const t of seg.split(/[^A-Za-z0-9+=_-]+/)) push(t);
      for (const kv of (url[4] ?? '').split('&')) {
        const eq = kv.indexOf('=');
        for (const t of kv.slice(eq + 1).split(/[^A-Za-z0-9+/=_-]+/)) push(t, eq > 0 ? kv.slice(0, eq) : name);
      }
      for (const t of (url[5] ?? '').split(/[^A-Za-z0-9+/=_-]+/)) push(t);
      continue;
    }
    if (isHostLike(piece)) continue;
    for (const tok of piece.split(/[^A-Za-z0-9+/=_-]+/)) {
      if (tok === '') continue;
      // base64 of gzip data (CDK `Analytics: v2:deflate64:H4sI…`): compressed, not a key
      if (tok.startsWith('H4sI')) continue;
      push(tok);
      // `prod/api/<token>`: also test path segments of an otherwise structured path
      if (tok.includes('/')) for (const seg of tok.split('/')) push(seg);
      // `k=v` inside a token (`=` not as trailing base64 padding)
      if (/=[^=]/.test(tok)) for (const kv of tok.split('=')) push(kv);
    }
  }
  return out;
}

function isAwsSecretKeyShape(v: string): boolean {
  return /^[A-Za-z0-9/+]{40}$/.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v) && shannonEntropy(v) >= 4.2 && !isDocumentationExample(v);
}

function awsSecret(): SecretMatch {
  return { kind: 'aws-secret-access-key', description: 'an AWS secret access key', confidence: 'high' };
}

/** Name words that say the value is an AWS secret access key. */
function isAwsSecretName(name: string): boolean {
  const w = nameWords(name);
  const s = w.join(' ');
  return /\bsecret (?:access )?key\b/.test(s) || (w.includes('aws') && (w.includes('secret') || w.includes('key')));
}

// ---------------------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------------------

/**
 * A literal value, with the variable name. Returns null when it is not a secret.
 * The name may be '' when there is none (a string in an OpenAPI document, say).
 */
export function detectSecret(name: string, value: string): SecretMatch | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const literal = literalParts(value);

  // Tier 1: known formats (in the literal parts; a template cannot complete a format).
  const fmt = findFormat(literal);
  if (fmt) return { kind: fmt.rule.kind, description: fmt.rule.description, confidence: 'high' };

  // AWS secret access key: 40 base64 characters, only with a name that says so (a bare
  // 40-character token is left to the entropy test; checkov's bare 40-char regex was noisy).
  const trimmed = literal.trim();
  if (isAwsSecretName(name) && isAwsSecretKeyShape(trimmed)) return awsSecret();

  // Tier 2: URLs with userinfo, Authorization header values, secret parameters.
  if (findBasicAuthUrl(literal)) {
    return { kind: 'basic-auth-url', description: 'a URL with an embedded password', confidence: 'high' };
  }
  const auth = /(?:^|\s)(?:Basic|Bearer|Token|Digest)\s+([A-Za-z0-9+/=._~-]{8,})/.exec(literal);
  if (auth && !isPlaceholder(auth[1]!) && distinctChars(auth[1]!) >= 6 && !isWordyCompound(auth[1]!)) {
    return { kind: 'authorization-header', description: 'an HTTP Authorization header value', confidence: 'high' };
  }
  const param = findSecretParameter(literal);
  if (param) return param;

  // Tier 3: the name says secret and the value is a literal that is not a pointer.
  const strength = secretNameStrength(name);
  if (strength && !hasTemplate(value) && isLiteralSecretValue(value, strength, name)) {
    return {
      kind: 'secret-name',
      description: `a literal value in a variable whose name says it holds a secret`,
      confidence: 'medium',
    };
  }

  // Tier 4: entropy.
  for (const cand of entropyCandidates(literal, name)) {
    if (isHighEntropyToken(cand)) {
      return { kind: 'high-entropy-string', description: 'a high-entropy string (a likely key or token)', confidence: 'medium' };
    }
  }
  return null;
}

const MASK = '••••';

/**
 * A masked form for messages. It never reveals the secret or its length: a fixed `••••`, or
 * for a known prefixed format the format's public prefix (at most 4 characters, e.g. `AKIA`,
 * `ghp_`, `xoxb`) followed by `…`.
 */
export function maskSecret(value: string, match: SecretMatch): string {
  const rule = FORMAT_RULES.find((r) => r.kind === match.kind);
  if (!rule || rule.publicPrefix === 0) return MASK;
  const hit = findFormat(literalParts(value));
  if (!hit || hit.rule !== rule) return MASK;
  const prefix = hit.token.slice(0, Math.min(4, rule.publicPrefix));
  return `${prefix}…`;
}
