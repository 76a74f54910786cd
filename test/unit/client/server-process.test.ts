import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../../client/server-process';

test('the server flags are accepted by node and keep the young generation small under a burst of short-lived objects', () => {
  // What a hostile document does to the server: millions of objects that die young. V8's default lets the new
  // space grow to 16 MB a semi-space under that; the server's flags keep it at 1 MB.
  const script = `
    const v8 = require('node:v8');
    let keep = [];
    for (let i = 0; i < 3e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 20000) keep = []; }
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    console.log(JSON.stringify({ newSpace: space.space_size, arenas: process.env.MALLOC_ARENA_MAX }));`;
  const run = (argv: readonly string[], env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [...argv, '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { newSpace: number; arenas?: string };
  };
  const served = run(SERVER_EXEC_ARGV, SERVER_ENV);
  const plain = run([], {});
  assert.ok(served.newSpace <= 2 * 1024 * 1024, `new space ${served.newSpace} bytes with the server flags`);
  assert.ok(plain.newSpace > served.newSpace, `plain node's new space (${plain.newSpace}) grows past the server's (${served.newSpace})`);
  assert.equal(served.arenas, SERVER_ENV.MALLOC_ARENA_MAX);
});
