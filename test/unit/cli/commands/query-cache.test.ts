import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runQuery } from '../../../../cli/commands/query';
import { runStats } from '../../../../cli/commands/stats';
import { captureIO, writeTrail } from './cli-io';

test('--cache DIR saves the index and the next run answers the same from it, changed files read again', async () => {
  const trail = writeTrail();
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-cache-'));
  try {
    const run = async (args: string[]) => {
      const io = captureIO();
      assert.equal(await runQuery(['--workers', '0', '--cache', cache, ...args, trail], io), 0, io.stderr.join('\n'));
      return io.stdout;
    };
    assert.deepEqual(await run(['--count', 'source:*']), ['8']);
    const saved = fs.readdirSync(cache).filter((f) => f.endsWith('.ctsnap'));
    assert.equal(saved.length, 1, 'one saved index');
    const before = fs.statSync(path.join(cache, saved[0])).mtimeMs;
    assert.deepEqual(await run(['--count', 'source:*']), ['8']);
    assert.deepEqual(await run(['--format', 'csv', 'anonymous:true']), await run(['--format', 'csv', 'anonymous:true']));
    // Nothing changed: the saved file is left as it was.
    assert.equal(fs.statSync(path.join(cache, saved[0])).mtimeMs, before);
    fs.writeFileSync(path.join(trail, 'added.json'), JSON.stringify({ Records: [{ eventVersion: '1.08', eventTime: '2026-01-05T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'DeleteBucket', eventID: 'added-1', requestParameters: { bucketName: 'gone' } }] }));
    assert.deepEqual(await run(['--count', 'source:*']), ['9']);
    assert.deepEqual(await run(['--count', 'eventName:DeleteBucket']), ['1']);
    const stats = captureIO();
    assert.equal(await runStats(['--format', 'json', '--workers', '0', '--cache', cache, trail], stats), 0, stats.stderr.join('\n'));
    assert.equal((JSON.parse(stats.stdout.join('\n')) as { records: number }).records, 9);
    const usage = captureIO();
    assert.equal(await runQuery(['--cache'], usage), 2);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
});
