// What a trail verification found: failures (the files cannot be trusted), notes (what could not be
// checked, and why), and a summary per digest chain (account, region, trail).

export type IntegrityFailureKind =
  | 'log-modified' // SHA-256 of the uncompressed log differs from the valid digest that lists it
  | 'log-missing' // a valid digest lists a log file that is not there
  | 'log-unlisted' // a log file delivered inside the digested period that no digest lists
  | 'log-unreadable' // a listed log file that cannot be read or inflated
  | 'digest-modified' // its SHA-256 differs from the next digest's previousDigestHashValue
  | 'digest-missing' // a digest the chain points to (previousDigestS3Object) is not there
  | 'digest-moved' // digestS3Object is not where the file is
  | 'digest-unreadable' // not gzip/JSON, or lacks a field the checks need
  | 'signature-invalid' // SHA256withRSA verification with the named public key fails
  | 'signature-mismatch' // the signature from S3 metadata differs from the next digest's previousDigestSignature
  | 'key-unknown'; // no supplied public key has the digest's fingerprint

export type IntegrityNoteKind =
  | 'signature-not-verifiable' // the newest digest's signature only lives in S3 metadata, not supplied
  | 'signatures-unchecked' // no public keys supplied
  | 'log-unverifiable' // listed only by a digest that failed, or delivered in the hour of a missing digest
  | 'log-not-digested' // delivered after the last digest, or before the first, or where no digest exists
  | 'chain-start' // the chain goes back past the first digest here
  | 'chain-restart' // validation was off for a while (a starting digest after a pause)
  | 'public-key-skipped'; // an entry of the key file was skipped

export interface IntegrityFinding {
  kind: IntegrityFailureKind | IntegrityNoteKind;
  severity: 'failed' | 'note';
  /** Local path of the file (for a missing file: where it would be). */
  file: string;
  /** Its key in the trail bucket, from AWSLogs/ on. */
  key: string;
  /** The chain it belongs to (account/region/trail), when known. */
  chain?: string;
  /** The digest that says so (a listing digest, the next digest of a chain). */
  digest?: string;
  message: string;
}

export interface ChainGap {
  /** ISO times: end of the last digest before the gap, start of the first after it. */
  from: string;
  to: string;
  hours: number;
  /** The missing digest the chain points to, when a file is missing (not a restart). */
  missing?: string;
}

export interface ChainSummary {
  id: string;
  orgId?: string;
  account: string;
  region: string;
  trail: string;
  digests: number;
  validDigests: number;
  /** Hours covered by digests that passed every check. */
  verifiedHours: number;
  first?: string;
  last?: string;
  gaps: ChainGap[];
  logFiles: number;
  verifiedLogFiles: number;
  failures: number;
}

export interface IntegrityReport {
  ok: boolean;
  cancelled: boolean;
  /** Whether signatures were checked (public keys supplied). */
  signaturesChecked: boolean;
  counts: {
    digests: number; validDigests: number; signaturesVerified: number;
    logFiles: number; verifiedLogFiles: number; unverifiableLogFiles: number; notDigestedLogFiles: number;
    failures: number;
  };
  chains: ChainSummary[];
  findings: IntegrityFinding[];
  /** Log files whose records cannot be trusted (modified, unlisted, unreadable), local paths. */
  failedLogFiles: string[];
}
