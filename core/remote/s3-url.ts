// `s3://bucket/prefix` locations as users type them: parsed, checked and printed back. The bucket name
// follows S3's naming rules loosely (legacy us-east-1 names had capitals and underscores); the prefix is
// kept byte for byte, because S3 keys are exact strings.

export interface S3Url {
  bucket: string;
  /** The key prefix, without a leading slash ('' = the whole bucket). */
  prefix: string;
}

export type S3UrlResult = ({ ok: true } & S3Url) | { ok: false; message: string };

const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/;

export function isS3Url(text: string): boolean {
  return /^s3:\/\//i.test(text.trim());
}

export function parseS3Url(text: string): S3UrlResult {
  const t = text.trim();
  if (!isS3Url(t)) return { ok: false, message: `"${t}" is not an s3:// URL (expected s3://bucket/prefix)` };
  const rest = t.slice(5);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/^\/+/, '');
  if (bucket === '') return { ok: false, message: 'the s3:// URL has no bucket name (expected s3://bucket/prefix)' };
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    return { ok: false, message: `"${bucket}" is not a valid bucket name (3 to 63 letters, digits, dots and hyphens)` };
  }
  return { ok: true, bucket, prefix };
}

export function formatS3Url(u: S3Url): string {
  return `s3://${u.bucket}/${u.prefix}`;
}
