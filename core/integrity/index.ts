// Public face of trail integrity: offline validation of CloudTrail digest files, log file hashes and
// signatures (verify.ts), the public keys and S3-metadata signatures a user supplies, and the report.

export { verifyTrail, type VerifyOptions } from './verify';
export { parsePublicKeys, keyFor, type DigestPublicKey, type PublicKeySet } from './keys';
export { parseSignatures, dataToSign, verifySignature, trailKey } from './signatures';
export { hashFileSync, hashFiles, type HashResult } from './hash';
export { findTrailFiles, nameTime, type TrailFileRef } from './files';
export type { ChainGap, ChainSummary, IntegrityFailureKind, IntegrityFinding, IntegrityNoteKind, IntegrityReport } from './report';
export { integrityMarks, type IntegrityMark } from './marks';
