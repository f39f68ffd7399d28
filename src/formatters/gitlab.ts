// GitLab Code Quality report (a subset of the Code Climate issue format), for
// `artifacts: reports: codequality:`. Fingerprints are stable across runs and machines: a hash of the
// relative path, the rule and the finding's identity, plus an occurrence number when the same
// identity appears more than once in a file (GitLab shows only the first issue of a fingerprint).

import type { LintResult } from '../engine/types.ts';
import type { FormatterContext } from './context.ts';
import { findingIdentity, isError, relativePath, ruleIdOf, stableHash, visibleMessages } from './shared.ts';

export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number; end?: number } };
}

export function toGitlab(results: readonly LintResult[], context: FormatterContext): GitlabIssue[] {
  const issues: GitlabIssue[] = [];
  for (const result of results) {
    const path = relativePath(context.cwd, result.filePath);
    const seen = new Map<string, number>();
    for (const message of visibleMessages(result)) {
      const checkName = ruleIdOf(message);
      const identity = findingIdentity(path, message);
      const key = JSON.stringify([checkName, identity]);
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      const parts: (string | number)[] = ['stagevar-lint/gitlab/v1', path, checkName, identity];
      if (occurrence > 1) parts.push(occurrence);
      const begin = message.line >= 1 ? message.line : 1;
      const lines: GitlabIssue['location']['lines'] = { begin };
      if (message.endLine !== undefined && message.endLine > begin) lines.end = message.endLine;
      issues.push({
        description: message.message,
        check_name: checkName,
        fingerprint: stableHash(parts),
        severity: message.fatal ? 'blocker' : isError(message) ? 'major' : 'minor',
        location: { path, lines },
      });
    }
  }
  return issues;
}

export function format(results: LintResult[], context: FormatterContext): string {
  return `${JSON.stringify(toGitlab(results, context), null, 2)}\n`;
}
