// CloudTrail's digest-signing public keys as a user saved them from `aws cloudtrail list-public-keys`
// (CLI v2: ISO 8601 times; CLI v1: epoch seconds; or a bare list): decoded, fingerprint-checked, and
// picked by the fingerprint a digest names.

import * as crypto from 'node:crypto';

export interface DigestPublicKey {
  fingerprint: string;
  /** Validity in epoch milliseconds; NaN when the file does not say. */
  validFrom: number;
  validTo: number;
  key: crypto.KeyObject;
}

export interface PublicKeySet {
  keys: DigestPublicKey[];
  /** Entries that were skipped, each with its reason (bad base64, fingerprint not the MD5 of the key, ...). */
  problems: string[];
}

/** Parses list-public-keys output (`{PublicKeyList: [...]}`, or the array itself). Throws only on text
 *  that is not JSON of that shape; a bad entry is skipped with a problem. */
export function parsePublicKeys(text: string): PublicKeySet {
  const json = JSON.parse(text) as unknown;
  const list = Array.isArray(json) ? json : (json as { PublicKeyList?: unknown } | null)?.PublicKeyList;
  if (!Array.isArray(list)) throw new Error('expected the output of "aws cloudtrail list-public-keys" ({"PublicKeyList": [...]})');
  const keys: DigestPublicKey[] = [];
  const problems: string[] = [];
  list.forEach((entry: unknown, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const where = `PublicKeyList[${i}]`;
    if (typeof e.Value !== 'string' || typeof e.Fingerprint !== 'string') {
      problems.push(`${where}: needs Value and Fingerprint`);
      return;
    }
    const der = Buffer.from(e.Value, 'base64');
    // The fingerprint is the MD5 of the DER bytes ListPublicKeys returns: a key that does not hash to its
    // own fingerprint was damaged or edited, and would otherwise be picked for digests it never signed.
    const md5 = crypto.createHash('md5').update(der).digest('hex');
    if (md5 !== e.Fingerprint.toLowerCase()) {
      problems.push(`${where}: Fingerprint ${e.Fingerprint} is not the MD5 of its Value (${md5}); key skipped`);
      return;
    }
    let key: crypto.KeyObject;
    try {
      key = crypto.createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
    } catch (err) {
      problems.push(`${where}: Value is not a DER PKCS#1 RSA public key (${(err as Error).message}); key skipped`);
      return;
    }
    keys.push({ fingerprint: md5, validFrom: timeOf(e.ValidityStartTime), validTo: timeOf(e.ValidityEndTime), key });
  });
  return { keys, problems };
}

/** CLI v2 prints ISO 8601, CLI v1 epoch seconds. */
function timeOf(v: unknown): number {
  if (typeof v === 'number') return v * 1000;
  if (typeof v === 'string') return /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  return NaN;
}

/** The key with this fingerprint, preferring one whose validity covers the digest's end time
 *  (CloudTrail rotates keys; the fingerprint alone already names one key pair). */
export function keyFor(set: PublicKeySet, fingerprint: string, at: number): DigestPublicKey | undefined {
  const f = fingerprint.toLowerCase();
  const matching = set.keys.filter((k) => k.fingerprint === f);
  return matching.find((k) => !(at < k.validFrom) && !(at > k.validTo)) ?? matching[0];
}
