import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, s3Record, service, trail } from './cursor';
import type { TextEdit } from '../../../../core/language';

function apply(text: string, edits: TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

test('quick fix replaces a renamed eventName with the one CloudTrail logs', () => {
  const text = trail(s3Record({ eventName: 'GetBucketRequestPay', eventCategory: 'Management', managementEvent: true }));
  const at = text.indexOf('GetBucketRequestPay');
  const actions = service.doCodeActions(parse(text), { start: at, end: at });
  const fix = actions.find((a) => a.kind === 'quickfix');
  assert.equal(fix?.title, 'Replace with "GetBucketRequestPayment"');
  assert.equal(fix?.isPreferred, true);
  const fixed = apply(text, fix?.edits ?? []);
  assert.equal(JSON.parse(fixed).Records[0].eventName, 'GetBucketRequestPayment');
});

test('fix all misspelt eventNames in the file, leaving unknown-but-plausible names alone', () => {
  const text = JSON.stringify({ Records: [
    s3Record({ eventID: '1', eventName: 'GetBucketRequestPay', eventCategory: 'Management', managementEvent: true }),
    s3Record({ eventID: '2', eventName: 'GetObjct' }),
    s3Record({ eventID: '3', eventName: 'GetStorageLensDashboardDataInternal', eventCategory: 'Management', managementEvent: true }),
  ] }, null, 2);
  const all = service.doCodeActions(parse(text), { start: 0, end: 0 }).find((a) => a.kind === 'source.fixAll');
  assert.equal(all?.edits.length, 2);
  const names = JSON.parse(apply(text, all?.edits ?? [])).Records.map((r: { eventName: string }) => r.eventName);
  assert.deepEqual(names, ['GetBucketRequestPayment', 'GetObject', 'GetStorageLensDashboardDataInternal']);
});

test('fix inside an embedded lookup-events record keeps the JSON string valid', () => {
  const rec = s3Record({ eventName: 'PutBucketRequestPay', readOnly: false, eventCategory: 'Management', managementEvent: true });
  const text = JSON.stringify({ Events: [{ EventId: 'e', EventName: 'PutBucketRequestPay', CloudTrailEvent: JSON.stringify(rec) }] });
  const at = text.indexOf('PutBucketRequestPay', text.indexOf('CloudTrailEvent'));
  const fix = service.doCodeActions(parse(text), { start: at, end: at }).find((a) => a.kind === 'quickfix');
  const fixed = JSON.parse(apply(text, fix?.edits ?? []));
  assert.equal(JSON.parse(fixed.Events[0].CloudTrailEvent).eventName, 'PutBucketRequestPayment');
});

test('no actions in a clean file', () => {
  assert.deepEqual(service.doCodeActions(parse(trail(s3Record())), { start: 0, end: 10 }), []);
});

test('only the kinds asked for are built: fixes without navigation, navigation without fixes', () => {
  const text = trail(s3Record({ eventName: 'GetBucketRequestPay', eventCategory: 'Management', managementEvent: true }));
  const at = text.indexOf('GetBucketRequestPay');
  const kinds = (fixes: boolean, explore: boolean) => [...new Set(service.doCodeActions(parse(text), { start: at, end: at }, { fixes, explore }).map((a) => a.kind))].sort();
  assert.deepEqual(kinds(true, true), ['explore', 'quickfix', 'source.fixAll']);
  assert.deepEqual(kinds(true, false), ['quickfix', 'source.fixAll']);
  assert.deepEqual(kinds(false, true), ['explore']);
  assert.deepEqual(kinds(false, false), []);
});

test('a near miss offers a fix per close name, nearest first and preferred', () => {
  const text = trail(s3Record({ eventName: 'ListBuckts' }));
  const at = text.indexOf('ListBuckts');
  const fixes = service.doCodeActions(parse(text), { start: at, end: at }).filter((a) => a.kind === 'quickfix');
  assert.deepEqual(fixes.map((f) => [f.title, f.isPreferred]), [['Replace with "ListBuckets"', true], ['Replace with "ListObjects"', false]]);
  assert.equal(JSON.parse(apply(text, fixes[1].edits)).Records[0].eventName, 'ListObjects');
  const buckett = trail(s3Record({ eventName: 'DeleteBuckett' }));
  const fix = service.doCodeActions(parse(buckett), { start: buckett.indexOf('DeleteBuckett'), end: buckett.indexOf('DeleteBuckett') }).find((a) => a.isPreferred);
  assert.equal(fix?.title, 'Replace with "DeleteBucket"');
});
