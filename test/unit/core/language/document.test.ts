import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_ON, parse, s3Record, service, trail } from './cursor';

test('a single-line trail file: one record per element, spans cover each record', () => {
  const a = s3Record({ eventID: 'a' });
  const b = s3Record({ eventID: 'b', eventName: 'PutObject', readOnly: false });
  const text = trail(a, b);
  const doc = parse(text);
  assert.equal(doc.kind, 'cloudtrail');
  assert.equal(doc.shape, 'trail');
  assert.equal(doc.records.length, 2);
  assert.equal(text.slice(doc.records.at(1)!.start, doc.records.at(1)!.end), JSON.stringify(b));
  assert.deepEqual(doc.records.at(1)!.value, b);
});

test('pretty, CRLF and BOM trail text keeps exact spans', () => {
  const body = JSON.stringify({ Records: [s3Record({ eventID: 'x' })] }, null, 2).replace(/\n/g, '\r\n');
  const text = `\ufeff${body}`;
  const doc = parse(text);
  assert.equal(doc.records.length, 1);
  const r = doc.records.at(0)!;
  assert.equal(text[r.start], '{');
  assert.equal(text[r.end - 1], '}');
  assert.deepEqual(service.doValidation(doc, ALL_ON), []);
});

test('every shape core/parse recognises gets records', () => {
  const rec = s3Record();
  const shapes: [string, string, string][] = [
    ['ndjson', 'ndjson', `${JSON.stringify(rec)}\n${JSON.stringify(s3Record({ eventID: 'z' }))}\n`],
    ['array', 'array', JSON.stringify([rec])],
    ['record', 'record', JSON.stringify(rec, null, 2)],
    ['lookup-events', 'lookup-events', JSON.stringify({ Events: [{ EventId: 'e', EventName: 'GetObject', ReadOnly: 'true', CloudTrailEvent: JSON.stringify(rec) }] })],
    ['eventbridge', 'eventbridge', JSON.stringify({ version: '0', id: 'x', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.s3', account: '111122223333', time: '2026-03-01T12:00:00Z', region: 'us-east-1', resources: [], detail: rec }, null, 2)],
    ['cloudwatch', 'cloudwatch', JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: 'g', logStream: 's', subscriptionFilters: ['f'], logEvents: [{ id: '1', timestamp: 1, message: JSON.stringify(rec) }] })],
  ];
  for (const [name, shape, text] of shapes) {
    const doc = parse(text);
    assert.equal(doc.shape, shape, name);
    assert.equal(doc.kind, 'cloudtrail', name);
    assert.ok(doc.records.length >= 1, name);
    assert.deepEqual(doc.records.at(0)!.value, rec, name);
  }
});

test('embedded records (a JSON string) map positions back into the document', () => {
  const rec = s3Record({ eventName: 'GetBucketRequestPay', eventCategory: 'Management', managementEvent: true, readOnly: true });
  const text = JSON.stringify({ Events: [{ EventId: 'e', EventName: 'GetBucketRequestPay', CloudTrailEvent: JSON.stringify(rec) }] });
  const doc = parse(text);
  assert.equal(doc.records.at(0)!.embedded, true);
  const d = service.doValidation(doc, ALL_ON).find((x) => x.code === 'unknown-event-name');
  assert.ok(d);
  // The range covers the escaped string \"GetBucketRequestPay\" inside CloudTrailEvent.
  assert.equal(text.slice(d.start, d.end), '\\"GetBucketRequestPay\\"');
  assert.ok(d.start > text.indexOf('CloudTrailEvent'));
});

test('a syntax error in one record: exact position, and the other records keep their features', () => {
  const good = JSON.stringify(s3Record({ eventID: 'g1' }));
  const good2 = JSON.stringify(s3Record({ eventID: 'g2', eventName: 'GetObjct' }));
  const broken = '{"eventVersion":"1.08","eventName":"GetObject" "eventSource":"s3.amazonaws.com"}';
  const text = `{"Records":[${good},${broken},${good2}]}`;
  const doc = parse(text);
  const diags = service.doValidation(doc, ALL_ON);
  const syntax = diags.filter((d) => d.code === 'json-syntax');
  assert.equal(syntax.length, 1);
  assert.equal(syntax[0].severity, 'error');
  assert.equal(syntax[0].start, text.indexOf('"eventSource":"s3.amazonaws.com"}'));
  // the record after the broken one is still validated and hoverable
  assert.ok(diags.some((d) => d.code === 'unknown-event-name' && text.slice(d.start, d.end) === '"GetObjct"'));
  assert.ok(service.doHover(doc, text.lastIndexOf('GetObjct') + 2));
});

test('JSON Lines: a broken line costs that line only', () => {
  const text = `${JSON.stringify(s3Record({ eventID: '1' }))}\n{"eventName": None}\n${JSON.stringify(s3Record({ eventID: '2' }))}\n`;
  const doc = parse(text);
  const syntax = service.doValidation(doc, ALL_ON).filter((d) => d.code === 'json-syntax');
  assert.equal(syntax.length, 1);
  assert.equal(text.slice(syntax[0].start, syntax[0].start + 4), 'None');
  assert.equal([...doc.records].filter((r) => r.value !== undefined).length, 2);
});

test('S3 Event Notifications: exactly one information diagnostic at the top', () => {
  const text = JSON.stringify({ Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'us-east-1', eventTime: '2026-03-01T12:00:00.000Z', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key: 'k' } } }] });
  const diags = service.doValidation(parse(text), ALL_ON);
  assert.equal(diags.length, 1);
  assert.equal(diags[0].code, 'not-cloudtrail-notification');
  assert.equal(diags[0].severity, 'information');
  assert.equal(diags[0].start, 0);
  assert.match(diags[0].message, /not CloudTrail records/);
});

test('S3 notifications via EventBridge: one information diagnostic', () => {
  const text = JSON.stringify({ version: '0', id: '1', 'detail-type': 'Object Created', source: 'aws.s3', account: '111122223333', time: '2026-03-01T12:00:00Z', region: 'us-east-1', resources: ['arn:aws:s3:::b'], detail: { version: '0', bucket: { name: 'b' }, object: { key: 'k', size: 1 } } });
  const diags = service.doValidation(parse(text), ALL_ON);
  assert.deepEqual(diags.map((d) => d.code), ['not-cloudtrail-notification']);
});

test('any other JSON gets nothing at all', () => {
  for (const text of ['{"name":"my-package","version":"1.0.0"}', '[1,2,3]', '{"Records": "nope"', '', 'a,b,c\n1,2,3\n']) {
    const doc = parse(text, 'file:///other.json');
    assert.deepEqual(service.doValidation(doc, ALL_ON), [], text);
    assert.equal(service.doHover(doc, 2), null, text);
    assert.deepEqual(service.doComplete(doc, 2), [], text);
    assert.deepEqual(service.findDocumentSymbols(doc), [], text);
  }
});

test('pathological input never throws', () => {
  const deep = `{"Records":[${'['.repeat(10000)}${']'.repeat(10000)}]}`;
  const inputs = [deep, `{"Records":[${JSON.stringify(s3Record())}, null, 1, "x", []]}`, '{"Records":[{"eventName":"\u0001\u0002"}]}', '\u0000\u0001binary\u00ff', '{"Records":[{"eventVersion":"1.08",', `{"Records":[{"eventName":${'"'.repeat(3)}}]}`];
  for (const text of inputs) {
    const doc = parse(text);
    const diags = service.doValidation(doc, ALL_ON);
    for (let o = 0; o < Math.min(text.length, 200); o += 7) {
      service.doHover(doc, o);
      service.doComplete(doc, o);
    }
    service.findDocumentSymbols(doc);
    service.getFoldingRanges(doc);
    assert.ok(Array.isArray(diags));
  }
  const nulls = service.doValidation(parse(inputs[1]), ALL_ON).filter((d) => d.code === 'not-a-record');
  assert.equal(nulls.length, 4);
});

test('documents over the size threshold get one information diagnostic and no validation', () => {
  const big = `{"Records":[${JSON.stringify(s3Record({ eventName: 'GetObjct' }))}${' '.repeat(65 * 1024 * 1024)}]}`;
  const doc = parse(big);
  assert.equal(doc.kind, 'too-large');
  const diags = service.doValidation(doc, ALL_ON);
  assert.deepEqual(diags.map((d) => [d.code, d.severity]), [['file-too-large', 'information']]);
});

test('U+FFFD in a caller-controlled field keeps the document CloudTrail: every record, clean validation (issue 17)', () => {
  const a = s3Record({ eventID: 'a', userAgent: '\uFFFD'.repeat(40) });
  const b = s3Record({ eventID: 'b', eventName: 'DeleteBucketPolicy', readOnly: false, eventCategory: 'Management', managementEvent: true });
  const doc = parse(trail(a, b));
  assert.equal(doc.kind, 'cloudtrail');
  assert.equal(doc.shape, 'trail');
  assert.deepEqual(Array.from(doc.records, (r) => (r.value as Record<string, unknown>).eventName), ['GetObject', 'DeleteBucketPolicy']);
  assert.deepEqual(service.doValidation(doc, ALL_ON), []);
});
