import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes through a temporary file in the same directory and a rename, so readers never see half a file. */
export function writeFileAtomic(filePath: string, content: string): void {
  const directory = path.dirname(filePath);
  mkdirSync(directory, { recursive: true });
  const temporary = path.join(directory, `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, content, { flag: 'wx' });
    renameSync(temporary, filePath);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Applies fixed text only if the file still holds what was linted: an editor or another tool may
 * have changed it during the run, and overwriting that would lose work.
 */
export function writeIfUnchanged(filePath: string, expectedOriginal: string, hadBom: boolean, fixed: string): boolean {
  let current: string;
  try {
    current = readFileSync(filePath, 'utf8');
  } catch {
    return false;
  }
  const original = hadBom ? `\uFEFF${expectedOriginal}` : expectedOriginal;
  if (current !== original) return false;
  writeFileAtomic(filePath, hadBom ? `\uFEFF${fixed}` : fixed);
  return true;
}
