// Digest signatures: the data-signing string CloudTrail signs (AWS "custom implementations of log file
// integrity validation"; shared reference s3-cloudtrail.md §3.2), SHA256withRSA verification, and the
// signatures a user supplies for digests whose own signature lives only in S3 object metadata.

import * as crypto from 'node:crypto';

/** digestEndTime \n bucket/object \n hex SHA-256 of the uncompressed digest \n previousDigestSignature
 *  (the four letters `null` in the first digest of a chain, as the Java implementation writes it). */
export function dataToSign(d: { digestEndTime: string; digestS3Bucket: string; digestS3Object: string; previousDigestSignature: string | null }, digestSha256: string): string {
  return `${d.digestEndTime}\n${d.digestS3Bucket}/${d.digestS3Object}\n${digestSha256}\n${d.previousDigestSignature ?? 'null'}`;
}

export function verifySignature(data: string, signatureHex: string, key: crypto.KeyObject): boolean {
  if (!/^[0-9a-f]+$/i.test(signatureHex) || signatureHex.length % 2 !== 0) return false;
  try {
    return crypto.verify('sha256', Buffer.from(data, 'utf8'), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

/**
 * Signatures of digest objects as saved from their S3 metadata (`x-amz-meta-signature`), by object key:
 * `{"signatures": {"<key>": {"x-amz-meta-signature": "<hex>"}}}` (what `aws s3api head-object` output
 * gathers into), or the flat `{"<key>": "<hex>"}`. Keys are normalised like local paths (from AWSLogs/ on).
 */
export function parseSignatures(text: string): Map<string, string> {
  const json = JSON.parse(text) as unknown;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('expected an object of digest object keys to signatures');
  const obj = json as Record<string, unknown>;
  const entries = obj.signatures !== null && typeof obj.signatures === 'object' ? (obj.signatures as Record<string, unknown>) : obj;
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(entries)) {
    const sig = typeof v === 'string' ? v : ((v ?? {}) as Record<string, unknown>)['x-amz-meta-signature'] ?? ((v ?? {}) as Record<string, unknown>).signature;
    if (typeof sig === 'string') out.set(trailKey(k), sig.toLowerCase());
  }
  return out;
}

/** A file's place in a trail bucket from `AWSLogs/` on: how a local copy and an S3 object key meet,
 *  whatever folder or bucket prefix comes before. */
export function trailKey(p: string): string {
  const s = p.replace(/\\/g, '/');
  const at = s.lastIndexOf('AWSLogs/');
  return at >= 0 && (at === 0 || s[at - 1] === '/') ? s.slice(at) : s;
}
