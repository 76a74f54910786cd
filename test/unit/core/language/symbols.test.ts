import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../../../core/language';
import { parse, s3Record, service, trail } from './cursor';

test('one symbol per record: eventTime eventName bucket/key', () => {
  const text = trail(s3Record(), s3Record({ eventID: 'b', eventName: 'ListBuckets', requestParameters: null, resources: undefined }));
  const symbols = service.findDocumentSymbols(parse(text));
  assert.deepEqual(symbols.map((s) => s.name), ['2026-03-01T12:00:00Z GetObject prod-logs/reports/q1.csv', '2026-03-01T12:00:00Z ListBuckets']);
  assert.equal(text[symbols[0].start], '{');
  assert.equal(text[symbols[0].end - 1], '}');
});

test('symbols are capped with a truncation flag', () => {
  const small = createLanguageService({ maxSymbols: 3 });
  const doc = small.parseDocument('u', trail(...Array.from({ length: 5 }, (_, i) => s3Record({ eventID: String(i) }))));
  assert.equal(small.findDocumentSymbols(doc).length, 3);
  assert.equal(small.symbolsTruncated(doc), true);
});

test('folding ranges per record', () => {
  const text = JSON.stringify({ Records: [s3Record(), s3Record({ eventID: 'b' })] }, null, 2);
  const ranges = service.getFoldingRanges(parse(text));
  assert.equal(ranges.length, 2);
  assert.equal(text[ranges[1].start], '{');
});
