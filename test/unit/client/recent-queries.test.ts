import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RECENT_QUERIES, pushRecentQuery, readRecentQueries } from '../../../client/recent-queries';

test('the newest query comes first and a repeated one moves to the front', () => {
  let recent = pushRecentQuery([], 'eventName:GetObject');
  recent = pushRecentQuery(recent, 'error:AccessDenied');
  recent = pushRecentQuery(recent, '  eventName:GetObject ');
  assert.deepEqual(recent, ['eventName:GetObject', 'error:AccessDenied']);
});

test('blank queries are not remembered', () => {
  assert.deepEqual(pushRecentQuery(['bucket:logs'], '   '), ['bucket:logs']);
});

test('the list keeps at most MAX_RECENT_QUERIES entries, dropping the oldest', () => {
  let recent: string[] = [];
  for (let i = 0; i < MAX_RECENT_QUERIES + 5; i++) recent = pushRecentQuery(recent, `ip:10.0.0.${i}`);
  assert.equal(recent.length, MAX_RECENT_QUERIES);
  assert.equal(recent[0], `ip:10.0.0.${MAX_RECENT_QUERIES + 4}`);
  assert.equal(recent.at(-1), 'ip:10.0.0.5');
});

test('stored state of the wrong shape reads as an empty or filtered list', () => {
  assert.deepEqual(readRecentQueries(undefined), []);
  assert.deepEqual(readRecentQueries('eventName:x'), []);
  assert.deepEqual(readRecentQueries(['a', 3, null, '', 'b']), ['a', 'b']);
});
