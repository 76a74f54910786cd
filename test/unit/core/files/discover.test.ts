import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverFiles } from '../../../../core/files/discover';
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

test('a missing input listed as missingOk is simply not found; a file comes with the times of its stat', async () => {
  const root = tree();
  const gone = path.join(root, 'evicted.json.gz');
  const gonePattern = path.join(root, 'evicted-[0-9].json.gz');
  const named = path.join(root, 'notes.txt');
  const { files, problems } = await discoverFiles([gone, gonePattern, named, path.join(root, 'absent.json')], {
    include, exclude, maxFileBytes: 1e9, missingOk: new Set([gone, gonePattern, named]),
  });
  // Only the input not listed is a problem; a listed one that exists is taken as named.
  assert.deepEqual(problems.map((p) => [p.code, path.relative(root, p.file)]), [['unreadable', 'absent.json']]);
  assert.deepEqual(files.map((f) => path.relative(root, f.path)), ['notes.txt']);
  const st = fs.statSync(named);
  assert.deepEqual(files[0], { path: named, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs });
  const walked = (await discoverFiles([root], { include, exclude, maxFileBytes: 1e9 })).files.find((f) => f.path.endsWith('events.ndjson'))!;
  const wst = fs.statSync(walked.path);
  assert.deepEqual([walked.mtimeMs, walked.ctimeMs], [wst.mtimeMs, wst.ctimeMs]);
});

test('an invalid glob (a PATH or a setting) is an error problem naming it; the other inputs and patterns still count', async () => {
  const root = tree();
  const { files, problems } = await discoverFiles(
    [path.join(root, 'AWSLogs/**/[z-a]*.json'), path.join(root, 'events.ndjson'), root],
    { include: [...include, '**/[9-0].json'], exclude: [...exclude, '[!z-a]'], maxFileBytes: 1e9 },
  );
  assert.deepEqual(files.map((f) => path.relative(root, f.path)).sort(), [
    'AWSLogs/1/CloudTrail/us-east-1/2026/01/01/a.json.gz', 'AWSLogs/1/CloudTrail/us-east-1/2026/01/01/b.json', 'big.json', 'events.ndjson',
  ]);
  const bad = problems.filter((p) => p.code === 'bad-glob');
  assert.ok(bad.every((p) => p.severity === 'error'));
  assert.deepEqual(bad.map((p) => p.message), [
    'the index.include setting: invalid glob pattern "**/[9-0].json": the range 9-0 in the class [9-0] is out of order (write its lower end first); the pattern is ignored',
    'the index.exclude setting: invalid glob pattern "[!z-a]": the range z-a in the class [!z-a] is out of order (write its lower end first); the pattern is ignored',
    'Not read: invalid glob pattern "**/[z-a]*.json": the range z-a in the class [z-a] is out of order (write its lower end first)',
  ]);
  assert.equal(bad[2].file, path.join(root, 'AWSLogs/**/[z-a]*.json'));
});

test('files come in name order, folder by folder; a symlink to a file is taken with its size; a broken one is a problem', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'discover-order-'));
  try {
    for (const rel of ['b/2.json', 'a/z.json', 'a/b/1.json', 'c.json', 'a/a.json']) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), rel);
    }
    fs.symlinkSync(path.join(root, 'c.json'), path.join(root, 'd.json'));
    fs.symlinkSync(path.join(root, 'gone.json'), path.join(root, 'e.json'));
    const { files, problems } = await discoverFiles([root], { include, exclude, maxFileBytes: 1e9 });
    assert.deepEqual(files.map((f) => [path.relative(root, f.path), f.size]), [
      ['a/a.json', 8], ['a/b/1.json', 10], ['a/z.json', 8], ['b/2.json', 8], ['c.json', 6], ['d.json', 6],
    ]);
    assert.deepEqual(problems.map((p) => [p.code, path.relative(root, p.file), p.message]), [['unreadable', 'e.json', 'Broken symbolic link']]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('an aborted walk stops between folders and keeps what it found', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'discover-abort-'));
  try {
    for (let d = 0; d < 20; d++) {
      fs.mkdirSync(path.join(root, `d${String(d).padStart(2, '0')}`));
      fs.writeFileSync(path.join(root, `d${String(d).padStart(2, '0')}`, 'x.json'), '{}');
    }
    // The walk reads `aborted` once for its input and once a folder: a signal that turns aborted on its fifth
    // read stops it after a few folders, whatever the timing (a chain of timers raced the input's stat).
    let reads = 0;
    const signal = { get aborted() { return ++reads >= 5; } } as AbortSignal;
    const { files } = await discoverFiles([root], { include, exclude, maxFileBytes: 1e9, signal });
    assert.ok(signal.aborted);
    assert.ok(files.length > 0 && files.length < 20, `stopped after some folders: ${files.length} of 20 files`);
    assert.deepEqual(files.map((f) => path.relative(root, f.path)), files.map((_, i) => `d${String(i).padStart(2, '0')}/x.json`));
    const all = await discoverFiles([root], { include, exclude, maxFileBytes: 1e9 });
    assert.equal(all.files.length, 20);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a walk that turns asynchronous (a slow folder) finds the same files, sizes, problems and order', async () => {
  const root = tree();
  fs.symlinkSync(path.join(root, 'gone.json'), path.join(root, 'AWSLogs', 'broken.json'));
  fs.symlinkSync(path.join(root, 'events.ndjson'), path.join(root, 'AWSLogs', 'linked.ndjson'));
  try {
    const opts = { include, exclude, maxFileBytes: 1000 };
    const blocking = await discoverFiles([root], { ...opts, slowFolderMs: Infinity });
    // 0 ms: every folder after the first is "slow", so the rest of the walk is asynchronous.
    const async = await discoverFiles([root], { ...opts, slowFolderMs: 0 });
    assert.deepEqual(async, blocking);
    assert.deepEqual(blocking.files.map((f) => path.relative(root, f.path)), [
      'AWSLogs/1/CloudTrail/us-east-1/2026/01/01/a.json.gz', 'AWSLogs/1/CloudTrail/us-east-1/2026/01/01/b.json',
      'AWSLogs/linked.ndjson', 'events.ndjson',
    ]);
    assert.deepEqual(blocking.problems.map((p) => [p.code, path.relative(root, p.file)]), [
      ['unreadable', 'AWSLogs/broken.json'], ['symlink-loop', 'AWSLogs/loop'], ['file-too-large', 'big.json'],
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('paths that cannot be read are errors that say what they are: a FIFO, a device, a symlink loop, a missing path (issue 17)', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'discover-odd-'));
  const fifo = path.join(root, 'pipe.json');
  execFileSync('mkfifo', [fifo]);
  fs.symlinkSync(path.join(root, 'loop-b'), path.join(root, 'loop-a'));
  fs.symlinkSync(path.join(root, 'loop-a'), path.join(root, 'loop-b'));
  const inputs = [fifo, '/dev/zero', path.join(root, 'loop-a'), path.join(root, 'missing.json')];
  const { files, problems } = await discoverFiles(inputs, { include, exclude, maxFileBytes: 1e9 });
  assert.deepEqual(files, []);
  assert.deepEqual(problems.map((p) => [p.file, p.code, p.severity, p.message]), [
    [fifo, 'not-a-file', 'error', 'Not read: a named pipe (FIFO), not a file or folder'],
    ['/dev/zero', 'not-a-file', 'error', 'Not read: a character device, not a file or folder'],
    [path.join(root, 'loop-a'), 'unreadable', 'error', 'Cannot read: symbolic link loop'],
    [path.join(root, 'missing.json'), 'unreadable', 'error', 'No such file or folder'],
  ]);
  // Inside a folder: a FIFO or a broken link named like a trail file is an error; other broken links a warning.
  fs.rmSync(path.join(root, 'loop-a'));
  fs.rmSync(path.join(root, 'loop-b'));
  fs.symlinkSync(path.join(root, 'gone.json'), path.join(root, 'dangling.json'));
  fs.symlinkSync(path.join(root, 'gone.txt'), path.join(root, 'dangling.txt'));
  const walked = await discoverFiles([root], { include, exclude, maxFileBytes: 1e9 });
  assert.deepEqual(walked.problems.map((p) => [path.basename(p.file), p.code, p.severity]), [
    ['dangling.json', 'unreadable', 'error'], ['dangling.txt', 'unreadable', 'warning'], ['pipe.json', 'not-a-file', 'error'],
  ]);
});
