import { readFileSync, statSync } from 'node:fs';

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

export type ReadOutcome =
  | { ok: true; text: string; hadBom: boolean }
  | { ok: false; message: string };

/**
 * Reads a file as template text, refusing what the YAML/JSON parsers would silently mangle:
 * `utf8` decoding replaces invalid bytes and the `yaml` package accepts NUL bytes, so both are
 * checked on the raw bytes first. The size cap exists because `yaml` needs about a minute and
 * 3 GB for a 50 MB file; CloudFormation itself accepts templates of at most 1 MB.
 */
export function readTemplateFile(filePath: string, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadOutcome {
  let size: number;
  try {
    const stat = statSync(filePath);
    if (!stat.isFile()) return { ok: false, message: 'Not a regular file.' };
    size = stat.size;
  } catch (error) {
    return { ok: false, message: `Cannot read file: ${readErrorReason(error)}.` };
  }
  if (size > maxBytes) {
    return {
      ok: false,
      message: `File is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (--max-file-size); not linted.`,
    };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(filePath);
  } catch (error) {
    return { ok: false, message: `Cannot read file: ${readErrorReason(error)}.` };
  }
  // The size can change between stat and read (a file being written); re-check on what was read.
  if (bytes.length > maxBytes) {
    return { ok: false, message: `File is over the ${formatBytes(maxBytes)} limit (--max-file-size); not linted.` };
  }
  return decodeTemplateBytes(bytes);
}

export function decodeTemplateBytes(bytes: Uint8Array): ReadOutcome {
  const wide = wideEncoding(bytes);
  if (wide) return { ok: false, message: `File is not UTF-8 (it looks like ${wide}); save it as UTF-8.` };
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return { ok: false, message: 'File is not valid UTF-8; templates must be UTF-8.' };
  }
  if (bytes.includes(0)) return { ok: false, message: 'File contains NUL bytes; it looks binary, not like a template.' };
  return stripBom(text);
}

// Checks and decodes in one pass (on the 25 MB of the benchmark's worst case, alone: 4-5 ms, where
// `isUtf8` and then `toString` took 40-60 ms). The BOM is kept here and stripped (and recorded) below.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The programmatic API and the ESLint plugin receive text, not bytes: apply the same checks. */
export function checkTemplateText(text: string): ReadOutcome {
  if (text.includes('\0')) return { ok: false, message: 'File contains NUL bytes; it looks binary, not like a template.' };
  return stripBom(text);
}

function stripBom(text: string): ReadOutcome {
  // ESLint strips the BOM too; doing the same keeps line-1 columns identical in both front ends.
  return text.charCodeAt(0) === 0xfeff ? { ok: true, text: text.slice(1), hadBom: true } : { ok: true, text, hadBom: false };
}

/**
 * UTF-16 and UTF-32, with or without a byte order mark (Windows editors and PowerShell's `>`
 * write UTF-16). Without a BOM, mostly-ASCII text in these encodings is every other (or three
 * in four) byte NUL, which is valid UTF-8 and would otherwise be called "binary".
 */
function wideEncoding(bytes: Uint8Array): 'UTF-16' | 'UTF-32' | undefined {
  const b = (i: number): number | undefined => bytes[i];
  if ((b(0) === 0xff && b(1) === 0xfe && b(2) === 0 && b(3) === 0) || (b(0) === 0 && b(1) === 0 && b(2) === 0xfe && b(3) === 0xff)) return 'UTF-32';
  if ((b(0) === 0xff && b(1) === 0xfe) || (b(0) === 0xfe && b(1) === 0xff)) return 'UTF-16';
  const sample = Math.min(bytes.length, 256) & ~3;
  if (sample < 4) return undefined;
  let utf32 = 0;
  let utf16 = 0;
  for (let i = 0; i < sample; i += 4) {
    const zeros = (b(i) === 0 ? 1 : 0) + (b(i + 1) === 0 ? 1 : 0) + (b(i + 2) === 0 ? 1 : 0) + (b(i + 3) === 0 ? 1 : 0);
    if (zeros === 3) utf32++;
    // ASCII in UTF-16 LE (c 0 c 0) or BE (0 c 0 c).
    else if (zeros === 2 && (b(i) === 0) === (b(i + 2) === 0) && (b(i) === 0) !== (b(i + 1) === 0)) utf16++;
  }
  const groups = sample / 4;
  if (utf32 * 2 > groups) return 'UTF-32';
  if (utf16 * 2 > groups) return 'UTF-16';
  return undefined;
}

/** Why a read failed, in words, for messages that name the file. */
export function readErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'it does not exist (it may have been deleted during the run)';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'it is a directory';
    case 'ELOOP': return 'too many levels of symbolic links';
    default: return code ?? (error instanceof Error ? error.message : String(error));
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
