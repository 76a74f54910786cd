import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnEarly, withoutPreloads } from '../../../engine/worker-pool';

test('withoutPreloads drops the options that load modules, with their values, and keeps every other', () => {
  assert.deepEqual(
    withoutPreloads(['--expose-gc', '--import', 'tsx', '--max-old-space-size=4096', '--require=./hook.cjs', '-r', 'x', '--loader', 'l.mjs', '--experimental-loader=e.mjs', '--cpu-prof', '--cpu-prof-dir', 'out']),
    ['--expose-gc', '--max-old-space-size=4096', '--cpu-prof', '--cpu-prof-dir', 'out'],
  );
  assert.deepEqual(withoutPreloads(['--import=tsx']), []);
  assert.deepEqual(withoutPreloads([]), []);
});

test('a bundled (.js) worker starts with the process options minus its preloads', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-pool-'));
  try {
    const script = path.join(dir, 'argv-worker.js');
    fs.writeFileSync(script, "require('node:worker_threads').parentPort.postMessage(process.execArgv);");
    const w = spawnEarly(script);
    const argv = await new Promise<string[]>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await w.terminate();
    assert.deepEqual(argv, withoutPreloads(process.execArgv));
    assert.ok(!argv.some((a) => a.includes('tsx')), `the worker was given ${argv.join(' ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
