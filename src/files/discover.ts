import { statSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'glob';

export const TEMPLATE_EXTENSIONS = ['yaml', 'yml', 'json', 'template'] as const;
export const DEFAULT_IGNORES = ['**/node_modules/**', '**/.git/**', '**/.aws-sam/**'];

export interface DiscoveredFile {
  /** Absolute path. */
  filePath: string;
  /** Named on the command line (lint even if it does not look like a template, report parse errors). */
  explicit: boolean;
}

export interface SkippedPath {
  filePath: string;
  reason: string;
}

export interface Discovery {
  files: DiscoveredFile[];
  /**
   * Real paths of the directories files may come from: the project root and every path the user
   * named (naming a path outside the root is asking for it). Symbolic links and DefinitionUri
   * references that leave all of them are never read.
   */
  allowedRoots: string[];
  /** Paths that were asked for but cannot be linted: reported to the user, never read. */
  problems: SkippedPath[];
}

export interface DiscoverOptions {
  cwd: string;
  /** Files outside this directory (after resolving symlinks) are never read. */
  root: string;
  ignorePatterns?: readonly string[];
}

export async function discoverFiles(patterns: readonly string[], options: DiscoverOptions): Promise<Discovery> {
  const byPath = new Map<string, DiscoveredFile>();
  const problems: SkippedPath[] = [];
  const ignore = [...DEFAULT_IGNORES, ...(options.ignorePatterns ?? []).map(normalizeIgnore)];
  const allowedRoots = [safeRealpath(options.root) ?? options.root];

  for (const pattern of patterns.length ? patterns : ['.']) {
    const absolute = path.resolve(options.cwd, pattern);
    let stat;
    let statError: string | undefined;
    try {
      stat = statSync(absolute);
    } catch (error) {
      statError = (error as NodeJS.ErrnoException).code;
    }
    // A path named outside the root is the user asking for it. A path inside the root that only
    // leaves it through a symbolic link is the repository's doing (a pull request can add
    // `templates -> /`), so it stays refused, and the directory is not even walked.
    const directory = stat?.isDirectory() ? absolute : stat?.isFile() ? path.dirname(absolute) : undefined;
    const named = directory === undefined ? undefined : safeRealpath(directory);
    if (named && !allowedRoots.some((root) => isInside(root, named))) {
      if (isInside(options.root, directory!)) {
        problems.push({ filePath: absolute, reason: 'The path leads outside the project root through a symbolic link; not read.' });
        continue;
      }
      allowedRoots.push(named);
    }
    if (stat?.isDirectory()) {
      const found = await glob(`**/*.{${TEMPLATE_EXTENSIONS.join(',')}}`, {
        cwd: absolute,
        absolute: true,
        nodir: true,
        dot: false,
        follow: false,
        ignore,
      });
      for (const file of found) addFile(file, false);
    } else if (stat?.isFile()) {
      addFile(absolute, true);
    } else if (/[*?[{]/.test(pattern)) {
      const found = await glob(pattern, { cwd: options.cwd, absolute: true, nodir: true, follow: false, ignore });
      if (found.length === 0) problems.push({ filePath: absolute, reason: `No files matched the pattern "${pattern}".` });
      for (const file of found) addFile(file, true);
    } else if (stat) {
      problems.push({ filePath: absolute, reason: `Not a regular file or directory: ${pattern}` });
    } else {
      problems.push({ filePath: absolute, reason: `${describeStatError(statError)}: ${pattern}` });
    }
  }

  function addFile(filePath: string, explicit: boolean): void {
    const resolved = path.resolve(filePath);
    const real = safeRealpath(resolved);
    if (real === undefined) {
      problems.push({ filePath: resolved, reason: 'Cannot resolve the file (a broken or looping symbolic link?); not read.' });
      return;
    }
    if (!allowedRoots.some((root) => isInside(root, real))) {
      problems.push({ filePath: resolved, reason: 'The file resolves to a path outside the project root; not read.' });
      return;
    }
    const existing = byPath.get(resolved);
    if (!existing || (explicit && !existing.explicit)) byPath.set(resolved, { filePath: resolved, explicit });
  }

  const files = [...byPath.values()].sort((a, b) => compareStrings(a.filePath, b.filePath));
  problems.sort((a, b) => compareStrings(a.filePath, b.filePath));
  return { files, problems, allowedRoots };
}

function describeStatError(code: string | undefined): string {
  switch (code) {
    case 'ELOOP': return 'Symbolic link loop';
    case 'EACCES': case 'EPERM': return 'Permission denied';
    case 'ENOTDIR': case 'ENOENT': case undefined: return 'No such file or directory';
    default: return `Cannot read (${code})`;
  }
}

function normalizeIgnore(pattern: string): string {
  // "dist" or "dist/" means the folder anywhere, as in .gitignore and ESLint's --ignore-pattern.
  const trimmed = pattern.replace(/\/+$/, '');
  if (!/[*?[{/]/.test(trimmed)) return `**/${trimmed}/**`;
  return pattern.endsWith('/') ? `${trimmed}/**` : trimmed;
}

export function safeRealpath(filePath: string): string | undefined {
  try {
    // The native call is about 3x faster than the JavaScript one, and every found file takes it.
    return realpathSync.native(filePath);
  } catch {
    return undefined;
  }
}

export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Code-unit order, independent of the locale, so output is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
