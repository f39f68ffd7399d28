#!/usr/bin/env node
// The editor case: ESLint re-lints a 2,000-line template after every keystroke. Times
// `Linter#verify` with the plugin's recommended YAML config on a generated template, changing
// one character of a comment per run (so the text, and every cache key, changes); the same with
// no rules (eslint-plugin-yml's parse and ESLint's own work); and our engine alone as the plugin
// drives it (engine-bridge.ts: parse, model, all rules), so our share can be told apart.
// Prints one JSON object; bench/run.mjs includes it in its report. Needs dist/ (npm run build).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Linter } from 'eslint';
import { largeTemplate } from './gen.mjs';

const plugin = (await import('../dist/src/eslint/index.js')).default;
const { prepareLint } = await import('../dist/src/eslint/engine-bridge.js');
const { rules } = await import('../dist/rules/index.js');
const LINES = 2000;
const WARMUP = 10;
const RUNS = 40;

const dir = mkdtempSync(path.join(os.tmpdir(), 'stagevar-keystroke-'));
try {
  const text = largeTemplate(LINES);
  const filename = path.join(dir, 'template.yaml');
  // On disk too: the engine may look at the file's directory for templates that link to it.
  writeFileSync(filename, text);
  const config = plugin.configs['recommended-yaml'];
  const parseOnly = config.map((entry) => ({ ...entry, rules: {} }));
  // The first comment line of the template: editing it keeps the YAML valid.
  const at = text.indexOf('# Generated') + 2;

  const time = (configs) => {
    const linter = new Linter({ configType: 'flat', cwd: dir });
    const samples = [];
    let findings = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const edited = text.slice(0, at) + String.fromCharCode(0x61 + (i % 26)) + text.slice(at + 1);
      const started = process.hrtime.bigint();
      const messages = linter.verify(edited, configs, filename);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (messages.some((m) => m.fatal)) throw new Error(`the template did not parse: ${messages[0].message}`);
      if (i >= WARMUP) samples.push(ms);
      findings = messages.length;
    }
    samples.sort((a, b) => a - b);
    return { medianMs: samples[Math.floor(samples.length / 2)], p95Ms: samples[Math.floor(samples.length * 0.95)], findings };
  };

  const withRules = time(config);
  const yamlOnly = time(parseOnly);
  // Our engine alone, as the plugin drives it: parse, model, every rule's findings.
  const engineSamples = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const edited = text.slice(0, at) + String.fromCharCode(0x61 + (i % 26)) + text.slice(at + 1);
    const started = process.hrtime.bigint();
    const lint = prepareLint(filename, edited, dir, {});
    for (const rule of rules) lint.findings(rule.meta.id, undefined);
    if (i >= WARMUP) engineSamples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  engineSamples.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({
    lines: text.split('\n').length,
    bytes: text.length,
    runs: RUNS,
    medianMs: withRules.medianMs,
    p95Ms: withRules.p95Ms,
    findings: withRules.findings,
    eslintYamlParseMedianMs: yamlOnly.medianMs,
    engineMedianMs: engineSamples[Math.floor(engineSamples.length / 2)],
    engineP95Ms: engineSamples[Math.floor(engineSamples.length * 0.95)],
  }) + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
