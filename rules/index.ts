import type { Rule } from '../src/engine/rule.ts';
import undefinedVariable from './undefined-variable.ts';
import unusedVariable from './unused-variable.ts';
import validDefinition from './valid-definition.ts';
import placeholderPosition from './placeholder-position.ts';
import malformedReference from './malformed-reference.ts';
import subEscape from './sub-escape.ts';
import valueShape from './value-shape.ts';
import noSecrets from './no-secrets.ts';
import noCrossAccountLambda from './no-cross-account-lambda.ts';
import lambdaPermission from './lambda-permission.ts';

/** Every rule of the tool, in documentation order. */
export const rules: readonly Rule<unknown>[] = [undefinedVariable, unusedVariable, validDefinition, placeholderPosition, malformedReference, subEscape, valueShape, noSecrets, noCrossAccountLambda, lambdaPermission];
