import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: found by walking up, because this file runs from `src/` (tests) and `dist/src/`. */
export const packageRoot: string = (() => {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error('stagevar-lint: package.json not found');
    directory = parent;
  }
  return directory;
})();

// One source of truth for the version: package.json.
export const version: string = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
