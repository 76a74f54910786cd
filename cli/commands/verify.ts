// `cloudtrail-s3 verify PATH...`: offline CloudTrail log file integrity validation (core/integrity):
// digest chain, log file hashes, unlisted files, gaps, and signatures against saved public keys.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePublicKeys, parseSignatures, verifyTrail, type IntegrityReport, type PublicKeySet } from '../../core/integrity';
import { EXIT_NO_INPUT, EXIT_OK, EXIT_USAGE, formatTable, printable, type Output } from './query';
import { walkArgs } from '../args';
import { createHashPool } from '../../engine/hash-pool';

export const EXIT_FAILED = 1;

export const VERIFY_USAGE = `Usage: cloudtrail-s3 verify [options] PATH...

Validates the CloudTrail files under PATH (folders holding AWSLogs/.../CloudTrail and CloudTrail-Digest)
offline, the way 'aws cloudtrail validate-logs' does online: the chain of digest files, the SHA-256 of every
log file a digest lists, log files no digest lists, digests missing from the chain, and (with --public-keys)
each digest's SHA256withRSA signature.

Options:
  --public-keys FILE     output of 'aws cloudtrail list-public-keys' saved beforehand (per region; any
                         number of keys): without it signatures are not checked, only the hash chain
  --signatures FILE      digest signatures saved from their S3 object metadata (x-amz-meta-signature):
                         {"signatures": {"AWSLogs/...json.gz": {"x-amz-meta-signature": "..."}}}; the
                         newest digest of a chain is "not verifiable offline" without it
  --format table|json    output format (default table)
  --workers N            worker threads hashing log files (default: one per core; 1 = all in this thread)
Exit status: 0 everything verified, 1 something failed (or nothing could be verified), 2 bad arguments,
3 no CloudTrail files found.`;

export async function runVerify(args: string[], io: Output): Promise<number> {
  let format = 'table' as 'table' | 'json'; // set in walkArgs' callback: no narrowing to the initial value
  let keysFile: string | undefined;
  let sigFile: string | undefined;
  let workers = Math.max(1, os.availableParallelism());
  const paths = walkArgs(args, ({ name, text, value, choice, wholeNumber }) => {
    if (name === '--help') {
      io.out(VERIFY_USAGE);
      return EXIT_OK;
    } else if (name === '--public-keys' || name === '--signatures') {
      const v = value();
      if (!v) return usage(io, `${name} needs a FILE`);
      if (name === '--public-keys') keysFile = v;
      else sigFile = v;
    } else if (name === '--workers') {
      workers = wholeNumber(1);
    } else if (name === '--format') {
      format = choice(['table', 'json'] as const);
    } else return usage(io, `unknown option "${text}"`);
    return undefined;
  }, (message) => usage(io, message));
  if (typeof paths === 'number') return paths;
  if (paths.length === 0) return usage(io, 'needs at least one PATH');
  let publicKeys: PublicKeySet | undefined;
  let signatures: Map<string, string> | undefined;
  try {
    if (keysFile) publicKeys = parsePublicKeys(fs.readFileSync(keysFile, 'utf8'));
    if (sigFile) signatures = parseSignatures(fs.readFileSync(sigFile, 'utf8'));
  } catch (e) {
    io.err(`verify: ${printable(keysFile && !publicKeys ? keysFile : sigFile ?? '')}: ${printable((e as Error).message)}`);
    return EXIT_USAGE;
  }
  for (const p of paths) {
    if (!fs.existsSync(p)) io.err(`verify: ${printable(p)}: no such file or folder`);
  }
  let lastLine = 0;
  // Two workers or more: a pool of hash worker threads (one: every file in this thread).
  const pool = createHashPool(workers, { min: 2 });
  let report: IntegrityReport;
  try {
    report = await verifyTrail(paths.map((p) => path.resolve(p)), {
      publicKeys, signatures, concurrency: workers, hasher: pool,
      onProgress: (p) => {
        if (!io.errIsTTY || Date.now() - lastLine < 250) return;
        lastLine = Date.now();
        io.err(`\rverifying: ${p.phase} ${p.done}/${p.total}\u001b[K`);
      },
    });
  } finally {
    await pool?.dispose();
  }
  if (io.errIsTTY) io.err('\r\u001b[K');
  if (report.counts.digests === 0 && report.counts.logFiles === 0) {
    io.err('verify: no CloudTrail log or digest files (AWSLogs/<account>/CloudTrail[-Digest]/...) under the given paths');
    return EXIT_NO_INPUT;
  }
  io.out(format === 'json' ? JSON.stringify(report, null, 2) : formatReport(report));
  if (report.counts.digests === 0) io.err('verify: no digest files: nothing could be verified (is log file validation enabled on the trail?)');
  return report.ok && report.counts.digests > 0 ? EXIT_OK : EXIT_FAILED;
}

function usage(io: Output, message: string): number {
  io.err(`verify: ${message}\n\n${VERIFY_USAGE}`);
  return EXIT_USAGE;
}

export function formatReport(r: IntegrityReport): string {
  const c = r.counts;
  const lines: string[] = [];
  lines.push(formatTable(['account', 'region', 'trail', 'digests', 'valid', 'verified hours', 'gaps', 'logs verified', 'failures'],
    r.chains.map((s) => [s.orgId ? `${s.orgId}/${s.account}` : s.account, s.region, s.trail, String(s.digests), String(s.validDigests),
      String(s.verifiedHours), s.gaps.length === 0 ? '-' : s.gaps.map((g) => `${g.hours}h from ${g.from}`).join('; '),
      `${s.verifiedLogFiles}/${s.logFiles}`, String(s.failures)])));
  const failed = r.findings.filter((f) => f.severity === 'failed');
  if (failed.length > 0) {
    lines.push('', `FAILED (${failed.length})`);
    for (const f of failed) lines.push(`  ${f.kind.padEnd(18)} ${printable(f.key || f.file)}`, `  ${' '.repeat(18)} ${printable(f.message)}`);
  }
  const notes = new Map<string, number>();
  for (const f of r.findings) if (f.severity === 'note') notes.set(f.kind, (notes.get(f.kind) ?? 0) + 1);
  if (notes.size > 0) {
    lines.push('', 'notes');
    for (const [kind, n] of notes) {
      const first = r.findings.find((f) => f.kind === kind);
      lines.push(`  ${kind.padEnd(24)} ${String(n).padStart(5)}  ${printable(first?.message ?? '')}`);
    }
  }
  lines.push('',
    `${c.validDigests}/${c.digests} digests valid, ${r.signaturesChecked ? `${c.signaturesVerified} signatures verified` : 'signatures not checked (no --public-keys)'}, ` +
    `${c.verifiedLogFiles}/${c.logFiles} log files verified (${c.unverifiableLogFiles} unverifiable, ${c.notDigestedLogFiles} not digested)`,
    r.cancelled ? 'CANCELLED' : c.digests === 0 && c.failures === 0 ? 'NOTHING VERIFIED: no digest files' : r.ok ? 'OK: every check passed' : `FAILED: ${c.failures} problem${c.failures === 1 ? '' : 's'}`);
  return lines.join('\n');
}
