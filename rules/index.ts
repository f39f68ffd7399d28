import type { Rule } from '../src/engine/rule.ts';
import undefinedVariable from './undefined-variable.ts';
import unusedVariable from './unused-variable.ts';
import validDefinition from './valid-definition.ts';

/** Every rule of the tool, in documentation order. */
export const rules: readonly Rule<any>[] = [undefinedVariable, unusedVariable, validDefinition];
