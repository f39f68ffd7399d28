import { parseArgs } from 'node:util';
import { version } from '../version.ts';
import type { LintResult, SeverityName } from '../engine/types.ts';
import type { RuleSetting } from '../engine/lint.ts';

const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab'] as const;
type FormatName = (typeof FORMATS)[number];

export const HELP = `Usage: stagevar-lint [options] [paths...]

Lints API Gateway stage variables in CloudFormation, SAM and OpenAPI templates.
Directories are searched for *.yaml, *.yml, *.json and *.template files (default: .).

Output:
  -f, --format <name>        stylish (default), json, sarif, junit, github, gitlab
  -o, --output-file <path>   Write the report to a file (atomically); a summary still goes to the terminal
  --quiet                    Report errors only
  --max-warnings <n>         Exit with code 1 when there are more than n warnings
  --color, --no-color        Force or disable colours (default: on a TTY; NO_COLOR / FORCE_COLOR honoured)

Rules:
  --rule <id>:<severity>     Set a rule's severity (off, warn, error); repeatable
  --list-rules               List the rules with their default severity and exit
  --account-id <id>          AWS account id the APIs are deployed to; repeatable

Files:
  --ignore-pattern <glob>    Skip matching files (in addition to node_modules, .git, .aws-sam); repeatable
  --max-file-size <bytes>    Skip files larger than this (default 4194304 = 4 MiB)
  --fix                      Apply automatic fixes to the files, atomically, and report what changed

Configuration:
  -c, --config <path>        Use this configuration file instead of the one found from the working
                             directory up (stagevar-lint.config.json, .stagevar-lint.yaml or .yml)
  --no-config                Use no configuration file
  --print-config <file>      Print the configuration that applies to <file> as JSON and exit
  --init                     Write a commented starter .stagevar-lint.yaml here and exit
  --baseline <file>          Report only findings that are not in this baseline file
  --write-baseline <file>    Record the current findings in a baseline file, then report as --baseline

Other:
  --debug                    Print skipped files and internal details (stack traces)
  -v, --version              Print the version
  -h, --help                 Print this help

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many warnings,
2 invalid usage or an internal failure.
`;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

const defaultIo = (): Io => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
});

export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'output-file': { type: 'string', short: 'o' },
        quiet: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        rule: { type: 'string', multiple: true },
        'list-rules': { type: 'boolean' },
        'account-id': { type: 'string', multiple: true },
        'ignore-pattern': { type: 'string', multiple: true },
        'max-file-size': { type: 'string' },
        fix: { type: 'boolean' },
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' },
        'print-config': { type: 'string' },
        init: { type: 'boolean' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        debug: { type: 'boolean' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const values = parsed.values;
    debug = Boolean(values.debug);
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    if (values.version) {
      io.stdout(`${version}\n`);
      return 0;
    }
    // Loaded only when linting, so --version and --help start fast.
    const engine = await import('../engine/lint.ts');
    if (values['list-rules']) {
      for (const rule of engine.rules) {
        io.stdout(`${rule.meta.id.padEnd(24)} ${rule.meta.defaultSeverity.padEnd(5)} ${rule.meta.fixable ? 'fixable ' : '        '}${rule.meta.description}\n`);
      }
      return 0;
    }
    if (values.init) {
      const { writeStarterConfig } = await import('../config/init.ts');
      io.stdout(`Wrote ${relative(io.cwd, writeStarterConfig(io.cwd, engine.rules))}\n`);
      return 0;
    }
    const format = (values.format ?? 'stylish') as FormatName;
    if (!FORMATS.includes(format)) throw new engine.UsageError(`Unknown format "${values.format}". Formats: ${FORMATS.join(', ')}.`);
    const maxWarnings = parseCount(values['max-warnings'], '--max-warnings', engine.UsageError);
    const maxFileBytes = parseCount(values['max-file-size'], '--max-file-size', engine.UsageError);
    const accountIds = values['account-id'] ?? [];
    for (const id of accountIds) {
      if (!/^\d{12}$/.test(id)) throw new engine.UsageError(`--account-id "${id}" is not a 12-digit AWS account id.`);
    }
    const rules = parseRuleFlags(values.rule ?? [], engine.UsageError);
    if (values.config !== undefined && values['no-config']) throw new engine.UsageError('--config and --no-config cannot be used together.');
    const writeBaseline = values['write-baseline'];
    if (writeBaseline !== undefined && values.baseline !== undefined && writeBaseline !== values.baseline) {
      throw new engine.UsageError('--baseline and --write-baseline name different files; --write-baseline alone writes the file and then applies it.');
    }
    const { loadConfiguration } = await import('../config/load.ts');
    const { resolveConfig } = await import('../config/resolve.ts');
    const loaded = loadConfiguration({ cwd: io.cwd, configPath: values.config, noConfig: values['no-config'], rules: engine.rules });
    // Command-line flags over the configuration file over the defaults.
    const config = resolveConfig(loaded, { rules, accountIds: values['account-id'] }, engine.rules, io.cwd);
    if (values['print-config'] !== undefined) {
      io.stdout(`${JSON.stringify(config.effectiveFor(values['print-config']), null, 2)}\n`);
      return 0;
    }
    const color = values['no-color'] ? false : values.color ? true : colorFromEnvironment(io);

    const options = {
      cwd: io.cwd,
      ...config.options,
      ignorePatterns: values['ignore-pattern'] ?? [],
      maxFileBytes,
      debug: debug ? (message: string) => io.stderr(`[debug] ${message}\n`) : undefined,
    };
    engine.resolveRuleSettings(config.options.rules); // usage errors before any file is read
    let run = await engine.lintFilesWithSources(parsed.positionals, { ...options, fix: Boolean(values.fix) });
    if (values.fix) {
      const { writeIfUnchanged } = await import('../files/write.ts');
      let attempted = 0;
      for (const result of run.results) {
        const source = run.sources.get(result.filePath);
        if (result.output === undefined || !source) continue;
        attempted++;
        const written = writeIfUnchanged(result.filePath, source.text, source.hadBom, result.output);
        if (written.ok) io.stderr(`Fixed ${relative(io.cwd, result.filePath)}\n`);
        else io.stderr(`Not fixed ${relative(io.cwd, result.filePath)}: ${written.reason}.\n`);
      }
      // Report what is left, at positions in the files as they are now. Also after a refused
      // write: the fixed run dropped the messages it fixed, and its `output` is the whole file.
      if (attempted > 0) run = await engine.lintFilesWithSources(parsed.positionals, options);
    }

    let results: LintResult[] = run.results;
    if (writeBaseline !== undefined || values.baseline !== undefined) {
      const { baselineResults } = await import('../engine/baseline.ts');
      results = baselineResults(results, { cwd: io.cwd, read: values.baseline, write: writeBaseline, report: (text) => io.stderr(`stagevar-lint: ${text}`) });
    }
    if (values.quiet) results = results.map(onlyErrors);
    const { formatters } = await import('../formatters/index.ts');
    const context = { cwd: io.cwd, rules: engine.rules.map((rule) => ({ id: rule.meta.id, description: rule.meta.description, defaultSeverity: rule.meta.defaultSeverity as SeverityName, url: rule.meta.docsUrl, fixable: Boolean(rule.meta.fixable) })), toolVersion: version };
    const outputFile = values['output-file'];
    if (outputFile) {
      const { writeErrorReason, writeFileAtomic } = await import('../files/write.ts');
      const path = await import('node:path');
      try {
        writeFileAtomic(path.resolve(io.cwd, outputFile), formatters[format](results, { ...context, color: false }));
      } catch (error) {
        throw new Error(`Cannot write the report to ${outputFile}: ${writeErrorReason(error)}.`);
      }
      // The report went to the file; the terminal still gets the human summary.
      io.stdout(formatters.stylish(results, { ...context, color }));
    } else {
      const report = formatters[format](results, { ...context, color: format === 'stylish' ? color : false });
      // Written as it is, then the newline: `${report}\n` would copy a report of megabytes once more.
      io.stdout(report);
      if (report && !report.endsWith('\n')) io.stdout('\n');
    }

    const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
    const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
    if (errors > 0) return 1;
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      io.stderr(`stagevar-lint found too many warnings (maximum: ${maxWarnings}).\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') || error?.constructor?.name === 'UsageError';
    io.stderr(`stagevar-lint: ${message}${usage ? '\nRun stagevar-lint --help for usage.' : ''}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 2;
  }
}

function parseCount(value: string | undefined, flag: string, UsageError: new (message: string) => Error): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} expects a non-negative integer, got "${value}".`);
  return Number(value);
}

function parseRuleFlags(flags: readonly string[], UsageError: new (message: string) => Error): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  for (const flag of flags) {
    const match = /^([a-z0-9-]+):(off|warn|error|0|1|2)$/.exec(flag.trim());
    if (!match) throw new UsageError(`--rule "${flag}" must look like <rule-id>:off|warn|error.`);
    const severity = ({ 0: 'off', 1: 'warn', 2: 'error' } as Record<string, SeverityName>)[match[2]!] ?? (match[2] as SeverityName);
    rules[match[1]!] = severity;
  }
  return rules;
}

function colorFromEnvironment(io: Io): boolean {
  // https://no-color.org and the FORCE_COLOR convention (0 disables).
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== '0' && io.env.FORCE_COLOR !== 'false';
  return io.isTTY;
}

function onlyErrors(result: LintResult): LintResult {
  const messages = result.messages.filter((message) => message.severity === 2);
  return { ...result, messages, warningCount: 0, fixableWarningCount: 0 };
}

function relative(cwd: string, filePath: string): string {
  return filePath.startsWith(cwd + '/') ? filePath.slice(cwd.length + 1) : filePath;
}
