// Validation of configuration data, with messages a person can act on: the path inside the file
// in JavaScript notation and what was expected (`rules["unused-variable"][1].ignoreLambdaProxyApis
// must be a boolean`), never ajv's raw output.
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { Rule } from '../engine/rule.ts';
import { buildConfigSchema } from './schema.ts';

export type PathSegment = string | number;

/** A valid severity (`isSeverity`) as its name. */
export function severityName(value: 'off' | 'warn' | 'error' | 0 | 1 | 2): 'off' | 'warn' | 'error' {
  return typeof value === 'string' ? value : (['off', 'warn', 'error'] as const)[value];
}

const SEVERITY_EXPECTED = '"off", "warn" or "error" (or 0, 1, 2)';

// `verbose` puts the failing schema on each error: the list of known properties and our
// `patternErrorMessage` (the non-standard keyword VS Code and yaml-language-server show) come from it.
// Both are created on first use: loading ajv costs about 90 ms, and most runs have no config file.
let configAjvInstance: Ajv | undefined;
function configAjv(): Ajv {
  if (!configAjvInstance) {
    configAjvInstance = new (loadAjv())({ allErrors: true, verbose: true, strictTuples: false });
    configAjvInstance.addVocabulary(['patternErrorMessage']);
  }
  return configAjvInstance;
}
// A separate instance with the engine's strictness, so an options schema that compiles here
// compiles in the engine too.
let optionsAjvInstance: Ajv | undefined;
function optionsAjv(): Ajv {
  optionsAjvInstance ??= new (loadAjv())({ allErrors: true, verbose: true });
  return optionsAjvInstance;
}
function loadAjv(): typeof Ajv {
  return (createRequire(import.meta.url)('ajv') as typeof import('ajv')).Ajv;
}

const configValidators = new WeakMap<readonly Rule<unknown>[], ValidateFunction>();
const optionValidators = new WeakMap<Rule<unknown>, ValidateFunction>();

/** Every problem in `data` as `<path> <what is wrong>`; empty when the configuration is valid. */
export function validateConfigData(data: unknown, rules: readonly Rule<unknown>[]): string[] {
  let validate = configValidators.get(rules);
  if (!validate) {
    validate = configAjv().compile(buildConfigSchema(rules));
    configValidators.set(rules, validate);
  }
  const problems: string[] = [];
  if (!validate(data)) {
    // Rule settings are checked below, with the rule's own schema and a better message than
    // the `anyOf` of the editor schema gives.
    const errors = (validate.errors ?? []).filter((error) => !/^(?:\/overrides\/\d+)?\/rules(?:\/|$)/.test(error.instancePath));
    problems.push(...describeErrors(errors, data, []));
  }
  if (isPlainObject(data)) {
    if (data.rules !== undefined) problems.push(...validateRuleSettings(data.rules, ['rules'], rules));
    if (Array.isArray(data.overrides)) {
      data.overrides.forEach((override, index) => {
        if (isPlainObject(override) && override.rules !== undefined) {
          problems.push(...validateRuleSettings(override.rules, ['overrides', index, 'rules'], rules));
        }
      });
    }
  }
  return [...new Set(problems)];
}

function validateRuleSettings(value: unknown, at: PathSegment[], rules: readonly Rule<unknown>[]): string[] {
  if (!isPlainObject(value)) return [`${formatPath(at)} must be an object`];
  const problems: string[] = [];
  for (const [id, setting] of Object.entries(value)) {
    const path = [...at, id];
    const rule = rules.find((candidate) => candidate.meta.id === id);
    if (!rule) {
      const suggestion = closest(id, rules.map((candidate) => candidate.meta.id));
      problems.push(`${formatPath(path)} is not a known rule${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; stagevar-lint --list-rules lists them`);
      continue;
    }
    if (!Array.isArray(setting)) {
      if (!isSeverity(setting)) problems.push(`${formatPath(path)} must be ${SEVERITY_EXPECTED}, or [severity, options]`);
      continue;
    }
    if (setting.length < 1 || setting.length > 2) {
      problems.push(`${formatPath(path)} must be [severity] or [severity, options]`);
      continue;
    }
    if (!isSeverity(setting[0])) problems.push(`${formatPath([...path, 0])} must be ${SEVERITY_EXPECTED}`);
    if (setting.length === 2) {
      const options = setting[1];
      if (!isPlainObject(options)) {
        problems.push(`${formatPath([...path, 1])} must be an object`);
        continue;
      }
      problems.push(...validateRuleOptions(rule, options, [...path, 1]));
    }
  }
  return problems;
}

/** Checks options the way the engine will use them: the rule's defaults under the user's options. */
export function validateRuleOptions(rule: Rule<unknown>, options: Record<string, unknown>, at: PathSegment[]): string[] {
  let validate = optionValidators.get(rule);
  if (!validate) {
    validate = optionsAjv().compile(rule.meta.schema);
    optionValidators.set(rule, validate);
  }
  const merged = { ...rule.meta.defaultOptions, ...options };
  if (validate(merged)) return [];
  return describeErrors(validate.errors ?? [], merged, at);
}

export function isSeverity(value: unknown): value is 'off' | 'warn' | 'error' | 0 | 1 | 2 {
  return value === 'off' || value === 'warn' || value === 'error' || value === 0 || value === 1 || value === 2;
}

/** Turns ajv errors into sentences. `data` is the value at `prefix`. */
export function describeErrors(errors: readonly ErrorObject[], data: unknown, prefix: PathSegment[]): string[] {
  const problems: string[] = [];
  for (const error of errors) {
    const segments = [...prefix, ...pointerSegments(error.instancePath, data)];
    const path = formatPath(segments);
    const params = error.params as Record<string, unknown>;
    const parentSchema = (error.parentSchema ?? {}) as { properties?: Record<string, unknown>; patternErrorMessage?: unknown };
    switch (error.keyword) {
      case 'type': {
        const expected = String(params.type).split(',').map(withArticle).join(' or ');
        const quote = params.type === 'string' && (typeof error.data === 'number' || typeof error.data === 'boolean') ? ' (put the value in quotes)' : '';
        problems.push(`${path} must be ${expected}${quote}`);
        break;
      }
      case 'additionalProperties': {
        const known = Object.keys(parentSchema.properties ?? {});
        const child = formatPath([...segments, String(params.additionalProperty)]);
        problems.push(`${child} is not a known property${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`);
        break;
      }
      case 'required':
        problems.push(`${formatPath([...segments, String(params.missingProperty)])} is required`);
        break;
      case 'enum':
        problems.push(`${path} must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`);
        break;
      case 'const':
        problems.push(`${path} must be ${JSON.stringify(params.allowedValue)}`);
        break;
      case 'pattern': {
        const expectation = typeof parentSchema.patternErrorMessage === 'string' ? parentSchema.patternErrorMessage : undefined;
        if (error.propertyName !== undefined) {
          problems.push(`${path} has an invalid key ${JSON.stringify(error.propertyName)}: ${expectation ?? `keys must match the pattern ${String(params.pattern)}`}`);
        } else {
          problems.push(`${path} ${expectation ?? `must match the pattern ${String(params.pattern)}`}`);
        }
        break;
      }
      case 'propertyNames':
        // The error of the name's own schema (above) says what is wrong.
        break;
      case 'minItems':
      case 'minProperties':
      case 'minLength':
        problems.push(params.limit === 1 ? `${path} must not be empty` : `${path} must have at least ${String(params.limit)} ${unitOf(error.keyword)}`);
        break;
      case 'maxItems':
      case 'maxProperties':
      case 'maxLength':
        problems.push(`${path} must have at most ${String(params.limit)} ${unitOf(error.keyword)}`);
        break;
      case 'uniqueItems': {
        const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
        problems.push(`${path} must not repeat a value: ${formatPath([...segments, first!])} and ${formatPath([...segments, second!])} are the same`);
        break;
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        problems.push(`${path} must be ${String(params.comparison)} ${String(params.limit)}`);
        break;
      case 'format':
        problems.push(`${path} must be a valid ${String(params.format)}`);
        break;
      default:
        problems.push(`${path} ${error.message ?? 'is not valid'}`);
    }
  }
  return [...new Set(problems)];
}

function unitOf(keyword: string): string {
  return keyword.endsWith('Items') ? 'items' : keyword.endsWith('Properties') ? 'properties' : 'characters';
}

function withArticle(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** JSON Pointer segments, as numbers where they index an array of `data`. */
function pointerSegments(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(key)) {
      segments.push(Number(key));
      current = current[Number(key)];
    } else {
      segments.push(key);
      current = isPlainObject(current) ? current[key] : undefined;
    }
  }
  return segments;
}

/** `rules["unused-variable"][1].ignoreLambdaProxyApis`; the empty path is the whole file. */
export function formatPath(segments: readonly PathSegment[]): string {
  if (segments.length === 0) return 'the configuration';
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The candidate within a small edit distance, for "did you mean". */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
