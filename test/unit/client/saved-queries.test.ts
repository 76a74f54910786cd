import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSavedQueries, serializeSavedQueries, upsertSavedQuery } from '../../../client/saved-queries';

test('a hand-written file reads back as name/query pairs', () => {
  const text = '[{"name":"Deletes","query":"eventName:Delete*"},{"query":"error:AccessDenied"}]';
  assert.deepEqual(parseSavedQueries(text), {
    queries: [{ name: 'Deletes', query: 'eventName:Delete*' }, { name: 'error:AccessDenied', query: 'error:AccessDenied' }],
  });
});

test('an empty file has no queries and no error', () => {
  assert.deepEqual(parseSavedQueries('  \n'), { queries: [] });
});

test('invalid JSON and wrong shapes are reported, not thrown', () => {
  const bad = parseSavedQueries('[{"name": "x", ');
  assert.deepEqual(bad.queries, []);
  assert.match(bad.error ?? '', /not valid JSON/);
  assert.match(parseSavedQueries('{"name":"x"}').error ?? '', /JSON array/);
  const mixed = parseSavedQueries('[{"name":"ok","query":"bucket:a"}, {"name":"no query"}, 42]');
  assert.deepEqual(mixed.queries, [{ name: 'ok', query: 'bucket:a' }]);
  assert.match(mixed.error ?? '', /2 entries/);
});

test('saving a query under an existing name replaces it in place', () => {
  const list = [{ name: 'a', query: 'x' }, { name: 'b', query: 'y' }];
  assert.deepEqual(upsertSavedQuery(list, { name: 'a', query: 'z' }), [{ name: 'a', query: 'z' }, { name: 'b', query: 'y' }]);
  assert.deepEqual(upsertSavedQuery(list, { name: 'c', query: 'w' }).map((q) => q.name), ['a', 'b', 'c']);
  assert.deepEqual(list[0], { name: 'a', query: 'x' }, 'the input list is not modified');
});

test('the file is written as readable JSON that parses back to the same list', () => {
  const list = [{ name: 'Deletes', query: 'eventName:Delete* -user:*ci*' }];
  const text = serializeSavedQueries(list);
  assert.match(text, /\n {2}\{\n {4}"name": "Deletes",/);
  assert.deepEqual(parseSavedQueries(text).queries, list);
});
