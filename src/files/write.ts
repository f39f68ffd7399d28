import { chmodSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes through a temporary file in the same directory and a rename, so readers never see half a
 * file. A file that is replaced keeps its permission bits: a template readable only by its owner
 * must not become world-readable because it was fixed. A symbolic link at `filePath` is replaced,
 * not written through; `writeIfUnchanged` resolves links itself.
 */
export function writeFileAtomic(filePath: string, content: string): void {
  const directory = path.dirname(filePath);
  mkdirSync(directory, { recursive: true });
  let mode: number | undefined;
  try {
    mode = statSync(filePath).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const temporary = path.join(directory, `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // Owner-only until the final bits are set, so the content is never readable by more people.
    writeFileSync(temporary, content, { flag: 'wx', mode: mode === undefined ? 0o666 : 0o600 });
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, filePath);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export type WriteOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Applies fixed text only if the file still holds what was linted: an editor or another tool may
 * have changed it during the run, and overwriting that would lose work. A linked file is written
 * at its target, so the link stays a link. Never throws: one file that cannot be written must not
 * stop the others from being fixed and reported.
 */
export function writeIfUnchanged(filePath: string, expectedOriginal: string, hadBom: boolean, fixed: string): WriteOutcome {
  let target: string;
  let current: string;
  try {
    target = realpathSync(filePath);
    current = readFileSync(target, 'utf8');
  } catch {
    return { ok: false, reason: 'it can no longer be read' };
  }
  const original = hadBom ? `\uFEFF${expectedOriginal}` : expectedOriginal;
  if (current !== original) return { ok: false, reason: 'it changed on disk during the run' };
  try {
    writeFileAtomic(target, hadBom ? `\uFEFF${fixed}` : fixed);
  } catch (error) {
    return { ok: false, reason: writeErrorReason(error) };
  }
  return { ok: true };
}

/** Why a write failed, in words (`permission denied`), for messages that name the file. */
export function writeErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES': case 'EPERM': case 'EROFS': return 'permission denied';
    case 'EISDIR': return 'it is a directory';
    // mkdir of a parent that is a file fails with EEXIST.
    case 'ENOTDIR': case 'EEXIST': return 'a part of its path is a file, not a directory';
    default: return `it cannot be written (${code ?? 'error'})`;
  }
}
