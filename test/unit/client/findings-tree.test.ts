import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../core/detect';
import { findingNodeOf, findingParents, findingQuery, findingTree, parseDismissals, type FindingNode } from '../../../client/findings-tree';
import { parseQuery } from '../../../core/query';

function finding(id: string, ruleId: string, severity: Finding['severity'], eventIDs: string[]): Finding {
  return {
    id, ruleId, title: ruleId, severity, meaning: '', next: '', source: 'builtin', count: eventIDs.length, firstTime: '', lastTime: '',
    principals: [], buckets: [], eventIDs, records: [],
  };
}

const F = [
  finding('a', 's3-public-acl', 'high', ['e1']),
  finding('b', 's3-public-acl', 'high', ['e2', 'e3']),
  finding('c', 's3-bucket-posture-sweep', 'medium', ['e4']),
  finding('d', 'cloudtrail-s3-data-events-off', 'high', ['e5']),
];

const shape = (nodes: FindingNode[]): unknown => nodes.map((n) => n.kind === 'finding' ? n.finding.id
  : n.kind === 'rule' ? [n.ruleId, n.count, shape(n.children)]
  : n.kind === 'severity' ? [n.severity, n.count, shape(n.children)] : ['dismissed', n.count, shape(n.children)]);

test('findings grouped by severity (most severe first) then rule, with counts; dismissed ones in their own group', () => {
  assert.deepEqual(shape(findingTree(F, [])), [
    ['high', 3, [['s3-public-acl', 2, ['a', 'b']], ['cloudtrail-s3-data-events-off', 1, ['d']]]],
    ['medium', 1, [['s3-bucket-posture-sweep', 1, ['c']]]],
  ]);
  assert.deepEqual(shape(findingTree(F, [{ id: 'b', ruleId: 's3-public-acl', by: 'me', reason: 'test bucket', at: '' }])), [
    ['high', 2, [['s3-public-acl', 1, ['a']], ['cloudtrail-s3-data-events-off', 1, ['d']]]],
    ['medium', 1, [['s3-bucket-posture-sweep', 1, ['c']]]],
    ['dismissed', 1, [['s3-public-acl', 1, ['b']]]],
  ]);
});

test("a finding's query is a valid query of exactly its eventIDs, in every source", () => {
  const q = findingQuery(F[1]);
  assert.equal(q, 'source:* eventid:e2,e3');
  const parsed = parseQuery(q);
  assert.ok(parsed.ok);
  assert.equal(parsed.ok && parsed.query.s3Only, false);
});

test('the dismissal file: missing or damaged means nothing dismissed', () => {
  assert.deepEqual(parseDismissals(undefined), []);
  assert.deepEqual(parseDismissals('{not json'), []);
  assert.deepEqual(parseDismissals('{"dismissed":[{"id":"x","ruleId":"r","by":"a","reason":"b","at":"c"},{"nope":1}]}').map((d) => d.id), ['x']);
});

test('a finding is found by its id (from the identity story) with its parents for reveal, dismissed ones too', () => {
  const nodes = findingTree(F, [{ id: 'c', ruleId: 's3-bucket-posture-sweep', by: 'me', reason: 'scanner', at: '' }]);
  const parents = findingParents(nodes);
  const b = findingNodeOf(nodes, 'b');
  assert.ok(b?.kind === 'finding' && b.finding.id === 'b');
  const rule = parents.get(b);
  assert.ok(rule?.kind === 'rule' && rule.ruleId === 's3-public-acl');
  const severity = parents.get(rule);
  assert.ok(severity?.kind === 'severity' && severity.severity === 'high');
  assert.equal(parents.get(severity), undefined);
  const c = findingNodeOf(nodes, 'c');
  assert.ok(c?.kind === 'finding' && c.dismissal?.reason === 'scanner');
  assert.equal(parents.get(parents.get(c)!)?.kind, 'dismissed');
  assert.equal(findingNodeOf(nodes, 'nope'), undefined);
});
