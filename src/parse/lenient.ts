import { createRequire } from 'node:module';
import type { Schema } from 'js-yaml';
import { SHORT_FORMS } from './short-forms.ts';

// CloudFormation reads YAML with a parser that is laxer than YAML 1.2: it accepts, for example,
// a flow collection whose closing bracket is less indented than its parent block. `yaml`
// rejects such files, and its error recovery then derails for the rest of the file, so
// positions are lost. js-yaml shares CloudFormation's laxity on these cases; it tells whether a
// file the strict parser refused is one CloudFormation would still deploy.

type JsYaml = typeof import('js-yaml');

// Loaded on the first file the strict parser refuses (about 20-30 ms), not by every run.
let lax: { jsYaml: JsYaml; schema: Schema } | undefined;

function laxYaml(): { jsYaml: JsYaml; schema: Schema } {
  if (!lax) {
    const jsYaml = createRequire(import.meta.url)('js-yaml') as JsYaml;
    const schema = jsYaml.DEFAULT_SCHEMA.extend(
      [...SHORT_FORMS.keys()].flatMap((tag) =>
        (['scalar', 'sequence', 'mapping'] as const).map((kind) => new jsYaml.Type(tag, { kind, construct: (data: unknown) => data })),
      ),
    );
    lax = { jsYaml, schema };
  }
  return lax;
}

/** True when a lax YAML parser (like CloudFormation's) loads the text without error. */
export function acceptedByLaxYaml(text: string): boolean {
  const { jsYaml, schema } = laxYaml();
  try {
    // `json: true` lets duplicate keys through, as CloudFormation's loader reports them itself.
    jsYaml.load(text, { schema, json: true });
    return true;
  } catch {
    return false;
  }
}
