// What went wrong talking to S3, as a message a user can act on: it names the bucket and prefix (or key),
// says what the credentials lack or what to run, and never echoes a secret. The SDK's errors arrive as
// exceptions of many shapes (service errors with a name and an HTTP status, credential-provider errors,
// socket errors); they end here as S3Failure values.

import { formatS3Url } from '../../core/remote';

export type S3FailureKind =
  | 'no-credentials' | 'sso-expired' | 'expired' | 'bad-credentials' | 'access-denied' | 'kms' | 'no-bucket'
  | 'throttled' | 'deleted' | 'truncated' | 'network' | 'cancelled' | 'other';

export interface S3Failure {
  kind: S3FailureKind;
  bucket: string;
  /** The prefix listed or the key fetched. */
  where: string;
  message: string;
}

export interface S3ErrorContext {
  bucket: string;
  /** The prefix listed or the key fetched. */
  where: string;
  action: 'list' | 'get' | 'locate';
  /** The profile in use (named in the advice), if any. */
  profile?: string;
  endpoint?: string;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** The failure an SDK or socket error means for `ctx`. */
export function describeS3Error(e: unknown, ctx: S3ErrorContext): S3Failure {
  const err = (e && typeof e === 'object' ? e : {}) as ErrorLike;
  const name = String(err.name ?? err.Code ?? err.code ?? '');
  const text = String(err.message ?? e ?? '');
  const status = err.$metadata?.httpStatusCode;
  const attempts = err.$metadata?.attempts;
  const url = formatS3Url({ bucket: ctx.bucket, prefix: ctx.where });
  const profile = ctx.profile ? ` --profile ${ctx.profile}` : '';
  const fail = (kind: S3FailureKind, message: string): S3Failure => ({ kind, bucket: ctx.bucket, where: ctx.where, message });
  if (name === 'AbortError' || /aborted/i.test(name)) return fail('cancelled', `Cancelled: ${url}`);
  if (name === 'CredentialsProviderError' && /sso|token/i.test(text) && /expire|refresh|invalid/i.test(text) || name === 'TokenProviderError') {
    return fail('sso-expired', `The SSO session for ${url} has expired or is missing: run \`aws sso login${profile}\`, then refresh the location.`);
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(text)) {
    return fail('no-credentials', `No AWS credentials to read ${url}: set AWS_PROFILE or the cloudtrailS3.s3.profile setting (the CLI: --profile), or run \`aws configure\` / \`aws sso login\`; environment variables, shared config files, SSO and container or instance roles are read.`);
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException' || name === 'TokenRefreshRequired') {
    return fail('expired', `The session credentials used for ${url} have expired: renew them (\`aws sso login${profile}\` or a new role session), then refresh the location.`);
  }
  if (name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch' || name === 'InvalidToken') {
    return fail('bad-credentials', `S3 rejected the credentials used for ${url} (${name}): check the access key and secret of the profile${profile ? ` ${ctx.profile}` : ''} or the environment.`);
  }
  if (name === 'KMS.AccessDeniedException' || (status === 403 || name === 'AccessDenied') && /kms/i.test(text)) {
    return fail('kms', `Cannot decrypt ${url}: the object is encrypted with a KMS key the credentials may not use; ask for kms:Decrypt on the trail's KMS key. The other objects are unaffected.`);
  }
  if (name === 'AccessDenied' || name === 'Forbidden' || status === 403) {
    const need = ctx.action === 'list' ? `s3:ListBucket on the prefix "${ctx.where}"` : ctx.action === 'get' ? 's3:GetObject on the object' : 's3:GetBucketLocation';
    return fail('access-denied', `Access denied to ${url}: the credentials need ${need}. What could be read elsewhere stays indexed.`);
  }
  if (name === 'NoSuchBucket') return fail('no-bucket', `The bucket "${ctx.bucket}" does not exist (or the endpoint ${ctx.endpoint ?? 'of AWS'} does not serve it): check the s3:// URL.`);
  if (name === 'NoSuchKey' || status === 404 && ctx.action === 'get') return fail('deleted', `${url} was deleted after it was listed; it is skipped (refresh the location to list again).`);
  if (name === 'SlowDown' || name === 'ThrottlingException' || name === 'TooManyRequestsException' || status === 503) {
    return fail('throttled', `S3 throttled the requests for ${url} (SlowDown)${attempts ? ` after ${attempts} attempts` : ''}: what was fetched stays indexed; refresh the location later to fetch the rest.`);
  }
  const code = String(err.code ?? '');
  if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH)$/.test(code) || /ECONNREFUSED|ENOTFOUND|socket hang up/.test(text)) {
    return fail('network', `Cannot reach S3${ctx.endpoint ? ` at ${ctx.endpoint}` : ''} for ${url} (${code || text}): check the network, proxy or the cloudtrailS3.s3.endpoint setting.`);
  }
  return fail('other', `S3 ${ctx.action === 'list' ? 'listing' : ctx.action === 'get' ? 'download' : 'request'} of ${url} failed: ${name ? `${name}: ` : ''}${text}`);
}
