// Result types shared by the engine, the formatters, the CLI and the ESLint plugin.
// The shape of LintResult/LintMessage is ESLint's JSON formatter shape, so tools that read
// ESLint JSON read ours.

export type Severity = 0 | 1 | 2;
export type SeverityName = 'off' | 'warn' | 'error';

export interface Fix {
  /** Source range [start, end) in the file text as read (BOM excluded). */
  readonly range: readonly [number, number];
  readonly text: string;
}

export interface LintMessage {
  /** Bare rule id (`undefined-variable`); null for a fatal parse or read error. */
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  /** 1-based line and column (UTF-16 code units), end exclusive like ESLint. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  fix?: Fix;
  /**
   * A stable identity of what the finding is about (rule + file + the reference or definition,
   * not its line), used for SARIF partialFingerprints, GitLab fingerprints and baselines.
   */
  fingerprint?: string;
  /** Present when a suppression matched; formatters that support it show it, others drop the message. */
  suppressions?: { kind: 'inSource' | 'external'; justification: string }[];
}

export interface LintResult {
  /** Absolute path. */
  filePath: string;
  messages: LintMessage[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** The text after --fix, when fixes were applied. */
  output?: string;
}

export interface RuleDocs {
  readonly id: string;
  readonly description: string;
  readonly defaultSeverity: SeverityName;
  readonly url: string;
  readonly fixable: boolean;
}
