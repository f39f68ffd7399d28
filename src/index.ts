/**
 * stagevar-lint's programmatic API.
 *
 * ```ts
 * import { lintFiles, lintText } from 'stagevar-lint';
 * const results = await lintFiles(['templates/'], { rules: { 'unused-variable': 'off' } });
 * ```
 * Results have ESLint's JSON formatter shape (`LintResult`).
 */
export { lintFiles, lintText, UsageError, type LintOptions, type RuleSetting } from './engine/lint.ts';
export type { LintMessage, LintResult, Fix, Severity, SeverityName, RuleDocs } from './engine/types.ts';
export type { Rule, RuleMeta, RuleContext, ReportDescriptor } from './engine/rule.ts';
export type { StageConfig } from './model/build.ts';
export type * from './model/types.ts';
export { rules } from '../rules/index.ts';
export { version } from './version.ts';
