import type { ProjectModel, Span } from '../model/types.ts';
import type { SeverityName } from './types.ts';

export interface RuleMeta {
  /** Kebab-case id, without a plugin prefix: `undefined-variable`. */
  readonly id: string;
  readonly description: string;
  readonly defaultSeverity: Exclude<SeverityName, 'off'>;
  readonly docsUrl: string;
  /** Present when the rule offers fixes. */
  readonly fixable?: 'code';
  /** JSON Schema of the rule's options object (validated with ajv before the rule runs). */
  readonly schema: Record<string, unknown>;
  /** Option defaults, merged under what the user configures. */
  readonly defaultOptions?: Record<string, unknown>;
}

export interface FixDescriptor {
  readonly span: Span;
  readonly text: string;
}

export interface ReportDescriptor {
  readonly span: Span;
  readonly message: string;
  /**
   * What the finding is about, stable across edits that move it (`api|name|position`); with the
   * rule id and the file it forms the fingerprint used by baselines, SARIF and GitLab.
   */
  readonly subject: string;
  readonly fix?: FixDescriptor;
  /** Overrides the configured severity for this finding (a rule with mixed error/warn findings). */
  readonly severity?: 'warn' | 'error';
}

export interface RuleContext<Options = Record<string, unknown>> {
  readonly model: ProjectModel;
  readonly options: Options;
  report(descriptor: ReportDescriptor): void;
}

export interface Rule<Options = Record<string, unknown>> {
  readonly meta: RuleMeta;
  check(context: RuleContext<Options>): void;
}

/** Typed helper so rule files read like ESLint rules. */
export function defineRule<Options = Record<string, unknown>>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

export const DOCS_BASE_URL = 'https://github.com/stagevar-lint/stagevar-lint/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
