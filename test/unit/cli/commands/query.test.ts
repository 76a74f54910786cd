import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { formatTable, loadIndex, printable, runQuery } from '../../../../cli/commands/query';
import { runStats } from '../../../../cli/commands/stats';
import { runValidate } from '../../../../cli/commands/validate';
import { parseQuery } from '../../../../core/query';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../../../core/files';
import { DEFAULT_COLUMNS } from '../../../../core/protocol';
import { defaultSettings } from '../../../../core/settings';
import { captureIO, openToAll, runCliWithout, writeTrail, writeTrailFile } from './cli-io';
import { CORPUS_DIR, withoutShared } from '../../../shared-paths';

const CORPUS = CORPUS_DIR;
const TRAIL = writeTrail();

test('query checks --format, --color, --limit and --workers as the other commands do, naming the option and what it takes', async () => {
  const usage = async (args: string[]) => {
    const io = captureIO();
    assert.equal(await runQuery([...args, '', TRAIL], io), 2, args.join(' '));
    return io.stderr.join('\n').split('\n')[0];
  };
  assert.equal(await usage(['--format', 'xml']), 'query: --format must be table, json, ndjson, csv or records');
  assert.equal(await usage(['--format']), 'query: --format must be table, json, ndjson, csv or records');
  assert.equal(await usage(['--color=sometimes']), 'query: --color must be auto, always or never');
  assert.equal(await usage(['--colour', 'sometimes']), 'query: --colour must be auto, always or never');
  assert.equal(await usage(['--limit', '1e3']), 'query: --limit needs a whole number');
  // The same words as stats (cli/args.ts wholeNumber), whatever the command.
  for (const bad of [['--workers', 'two'], ['--workers=-1'], ['--workers']]) {
    const stats = captureIO();
    assert.equal(await runStats([...bad, TRAIL], stats), 2, bad.join(' '));
    assert.equal(await usage(bad), `query: ${stats.stderr.join('\n').split('\n')[0].replace(/^stats: /, '')}`, bad.join(' '));
    assert.match(await usage(bad), /--workers needs a whole number/);
  }
  const one = captureIO();
  assert.equal(await runQuery(['--workers', '1', '--count', '--format=json', '--color', 'never', '', TRAIL], one), 0);
  assert.deepEqual(one.stdout, ['7']);
});

test('--count prints the number of matching S3 records', async () => {
  const io = captureIO();
  assert.equal(await runQuery(['--count', 'anonymous:true eventName:GetObject', TRAIL], io), 0);
  assert.deepEqual(io.stdout, ['5']);
  const all = captureIO();
  assert.equal(await runQuery(['--count', '', TRAIL], all), 0);
  assert.deepEqual(all.stdout, ['7']); // the sts record is out of the S3 scope
  const sts = captureIO();
  assert.equal(await runQuery(['--count', 'source:*', TRAIL], sts), 0);
  assert.deepEqual(sts.stdout, ['8']);
});

test('table output is sorted, limited, printable, and says how many rows it left out', async () => {
  const io = captureIO();
  assert.equal(await runQuery(['--sort', 'time:desc', '--limit', '3', '--columns', 'time,eventName,key', '', TRAIL], io), 0);
  const lines = io.stdout.join('\n').split('\n');
  assert.match(lines[0], /^Time|^time/);
  assert.equal(lines.length, 2 + 3);
  assert.ok(!io.stdout.join('').includes('\u001b'), 'no raw escape sequence reaches the terminal');
  assert.match(io.stderr.join('\n'), /3 of 7 records/);
  const times = lines.slice(2).map((l) => l.split(/\s+/)[0]);
  assert.deepEqual(times, times.slice().sort().reverse());
});

test('csv output neutralises formulas and quotes; json and ndjson carry the chosen columns', async () => {
  const csv = captureIO();
  assert.equal(await runQuery(['--format', 'csv', '--columns', 'eventName,key', '--sort', 'key', 'eventName:PutObject', TRAIL], csv), 0);
  assert.deepEqual(csv.stdout, ['eventName,key', `"PutObject","'=cmd|""/c calc""!A1"`, `"PutObject","evil\u001b[31mred,""quoted"""`]);
  const json = captureIO();
  assert.equal(await runQuery(['--format=json', '--columns=bucket,error', 'error:*', TRAIL], json), 0);
  assert.deepEqual(JSON.parse(json.stdout.join('\n')), [{ bucket: 'private-data', error: 'AccessDenied' }]);
  const none = captureIO();
  assert.equal(await runQuery(['--format=json', 'eventName:Nothing', TRAIL], none), 0);
  assert.deepEqual(JSON.parse(none.stdout.join('\n')), []);
  const nd = captureIO();
  assert.equal(await runQuery(['--format', 'ndjson', '--columns', 'eventID', '--sort', 'eventID', 'anonymous:true', TRAIL], nd), 0);
  assert.deepEqual(nd.stdout.map((l) => JSON.parse(l).eventID), ['ev-0', 'ev-1', 'ev-2', 'ev-3', 'ev-4']);
});

test('csv output quotes every cell: a value like a;=1+2 cannot split into a formula where ; separates lists', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-csv-'));
  try {
    const rec = (i: number, key: string) => ({ eventTime: `2026-01-01T00:00:0${i}Z`, eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventID: `s${i}`, requestParameters: { bucketName: 'b;=1', key } });
    fs.writeFileSync(path.join(dir, 'semi.json'), JSON.stringify({ Records: [rec(1, 'a;=1+2'), rec(2, 'x;@SUM(A1)')] }));
    const io = captureIO();
    assert.equal(await runQuery(['--format', 'csv', '--columns', 'bucket,key', '--sort', 'time', '', dir], io), 0);
    assert.deepEqual(io.stdout, ['bucket,key', '"b;=1","a;=1+2"', '"b;=1","x;@SUM(A1)"']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('exit codes: 2 for usage and query errors (with a caret), 3 when no file is found', async () => {
  const bad = captureIO();
  assert.equal(await runQuery(['bukket:x', TRAIL], bad), 2);
  assert.match(bad.stderr.join('\n'), /Unknown field 'bukket'/);
  assert.match(bad.stderr.join('\n'), /\n {2}\^{6}/);
  for (const args of [[], ['only-a-query'], ['--format', 'xml', '', TRAIL], ['--sort', 'nope', '', TRAIL], ['--columns', 'a,b', '', TRAIL], ['--limit', '-1', '', TRAIL], ['--frobnicate', '', TRAIL]]) {
    const io = captureIO();
    assert.equal(await runQuery(args, io), 2, args.join(' '));
  }
  const missing = captureIO();
  assert.equal(await runQuery(['', path.join(TRAIL, 'nothing-here')], missing), 2);
  assert.match(missing.stderr.join('\n'), /nothing-here: error unreadable No such file or folder/);
  const empty = fs.mkdtempSync(path.join(TRAIL, 'empty-'));
  const none = captureIO();
  assert.equal(await runQuery(['', empty], none), 3);
  assert.match(none.stderr.join('\n'), /no input files/);
  fs.rmdirSync(empty);
  const help = captureIO();
  assert.equal(await runQuery(['--help'], help), 0);
  assert.match(help.stdout.join(''), /Exit status: 0 ok, 2 bad arguments or query, or an input that could not be read/);
  assert.match(help.stdout.join(''), /3 no input files/);
});

test('files, globs and problems: a glob picks files, a broken file is reported on stderr and the rest loads', async () => {
  const io = captureIO();
  assert.equal(await runQuery(['--count', '', path.join(TRAIL, 'AWSLogs/**/*.gz')], io), 0);
  assert.deepEqual(io.stdout, ['5']);
  const broken = path.join(TRAIL, 'broken.json');
  fs.writeFileSync(broken, '{"Records":[{"eventVersion":"1.08","eventTime":"2026-01-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1"},{"eventName": nope}]}');
  const withBroken = captureIO();
  assert.equal(await runQuery(['--count', '', TRAIL], withBroken), 0);
  assert.deepEqual(withBroken.stdout, ['8']);
  assert.match(withBroken.stderr.join('\n'), /broken\.json:1:\d+: error json-syntax/);
  fs.rmSync(broken);
});

test('an invalid glob class in a PATH is a usage error naming the pattern, before any file is read', async () => {
  for (const bad of ['AWSLogs/**/[z-a]*.gz', '[9-0]/*.json', 'AWSLogs/{a,[b-a]}/**']) {
    const io = captureIO();
    assert.equal(await runQuery(['--count', '', TRAIL, path.join(TRAIL, bad)], io), 2, bad);
    assert.deepEqual(io.stdout, []);
    assert.match(io.stderr.join('\n'), /^query: PATH ".*" is an invalid glob pattern ".*": the range (z-a|9-0|b-a) in the class \[.*\] is out of order/, bad);
  }
});

test('progress goes to stderr only when it is a terminal', async () => {
  const tty = captureIO(true);
  assert.equal(await runQuery(['--count', '', TRAIL], tty), 0);
  assert.ok(tty.stderr.some((s) => s.startsWith('\r')));
  const pipe = captureIO(false);
  assert.equal(await runQuery(['--count', '', TRAIL], pipe), 0);
  assert.deepEqual(pipe.stderr, []);
});

test('hand-checked counts on the real corpus', { skip: withoutShared(CORPUS) }, async () => {
  const flaws = captureIO();
  assert.equal(await runQuery(['--count', 'anonymous:true eventName:GetObject', path.join(CORPUS, 'flaws2-jamjahal')], flaws), 0);
  assert.deepEqual(flaws.stdout, ['22']);
  const level1 = captureIO();
  assert.equal(await runQuery(['--count', 'eventName:ListObjects user:*level1*', CORPUS], level1), 0);
  assert.deepEqual(level1.stdout, ['1']);
  // OTRF: 7 ListObjects by the EC2 instance role, plus the flaws2 one
  const lists = captureIO();
  assert.equal(await runQuery(['--count', 'eventName:ListObjects', CORPUS], lists), 0);
  assert.deepEqual(lists.stdout, ['8']);
});

test('rows come in time order with ties in file and position order, whatever order the files were read in', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-order-'));
  const t = '2026-02-01T12:00:00Z';
  // The index reads the largest file first: b.json (three records at t) lands in the rows before a.json.
  writeTrailFile(dir, 'b.json', [t, t, t]);
  writeTrailFile(dir, 'a.json', [t, '2026-02-01T11:59:59Z']);
  const ids = async (...args: string[]): Promise<string[]> => {
    const io = captureIO();
    assert.equal(await runQuery(['--format', 'ndjson', '--columns', 'eventID', ...args, '', dir], io), 0);
    return io.stdout.map((l) => JSON.parse(l).eventID);
  };
  assert.deepEqual(await ids(), ['a.json-1', 'a.json-0', 'b.json-0', 'b.json-1', 'b.json-2']);
  // A sort by another column keeps time, file and position order among equal values.
  assert.deepEqual(await ids('--sort', 'eventName:desc'), ['a.json-1', 'a.json-0', 'b.json-0', 'b.json-1', 'b.json-2']);
  assert.deepEqual(await ids('--sort', 'time:desc'), ['a.json-0', 'b.json-0', 'b.json-1', 'b.json-2', 'a.json-1']);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A CSV cell without its quotes (the cells of these tests hold no quote or comma). */
function unquote(cell: string): string {
  return cell.replace(/^"(.*)"$/, '$1');
}

test('a record delivered in two files is printed once, from the file whose path sorts first, whatever was read first', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-dups-'));
  const t = '2026-02-02T00:00:00Z';
  // z.json is larger: the index reads it first.
  writeTrailFile(dir, 'z.json', [t, t, t]);
  fs.writeFileSync(path.join(dir, 'copy.json'), JSON.stringify({ Records: JSON.parse(fs.readFileSync(path.join(dir, 'z.json'), 'utf8')).Records.slice(0, 1) }));
  const io = captureIO();
  assert.equal(await runQuery(['--format', 'csv', '--columns', 'eventID,file', '', dir], io), 0);
  assert.deepEqual(io.stdout.slice(1).map((l) => l.split(',').map(unquote)).map(([id, file]) => `${id} ${path.basename(file)}`), ['z.json-0 copy.json', 'z.json-1 z.json', 'z.json-2 z.json']);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('--exit-status: 1 when nothing matched, 0 when something did; without it 0 either way', async () => {
  const none = captureIO();
  assert.equal(await runQuery(['--exit-status', 'eventName:Nothing', TRAIL], none), 1);
  assert.match(none.stderr.join('\n'), /\(0 records\)/);
  assert.equal(await runQuery(['--exit-status', '--count', 'eventName:Nothing', TRAIL], captureIO()), 1);
  assert.equal(await runQuery(['--exit-status', '--format', 'records', 'eventName:Nothing', TRAIL], captureIO()), 1);
  assert.equal(await runQuery(['--exit-status', '--count', 'eventName:PutObject', TRAIL], captureIO()), 0);
  assert.equal(await runQuery(['--count', 'eventName:Nothing', TRAIL], captureIO()), 0);
});

test('--format records prints the raw records, one JSON per line, in the rows\' order', async () => {
  const io = captureIO();
  assert.equal(await runQuery(['--format', 'records', 'source:*', TRAIL], io), 0);
  const records = io.stdout.map((l) => JSON.parse(l));
  assert.equal(records.length, 8);
  assert.ok(io.stdout.every((l) => !l.includes('\n')));
  // The whole record, not the table's columns: nested request parameters and the identity are there.
  const hostile = records.find((r) => r.eventID === 'ev-11');
  assert.equal(hostile.requestParameters.key, 'evil\u001b[31mred,"quoted"');
  assert.equal(hostile.userIdentity.arn, 'arn:aws:sts::111122223333:assumed-role/ci-deploy/deploy');
  const times = records.map((r) => r.eventTime);
  assert.deepEqual(times, times.slice().sort());
  const limited = captureIO();
  assert.equal(await runQuery(['--format', 'records', '--limit', '2', '--sort', 'eventID:desc', '', TRAIL], limited), 0);
  assert.deepEqual(limited.stdout.map((l) => JSON.parse(l).eventID), ['ev-4', 'ev-3']);
});

test('- reads records from standard input (plain or gzip), named <stdin> in problems and the file column', async () => {
  const records = { Records: [{ eventVersion: '1.08', eventTime: '2026-01-05T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'DeleteObject', awsRegion: 'us-east-1', requestParameters: { bucketName: 'b', key: 'k' }, eventID: 'in-1' }] };
  const plain = captureIO();
  plain.stdin = Readable.from([Buffer.from(JSON.stringify(records))]);
  assert.equal(await runQuery(['--format', 'csv', '--columns', 'eventName,file', '', '-'], plain), 0);
  assert.deepEqual(plain.stdout, ['eventName,file', '"DeleteObject","<stdin>"']);
  const gz = captureIO();
  gz.stdin = Readable.from([zlib.gzipSync(JSON.stringify(records))]);
  assert.equal(await runQuery(['--format', 'records', '', '-', TRAIL], gz), 0);
  assert.equal(gz.stdout.length, 8);
  assert.ok(gz.stdout.some((l) => JSON.parse(l).eventID === 'in-1'));
  const bad = captureIO();
  bad.stdin = Readable.from([Buffer.from('{"Records":[{"eventName": nope}]}')]);
  assert.equal(await runQuery(['--count', '', '-'], bad), 0);
  assert.match(bad.stderr.join('\n'), /^ {2}<stdin>:1:\d+: error json-syntax/m);
});

test('csv headers are the column ids --columns takes', async () => {
  const io = captureIO();
  assert.equal(await runQuery(['--format', 'csv', '--limit', '1', '', TRAIL], io), 0);
  assert.equal(io.stdout[0], DEFAULT_COLUMNS.join(','));
  const again = captureIO();
  assert.equal(await runQuery(['--format', 'csv', '--limit', '1', '--columns', io.stdout[0], '', TRAIL], again), 0);
  assert.deepEqual(again.stdout, io.stdout);
});

test('colour on a terminal only: none when piped, none with NO_COLOR or TERM=dumb; --color decides', async () => {
  const table = async (outIsTTY: boolean, env: Record<string, string>, ...args: string[]): Promise<string> => {
    const io = { ...captureIO(), outIsTTY, env };
    assert.equal(await runQuery([...args, '--columns', 'eventName,error', 'eventName:PutObject', TRAIL], io), 0);
    return io.stdout.join('\n');
  };
  const ESC = '\u001b';
  const tty = await table(true, {});
  assert.ok(tty.startsWith(`${ESC}[1mtime`) || tty.includes(`${ESC}[1meventName`), 'a bold header');
  assert.ok(tty.includes(`${ESC}[31mAccessDenied${ESC}[39m`), 'the error code in red');
  // Colour does not move the columns: without the escapes it is the plain table.
  assert.equal(tty.split(ESC).map((part, i) => (i === 0 ? part : part.replace(/^\[\d+m/, ''))).join(''), await table(false, {}));
  assert.ok(!(await table(false, {})).includes(ESC));
  assert.ok(!(await table(true, { NO_COLOR: '1' })).includes(ESC));
  assert.ok(!(await table(true, { TERM: 'dumb' })).includes(ESC));
  assert.ok(!(await table(true, {}, '--color', 'never')).includes(ESC));
  assert.ok((await table(false, { NO_COLOR: '1' }, '--color=always')).includes(`${ESC}[31m`));
  // Machine formats never get colour.
  const csv = { ...captureIO(), outIsTTY: true, env: {} };
  assert.equal(await runQuery(['--format', 'csv', '--color', 'always', 'eventName:GetObject', TRAIL], csv), 0);
  assert.ok(!csv.stdout.join('\n').includes(ESC));
  assert.equal(await runQuery(['--color', 'sometimes', '', TRAIL], captureIO()), 2);
});

test('a folder gives the files the explorer reads: .log files only when named or globbed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-fileset-'));
  writeTrailFile(dir, 'trail.json', ['2026-01-01T00:00:00Z']);
  const log = writeTrailFile(dir, 'export.log', ['2026-01-01T00:00:01Z', '2026-01-01T00:00:02Z']);
  const count = async (...paths: string[]): Promise<string> => {
    const io = captureIO();
    assert.equal(await runQuery(['--count', '', ...paths], io), 0);
    return io.stdout.join('');
  };
  assert.equal(await count(dir), '1');
  assert.equal(await count(log), '2');
  assert.equal(await count(path.join(dir, '*.log')), '2');
  const s = defaultSettings();
  assert.deepEqual([s['index.include'], s['index.exclude']], [DEFAULT_INCLUDE, DEFAULT_EXCLUDE]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('path terms read the records themselves: numeric comparisons, re-reading only what the columns leave', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-paths-'));
  const rec = (i: number, eventName: string, bytes: number | undefined) => ({
    eventVersion: '1.08', eventTime: `2026-04-01T00:00:${String(i).padStart(2, '0')}Z`, eventSource: 's3.amazonaws.com', eventName,
    awsRegion: 'eu-west-1', requestParameters: { bucketName: 'exfil', key: `dump/${i}.tar`, 'x-amz-acl': i % 2 ? 'public-read' : 'private' },
    ...(bytes === undefined ? {} : { additionalEventData: { bytesTransferredOut: bytes } }), eventID: `p-${i}`,
  });
  const records = [rec(1, 'GetObject', 10), rec(2, 'GetObject', 5_000_000), rec(3, 'GetObject', 2_000_000), rec(4, 'PutObject', undefined), rec(5, 'HeadObject', 9_000_000)];
  fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ Records: records.slice(0, 3) }));
  fs.writeFileSync(path.join(dir, 'b.json.gz'), zlib.gzipSync(JSON.stringify({ Records: records.slice(3) })));
  const ids = async (query: string): Promise<string[]> => {
    const io = captureIO();
    assert.equal(await runQuery(['--format', 'ndjson', '--columns', 'eventID', query, dir], io), 0, io.stderr.join('\n'));
    return io.stdout.map((l) => JSON.parse(l).eventID);
  };
  assert.deepEqual(await ids('additionalEventData.bytesTransferredOut:>1000000'), ['p-2', 'p-3', 'p-5']);
  assert.deepEqual(await ids('eventName:GetObject additionalEventData.bytesTransferredOut:>1000000'), ['p-2', 'p-3']);
  assert.deepEqual(await ids('-additionalEventData.bytesTransferredOut:>1000000'), ['p-1', 'p-4']);
  assert.deepEqual(await ids('requestParameters.x-amz-acl:public-read'), ['p-1', 'p-3', 'p-5']);
  const count = captureIO();
  assert.equal(await runQuery(['--count', '--exit-status', 'requestParameters.x-amz-acl:nothing', dir], count), 1);
  assert.deepEqual(count.stdout, ['0']);
  const stats = captureIO();
  assert.equal(await runStats(['--format', 'json', '--query', 'additionalEventData.bytesTransferredOut:>=5000000', dir], stats), 0);
  assert.equal(JSON.parse(stats.stdout.join('\n')).matching, 2);
  const bad = captureIO();
  assert.equal(await runQuery(['additionalEventData.bytesTransferredOut:>many', dir], bad), 2);
  assert.match(bad.stderr.join('\n'), /Bad comparison '>many'/);
  // Only the candidates the index's columns leave are read again.
  const loaded = await loadIndex([dir], captureIO());
  assert.ok(typeof loaded !== 'number');
  const { service } = loaded;
  try {
    const q = parseQuery('eventName:GetObject additionalEventData.bytesTransferredOut:>1000000');
    assert.ok(q.ok);
    assert.deepEqual(await service.readPathTerms(q.query), { read: 3, unreadable: 0 });
    assert.deepEqual(await service.readPathTerms(q.query), { read: 0, unreadable: 0 }, 'answers are kept');
  } finally {
    service.dispose();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('formatTable aligns and printable neutralises control and bidi characters', () => {
  assert.equal(formatTable(['a', 'bb'], [['xyz', '1'], ['q', '22']]), 'a    bb\n---  --\nxyz  1\nq    22');
  assert.equal(printable('a\u001b[2Jb\r\n\u202ec'), 'a\\x1b[2Jb\\r\\n\\u202ec');
});

// ---- issue 17: hostile text, unreadable inputs, odd characters --------------------------------------

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE_CHARS = ['\u001b[2J', '\u0007', '\r', '\n', '\u2028', '\u2029', '\u202e', '\u2066', '\u009b'];

function hostileTrail(): { dir: string; keys: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-hostile-'));
  const keys = HOSTILE_CHARS.map((c, i) => `k${i}${c}x`);
  const records = keys.map((key, i) => ({ eventVersion: '1.08', eventTime: `2026-01-01T10:00:0${i}Z`, eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventID: `h${i}`, userAgent: `ua${HOSTILE_CHARS[i]}`, requestParameters: { bucketName: 'b', key } }));
  fs.writeFileSync(path.join(dir, 'hostile.json'), JSON.stringify({ Records: records }));
  // A damaged file whose name carries escapes: its problem line on stderr must be inert too.
  fs.writeFileSync(path.join(dir, 'bad\u001b[31m\n\u202e.json'), '{"Records":[{"eventVersion":"1.08" nope}]}');
  return { dir, keys };
}

test('every output format prints hostile values inert; JSON keeps them exact; problem lines escape file names', async () => {
  const { dir, keys } = hostileTrail();
  for (const format of ['table', 'json', 'ndjson', 'csv', 'records']) {
    const io = { ...captureIO(), outIsTTY: true, env: {} };
    assert.equal(await runQuery(['--format', format, '--columns', 'key,userAgent', '--sort', 'time', '', dir], io), 0, format);
    // The table on a terminal is coloured: the CLI's own SGR codes (bold, dim, red, reset) are the only raw escapes.
    // eslint-disable-next-line no-control-regex
    const own = (line: string): string => (format === 'table' ? line.replace(/\u001b\[(?:1|2|22|31|39)m/g, '') : line);
    for (const line of [...io.stdout, ...io.stderr]) assert.doesNotMatch(own(line).replace(/\n/g, ''), UNSAFE, `${format}: ${JSON.stringify(line)}`);
    if (format === 'records') assert.deepEqual(io.stdout.map((l) => (JSON.parse(l) as { requestParameters: { key: string } }).requestParameters.key), keys);
    assert.ok(io.stderr.some((l) => l.includes('bad\\x1b[31m\\n\\u202e.json:1:')), io.stderr.join('\n'));
    if (format === 'json') assert.deepEqual((JSON.parse(io.stdout.join('\n')) as { key: string }[]).map((r) => r.key), keys);
    if (format === 'ndjson') assert.deepEqual(io.stdout.map((l) => (JSON.parse(l) as { key: string }).key), keys);
  }
  // CSV into a file or a pipe stays exact data for the spreadsheet.
  const piped = captureIO();
  assert.equal(await runQuery(['--format', 'csv', '--columns', 'key', '--sort', 'time', '', dir], piped), 0);
  assert.ok(piped.stdout[1].includes('k0\u001b[2Jx'), piped.stdout[1]);
  // A query echoed back with its error is escaped too, the caret under the same characters.
  const bad = captureIO();
  assert.equal(await runQuery(['bukket:\u001b[2J', dir], bad), 2);
  assert.deepEqual(bad.stderr.slice(1), ['  bukket:\\x1b[2J', '  ^^^^^^']);
});

test('nine U+FFFD in a userAgent do not hide the file: the DeleteBucketPolicy after it is found (issue 17 repro)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-fffd-'));
  const rec = (over: Record<string, unknown>) => ({ eventVersion: '1.08', eventTime: '2026-01-01T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventID: `f${JSON.stringify(over).length}`, ...over });
  fs.writeFileSync(path.join(dir, 'fffd.json'), JSON.stringify({ Records: [rec({ userAgent: '\uFFFD'.repeat(9) }), rec({ eventName: 'DeleteBucketPolicy' })] }));
  const io = captureIO();
  assert.equal(await runQuery(['--count', 'eventName:DeleteBucketPolicy', dir], io), 0);
  assert.deepEqual(io.stdout, ['1']);
  assert.deepEqual(io.stderr, [], 'and no problem');
});

test('inputs that cannot be read: named on stderr, the rest answered, exit 2 (missing path among valid ones, unreadable file, unreadable folder, FIFO)', async () => {
  const missing = captureIO();
  assert.equal(await runQuery(['--count', '', TRAIL, path.join(TRAIL, 'nope')], missing), 2);
  assert.deepEqual(missing.stdout, ['7'], 'the valid path is answered');
  assert.match(missing.stderr.join('\n'), /nope: error unreadable No such file or folder/);
  assert.match(missing.stderr.join('\n'), /1 input could not be read/);

  const fifoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-fifo-'));
  const fifo = path.join(fifoDir, 'pipe.json');
  execFileSync('mkfifo', [fifo]);
  const named = captureIO();
  assert.equal(await runQuery(['--count', '', fifo], named), 2);
  assert.match(named.stderr.join('\n'), /pipe\.json: error not-a-file Not read: a named pipe \(FIFO\), not a file or folder/);
  assert.doesNotMatch(named.stderr.join('\n'), /No such file/);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-locked-'));
  fs.cpSync(TRAIL, dir, { recursive: true });
  openToAll(dir);
  const day = path.join(dir, 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/01');
  const gz = path.join(day, fs.readdirSync(day).find((f) => f.endsWith('.gz'))!);
  const file = runCliWithout([gz], ['query', '--count', '', dir]);
  assert.equal(file.status, 2, file.stderr);
  assert.equal(file.stdout, '2\n', 'the readable file is counted');
  assert.ok(file.stderr.includes(`${gz}: error unreadable cannot read the file: permission denied`), file.stderr);
  const folder = runCliWithout([day], ['query', '--count', '', dir]);
  assert.equal(folder.status, 2, folder.stderr);
  assert.ok(folder.stderr.includes(`${day}: error unreadable Cannot read folder: EACCES`), folder.stderr);
});

test('--exit-status with an input that could not be read: 2 (the answer is incomplete), not 1 for no match', async () => {
  const io = captureIO();
  assert.equal(await runQuery(['--exit-status', '--count', 'eventName:Nothing', TRAIL, path.join(TRAIL, 'nope')], io), 2);
  assert.deepEqual(io.stdout, ['0']);
  assert.match(io.stderr.join('\n'), /1 input could not be read/);
  assert.equal(await runQuery(['--exit-status', '--count', 'eventName:PutObject', TRAIL, path.join(TRAIL, 'nope')], captureIO()), 2);
});

test('a record rewritten with duplicate keys is read as JSON.parse reads it (the last one), whatever path reads it', async () => {
  // Someone who edits a delivered file wants the explorer to show a decoy: the first eventName, bucketName and
  // arn say GetObject on "decoy" by alice, the last ones DeleteBucketPolicy on "prod-secrets" by mallory. Every
  // JSON tool (and AWS's) takes the last; the index must too, in plain, gzip and pretty files.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dup-keys-'));
  const record = (i: number) => `{"eventVersion":"1.09","eventTime":"2026-01-01T10:00:0${i}Z","eventSource":"s3.amazonaws.com","eventName":"GetObject",` +
    `"awsRegion":"us-east-1","eventID":"dup-${i}","requestParameters":{"bucketName":"decoy","bucketName":"prod-secrets"},"eventName":"DeleteBucketPolicy",` +
    `"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","arn":"arn:aws:iam::111122223333:user/mallory"}}`;
  try {
    fs.writeFileSync(path.join(dir, 'plain.json'), `{"Records":[${record(0)},${record(1)}]}`);
    fs.writeFileSync(path.join(dir, 'packed.json.gz'), zlib.gzipSync(`{"Records":[${record(2)}]}`));
    fs.writeFileSync(path.join(dir, 'pretty.json'), `{\n  "Records": [\n    ${record(3)},\n    ${record(4)}\n  ]\n}\n`);
    const independent = [0, 1, 2, 3, 4].map((i) => JSON.parse(record(i)) as { eventName: string; requestParameters: { bucketName: string } });
    assert.ok(independent.every((r) => r.eventName === 'DeleteBucketPolicy' && r.requestParameters.bucketName === 'prod-secrets'));
    const count = async (q: string) => {
      const io = captureIO();
      assert.equal(await runQuery(['--count', q, dir], io), 0, q);
      return io.stdout[0];
    };
    assert.equal(await count('eventName:DeleteBucketPolicy bucket:prod-secrets user:*mallory*'), '5');
    assert.equal(await count('eventName:GetObject'), '0');
    assert.equal(await count('bucket:decoy'), '0');
    assert.equal(await count('user:*alice*'), '0');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a UTF-16 trail file is an input that could not be read: query, stats and validate exit 2 naming it', async () => {
  // PowerShell's Out-File writes UTF-16 by default: a SIEM export saved that way held every record of the
  // trail, and query --count printed 0 with exit 0 beside a "binary data" warning.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'utf16-'));
  try {
    const records = [0, 1, 2].map((i) => ({ eventVersion: '1.09', eventTime: `2026-01-01T10:00:0${i}Z`, eventSource: 's3.amazonaws.com', eventName: 'DeleteBucketPolicy', eventID: `u-${i}`, requestParameters: { bucketName: 'b' } }));
    const file = path.join(dir, 'export-utf16.json');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify({ Records: records }), 'utf16le')]));
    fs.writeFileSync(path.join(dir, 'export-utf16.json.gz'), zlib.gzipSync(fs.readFileSync(file)));
    fs.writeFileSync(path.join(dir, 'plain.json'), JSON.stringify({ Records: [{ ...records[0], eventID: 'plain-0' }] }));
    const io = captureIO();
    assert.equal(await runQuery(['--count', '', dir], io), 2);
    assert.deepEqual(io.stdout, ['1'], 'the readable file still counts');
    const err = io.stderr.join('\n');
    assert.match(err, /export-utf16\.json: error utf-16 UTF-16 \(little-endian\) text/);
    assert.match(err, /export-utf16\.json\.gz: error utf-16/);
    const stats = captureIO();
    assert.equal(await runStats([dir], stats), 2);
    assert.match(stats.stdout.join('\n'), /problems {4}2/);
    assert.match(stats.stderr.join('\n'), /export-utf16\.json: error utf-16/);
    const validated: string[] = [];
    assert.equal(await runValidate([dir], (s) => validated.push(s), () => undefined), 2);
    assert.match(validated.join('\n'), /export-utf16\.json:1:1: error utf-16/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
