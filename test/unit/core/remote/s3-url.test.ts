import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatS3Url, isS3Url, parseS3Url } from '../../../../core/remote';

test('an s3:// URL splits into bucket and prefix, the prefix kept byte for byte', () => {
  assert.deepEqual(parseS3Url('s3://my-trail/logs/AWSLogs/'), { ok: true, bucket: 'my-trail', prefix: 'logs/AWSLogs/' });
  assert.deepEqual(parseS3Url('  S3://my-trail  '), { ok: true, bucket: 'my-trail', prefix: '' });
  assert.deepEqual(parseS3Url('s3://my-trail//a b/'), { ok: true, bucket: 'my-trail', prefix: 'a b/' });
  assert.equal(formatS3Url({ bucket: 'b1x', prefix: 'p/' }), 's3://b1x/p/');
  assert.equal(isS3Url('/tmp/s3://x'), false);
});

test('a URL without a bucket, or with an impossible bucket name, says what is wrong', () => {
  for (const bad of ['s3://', 's3:///prefix', 's3://a', 's3://bad..name/x', 's3://-x-/y', 'https://b/x']) {
    const r = parseS3Url(bad);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.match(r.message, /bucket|s3:\/\//);
  }
});
