// Hover docs of CloudTrail digest files (the hash chain that proves log files were not changed).

import { code, explainTime } from './explain';

const DIGEST_FIELDS: Record<string, string> = {
  awsAccountId: 'Account the digest was delivered for.',
  digestStartTime: 'Start (UTC) of the hour of log files this digest covers.',
  digestEndTime: 'End (UTC) of the hour of log files this digest covers; part of the string that is signed.',
  digestS3Bucket: 'Bucket the digest was delivered to (validation requires it to be unchanged).',
  digestS3Object: 'Key of this digest (validation requires the file not to have moved).',
  digestPublicKeyFingerprint: 'Fingerprint (hex) of the CloudTrail public key that verifies the signature (`aws cloudtrail list-public-keys`).',
  digestSignatureAlgorithm: 'Signature algorithm, `SHA256withRSA`.',
  newestEventTime: 'Newest eventTime among the covered log files (null when none were delivered).',
  oldestEventTime: 'Oldest eventTime among the covered log files (null when none were delivered).',
  previousDigestS3Bucket: 'Bucket of the previous digest of the chain (null at the start of a chain).',
  previousDigestS3Object: 'Key of the previous digest (null at the start of a chain).',
  previousDigestHashValue: 'Hex SHA-256 of the previous digest, uncompressed (64 hex characters; null at the start of a chain).',
  previousDigestHashAlgorithm: 'Hash algorithm, `SHA-256`.',
  previousDigestSignature: 'Hex RSA signature of the previous digest (null at the start of a chain). This digest\'s own signature is S3 object metadata `x-amz-meta-signature`, not in the file.',
  logFiles: 'Log files delivered during the hour: their location and SHA-256.',
  s3Bucket: 'Bucket of the log file.',
  s3Object: 'Key of the log file.',
  hashValue: 'Hex SHA-256 of the log file, uncompressed (64 hex characters).',
  hashAlgorithm: 'Hash algorithm, `SHA-256`.',
};

export function explainDigestField(path: (string | number)[], value: unknown, now: number): string | undefined {
  const last = [...path].reverse().find((p): p is string => typeof p === 'string');
  if (last === undefined) return undefined;
  const doc = DIGEST_FIELDS[last];
  if (!doc) return undefined;
  const head = `**${last}** (CloudTrail digest) — ${doc}`;
  if (typeof value === 'string' && /Time$/.test(last)) {
    const t = explainTime(value, now);
    return t ? `${head}\n\n${t}` : `${head}\n\n${code(value)} is not a valid time.`;
  }
  if (typeof value === 'string' && /HashValue$|^hashValue$/.test(last)) {
    return `${head}\n\n${value.length} characters${/^[0-9a-fA-F]{64}$/.test(value) ? '' : ' — **not** a SHA-256 hex digest'}.`;
  }
  return head;
}
