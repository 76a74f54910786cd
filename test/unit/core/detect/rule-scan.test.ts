// The rules' queries answered in one scan give the rows the index's own evaluator gives, for the built-in
// rules' queries and for term kinds they do not use (lists, globs, negations, several columns, any source);
// queries with terms the scan leaves to the index are left undefined.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtinRules } from '../../../../core/detect';
import { scanQueries } from '../../../../core/detect/rule-scan';
import { TrailIndex, readFileBatches } from '../../../../core/index';
import { parseQuery, type ParsedQuery } from '../../../../core/query';
import { generatedTrailFiles } from './generated-trail';

const limits = { maxFileBytes: 1 << 30, maxInflatedBytes: 1 << 30, onProblem: (p: { message: string }) => assert.fail(p.message) };

function parsed(text: string): ParsedQuery {
  const r = parseQuery(text);
  assert.ok(r.ok, text);
  return r.query;
}

test('scanQueries: the rows of the index evaluator for every query it answers; the others left to the index', { timeout: 300_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-rule-scan-'));
  try {
    const files = generatedTrailFiles(dir, 3000, 4242);
    const index = new TrailIndex();
    for (const f of files) for await (const b of readFileBatches(f, limits)) index.addBatch(b);
    // Some rows die (a file removed), as between two evaluations: dead rows are never taken.
    index.removeFile(files[3]);
    const extra = [
      'eventName:Get*,List* -user:*ci*', 'source:* -eventName:GetObject', 'user:*alice*', 'error:* identity:AssumedRole',
      'source:cloudtrail.amazonaws.com', '-anonymous:true -identity:AWSService', 'ip:10.0.0.0/8', 'bucket:*prod* key:*.txt',
      'crossaccount:true access:write', 'agent:*aws-cli*', 'region:us-east-1,eu-west-1 -error:AccessDenied',
    ];
    const queries = [...builtinRules().map((r) => r.query), ...extra.map(parsed)];
    const got = scanQueries(index.store, queries);
    let nonEmpty = 0;
    queries.forEach((q, i) => {
      assert.ok(got[i], `answered: ${q.text}`);
      const want = index.matchingRows(q);
      assert.deepEqual([...got[i]!], [...want], q.text);
      if (want.length > 0) nonEmpty++;
    });
    assert.ok(nonEmpty >= 20, `most queries take rows (${nonEmpty})`);
    // Left to the index: time bounds, paths, row sets; a query not given.
    const left = scanQueries(index.store, [parsed('since:2020-01-01T00:00:00Z'), parsed('requestParameters.key:x'), parsed('finding:*'), undefined]);
    assert.deepEqual(left, [undefined, undefined, undefined, undefined]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
