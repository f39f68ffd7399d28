// SARIF 2.1.0: one run, every rule in `tool.driver.rules`, suppressed findings kept with
// `suppressions`, fatal messages (ruleId null) reported under the synthetic rule `parse-error`.
// Validated in the tests against schemas/sarif-schema-2.1.0.json.

import { pathToFileURL } from 'node:url';
import type { LintMessage, LintResult, RuleDocs, SeverityName } from '../engine/types.ts';
import type { FormatterContext } from './context.ts';
import {
  INFORMATION_URI,
  PARSE_ERROR_DESCRIPTION,
  PARSE_ERROR_RULE_ID,
  TOOL_NAME,
  endOf,
  findingIdentity,
  isError,
  isInside,
  relativePath,
  ruleIdOf,
  startOf,
} from './shared.ts';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const FINGERPRINT_KEY = 'stagevarFingerprint/v1';
const SRCROOT = '%SRCROOT%';

type Level = 'none' | 'note' | 'warning' | 'error';

interface SarifText {
  text: string;
  markdown?: string;
}

export interface SarifRule {
  id: string;
  shortDescription: SarifText;
  fullDescription: SarifText;
  helpUri?: string;
  help?: SarifText;
  defaultConfiguration: { level: Level };
  properties?: Record<string, unknown>;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: ArtifactLocation;
      region?: { startLine: number; startColumn: number; endLine?: number; endColumn?: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: 'inSource' | 'external'; status: 'accepted'; justification?: string }[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        semanticVersion?: string;
        informationUri: string;
        rules: SarifRule[];
      };
    };
    originalUriBaseIds: Record<string, { uri?: string; description: { text: string } }>;
    artifacts: { location: ArtifactLocation }[];
    results: SarifResult[];
    columnKind: 'utf16CodeUnits';
  }[];
}

const LEVEL_OF_SEVERITY: Record<SeverityName, Level> = { error: 'error', warn: 'warning', off: 'none' };

function ruleFromDocs(docs: RuleDocs): SarifRule {
  const help = docs.url
    ? {
        helpUri: docs.url,
        help: {
          text: `${docs.description}\n\nDocumentation: ${docs.url}`,
          markdown: `${docs.description}\n\n[Documentation](${docs.url})`,
        },
      }
    : {};
  return {
    id: docs.id,
    shortDescription: { text: docs.description },
    fullDescription: { text: docs.description },
    ...help,
    defaultConfiguration: { level: LEVEL_OF_SEVERITY[docs.defaultSeverity] },
    properties: { fixable: docs.fixable },
  };
}

function syntheticRule(id: string): SarifRule {
  const text = id === PARSE_ERROR_RULE_ID ? PARSE_ERROR_DESCRIPTION : `Findings reported under "${id}".`;
  return {
    id,
    shortDescription: { text },
    fullDescription: { text },
    defaultConfiguration: { level: 'error' },
  };
}

/** A relative path as a URI reference: each segment percent-encoded, forward slashes. */
function encodePath(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}

function artifactLocationFor(cwd: string, filePath: string): ArtifactLocation {
  const rel = relativePath(cwd, filePath);
  if (isInside(rel)) return { uri: encodePath(rel), uriBaseId: SRCROOT };
  // Outside the repository root: an absolute file URI, with no base.
  return { uri: pathToFileURL(filePath).href };
}

function srcrootUri(cwd: string): string {
  const href = pathToFileURL(cwd).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function isSemver(version: string): boolean {
  return /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version);
}

export function toSarif(results: readonly LintResult[], context: FormatterContext): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (rule: SarifRule): void => {
    if (ruleIndex.has(rule.id)) return;
    ruleIndex.set(rule.id, rules.length);
    rules.push(rule);
  };
  for (const docs of context.rules) addRule(ruleFromDocs(docs));
  // Always present (stable indices whether or not a run had a parse error).
  addRule(syntheticRule(PARSE_ERROR_RULE_ID));

  const artifacts: { location: ArtifactLocation }[] = [];
  const sarifResults: SarifResult[] = [];

  for (const result of results) {
    const location = artifactLocationFor(context.cwd, result.filePath);
    const artifactIndex = artifacts.length;
    artifacts.push({ location: { ...location } });
    const rel = relativePath(context.cwd, result.filePath);

    for (const message of result.messages) {
      const ruleId = ruleIdOf(message);
      if (!ruleIndex.has(ruleId)) addRule(syntheticRule(ruleId));
      sarifResults.push(toResult(message, ruleId, ruleIndex.get(ruleId) ?? 0, { ...location, index: artifactIndex }, rel));
    }
  }

  const driver: SarifLog['runs'][number]['tool']['driver'] = {
    name: TOOL_NAME,
    version: context.toolVersion,
    ...(isSemver(context.toolVersion) ? { semanticVersion: context.toolVersion } : {}),
    informationUri: INFORMATION_URI,
    rules,
  };

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        originalUriBaseIds: {
          [SRCROOT]: { uri: srcrootUri(context.cwd), description: { text: 'The root of the linted repository.' } },
        },
        artifacts,
        results: sarifResults,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

function toResult(
  message: LintMessage,
  ruleId: string,
  index: number,
  artifactLocation: ArtifactLocation,
  rel: string,
): SarifResult {
  const physicalLocation: SarifResult['locations'][number]['physicalLocation'] = { artifactLocation };
  const start = startOf(message);
  if (start) {
    const end = endOf(message);
    physicalLocation.region = { startLine: start.line, startColumn: start.column, ...(end ?? {}) };
  }
  const out: SarifResult = {
    ruleId,
    ruleIndex: index,
    level: isError(message) ? 'error' : 'warning',
    message: { text: message.message },
    locations: [{ physicalLocation }],
    partialFingerprints: { [FINGERPRINT_KEY]: findingIdentity(rel, message) },
  };
  if (message.suppressions && message.suppressions.length > 0) {
    out.suppressions = message.suppressions.map((s) =>
      s.justification ? { kind: s.kind, status: 'accepted', justification: s.justification } : { kind: s.kind, status: 'accepted' },
    );
  }
  return out;
}

export function format(results: LintResult[], context: FormatterContext): string {
  return `${JSON.stringify(toSarif(results, context), null, 2)}\n`;
}
