#!/usr/bin/env node
// Parse-only floors, run in their own process by bench/run.mjs over the same file list as the
// linter. Reports JSON on stdout: the in-process time to read and parse every file (node startup
// excluded, which favours the floor), the bytes and this process's peak RSS.
//
// Usage: node bench/floor.mjs <yaml-parseDocument|js-yaml-load> <file-list.txt>

import { readFileSync } from 'node:fs';

const [mode, listFile] = process.argv.slice(2);
const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);

// CloudFormation short forms, so templates parse without tag warnings in both parsers.
const SHORT_FORMS = ['Ref', 'Condition', 'Sub', 'GetAtt', 'Join', 'If', 'Select', 'Split', 'FindInMap', 'ImportValue', 'Base64', 'Cidr', 'GetAZs', 'Equals', 'Not', 'And', 'Or', 'Transform', 'Length', 'ToJsonString'];

async function parserFor(name) {
  if (name === 'yaml-parseDocument') {
    const { parseDocument } = await import('yaml');
    const customTags = SHORT_FORMS.flatMap((tag) => [
      { tag: `!${tag}`, resolve: (value) => value },
      { tag: `!${tag}`, collection: 'seq', resolve: (value) => value },
      { tag: `!${tag}`, collection: 'map', resolve: (value) => value },
    ]);
    // The options the linter's slow path uses: positions kept, the core schema.
    return (text) => parseDocument(text, { keepSourceTokens: true, uniqueKeys: false, customTags });
  }
  if (name === 'js-yaml-load') {
    const { default: yaml } = await import('js-yaml');
    const types = SHORT_FORMS.flatMap((tag) =>
      ['scalar', 'sequence', 'mapping'].map((kind) => new yaml.Type(`!${tag}`, { kind, construct: (data) => ({ [tag]: data }) })),
    );
    const schema = yaml.CORE_SCHEMA.extend(types);
    return (text) => yaml.load(text, { schema });
  }
  throw new Error(`unknown floor "${name}"`);
}

const parse = await parserFor(mode);
let bytes = 0;
let failures = 0;
const started = process.hrtime.bigint();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  bytes += Buffer.byteLength(text);
  try {
    parse(text);
  } catch {
    // js-yaml throws on what yaml reports as document errors; the work was still done.
    failures++;
  }
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ mode, files: files.length, bytes, ms, failures, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
