// Each way an S3 request fails becomes a message that names the bucket and prefix or key and says what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeS3Error } from '../../../../engine/s3';

const ctx = { bucket: 'trail', where: 'AWSLogs/111122223333/', action: 'list' as const, profile: 'ir' };
const err = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });

test('credential failures: none found, an expired SSO session, expired session keys, rejected keys', () => {
  const none = describeS3Error(err('CredentialsProviderError', 'Could not load credentials from any providers'), ctx);
  assert.equal(none.kind, 'no-credentials');
  assert.match(none.message, /s3:\/\/trail\/AWSLogs\/111122223333\/.*cloudtrailS3\.s3\.profile.*aws sso login/);
  const sso = describeS3Error(err('CredentialsProviderError', 'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login'), ctx);
  assert.equal(sso.kind, 'sso-expired');
  assert.match(sso.message, /aws sso login --profile ir/);
  assert.equal(describeS3Error(err('ExpiredToken', 'The provided token has expired.'), ctx).kind, 'expired');
  assert.equal(describeS3Error(err('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist'), ctx).kind, 'bad-credentials');
});

test('access: a denied prefix names the permission; KMS is told apart; a missing bucket', () => {
  const denied = describeS3Error(err('AccessDenied', 'Access Denied', { $metadata: { httpStatusCode: 403 } }), ctx);
  assert.equal(denied.kind, 'access-denied');
  assert.match(denied.message, /s3:ListBucket on the prefix "AWSLogs\/111122223333\/"/);
  const get = describeS3Error(err('AccessDenied', 'Access Denied'), { ...ctx, action: 'get', where: 'AWSLogs/x.json.gz' });
  assert.match(get.message, /s3:GetObject/);
  const kms = describeS3Error(err('AccessDenied', 'not authorized to perform: kms:Decrypt'), { ...ctx, action: 'get' });
  assert.equal(kms.kind, 'kms');
  assert.equal(describeS3Error(err('NoSuchBucket', 'The specified bucket does not exist'), ctx).kind, 'no-bucket');
});

test('throttling after the retries, deleted objects, the network, cancellation, anything else', () => {
  const slow = describeS3Error(err('SlowDown', 'Please reduce your request rate.', { $metadata: { httpStatusCode: 503, attempts: 6 } }), ctx);
  assert.equal(slow.kind, 'throttled');
  assert.match(slow.message, /after 6 attempts.*stays indexed/);
  assert.equal(describeS3Error(err('NoSuchKey', 'gone'), { ...ctx, action: 'get' }).kind, 'deleted');
  assert.equal(describeS3Error(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), { ...ctx, endpoint: 'http://127.0.0.1:9' }).kind, 'network');
  assert.equal(describeS3Error(err('AbortError', 'Request aborted'), ctx).kind, 'cancelled');
  const other = describeS3Error(err('InternalError', 'boom'), ctx);
  assert.equal(other.kind, 'other');
  assert.match(other.message, /listing of s3:\/\/trail\/AWSLogs\/111122223333\/ failed: InternalError: boom/);
});
