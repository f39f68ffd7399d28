// The pre-commit hook through the real `pre-commit` tool: a consumer repository uses this
// repository as a hook; a commit with a bad template is refused with our message, a good one passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { restApiTemplate } from './support/templates.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000 });
}

const preCommit = sh('pre-commit', ['--version'], ROOT);
const head = sh('git', ['rev-parse', 'HEAD'], ROOT);
const skip = preCommit.status !== 0
  ? 'pre-commit is not installed (Debian package pre-commit; .ci/run installs it)'
  : head.status !== 0
    ? 'this checkout has no commit for pre-commit to clone'
    : false;

const TEMPLATE = (reference: string) => restApiTemplate({ reference, variables: { host: 'example.com' } });

test('pre-commit refuses a commit with a bad template and accepts a good one', { skip, timeout: 600_000 }, () => {
  const repo = mkdtempSync(path.join(tmpdir(), 'stagevar-precommit-'));
  const env = { PRE_COMMIT_HOME: path.join(repo, '.cache'), GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
  assert.equal(sh('git', ['init', '-q'], repo).status, 0);
  writeFileSync(path.join(repo, '.gitignore'), '.cache/\n');
  writeFileSync(
    path.join(repo, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${ROOT}\n    rev: ${head.stdout.trim()}\n    hooks:\n      - id: stagevar-lint\n`,
  );
  const install = sh('pre-commit', ['install'], repo, env);
  assert.equal(install.status, 0, install.stderr);

  writeFileSync(path.join(repo, 'template.yaml'), TEMPLATE('hots'));
  sh('git', ['add', '.'], repo, env);
  const refused = sh('git', ['commit', '-q', '-m', 'bad'], repo, env);
  assert.notEqual(refused.status, 0, 'the commit must be refused');
  const output = refused.stdout + refused.stderr;
  assert.match(output, /stagevar-lint\.+Failed/);
  assert.match(output, /Stage variable "hots" is not defined on stage "prod" of API Api/);
  assert.match(output, /undefined-variable/);

  writeFileSync(path.join(repo, 'template.yaml'), TEMPLATE('host'));
  sh('git', ['add', '.'], repo, env);
  const accepted = sh('git', ['commit', '-q', '-m', 'good'], repo, env);
  assert.equal(accepted.status, 0, accepted.stdout + accepted.stderr);
  assert.match(accepted.stdout + accepted.stderr, /stagevar-lint\.+Passed/);
});
