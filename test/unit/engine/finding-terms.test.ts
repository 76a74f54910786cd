import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../core/detect';
import { parseQuery } from '../../../core/query';
import { expandFindingTerms } from '../../../engine/finding-terms';

const f = (ruleId: string, eventIDs: string[]): Finding => ({
  id: `${ruleId}:${eventIDs[0]}`, ruleId, title: ruleId, severity: 'high', meaning: '', next: '', source: 'builtin', count: eventIDs.length,
  firstTime: '', lastTime: '', principals: [], buckets: [], eventIDs, records: [],
});
const FINDINGS = [f('s3-public-acl', ['a', 'b']), f('s3-public-policy', ['c']), f('cloudtrail-s3-data-events-off', ['d'])];

test('finding: terms become the eventIDs of those findings, in every source', () => {
  const x = (q: string): string => expandFindingTerms(q, () => FINDINGS);
  assert.equal(x('finding:s3-public-acl'), 'source:* eventid:a,b');
  assert.equal(x('finding:*'), 'source:* eventid:a,b,c,d');
  assert.equal(x('bucket:x FINDING:s3-public-*,cloudtrail-*'), 'source:* bucket:x eventid:a,b,c,d');
  assert.equal(x('-finding:s3-public-policy source:s3.amazonaws.com'), '-eventid:c source:s3.amazonaws.com');
  assert.equal(x('finding:"s3-public-acl"'), 'source:* eventid:a,b');
  assert.equal(x('finding:nothing-like-this'), 'source:* eventid:"(no finding)"');
  assert.equal(x('eventName:GetObject'), 'eventName:GetObject');
  for (const q of ['finding:*', '-finding:s3-public-policy', 'finding:nothing-like-this']) assert.ok(parseQuery(x(q)).ok, q);
});
