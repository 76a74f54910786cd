// Values of access-log fields as people read them: `-` and `"-"` as absent, quoted fields unwrapped, the key
// URL-decoded once, numbers, and what kind of requester a Requester field names.

/** The field text without its quotes; undefined for `-`, `"-"`, an empty or absent field. */
export function fieldValue(s: string, start: number, end: number): string | undefined {
  if (start < 0 || end <= start) return undefined;
  let a = start;
  let z = end;
  if (z - a >= 2 && s.charCodeAt(a) === 34 && s.charCodeAt(z - 1) === 34) {
    a++;
    z--;
  }
  if (z - a === 1 && s.charCodeAt(a) === 45) return undefined;
  if (z === a) return undefined;
  return s.slice(a, z);
}

/** A non-negative integer field; undefined for `-` or anything that is not digits. */
export function fieldNumber(s: string, start: number, end: number): number | undefined {
  if (start < 0 || end <= start) return undefined;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    v = v * 10 + c;
  }
  return v;
}

/** True when the field is `-` (or absent): the "unknown / not applicable" marker. */
export function isDash(s: string, start: number, end: number): boolean {
  return start < 0 || (end - start === 1 && s.charCodeAt(start) === 45);
}

/**
 * The Key field decoded once for display: `+` is a space, `%XX` a byte of UTF-8 (reference 1, field 8: a key shown
 * as `a_%253Db` is the object `a_%3Db`). Malformed escapes are kept as written.
 */
export function decodeKey(raw: string): string {
  if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) return raw;
  const plus = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

export type RequesterKind = 'arn' | 'canonical-id' | 'service' | 'amazon-s3' | 'anonymous' | 'other';

export interface RequesterInfo {
  kind: RequesterKind;
  /** Short name for the principal column: the ARN's user/role/session, the service principal, AmazonS3, or undefined (anonymous). */
  principal?: string;
  /** Account of an ARN requester. */
  account?: string;
  explanation: string;
}

/** What a Requester field names (reference 1, field 5): ARN, canonical ID, `svc:…`, `AmazonS3`, `-` = anonymous. */
export function describeRequester(value: string | undefined): RequesterInfo {
  if (value === undefined || value === '-' || value === 'Anonymous') return { kind: 'anonymous', explanation: 'Anonymous request (no credentials).' };
  if (value === 'AmazonS3') return { kind: 'amazon-s3', principal: 'AmazonS3', explanation: 'S3 itself (lifecycle actions).' };
  if (value.startsWith('svc:')) return { kind: 'service', principal: value.slice(4), explanation: `AWS service principal ${value.slice(4)}.` };
  const arn = /^arn:aws[\w-]*:(iam|sts)::(\d{12}):(.+)$/.exec(value);
  if (arn) {
    const resource = arn[3];
    const slash = resource.indexOf('/');
    const type = slash < 0 ? resource : resource.slice(0, slash);
    const what = type === 'assumed-role' ? 'assumed role' : type === 'federated-user' ? 'federated user' : type === 'root' ? 'root user' : `IAM ${type}`;
    return { kind: 'arn', principal: value, account: arn[2], explanation: `${what} in account ${arn[2]}.` };
  }
  if (/^[0-9a-f]{64}$/i.test(value)) return { kind: 'canonical-id', principal: value, explanation: 'Canonical user ID (e.g. the root user through the console).' };
  return { kind: 'other', principal: value, explanation: 'Requester in a form this reader does not know.' };
}
