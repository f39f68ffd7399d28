// The output formats by name. Each formatter is a pure function of the results and the context.

import type { LintResult } from '../engine/types.ts';
import type { FormatterContext } from './context.ts';
import { format as github } from './github.ts';
import { format as gitlab } from './gitlab.ts';
import { format as json } from './json.ts';
import { format as junit } from './junit.ts';
import { format as sarif } from './sarif.ts';
import { format as stylish } from './stylish.ts';

export type { FormatterContext } from './context.ts';
export { PARSE_ERROR_RULE_ID } from './shared.ts';

export type FormatName = 'stylish' | 'json' | 'sarif' | 'junit' | 'github' | 'gitlab';

export type Formatter = (results: LintResult[], context: FormatterContext) => string;

export const formatters: Record<FormatName, Formatter> = { stylish, json, sarif, junit, github, gitlab };

export const formatNames: readonly FormatName[] = ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab'];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(formatters, name);
}
