import { accessSync, constants, lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';

export const TEMPLATE_EXTENSIONS = ['yaml', 'yml', 'json', 'template'] as const;
export const DEFAULT_IGNORES = ['**/node_modules/**', '**/.git/**', '**/.aws-sam/**'];

const TEMPLATE_GLOB = `**/*.{${TEMPLATE_EXTENSIONS.join(',')}}`;
const TEMPLATE_NAME = new RegExp(`\\.(?:${TEMPLATE_EXTENSIONS.join('|')})$`);

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
  const searchableDirectories = new Map<string, boolean>();
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
      // A directory named through a link of its own (`stagevar-lint linked-dir`) is walked at its
      // real path, checked above: a walk from the link finds nothing (it follows no link, that
      // one included), and linting nothing in silence would be a false "no problems". Its files
      // are reported at their real paths, so naming both the link and its target lints each once.
      const start = named !== undefined && isSymbolicLink(absolute) ? named : absolute;
      for (const entry of await findTemplates(start, ignore)) {
        // The walk follows no link, so an entry that is not a link itself has the real path
        // `named` + its relative path: inside the allowed roots, as `named` is (checked above).
        // Only links can lead elsewhere, and only they need resolving. Resolving also fails in a
        // directory that can be listed but not searched (mode r--); such entries still take
        // that path, so they get the same "cannot resolve" problem as before.
        if (entry.symbolicLink || named === undefined || !searchable(entry.directory)) addFile(entry.filePath, false);
        else addInside(entry.filePath, false);
      }
    } else if (stat?.isFile()) {
      addFile(absolute, true);
    } else if (/[*?[{]/.test(pattern)) {
      // A user's pattern may follow a link (`**` after the first segment does, once) or climb
      // out with `..`: every file it finds is resolved.
      const { glob } = await import('glob');
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
    addInside(resolved, explicit);
  }

  function searchable(directory: string): boolean {
    let known = searchableDirectories.get(directory);
    if (known === undefined) {
      try {
        accessSync(directory, constants.X_OK);
        known = true;
      } catch {
        known = false;
      }
      searchableDirectories.set(directory, known);
    }
    return known;
  }

  /** `filePath` is absolute and known to lie inside an allowed root. */
  function addInside(filePath: string, explicit: boolean): void {
    const existing = byPath.get(filePath);
    if (!existing || (explicit && !existing.explicit)) byPath.set(filePath, { filePath, explicit });
  }

  const files = [...byPath.values()].sort((a, b) => compareStrings(a.filePath, b.filePath));
  problems.sort((a, b) => compareStrings(a.filePath, b.filePath));
  return { files, problems, allowedRoots };
}

interface FoundEntry {
  filePath: string;
  /** The directory that lists it. */
  directory: string;
  /** The entry itself is a symbolic link (to anything): its real path is not known from the walk. */
  symbolicLink: boolean;
}

/**
 * glob is case-insensitive by default on macOS and Windows (and Windows has its own separators);
 * walkTemplates reproduces glob's case-sensitive POSIX matching only, so glob keeps the other two.
 */
const WALK_MATCHES_GLOB = process.platform !== 'darwin' && process.platform !== 'win32';

/**
 * What `glob(TEMPLATE_GLOB, { dot: false, follow: false, nodir: true, ignore })` finds under
 * `directory`. A walk of its own exists for speed: on the real corpus (1,480 templates in some 900
 * directories) glob took about five times as long as walkTemplates, and loading it another 20 ms.
 * The walk covers the usual case, where every ignore pattern only names a directory
 * (`**\/name/**`: the defaults and a bare `--ignore-pattern dist`); any other pattern needs glob's
 * matching, and glob does the walk. test/discover.test.ts checks both against glob's results.
 */
async function findTemplates(directory: string, ignore: readonly string[]): Promise<FoundEntry[]> {
  const ignoredNames = WALK_MATCHES_GLOB ? directoryNames(ignore) : undefined;
  if (ignoredNames) return walkTemplates(directory, ignoredNames);
  const { glob } = await import('glob');
  const found = await glob(TEMPLATE_GLOB, { cwd: directory, withFileTypes: true, nodir: true, dot: false, follow: false, ignore: [...ignore] });
  // glob lstat()s every entry whose type readdir did not tell, so isSymbolicLink() is known.
  return found.map((entry) => {
    const filePath = entry.fullpath();
    return { filePath, directory: path.dirname(filePath), symbolicLink: entry.isSymbolicLink() };
  });
}

/**
 * The names of patterns `**\/name/**`, or undefined if some pattern is anything else. The name
 * must be plain text to minimatch (no glob or extglob character, not `.` or `..`): then the
 * pattern matches exactly the paths with a segment `name`, and glob does not enter such a
 * directory or report such a file.
 */
function directoryNames(patterns: readonly string[]): Set<string> | undefined {
  const names = new Set<string>();
  for (const pattern of patterns) {
    const name = /^\*\*\/([\w.,~%= -]+)\/\*\*$/.exec(pattern)?.[1];
    if (name === undefined || /^\.+$/.test(name)) return undefined;
    names.add(name);
  }
  return names;
}

/**
 * glob's walk for TEMPLATE_GLOB with directory-name ignores, as findTemplates explains: names
 * starting with `.` are neither entered nor matched (dot: false), links are matched by their own
 * name and never entered (follow: false; a leading `**` follows none), anything but a directory
 * can match (nodir), and a directory that cannot be read is passed over in silence.
 */
function walkTemplates(directory: string, ignoredNames: ReadonlySet<string>): FoundEntry[] {
  // As glob, which does not walk a starting directory that is a link (the leading `**` follows no
  // link); discoverFiles starts such a walk at the real path instead.
  try {
    if (lstatSync(directory).isSymbolicLink()) return [];
  } catch {
    return [];
  }
  const found: FoundEntry[] = [];
  const pending = [directory];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    // Concatenated rather than path.join()ed: normalizing every path was a sixth of the walk.
    const prefix = current.endsWith(path.sep) ? current : current + path.sep;
    for (const entry of entries) {
      if (entry.name.startsWith('.') || ignoredNames.has(entry.name)) continue;
      if (entry.isDirectory()) pending.push(prefix + entry.name);
      else if (TEMPLATE_NAME.test(entry.name)) found.push({ filePath: prefix + entry.name, directory: current, symbolicLink: entry.isSymbolicLink() });
    }
  }
  return found;
}

function isSymbolicLink(filePath: string): boolean {
  try {
    return lstatSync(filePath).isSymbolicLink();
  } catch {
    return false;
  }
}

function describeStatError(code: string | undefined): string {
  switch (code) {
    case 'ELOOP': return 'Symbolic link loop';
    case 'EACCES': case 'EPERM': return 'Permission denied';
    case 'ENOTDIR': case 'ENOENT': case undefined: return 'No such file or directory';
    default: return `Cannot read (${code})`;
  }
}

/**
 * `--ignore-pattern` reads like a line of `.gitignore`, as the configuration's `ignores` does:
 * without a `/` (a trailing one aside) it matches a file or folder at any depth (`dist`,
 * `*.test.yaml`); with one it is matched from the walked directory, a leading `/` only anchoring it.
 */
function normalizeIgnore(pattern: string): string {
  const trimmed = pattern.replace(/\/+$/, '');
  if (!trimmed.includes('/')) return `**/${trimmed}/**`;
  const anchored = trimmed.replace(/^\/+/, '');
  return pattern.endsWith('/') ? `${anchored}/**` : anchored;
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
