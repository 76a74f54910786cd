// One answer to "is this an S3 event source" (core/catalog s3EventSource): the case rule itself, and every
// consumer giving the same answer for the same eventSource: the query language's S3 scope, the index's S3
// count, the validator's eventName checks, hovers, completion and the CLI's catalog --source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventsForSource, isS3EventSource, S3_EVENT_SOURCES, s3EventSource } from '../../../../core/catalog';
import { TrailIndex } from '../../../../core/index';
import { matchesValues, parseQuery } from '../../../../core/query';
import type { RecordValues } from '../../../../core/record/values';
import { runCatalog } from '../../../../cli/commands/catalog';
import { batchesOf } from '../index/synthetic-records';
import { ALL_ON, cursor, parse, s3Record, service, trail } from '../language/cursor';

/** Sources that name S3 (any case of a catalog source) and ones that do not. */
const S3 = [...S3_EVENT_SOURCES, 'S3.amazonaws.com', 'S3.AMAZONAWS.COM', 'S3Express.Amazonaws.com', 's3-OUTPOSTS.amazonaws.com'];
const NOT_S3 = ['aws:s3', 'AWS:S3', 's3', 'S3', ' s3.amazonaws.com', 's3.amazonaws.com ', 's3.amazonaws.com.evil.example', 'evils3.amazonaws.com',
  's3control.amazonaws.com', 'sts.amazonaws.com', 'ec2.amazonaws.com', '', 's3\u0000.amazonaws.com'];

test('s3EventSource: a catalog source in any case is that source; nothing else is', () => {
  for (const s of S3) {
    assert.equal(s3EventSource(s), s.toLowerCase(), s);
    assert.ok(isS3EventSource(s), s);
  }
  for (const s of [...NOT_S3, undefined, null, 42, {}, ['s3.amazonaws.com']]) {
    assert.equal(s3EventSource(s), undefined, JSON.stringify(s));
    assert.equal(isS3EventSource(s), false, JSON.stringify(s));
  }
  // The catalog's own spelling comes back as the same string (the common case costs no new string).
  assert.equal(s3EventSource(S3_EVENT_SOURCES[0]), S3_EVENT_SOURCES[0]);
});

test('the query scope and the index count a record as S3 exactly when the catalog says so', () => {
  const sources = [...S3, ...NOT_S3];
  const values = sources.map((eventSource, i) => ({ eventSource, eventName: 'GetObject', eventTime: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, eventID: `e${i}` }) as RecordValues);
  const noTerms = parseQuery('');
  assert.ok(noTerms.ok);
  for (const v of values) assert.equal(matchesValues(noTerms.query, v), isS3EventSource(v.eventSource), v.eventSource);
  const index = new TrailIndex();
  for (const b of batchesOf(values, 7)) index.addBatch(b);
  index.prepare();
  assert.equal(index.count(noTerms.query), S3.length);
  assert.equal(index.window(noTerms.query, undefined, 0, 100).total, S3.length);
  const withTerm = parseQuery('eventName:GetObject');
  assert.ok(withTerm.ok);
  assert.equal(index.count(withTerm.query), S3.length);
});

test('the validator checks eventNames, and hovers and completion use the catalog, for the same sources', () => {
  for (const eventSource of [...S3, ...NOT_S3]) {
    const s3 = isS3EventSource(eventSource);
    // A renamed eventName gets its warning and fix under every S3 source, in any case; never under another.
    const diags = service.doValidation(parse(trail(s3Record({ eventSource, eventName: 'GetBucketRequestPay', eventCategory: 'Management', managementEvent: true }))), ALL_ON)
      .filter((d) => d.code === 'unknown-event-name');
    assert.equal(diags.length, s3 ? 1 : 0, eventSource);
    if (s3EventSource(eventSource) === 's3.amazonaws.com') assert.equal(diags[0].data?.replacement, 'GetBucketRequestPayment', eventSource);

    const hoverAt = cursor(trail({ eventVersion: '1.09', eventSource, eventName: 'PutObject', eventTime: '2026-03-01T12:00:00Z' }).replace('"PutObject"', '"Put|Object"'));
    const hover = service.doHover(parse(hoverAt.text), hoverAt.offset)?.contents ?? '';
    if (s3) assert.match(hover, /^- Request: `PUT Object/m, eventSource);
    else assert.doesNotMatch(hover, /^- Request: /m, eventSource); // 'not an S3 event source' (or, for aws:s3, no hover: not CloudTrail)

    const completeAt = cursor(trail({ eventVersion: '1.09', eventSource, eventName: 'Put', eventTime: '2026-03-01T12:00:00Z' }).replace('"Put"', '"Put|"'));
    const labels = service.doComplete(parse(completeAt.text), completeAt.offset).map((c) => c.label);
    // The source's own eventNames under an S3 source, in any case; none under another service (an empty
    // eventSource says nothing about the service: every eventName is offered).
    if (eventSource === '') continue;
    const own = new Set(eventsForSource(s3EventSource(eventSource) ?? eventSource).map((e) => e.eventName));
    assert.equal(labels.length > 0, s3, `${eventSource}: ${labels.slice(0, 5).join(', ')}`);
    assert.ok(labels.every((l) => own.has(l)), `${eventSource}: ${labels.slice(0, 5).join(', ')}`);
  }
});

test('cloudtrail-s3 catalog --source takes a source in any case and lists the catalog\'s spelling', () => {
  const run = (args: string[]): { code: number; text: string } => {
    const chunks: string[] = [];
    const code = runCatalog(args, (s) => chunks.push(s));
    return { code, text: chunks.join('\n') };
  };
  const lower = run(['--json', '--source', 's3express.amazonaws.com']);
  const mixed = run(['--json', '--source', 'S3Express.Amazonaws.COM']);
  assert.equal(mixed.code, 0);
  assert.equal(mixed.text, lower.text);
  for (const s of ['aws:s3', ' s3.amazonaws.com', 'sts.amazonaws.com']) {
    const r = run(['--source', s]);
    assert.equal(r.code, 2, s);
    assert.match(r.text, /unknown S3 event source/, s);
  }
});
