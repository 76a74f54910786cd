// Query-bar completion: field names where a term starts, values of the field being typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QUERY_FIELDS, queryCompletions, type QueryField } from '../../../../core/query';
import type { QueryCompletionItem } from '../../../../core/protocol';

const FACETS: Partial<Record<QueryField, string[]>> = {
  eventName: ['GetObject', 'PutObject', 'DeleteObject', 'GetBucketAcl', 'GetObject'],
  bucket: ['prod-logs', 'public site', 'weird"name*'],
  ip: ['10.1.2.3', 'AWS Internal'],
};
const calls: QueryField[] = [];
function values(field: QueryField): string[] {
  calls.push(field);
  return FACETS[field] ?? [];
}

/** The text after applying a completion item. */
function apply(text: string, item: QueryCompletionItem): string {
  return text.slice(0, item.replaceStart) + item.insertText + text.slice(item.replaceEnd);
}

test('at the start and after a space: every field with its description', () => {
  for (const [text, offset] of [['', 0], ['bucket:x ', 9]] as const) {
    const items = queryCompletions(text, offset, values);
    assert.deepEqual(items.map((i) => i.label), QUERY_FIELDS.map((f) => `${f.name}:`));
    assert.ok(items.every((i) => i.detail && i.detail.length > 10));
    assert.ok(items.every((i) => i.replaceStart === offset && i.replaceEnd === offset));
  }
});

test('a partial field name filters fields, by alias too, and keeps a leading -', () => {
  const items = queryCompletions('-ev', 3, values);
  assert.deepEqual(items.map((i) => i.label), ['eventName:', 'type:', 'source:', 'eventid:']);
  assert.equal(apply('-ev', items[0]), '-eventName:');
  const upper = queryCompletions('BUC', 3, values);
  assert.deepEqual(upper.map((i) => i.label), ['bucket:']);
  assert.deepEqual(queryCompletions('zzz', 3, values), []);
  // Completing inside a field name keeps the value that follows.
  const mid = queryCompletions('buc:prod', 2, values);
  assert.equal(apply('buc:prod', mid[0]), 'bucket:prod');
});

test('values of the field being typed come from the facet callback, prefix matches first', () => {
  calls.length = 0;
  const items = queryCompletions('eventName:get', 13, values);
  assert.deepEqual(calls, ['eventName']);
  assert.deepEqual(items.map((i) => i.label), ['GetObject', 'GetBucketAcl']);
  assert.equal(apply('eventName:get', items[0]), 'eventName:GetObject');
  const inner = queryCompletions('eventname:object', 16, values);
  assert.deepEqual(inner.map((i) => i.label), ['GetObject', 'PutObject', 'DeleteObject']);
});

test('values with spaces, quotes or stars are inserted quoted and escaped', () => {
  const items = queryCompletions('bucket:', 7, values);
  assert.deepEqual(items.map((i) => i.insertText), ['prod-logs', '"public site"', '"weird\\"name\\*"']);
  const ip = queryCompletions('ip:AWS', 6, values);
  assert.deepEqual(ip.map((i) => i.insertText), ['"AWS Internal"']);
});

test('inside a list only the current item is replaced; a negated term keeps its dash', () => {
  const text = '-eventName:GetObject,Put bucket:x';
  const items = queryCompletions(text, 24, values);
  assert.deepEqual(items.map((i) => i.label), ['PutObject']);
  assert.equal(apply(text, items[0]), '-eventName:GetObject,PutObject bucket:x');
  const quoted = queryCompletions('bucket:"public s', 16, values);
  assert.equal(apply('bucket:"public s', quoted[0]), 'bucket:"public site"');
});

test('enum fields and since/until offer their fixed values', () => {
  assert.deepEqual(queryCompletions('type:', 5, values).map((i) => i.label), ['data', 'management', 'aggregated', 'insight', 'networkactivity']);
  assert.deepEqual(queryCompletions('access:w', 8, values).map((i) => i.label), ['write']);
  assert.deepEqual(queryCompletions('crossaccount:', 13, values).map((i) => i.label), ['true', 'false']);
  assert.deepEqual(queryCompletions('anonymous:T', 11, values).map((i) => i.label), ['true']);
  assert.deepEqual(queryCompletions('since:', 6, values).map((i) => i.label), ['-1h', '-24h', '-7d', '-30d']);
  assert.deepEqual(queryCompletions('until:-2', 8, values).map((i) => i.label), ['-24h']);
  calls.length = 0;
  queryCompletions('type:', 5, values);
  assert.deepEqual(calls, [], 'fixed values do not ask the index');
});

test('unknown fields and bare quoted words offer nothing', () => {
  assert.deepEqual(queryCompletions('foo:', 4, values), []);
  assert.deepEqual(queryCompletions('"abc', 4, values), []);
  assert.deepEqual(queryCompletions('text:', 5, values), []);
});

test('a space inside quotes does not start a new term', () => {
  const text = 'bucket:"public s';
  const items = queryCompletions(text, text.length, values);
  assert.deepEqual(items.map((i) => i.label), ['public site']);
});

test('a partial name offers the paths into a record after the fields', () => {
  const items = queryCompletions('eventName:GetObject add', 23, values);
  assert.deepEqual(items.map((i) => i.label), ['additionalEventData.']);
  assert.match(items[0].detail ?? '', /bytesTransferredOut:>1000000/);
  assert.equal(items[0].replaceStart, 20);
  assert.deepEqual(queryCompletions('re', 2, values).map((i) => i.label), ['recipient:', 'region:', 'requestid:', 'requestParameters.', 'responseElements.']);
});
