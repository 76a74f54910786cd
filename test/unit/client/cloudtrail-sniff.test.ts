import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { looksLikeCloudTrail, SNIFF_BYTES } from '../../../client/cloudtrail-sniff';

test('a trail file head is CloudTrail', () => {
  const head = fs.readFileSync('samples/exports/incident-2026-03-01.json', 'utf8').slice(0, SNIFF_BYTES);
  assert.equal(looksLikeCloudTrail(head), true);
});

test('NDJSON, lookup-events and EventBridge heads are CloudTrail', () => {
  assert.equal(looksLikeCloudTrail('{"eventSource":"s3.amazonaws.com","eventName":"GetObject"}\n'), true);
  assert.equal(looksLikeCloudTrail('{"Events":[{"EventId":"1","CloudTrailEvent":"{}"}]}'), true);
  assert.equal(looksLikeCloudTrail('{"version":"0","detail-type":"AWS API Call via CloudTrail"}'), true);
});

test('ordinary JSON files are not CloudTrail', () => {
  assert.equal(looksLikeCloudTrail('{"name":"my-app","version":"1.0.0","dependencies":{}}'), false);
  assert.equal(looksLikeCloudTrail('{"compilerOptions":{"strict":true}}'), false);
  assert.equal(looksLikeCloudTrail(''), false);
});

test('only the first SNIFF_BYTES characters are looked at', () => {
  const late = ' '.repeat(SNIFF_BYTES) + '{"eventVersion":"1.08"}';
  assert.equal(looksLikeCloudTrail(late), false);
  assert.equal(looksLikeCloudTrail(late.trimStart()), true);
});
