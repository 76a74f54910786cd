// Every real file of the shared corpus (../shared/corpus, when present) and a generated trail tree with injected bad
// files: expected shapes, record counts and problem kinds.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseRecord, type Shape } from '../../../../core/parse';
import { filesUnder, readAll } from './read-all';
import { CORPUS_DIR, withoutShared } from '../../../shared-paths';

const CORPUS = CORPUS_DIR;
const ROOT = path.join(__dirname, '../../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/parse');

interface FileResult {
  shape: Shape | undefined;
  records: number;
  codes: string[];
  bad: number;
}

async function readFile(f: string): Promise<FileResult> {
  const got = await readAll(f);
  const parsed = got.spans.map((s) => parseRecord(s, f));
  const bad = parsed.filter((p) => p.problem);
  return { shape: got.shape, records: parsed.length - bad.length, codes: [...got.problems, ...bad.map((p) => p.problem!)].map((p) => p.code), bad: bad.length };
}

describe('vendored fixtures (always run)', () => {
  it('each fixture has its expected shape and record count', async () => {
    const expected: Record<string, [Shape, number]> = {
      'trail-single-line.json': ['trail', 3], 'trail.json.gz': ['trail', 3], 'crlf-bom-trail.json': ['trail', 2], 'empty-records.json': ['trail', 0],
      'ndjson-with-bad-line.ndjson': ['ndjson', 3], 'lookup-events.json': ['lookup-events', 2], 'lookup-events.jsonl': ['lookup-events-jsonl', 2],
      'eventbridge-api-call.json': ['eventbridge', 1], 'cloudwatch-subscription.json': ['cloudwatch', 2], 'array-of-records.json': ['array', 3],
      'digest.json': ['digest', 0], 's3-event-notification.json': ['s3-notification', 0], 'binary.bin': ['binary', 0],
    };
    for (const [name, [shape, n]] of Object.entries(expected)) {
      const r = await readFile(path.join(FIXTURES, name));
      assert.deepEqual([r.shape, r.records], [shape, n], name);
    }
  });
});

describe('real corpus', { skip: withoutShared(CORPUS) }, () => {
  const sum = (results: Map<string, FileResult>, prefix: string): number =>
    [...results].filter(([f]) => f.startsWith(path.join(CORPUS, prefix))).reduce((a, [, r]) => a + r.records, 0);

  it('shapes, record counts and problems of every file (SOURCES.md)', async () => {
    const results = new Map<string, FileResult>();
    for (const f of filesUnder(CORPUS)) if (!f.endsWith('SOURCES.md')) results.set(f, await readFile(f));
    const shapes = (prefix: string): Shape[] => [...results].filter(([f]) => f.startsWith(path.join(CORPUS, prefix))).map(([, r]) => r.shape!);

    assert.equal(sum(results, 'flaws2-jamjahal'), 37);
    assert.deepEqual(new Set(shapes('flaws2-jamjahal')), new Set(['trail']));
    assert.equal(shapes('flaws2-jamjahal').length, 8);

    assert.equal(sum(results, 'elastic-integrations'), 11);
    assert.equal(shapes('elastic-integrations').filter((s) => s === 'digest').length, 1);
    assert.equal(results.get(path.join(CORPUS, 'elastic-integrations/packages/aws/data_stream/cloudtrail/_dev/test/pipeline/test-tls-details-json.log'))?.shape, 'ndjson');

    assert.equal(sum(results, 'otel-collector-contrib'), 1);
    assert.deepEqual(shapes('otel-collector-contrib').sort(), ['cloudwatch', 'digest']);

    assert.equal(sum(results, 'plaso'), 6);
    assert.deepEqual(shapes('plaso'), ['lookup-events-jsonl']);

    assert.equal(sum(results, 'umccr-cloudtrail-parquet-lambda'), 185);
    const umccrTrail = [...results].filter(([f, r]) => f.includes('umccr') && r.shape === 'trail');
    assert.equal(umccrTrail.length, 5);
    assert.equal(umccrTrail.filter(([, r]) => r.records === 0).length, 1, 'one empty Records file');

    assert.equal(results.get(path.join(CORPUS, 'otrf-security-datasets/extracted/ec2_proxy_s3_exfiltration_2020-09-14011940.json'))?.records, 103);
    const csv = results.get(path.join(CORPUS, 'otrf-security-datasets/extracted/AWS_S3_HoneyBucketLogs.csv'))!;
    assert.deepEqual([csv.shape, csv.codes], ['not-cloudtrail', ['not-cloudtrail']]);
    for (const [f, r] of results) if (f.endsWith('.zip')) assert.equal(r.shape, 'binary', f);

    // No problem at all on any CloudTrail file of the corpus.
    for (const [f, r] of results) if (r.shape !== 'not-cloudtrail' && r.shape !== 'binary') assert.deepEqual(r.codes, [], f);
    assert.equal([...results.values()].reduce((a, r) => a + r.records, 0), 343);
  });
});

describe('generated trail tree with injected bad files', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-gen-tree-'));
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('reads every good record; each bad file yields its problem while the rest load', async () => {
    const stats = JSON.parse(
      execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--out', out, '--records', '3000', '--inject-bad', '7', '--stats'], { encoding: 'utf8' }),
    ) as { records: number };
    assert.equal(stats.records, 3000);
    const bad = JSON.parse(fs.readFileSync(path.join(out, 'bad-files.json'), 'utf8')) as { files: { path: string; kind: string; records: number | null }[] };
    const badByPath = new Map(bad.files.map((b) => [path.join(out, b.path), b]));
    let good = 0;
    for (const f of filesUnder(out)) {
      if (f.endsWith('bad-files.json')) continue;
      const r = await readFile(f);
      const b = badByPath.get(f);
      if (!b) {
        assert.equal(r.shape, 'trail', f);
        assert.deepEqual(r.codes, [], f);
        good += r.records;
        continue;
      }
      switch (b.kind) {
        case 'truncated-gzip':
          assert.deepEqual(r.codes, ['truncated-gzip'], b.kind);
          assert.ok(r.records > 0, 'records before the cut load');
          break;
        case 'gzip-invalid-json':
          assert.ok(r.codes.length >= 1 && r.codes.every((c) => c === 'json-syntax'), `${b.kind}: ${r.codes.join()}`);
          assert.ok(r.records > 0, 'records before the damage load');
          break;
        case 'empty-file':
          assert.deepEqual([r.shape, r.codes], ['empty', ['empty-file']]);
          break;
        case 'not-cloudtrail':
          assert.deepEqual(r.codes, ['not-cloudtrail']);
          assert.equal(r.records, 0);
          break;
        default:
          // record-missing-eventName, record-bad-eventTime, huge-record: content problems for validation, all records load.
          assert.deepEqual(r.codes, [], b.kind);
          assert.equal(r.records, b.records, b.kind);
      }
    }
    assert.equal(good, 3000);
  });
});
