import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { main } from '../../../cli/main';
import { captureIO, writeTrail, writeTrailFile } from './commands/cli-io';

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

test('the built dist/cli.js lists the S3 family with provenance (catalog --json, catalog --sources --json)', () => {
  assert.ok(built);
  const cli = path.join(REPO, 'dist/cli.js');
  const entries = JSON.parse(spawnSync(process.execPath, [cli, 'catalog', '--json'], { encoding: 'utf8' }).stdout) as { eventSource: string; provenance?: { evidence: string } }[];
  assert.ok(entries.every((e) => e.provenance?.evidence === 'itemised' || e.provenance?.evidence === 'inferred'));
  const sources = JSON.parse(spawnSync(process.execPath, [cli, 'catalog', '--sources', '--json'], { encoding: 'utf8' }).stdout) as { sources: { eventSource: string }[] };
  assert.deepEqual(sources.sources.map((s) => s.eventSource), [...new Set(entries.map((e) => e.eventSource))]);
  assert.ok(sources.sources.some((s) => s.eventSource === 's3tables.amazonaws.com'));
});

test('an invalid glob class in a PATH is a usage error naming it (exit 2) in every command, and the process ends', () => {
  assert.ok(built);
  const cli = path.join(REPO, 'dist/cli.js');
  const glob = path.join(TRAIL, 'AWSLogs/**/[z-a]*.json');
  const named = /PATH ".*\[z-a\]\*\.json" is an invalid glob pattern "\*\*\/\[z-a\]\*\.json": the range z-a in the class \[z-a\] is out of order/;
  for (const args of [['query', '--count', '--workers', '2', '', glob], ['query', '', TRAIL, glob], ['stats', '--workers', '2', glob], ['validate', glob]]) {
    // before: validate printed a stack trace with exit 1; query and stats never ended (their index workers ran on)
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.signal, null, `${args.join(' ')}: still running after 60 s`);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, named, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(r.stdout, '');
  }
});

test('--version prints the package version', async () => {
  const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
  const io = captureIO();
  assert.equal(await main(['--version'], io), 0);
  assert.deepEqual(io.stdout, [`cloudtrail-s3 ${version}`]);
  const built = spawnSync(process.execPath, [path.join(REPO, 'dist/cli.js'), '--version'], { encoding: 'utf8' });
  assert.equal(built.status, 0);
  assert.equal(built.stdout, `cloudtrail-s3 ${version}\n`);
});

test('the built CLI gives evidence output: same rows in the same order on every run, raw records, stdin, exit status', () => {
  const cli = path.join(REPO, 'dist/cli.js');
  const run = (args: string[], input?: Buffer) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input });
  // Many small files with shared times, read by three workers: row ids follow whichever worker finishes first.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-evidence-'));
  let written = 0;
  for (let f = 0; f < 24; f++) {
    const times = Array.from({ length: 1 + (f % 5) }, (_, i) => `2026-03-01T00:00:0${(f + i) % 4}Z`);
    writeTrailFile(dir, `f${String(f).padStart(2, '0')}.json`, times);
    written += times.length;
  }
  const args = ['query', '--workers', '3', '--format', 'csv', '--columns', 'time,eventID,file', '', dir];
  const first = run(args);
  assert.equal(first.status, 0, first.stderr);
  const rows = first.stdout.trim().split('\n').slice(1).map((l) => l.split(',').map((cell) => cell.replace(/^"(.*)"$/, '$1')));
  assert.equal(rows.length, written);
  const key = (r: string[]) => `${r[0]}|${r[2]}|${r[1].padStart(12)}`;
  assert.deepEqual(rows.map(key), rows.map(key).sort(), 'time, then file, then position');
  for (let i = 0; i < 4; i++) assert.equal(run(args).stdout, first.stdout, `run ${i + 2} printed another order`);

  const records = run(['query', '--format', 'records', '--workers', '2', '', dir]);
  assert.equal(records.status, 0);
  const parsed = records.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(parsed.map((r) => r.eventID), rows.map((r) => r[1]));
  assert.equal(parsed[0].requestParameters.bucketName, 'public-site');

  const gz = zlib.gzipSync(fs.readFileSync(path.join(dir, 'f04.json')));
  const stdin = run(['query', '--format', 'records', '', '-'], gz);
  assert.equal(stdin.status, 0, stdin.stderr);
  assert.equal(stdin.stdout.trim().split('\n').length, 5);

  assert.equal(run(['query', '--exit-status', '--count', 'eventName:Nothing', dir]).status, 1);
  assert.equal(run(['query', '--exit-status', '--count', 'eventName:GetObject', dir]).status, 0);
  // piped: no colour, even in the table
  const table = run(['query', '--columns', 'eventName,error', 'error:*', TRAIL]);
  assert.equal(table.status, 0);
  assert.match(table.stdout, /AccessDenied/);
  assert.ok(!table.stdout.includes('\u001b'));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the npm package holds the CLI only, and an install of it runs', () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const dry = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(dry.status, 0, dry.stderr);
  const pkg = JSON.parse(dry.stdout)[0];
  assert.deepEqual(pkg.files.map((f: { path: string }) => f.path).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/hash-worker.js', 'dist/index-worker.js', 'dist/s3-sdk.js', 'package.json']);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  assert.equal(manifest.private, undefined);
  assert.deepEqual(manifest.dependencies ?? {}, {}, 'the bundles need no installed dependency');
  assert.equal(manifest.bin['cloudtrail-s3'], 'dist/cli.js');

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-npm-'));
  try {
    const packed = spawnSync(npm, ['pack', '--ignore-scripts', '--pack-destination', tmp], { cwd: REPO, encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr);
    const tgz = path.join(tmp, packed.stdout.trim().split('\n').pop()!);
    const prefix = path.join(tmp, 'prefix');
    const install = spawnSync(npm, ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tgz], { encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr);
    const bin = process.platform === 'win32' ? path.join(prefix, 'cloudtrail-s3.cmd') : path.join(prefix, 'bin', 'cloudtrail-s3');
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    assert.equal(version.stdout, `cloudtrail-s3 ${manifest.version}\n`);
    const count = spawnSync(bin, ['query', '--count', 'anonymous:true', TRAIL], { encoding: 'utf8' });
    assert.equal(count.stdout, '5\n', count.stderr);
    // npx runs the package's one command (a path that starts with ./ names a package, not a command)
    const npx = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--yes', '--offline', `./${path.basename(tgz)}`, '--version'], { cwd: tmp, encoding: 'utf8' });
    assert.equal(npx.stdout, `cloudtrail-s3 ${manifest.version}\n`, npx.stderr);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
