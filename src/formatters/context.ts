import type { RuleDocs } from '../engine/types.ts';

/** What every formatter gets besides the results. */
export interface FormatterContext {
  /** Absolute; the repository root that relative paths and URIs are computed from. */
  cwd: string;
  /** Every rule of the tool (SARIF `tool.driver.rules`, JUnit help links). */
  rules: readonly RuleDocs[];
  toolVersion: string;
  /** Stylish only: emit ANSI colours. */
  color: boolean;
}
