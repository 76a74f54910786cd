import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../../cli/main';
import { captureIO, writeTrail } from './commands/cli-io';

const REPO = path.resolve(__dirname, '../../..');
const TRAIL = writeTrail();

test('dispatches subcommands and explains itself', async () => {
  const io = captureIO();
  assert.equal(await main(['query', '--count', 'anonymous:true', TRAIL], io), 0);
  assert.deepEqual(io.stdout, ['5']);
  const sql = captureIO();
  assert.equal(await main(['sql', 'eventName:GetObject'], sql), 0);
  assert.match(sql.stdout.join('\n'), /GetObject/);
  const help = captureIO();
  assert.equal(await main(['--help'], help), 0);
  for (const c of ['query', 'stats', 'validate', 'sql', 'catalog']) assert.match(help.stdout.join(''), new RegExp(`^  ${c} `, 'm'));
  assert.match(help.stdout.join(''), /3 no input files/);
  assert.equal(await main([], captureIO()), 2);
  const unknown = captureIO();
  assert.equal(await main(['frob'], unknown), 2);
  assert.match(unknown.stderr.join(''), /unknown command "frob"/);
});

let built = false;
before(() => {
  execFileSync(process.execPath, [path.join(REPO, 'scripts/build.mjs')], { cwd: REPO, stdio: 'ignore' });
  built = true;
});

test('the built dist/cli.js answers with worker threads, exit codes included', () => {
  assert.ok(built);
  const cli = path.join(REPO, 'dist/cli.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  const count = run('query', '--count', '--workers', '2', 'anonymous:true eventName:GetObject', TRAIL);
  assert.equal(count.stderr, '');
  assert.equal(count.status, 0);
  assert.equal(count.stdout, '5\n');
  const stats = run('stats', '--format', 'json', TRAIL);
  assert.equal(stats.status, 0, stats.stderr);
  assert.equal(JSON.parse(stats.stdout).s3Records, 7);
  assert.equal(run('query', 'bukket:x', TRAIL).status, 2);
  assert.equal(run('query', '', path.join(TRAIL, 'none')).status, 2);
  const empty = fs.mkdtempSync(path.join(TRAIL, 'empty-'));
  assert.equal(run('query', '', empty).status, 3);
  fs.rmdirSync(empty);
  // a closed pipe ends quietly
  const head = spawnSync('sh', ['-c', `node "${cli}" query --format ndjson "" "${TRAIL}" | head -1`], { encoding: 'utf8' });
  assert.equal(head.stdout.split('\n').filter(Boolean).length, 1);
  assert.equal(head.stderr, '');
});
