// Glob patterns of the configuration (`ignores`, `overrides[].files`), matched against paths
// relative to the configuration file's directory. Written here rather than taken from Node
// (`path.matchesGlob` is experimental on Node 20 and prints a warning) or from minimatch (not a
// dependency of ours). The semantics are the .gitignore subset people already know:
//
// - `*` matches within one path segment, `?` one character, `[abc]` / `[!abc]` a class,
//   `{a,b}` alternatives, `**` as a whole segment any number of directories, `\` escapes.
// - A pattern without a `/` (a trailing one aside) matches at any depth: `*.generated.json`.
// - A pattern matches a file when it matches the file's path or one of its directories, so
//   `legacy`, `legacy/` and `legacy/**` all cover everything under `legacy`. A trailing `/`
//   matches directories only.

export interface CompiledPattern {
  readonly source: string;
  readonly regexp: RegExp;
  readonly directoryOnly: boolean;
}

export function compilePattern(pattern: string): CompiledPattern {
  let body = pattern.startsWith('./') ? pattern.slice(2) : pattern;
  const directoryOnly = body.endsWith('/');
  body = body.replace(/\/+$/, '');
  if (body.startsWith('/')) body = body.replace(/^\/+/, '');
  else if (!body.includes('/')) body = `**/${body}`;
  return { source: pattern, regexp: new RegExp(`^${translate(body)}$`), directoryOnly };
}

/** `relativePath` uses `/` separators; a path that leaves the base directory never matches. */
export function matchesPattern(compiled: CompiledPattern, relativePath: string): boolean {
  if (relativePath === '' || relativePath === '..' || relativePath.startsWith('../')) return false;
  const segments = relativePath.split('/');
  const last = compiled.directoryOnly ? segments.length - 1 : segments.length;
  for (let count = 1; count <= last; count++) {
    if (compiled.regexp.test(segments.slice(0, count).join('/'))) return true;
  }
  return false;
}

function translate(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '\\' && i + 1 < glob.length) {
      out += escapeChar(glob[i + 1]!);
      i += 2;
    } else if (c === '*') {
      const segmentStart = i === 0 || glob[i - 1] === '/';
      let j = i;
      while (glob[j] === '*') j++;
      const segmentEnd = j === glob.length || glob[j] === '/';
      if (j - i >= 2 && segmentStart && segmentEnd) {
        // `**` as a whole segment: any directories. `a/**/b` also matches `a/b`.
        if (j === glob.length) {
          out += '.*';
          i = j;
        } else {
          out += '(?:[^/]*/)*';
          i = j + 1;
        }
      } else {
        out += '[^/]*';
        i = j;
      }
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        i++;
        continue;
      }
      let content = glob.slice(i + 1, close);
      const negated = content.startsWith('!') || content.startsWith('^');
      if (negated) content = content.slice(1);
      const escaped = content.replace(/[\\\]^]/g, (m) => `\\${m}`);
      // A class never matches the separator, negated or not.
      out += negated ? `(?!/)[^${escaped}]` : `[${escaped}]`;
      i = close + 1;
    } else if (c === '{') {
      const close = matchingBrace(glob, i);
      if (close === -1) {
        out += '\\{';
        i++;
        continue;
      }
      out += `(?:${splitAlternatives(glob.slice(i + 1, close)).map(translate).join('|')})`;
      i = close + 1;
    } else {
      out += escapeChar(c);
      i++;
    }
  }
  return out;
}

function matchingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
