// File discovery (src/files/discover.ts): which files a directory names, and what happens to
// links, ignores, dot files and unreadable directories on the way. A directory is walked by
// discover.ts's own readdir walk when every ignore pattern only names a directory, and by glob
// otherwise; both are checked here against what discovery did before the walk existed (glob, then
// every found file resolved), on a tree of awkward cases and on the real corpus.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { glob } from 'glob';
import { compareStrings, DEFAULT_IGNORES, discoverFiles, isInside, safeRealpath, TEMPLATE_EXTENSIONS, type Discovery } from '../src/files/discover.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const REAL = path.resolve(ROOT, '..', 'shared', 'corpus', 'real');

const created: string[] = [];
after(() => {
  for (const directory of created) {
    // Directories the tests made unreadable must be opened again before they can be removed.
    spawnSync('chmod', ['-R', 'u+rwx', directory]);
    rmSync(directory, { recursive: true, force: true });
  }
});

function project(files: readonly string[]): string {
  const directory = realpathSync(mkdtempSync(path.join(tmpdir(), 'stagevar-discover-')));
  created.push(directory);
  for (const name of files) {
    const file = path.join(directory, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'AWSTemplateFormatVersion: "2010-09-09"\n');
  }
  return directory;
}

/** Creates the links `{ at: target }` under `directory`; false where links cannot be made. */
function links(directory: string, byPath: Record<string, string>): boolean {
  try {
    for (const [at, target] of Object.entries(byPath)) symlinkSync(target, path.join(directory, at));
    return true;
  } catch {
    return false;
  }
}

interface Summary {
  files: string[];
  problems: string[];
}

/** Paths relative to `cwd` with `/`, explicit files marked `(explicit)`, problems as `path: reason`. */
function summarize(discovery: Discovery, cwd: string): Summary {
  const show = (filePath: string): string => path.relative(cwd, filePath).split(path.sep).join('/');
  return {
    files: discovery.files.map((file) => show(file.filePath) + (file.explicit ? ' (explicit)' : '')),
    problems: discovery.problems.map((problem) => `${show(problem.filePath)}: ${problem.reason}`),
  };
}

async function discover(cwd: string, patterns: readonly string[], ignorePatterns: readonly string[] = []): Promise<Summary> {
  return summarize(await discoverFiles(patterns, { cwd, root: cwd, ignorePatterns }), cwd);
}

const UNRESOLVED = 'Cannot resolve the file (a broken or looping symbolic link?); not read.';
const OUTSIDE = 'The file resolves to a path outside the project root; not read.';

describe('directory walks', () => {
  test('templates are found by extension; dot files, dot directories and the default ignores are skipped', async () => {
    const cwd = project([
      'a.yaml', 'b.yml', 'c.json', 'd.template', 'notes.txt', 'yaml', 'a.yaml.bak',
      '.hidden.yaml', '.config/in-dot.yaml', 'sub/.cache/z.yaml', 'sub/deep/t.yaml',
      'node_modules/m.yaml', 'sub/node_modules/m.yaml', '.aws-sam/s.yaml', '.git/g.json',
      'folder.yaml/inner.yaml', 'name with space.yaml',
    ]);
    assert.deepEqual(await discover(cwd, ['.']), {
      files: ['a.yaml', 'b.yml', 'c.json', 'd.template', 'folder.yaml/inner.yaml', 'name with space.yaml', 'sub/deep/t.yaml'],
      problems: [],
    });
    // Named on the command line, a dot file is linted and a dot directory walked all the same.
    assert.deepEqual(await discover(cwd, ['.hidden.yaml', '.config']), { files: ['.config/in-dot.yaml', '.hidden.yaml (explicit)'], problems: [] });
  });

  test('a link to a file is resolved: found inside the root, refused outside it, reported when broken or looping', async (t) => {
    const outside = project(['secret.yaml']);
    const cwd = project(['a.yaml', 'sub/t.yaml']);
    const made = links(cwd, {
      'link.yaml': 'sub/t.yaml',
      'sub/up.yaml': '../a.yaml',
      'escape.yaml': path.join(outside, 'secret.yaml'),
      'loop.yaml': 'loop.yaml',
      'dangling.yaml': 'nowhere.yaml',
      // Matched by its name like any entry that is not a directory (glob's nodir), never entered.
      'directory-link.yaml': 'sub',
    });
    if (!made) return t.skip('cannot create symbolic links here');
    assert.deepEqual(await discover(cwd, ['.']), {
      files: ['a.yaml', 'directory-link.yaml', 'link.yaml', 'sub/t.yaml', 'sub/up.yaml'],
      problems: [`dangling.yaml: ${UNRESOLVED}`, `escape.yaml: ${OUTSIDE}`, `loop.yaml: ${UNRESOLVED}`],
    });
  });

  test('a linked directory inside the tree is not walked, wherever it points', async (t) => {
    const outside = project(['secret.yaml']);
    const cwd = project(['a.yaml', 'sub/t.yaml', 'sub/deep/u.yaml']);
    if (!links(cwd, { 'inside-link': 'sub', 'outside-link': outside, 'sub/self': '.' })) return t.skip('cannot create symbolic links here');
    assert.deepEqual(await discover(cwd, ['.']), { files: ['a.yaml', 'sub/deep/u.yaml', 'sub/t.yaml'], problems: [] });
    // Named itself, a linked directory inside the root is walked at its real path (each file once,
    // also when its target is named too); one that leaves the root is refused outright.
    assert.deepEqual(await discover(cwd, ['inside-link', 'outside-link', 'sub']), {
      files: ['sub/deep/u.yaml', 'sub/t.yaml'],
      problems: ['outside-link: The path leads outside the project root through a symbolic link; not read.'],
    });
    // Below a linked directory the walk goes on, and files keep the path they were named by.
    assert.deepEqual(await discover(cwd, ['inside-link/deep']), { files: ['inside-link/deep/u.yaml'], problems: [] });
  });

  test('ignore patterns: without a slash at any depth (names and globs), with one from the walked directory', async () => {
    const cwd = project([
      'a.yaml', 'build/b.yaml', 'sub/build/b.yaml', 'dist/d.yaml', 'cdk.out/c.yaml', 'sub/cdk.out/c.json',
      'app.test.yaml', 'sub/app.test.yaml', 'gen/g.yaml', 'sub/gen/g.yaml', 'legacy.yaml', 'sub/legacy.yaml',
    ]);
    const all = (await discover(cwd, ['.'])).files;
    const without = (...skipped: string[]): string[] => all.filter((file) => !skipped.includes(file));
    assert.equal(all.length, 12);
    assert.deepEqual((await discover(cwd, ['.'], ['build/'])).files, without('build/b.yaml', 'sub/build/b.yaml'));
    assert.deepEqual((await discover(cwd, ['.'], ['dist', '**/cdk.out/**'])).files, without('dist/d.yaml', 'cdk.out/c.yaml', 'sub/cdk.out/c.json'));
    assert.deepEqual((await discover(cwd, ['.'], ['legacy.yaml'])).files, without('legacy.yaml', 'sub/legacy.yaml'));
    // As in .gitignore and the configuration's `ignores`: a glob without a `/` matches at any
    // depth too; with a `/` the pattern is matched from the walked directory (a leading `/` only
    // anchors it there).
    assert.deepEqual((await discover(cwd, ['.'], ['*.test.yaml'])).files, without('app.test.yaml', 'sub/app.test.yaml'));
    assert.deepEqual((await discover(cwd, ['.'], ['sub/gen/'])).files, without('sub/gen/g.yaml'));
    assert.deepEqual((await discover(cwd, ['.'], ['/legacy.yaml'])).files, without('legacy.yaml'));
    assert.deepEqual((await discover(cwd, ['.'], ['sub/*.test.yaml'])).files, without('sub/app.test.yaml'));
    assert.deepEqual((await discover(cwd, ['.'], ['build', '*.test.yaml'])).files, without('build/b.yaml', 'sub/build/b.yaml', 'app.test.yaml', 'sub/app.test.yaml'));
    // The walked directory itself is not matched, only what lies below it.
    assert.deepEqual((await discover(cwd, ['build'], ['build'])).files, ['build/b.yaml']);
  });

  test('a directory that cannot be read is passed over; files in one that cannot be searched cannot be resolved', async (t) => {
    const cwd = project(['a.yaml', 'locked/l.yaml', 'listable/t.yaml']);
    chmodSync(path.join(cwd, 'locked'), 0o000);
    chmodSync(path.join(cwd, 'listable'), 0o644);
    let blocked = false;
    try {
      readdirSync(path.join(cwd, 'locked'));
    } catch {
      blocked = true;
    }
    if (!blocked) return t.skip('running as root (or with CAP_DAC_OVERRIDE): permissions do not block reading directories');
    assert.deepEqual(await discover(cwd, ['.']), { files: ['a.yaml'], problems: [`listable/t.yaml: ${UNRESOLVED}`] });
    assert.deepEqual(await discover(cwd, ['.'], ['*.test.yaml']), { files: ['a.yaml'], problems: [`listable/t.yaml: ${UNRESOLVED}`] });
  });
});

// ---------------------------------------------------------------------------------------------
// Against the reference: glob finds, every found file is resolved and checked against the root.

async function reference(cwd: string, directory: string, ignorePatterns: readonly string[]): Promise<Summary> {
  // A directory named through a link of its own is walked at its real path, as discoverFiles does.
  const named = path.resolve(cwd, directory);
  const start = lstatSync(named).isSymbolicLink() ? realpathSync(named) : named;
  const found = await glob(`**/*.{${TEMPLATE_EXTENSIONS.join(',')}}`, {
    cwd: start,
    absolute: true,
    nodir: true,
    dot: false,
    follow: false,
    ignore: [...DEFAULT_IGNORES, ...ignorePatterns],
  });
  const root = realpathSync(cwd);
  const files: string[] = [];
  const problems: { filePath: string; reason: string }[] = [];
  for (const filePath of found) {
    const real = safeRealpath(filePath);
    if (real === undefined) problems.push({ filePath, reason: UNRESOLVED });
    else if (!isInside(root, real)) problems.push({ filePath, reason: OUTSIDE });
    else files.push(filePath);
  }
  files.sort(compareStrings);
  problems.sort((a, b) => compareStrings(a.filePath, b.filePath));
  return summarize({ files: files.map((filePath) => ({ filePath, explicit: false })), problems, allowedRoots: [] }, cwd);
}

/** Ignore patterns as `normalizeIgnore` leaves them, so the reference can hand them to glob. */
const IGNORE_SETS: readonly (readonly string[])[] = [
  [],
  ['**/build/**'],
  ['**/cdk.out/**', '**/dist/**'],
  ['**/legacy.yaml/**'],
  ['**/sp ace.yaml/**'],
  ['**/node_modules.yaml/**', '**/a b/**'],
  ['**/*.test.yaml/**'],
  ['sub/gen/**'],
  ['**/[x].yaml/**'],
  ['**/{y,z}.yaml/**'],
  ['**/deep'],
  ['**/build/**', '**/*.yaml/**'],
];

describe('directory walks agree with glob followed by realpath', () => {
  test('on a tree of awkward names, links and ignores', async (t) => {
    const outside = project(['secret.yaml', 'deep/s.json']);
    const cwd = project([
      'a.yaml', 'b.yml', 'c.json', 'd.template', 'e.txt', 'F.YAML', 'G.Yml', 'yaml', 'x.yaml.bak', '.hidden.yaml',
      '.dir/in-dot.yaml', 'sub/.dir2/z.yaml', 'sub/deep/er/t.yaml', 'sub/gen/g.yaml', 'sub/build/b.yaml',
      'build/top.yaml', 'build/build/inner.json', 'nested/build/n.yaml', 'node_modules/m.yaml', 'sub/node_modules/m.yaml',
      '.aws-sam/s.yaml', '.git/g.json', 'cdk.out/c.yaml', 'sub/cdk.out/c.json', 'app.test.yaml', 'sub/app.test.yaml',
      'folder.yaml/inner.yaml', '[x].yaml', '{y,z}.yaml', 'star*.yaml', 'q?.yaml', 'sp ace.yaml', 'ünï.yaml',
      'legacy.yaml', 'sub/legacy.yaml', 'legacy.yaml.d/keep.yaml', 'dist/d.yaml', 'sub/dist/d.json', 'a b/c d/e.yaml',
      '-dash.yaml', '#hash.yaml', '!bang.yaml', '+(p).yaml', '@(a).yaml', 'node_modules.yaml', 'sub/x.template',
    ]);
    const made = links(cwd, {
      'link.yaml': 'sub/deep/er/t.yaml',
      'escape.yaml': path.join(outside, 'secret.yaml'),
      'escape-dir': outside,
      'inner-dir': 'sub',
      'linkdir.yaml': 'sub',
      'loop.yaml': 'loop.yaml',
      'l1.yaml': 'l2.yaml',
      'l2.yaml': 'l1.yaml',
      'dangling.yaml': 'nowhere.yaml',
      'sub/up.yaml': '../a.yaml',
      'sub/self': '.',
      'txtlink.json': 'e.txt',
      'sub/outlink.yaml': outside,
    });
    if (!made) return t.skip('cannot create symbolic links here');
    // A named pipe is neither a file nor a directory; glob (nodir) matches it by name.
    spawnSync('mkfifo', [path.join(cwd, 'fifo.yaml')]);
    for (const directory of ['.', 'sub', 'build', 'nested/build', 'inner-dir', 'inner-dir/deep', 'sub/self', 'linkdir.yaml', 'a b']) {
      for (const ignorePatterns of IGNORE_SETS) {
        assert.deepEqual(await discover(cwd, [directory], ignorePatterns), await reference(cwd, directory, ignorePatterns), `${directory} ignoring ${JSON.stringify(ignorePatterns)}`);
      }
    }
  });

  test('on the real corpus', async (t) => {
    if (!existsSync(REAL)) return t.skip(`the real corpus ${REAL} is absent`);
    const walked = await discover(REAL, ['.']);
    assert.ok(walked.files.length > 1000, `${walked.files.length} files`);
    assert.deepEqual(walked, await reference(REAL, '.', []));
    assert.deepEqual(await discover(REAL, ['.'], ['**/examples/**']), await reference(REAL, '.', ['**/examples/**']));
  });
});
