// Checks of a CloudTrail digest file (hash-chain metadata): hashes are SHA-256 hex, times ISO-8601.

import type { Finding, JsonPath } from './record-checks';
import { ISO_TIME, truncate } from './record-checks';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './codes';

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;
/** Keys the AWS CLI's validate-logs requires in every digest. */
const REQUIRED = ['digestStartTime', 'digestEndTime', 'digestS3Bucket', 'digestS3Object', 'digestPublicKeyFingerprint', 'previousDigestSignature', 'logFiles'];

function f(code: DiagnosticCode, message: string, path: JsonPath, part: 'value' | 'key' = 'value'): Finding {
  return { code, severity: DIAGNOSTIC_CODES[code].severity, message, path, part };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function checkDigest(d: unknown): Finding[] {
  if (!isObject(d)) return [];
  const out: Finding[] = [];
  const missing = REQUIRED.filter((k) => !(k in d));
  if (missing.length > 0) out.push(f('digest-missing-field', `Digest lacks ${missing.map((m) => `"${m}"`).join(', ')}.`, []));
  const time = (v: unknown, path: JsonPath, nullable: boolean): void => {
    if (v === null && nullable) return;
    if (typeof v === 'string' && ISO_TIME.test(v) && !Number.isNaN(Date.parse(v))) return;
    out.push(f('digest-invalid-time', `${path.join('.')} ${truncate(JSON.stringify(v) ?? 'undefined')} is not an ISO-8601 time.`, path));
  };
  const hash = (v: unknown, path: JsonPath, nullable: boolean): void => {
    if (v === null && nullable) return;
    if (typeof v === 'string' && SHA256_HEX.test(v)) return;
    const detail = typeof v === 'string' ? ` (${v.length} characters)` : '';
    out.push(f('digest-invalid-hash', `${path.join('.')} is not a SHA-256 hash: 64 hex characters expected${detail}.`, path));
  };
  for (const k of ['digestStartTime', 'digestEndTime']) if (k in d) time(d[k], [k], false);
  for (const k of ['newestEventTime', 'oldestEventTime']) if (k in d) time(d[k], [k], true);
  if ('previousDigestHashValue' in d) hash(d.previousDigestHashValue, ['previousDigestHashValue'], true);
  const sig = d.previousDigestSignature;
  if (sig !== undefined && sig !== null && !(typeof sig === 'string' && HEX.test(sig))) {
    out.push(f('digest-invalid-signature', `previousDigestSignature ${truncate(JSON.stringify(sig))} is not a hex RSA signature.`, ['previousDigestSignature']));
  }
  if (Array.isArray(d.logFiles)) {
    d.logFiles.forEach((lf, i) => {
      if (!isObject(lf)) return;
      if ('hashValue' in lf) hash(lf.hashValue, ['logFiles', i, 'hashValue'], false);
      for (const k of ['newestEventTime', 'oldestEventTime']) if (k in lf) time(lf[k], ['logFiles', i, k], true);
    });
  }
  return out;
}
