import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverFiles } from '../../../../core/index/discover';
import { SETTING_SPECS } from '../../../../core/settings';

const include = SETTING_SPECS['index.include'].default;
const exclude = SETTING_SPECS['index.exclude'].default;

function tree(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'discover-'));
  const put = (rel: string, text = '{"Records":[]}') => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  put('AWSLogs/1/CloudTrail/us-east-1/2026/01/01/a.json.gz');
  put('AWSLogs/1/CloudTrail/us-east-1/2026/01/01/b.json');
  put('AWSLogs/1/CloudTrail-Digest/us-east-1/d.json.gz');
  put('node_modules/pkg/package.json');
  put('notes.txt');
  put('events.ndjson');
  put('big.json', 'x'.repeat(3000));
  fs.symlinkSync(root, path.join(root, 'AWSLogs', 'loop'));
  return root;
}

test('walks folders with include/exclude, skips symlink loops and oversized files with problems', async () => {
  const root = tree();
  const { files, problems } = await discoverFiles([root], { include, exclude, maxFileBytes: 1000 });
  assert.deepEqual(files.map((f) => path.relative(root, f.path)).sort(), [
    'AWSLogs/1/CloudTrail/us-east-1/2026/01/01/a.json.gz', 'AWSLogs/1/CloudTrail/us-east-1/2026/01/01/b.json', 'events.ndjson',
  ]);
  assert.deepEqual(problems.map((p) => [p.code, path.relative(root, p.file)]).sort(), [['file-too-large', 'big.json'], ['symlink-loop', 'AWSLogs/loop']]);
});

test('named files are taken whatever their name; globs walk from their literal folder; missing paths are problems', async () => {
  const root = tree();
  const { files, problems } = await discoverFiles(
    [path.join(root, 'notes.txt'), path.join(root, 'AWSLogs/*/CloudTrail/**/*.gz'), path.join(root, 'absent.json')],
    { include, exclude, maxFileBytes: 1e9 },
  );
  assert.deepEqual(files.map((f) => path.relative(root, f.path)), ['notes.txt', 'AWSLogs/1/CloudTrail/us-east-1/2026/01/01/a.json.gz']);
  assert.deepEqual(problems.map((p) => p.code).sort(), ['symlink-loop', 'unreadable']);
});
