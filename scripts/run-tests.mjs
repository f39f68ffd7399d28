#!/usr/bin/env node
// Runs every test file explicitly: Node 20's --test does not expand globs, and a pattern that
// matches nothing would run zero tests and exit 0. This fails when no test ran.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const files = readdirSync(path.join(root, 'test'))
  .filter((name) => name.endsWith('.test.ts'))
  .sort()
  .map((name) => path.join('test', name));
if (files.length === 0) {
  console.error('run-tests: no test files found under test/');
  process.exit(1);
}
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...files], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['inherit', 'pipe', 'inherit'],
  maxBuffer: 256 * 1024 * 1024,
});
process.stdout.write(run.stdout);
const count = Number(/^# tests (\d+)$/m.exec(run.stdout)?.[1] ?? 0);
if (count === 0) {
  console.error('run-tests: no test ran; failing on purpose');
  process.exit(1);
}
process.exit(run.status ?? 1);
