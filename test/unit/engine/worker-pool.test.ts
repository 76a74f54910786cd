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

/** The options a bundled worker started by spawnEarly runs with, the process's being `execArgv` meanwhile. */
async function workerArgv(execArgv: string[]): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-pool-'));
  const saved = process.execArgv;
  try {
    const script = path.join(dir, 'argv-worker.js');
    fs.writeFileSync(script, "require('node:worker_threads').parentPort.postMessage(process.execArgv);");
    process.execArgv = execArgv;
    const w = spawnEarly(script);
    process.execArgv = saved;
    const argv = await new Promise<string[]>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await w.terminate();
    return argv;
  } finally {
    process.execArgv = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a bundled (.js) worker starts without the preloads of the process (tsx for the tests and benches)', async () => {
  // The module this test file runs in is loaded by tsx: a worker given --import tsx would load it too.
  assert.deepEqual(await workerArgv(['--import', 'tsx', '--no-deprecation']), ['--no-deprecation']);
  // A V8 option is refused in a worker's own list (it holds for every thread anyway): left out, not an error.
  assert.deepEqual(await workerArgv(['--expose-gc', '--import=tsx', '--no-warnings']), ['--no-warnings']);
});
