// The byte-level pre-filter: can this text hold anything the linter reports on?
//
// Most templates in a repository have nothing to do with API Gateway stage variables, and
// reading one costs far more than searching its text. A file found by searching a directory is
// only parsed when its text names something a finding can come from (docs/performance.md):
// a stage-variable token or definition, a link to another file, a Lambda permission (another
// template's API may need it), or a suppression. The test is conservative: it looks for the
// words only, anywhere, in any case, and any escape sequence that could spell one in a quoted
// string (`\u0053tageVariables`, an escaped line break) makes the file count.

/** Words a fact of the model or a finding comes from, wherever they stand in the file. */
const FACT_WORDS = /stagevariable|DefinitionUri|BodyS3Location|AWS::Include|Lambda::Permission|stagevar-lint/i;
/** Stage variables of REST stages and SAM APIs sit in a map called just `Variables`. */
const VARIABLES = /Variables/i;
const API_TYPES = /AWS::ApiGateway::|AWS::Serverless/i;
/** Escapes that can produce letters (JSON `\u`, YAML `\x` `\u` `\U`) or join lines (`\` + break). */
const SPELLING_ESCAPES = /\\[uUx\r\n]/;

/** False only when no finding can come from this text or from another file because of it. */
export function mayHoldStageVariableFacts(text: string): boolean {
  return FACT_WORDS.test(text) || SPELLING_ESCAPES.test(text) || (VARIABLES.test(text) && API_TYPES.test(text));
}
