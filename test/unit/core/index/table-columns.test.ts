import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AccessLogReader, TrailIndex, type RowBatch } from '../../../../core/index';
import { parseQuery, type ParsedQuery } from '../../../../core/query';
import { columnsWithAccessLogs } from '../../../../core/explorer-state';
import { DEFAULT_COLUMNS } from '../../../../core/protocol';
import { batchesOf, syntheticValues } from './synthetic-records';

const REPO = path.resolve(__dirname, '../../../..');

function q(text: string): ParsedQuery {
  const r = parseQuery(text);
  assert.ok(r.ok);
  return r.query;
}

/** 40 synthetic CloudTrail records and the access-log lines of the two fixture files. */
function index(): TrailIndex {
  const ix = new TrailIndex();
  for (const b of batchesOf(syntheticValues(40, 3), 20)) ix.addBatch(b);
  const reader = new AccessLogReader();
  const batches: RowBatch[] = [];
  for (const f of ['public-lines.log', 'editor-sample.log']) {
    const file = path.join(REPO, 'test/fixtures/access-log', f);
    reader.addFile(file, fs.readFileSync(file), () => undefined, (b) => batches.push(b));
  }
  batches.push(reader.build());
  for (const b of batches) ix.addBatch(b);
  return ix;
}

test('kind and operation are columns like the others: cells, facets, sort and group-by agree with kind: and operation: terms', () => {
  const ix = index();
  const all = q('source:*');
  const access = ix.matchingRows(q('source:* kind:access')).length;
  const cloudtrail = ix.matchingRows(q('source:* kind:cloudtrail')).length;
  assert.ok(access > 0 && cloudtrail > 0);
  const facets = ix.facets(all, ['kind', 'operation'], 50);
  assert.deepEqual(facets.kind, [{ value: 'cloudtrail', count: cloudtrail }, { value: 'access', count: access }].sort((a, b) => b.count - a.count));
  for (const { value, count } of facets.operation!) assert.equal(ix.matchingRows(q(`source:* operation:${value}`)).length, count, value);
  assert.equal(facets.operation!.reduce((n, v) => n + v.count, 0), access, 'every access line has an operation; CloudTrail rows none');
  const w = ix.window(all, { column: 'kind', descending: false }, 0, 1000);
  const kinds = w.rows.map((r) => r.kind);
  assert.deepEqual(kinds, [...Array(access).fill('access'), ...Array(cloudtrail).fill('cloudtrail')]);
  assert.ok(w.rows.every((r) => (r.kind === 'access') === (r.operation !== '')));
  const g = ix.groupBy(all, 'kind', 'operation', 10, 50)!;
  assert.deepEqual(g.rows.map((r) => r.value).sort(), ['access', 'cloudtrail']);
  assert.equal(g.total, access + cloudtrail);
});

test('the default columns gain Kind and Operation after eventName when access logs are indexed; chosen columns stay', () => {
  const cols = columnsWithAccessLogs(DEFAULT_COLUMNS);
  assert.deepEqual(cols.slice(0, 4), ['time', 'eventName', 'kind', 'operation']);
  assert.equal(cols.length, DEFAULT_COLUMNS.length + 2);
  assert.deepEqual(columnsWithAccessLogs(['time', 'bucket']), ['time', 'bucket']);
  assert.deepEqual(columnsWithAccessLogs(cols), cols);
});
