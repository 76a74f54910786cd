// Offline validation of a CloudTrail tree from its digest files: the chain of digests (hash links,
// missing digests, moved digests), SHA256withRSA signatures against the user's saved public keys,
// every listed log file's SHA-256, and log files that no digest lists.
// Trust flows the way AWS's validator lets it: a log file is verified only through a digest that passed
// every check; one listed only by a failed or missing digest is unverifiable, not damaged.

import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import { findTrailFiles, type TrailFileRef } from './files';
import { hashFiles, uncompressedSync, type HashResult, type LogHasher } from './hash';
import { keyFor, type PublicKeySet } from './keys';
import type { ChainSummary, IntegrityFailureKind, IntegrityFinding, IntegrityNoteKind, IntegrityReport } from './report';
import { dataToSign, trailKey, verifySignature } from './signatures';

export interface VerifyOptions {
  /** Keys saved from `aws cloudtrail list-public-keys`; without them signatures are not checked. */
  publicKeys?: PublicKeySet;
  /** Digest signatures from S3 object metadata, by key (the only place of the newest digest's). */
  signatures?: ReadonlyMap<string, string>;
  /** Log files hashed at once; 0 or 1: in this thread. Unused with a `hasher`. */
  concurrency?: number;
  /** Hashes the log files elsewhere (worker threads: engine/hash-pool.ts) while this thread reads the digests. */
  hasher?: LogHasher;
  maxInflatedBytes?: number;
  signal?: AbortSignal;
  onProgress?: (p: { phase: 'files' | 'digests' | 'logs'; done: number; total: number }) => void;
}

interface DigestBody {
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  previousDigestS3Object: string | null;
  previousDigestHashValue: string | null;
  previousDigestSignature: string | null;
  logFiles: { s3Object: string; hashValue: string }[];
}

interface Digest {
  ref: TrailFileRef;
  chain: string;
  sha256: string;
  body: DigestBody;
  start: number;
  end: number;
  failed: boolean;
}

const REQUIRED = ['digestStartTime', 'digestEndTime', 'digestS3Bucket', 'digestS3Object', 'digestPublicKeyFingerprint'] as const;
/** Name time is to the minute; a file named in the minute a digest window ends may belong to the next one. */
const NAME_SLACK_MS = 60_000;
const HOUR_MS = 3_600_000;
const DEFAULT_MAX_INFLATED = 4096 * 1048576;

export async function verifyTrail(roots: readonly string[], opts: VerifyOptions = {}): Promise<IntegrityReport> {
  const findings: IntegrityFinding[] = [];
  const failedLogs = new Set<string>();
  const maxInflated = opts.maxInflatedBytes ?? DEFAULT_MAX_INFLATED;
  const fail = (kind: IntegrityFailureKind, ref: { file: string; key: string }, message: string, extra: { chain?: string; digest?: string } = {}): void => {
    findings.push({ kind, severity: 'failed', file: ref.file, key: ref.key, message, ...extra });
    if (kind.startsWith('log-')) failedLogs.add(ref.file);
  };
  const note = (kind: IntegrityNoteKind, ref: { file: string; key: string }, message: string, extra: { chain?: string; digest?: string } = {}): void => {
    findings.push({ kind, severity: 'note', file: ref.file, key: ref.key, message, ...extra });
  };
  for (const p of opts.publicKeys?.problems ?? []) note('public-key-skipped', { file: '', key: '' }, p);

  opts.onProgress?.({ phase: 'files', done: 0, total: 0 });
  const refs = await findTrailFiles(roots, opts.signal);
  const digestRefs = refs.filter((r) => r.kind === 'digest');
  const logRefs = refs.filter((r) => r.kind === 'log');
  const logByKey = new Map(logRefs.map((r) => [r.key, r]));

  // With a hasher elsewhere, the log files of every account and region that has digests are hashed from
  // now on, while this thread reads the digests (the listing they give is known only after). A log file of
  // an area without digests is never hashed: nothing could vouch for it.
  let hashed = 0;
  let digestsRead = false;
  const onHashed = (): void => {
    hashed++;
    if (digestsRead && hashed % 32 === 0) opts.onProgress?.({ phase: 'logs', done: hashed, total: hashTotal });
  };
  let hashTotal = 0;
  let early: { files: Set<string>; results: Promise<Map<string, HashResult>> } | undefined;
  if (opts.hasher) {
    const areas = new Set(digestRefs.map(areaOf));
    const files = logRefs.filter((r) => areas.has(areaOf(r))).map((r) => r.file);
    hashTotal = files.length;
    early = { files: new Set(files), results: opts.hasher.hash(files, { maxInflatedBytes: maxInflated, signal: opts.signal, onHashed }) };
    // A rejection is met where the results are awaited; until then it must not count as unhandled.
    early.results.catch(() => undefined);
  }

  // Digests: read, hash, parse. Each is read with blocking calls, so the event loop gets a turn after every
  // file: a cancellation (the editor's Cancel, Ctrl+C) stops the loop at the next digest, not after the last
  // of thousands (a turn costs microseconds against the milliseconds of reading and inflating a digest).
  const digests = new Map<string, Digest>();
  for (let i = 0; i < digestRefs.length; i++) {
    if (opts.signal?.aborted) break;
    const ref = digestRefs[i];
    const d = readDigest(ref, maxInflated);
    if (typeof d === 'string') fail('digest-unreadable', ref, d);
    else digests.set(ref.key, d);
    if (i % 64 === 0) opts.onProgress?.({ phase: 'digests', done: i, total: digestRefs.length });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  const chains = new Map<string, Digest[]>();
  for (const d of digests.values()) {
    const list = chains.get(d.chain) ?? [];
    list.push(d);
    chains.set(d.chain, list);
  }
  for (const list of chains.values()) list.sort((a, b) => a.start - b.start || a.end - b.end);
  const successors = new Map<string, Digest[]>();
  for (const d of digests.values()) {
    if (d.body.previousDigestS3Object == null) continue;
    const k = trailKey(d.body.previousDigestS3Object);
    successors.set(k, [...(successors.get(k) ?? []), d]);
  }

  const keys = opts.publicKeys;
  let signaturesVerified = 0;
  if (!keys) note('signatures-unchecked', { file: '', key: '' }, 'no public keys supplied (--public-keys FILE / cloudtrailS3.integrity.publicKeysFile): digest signatures were not checked, only the hash chain');
  const summaries: ChainSummary[] = [];

  for (const [chainId, list] of chains) {
    const gaps: ChainSummary['gaps'] = [];
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      const b = d.body;
      const at = { chain: chainId };
      const failD = (kind: IntegrityFailureKind, message: string, digest?: string): void => {
        d.failed = true;
        fail(kind, d.ref, message, { ...at, ...(digest ? { digest } : {}) });
      };
      if (trailKey(b.digestS3Object) !== d.ref.key) failD('digest-moved', `digestS3Object says ${b.digestS3Object}: the file has been moved from its original location`);
      const next = successors.get(d.ref.key) ?? [];
      for (const s of next) {
        if ((s.body.previousDigestHashValue ?? '').toLowerCase() !== d.sha256) {
          failD('digest-modified', `its SHA-256 is ${d.sha256} but the next digest recorded ${s.body.previousDigestHashValue ?? 'null'}: the digest was changed after delivery`, s.ref.key);
        }
      }
      // The signature: from S3 metadata when supplied, else the copy the next digest keeps.
      const metaSig = opts.signatures?.get(d.ref.key);
      const nextSig = next.find((s) => s.body.previousDigestSignature)?.body.previousDigestSignature?.toLowerCase();
      if (metaSig && nextSig && metaSig !== nextSig) {
        failD('signature-mismatch', `the signature from its S3 metadata differs from the one the next digest recorded (previousDigestSignature)`, next[0].ref.key);
      }
      if (keys) {
        const candidates = [...new Set([metaSig, nextSig].filter((s): s is string => !!s))];
        if (candidates.length === 0) {
          note('signature-not-verifiable', d.ref, 'the newest digest of its chain: its signature exists only in S3 object metadata (x-amz-meta-signature), which was not supplied (--signatures FILE); not verifiable offline', at);
        } else {
          const key = keyFor(keys, b.digestPublicKeyFingerprint, d.end);
          if (!key) failD('key-unknown', `no supplied public key has fingerprint ${b.digestPublicKeyFingerprint}`);
          else {
            const data = dataToSign(b, d.sha256);
            for (const sig of candidates) {
              if (verifySignature(data, sig, key.key)) signaturesVerified++;
              else failD('signature-invalid', `SHA256withRSA signature ${sig === metaSig ? 'from S3 metadata' : 'recorded by the next digest'} does not verify with key ${key.fingerprint}`);
            }
          }
        }
      }
      // A chain that points to a digest that is not there.
      const prev = b.previousDigestS3Object == null ? undefined : trailKey(b.previousDigestS3Object);
      const before = list[i - 1];
      if (prev !== undefined && !digests.has(prev)) {
        const where = { file: siblingPath(d.ref, prev), key: prev };
        if (!before) {
          note('chain-start', where, `the chain goes back before the first digest in these folders (${prev} is not here)`, { ...at, digest: d.ref.key });
        } else if (!digestRefs.some((r) => r.key === prev)) {
          const hours = Math.max(0, (d.start - before.end) / HOUR_MS);
          gaps.push({ from: iso(before.end), to: iso(d.start), hours: round(hours), missing: prev });
          fail('digest-missing', where, `the digest ${d.ref.key} points to it (previousDigestS3Object) but it is not there: ${round(hours)} h between ${iso(before.end)} and ${iso(d.start)} cannot be verified`, { ...at, digest: d.ref.key });
        }
      } else if (prev === undefined && before && d.start - before.end > NAME_SLACK_MS) {
        const hours = (d.start - before.end) / HOUR_MS;
        gaps.push({ from: iso(before.end), to: iso(d.start), hours: round(hours) });
        note('chain-restart', d.ref, `a starting digest: log file validation was off for ${round(hours)} h (${iso(before.end)} to ${iso(d.start)})`, at);
      }
    }
    const [account, region, trail] = chainId.split('/').slice(-3);
    const valid = list.filter((d) => !d.failed);
    summaries.push({
      id: chainId, ...(list[0].ref.orgId ? { orgId: list[0].ref.orgId } : {}), account, region, trail,
      digests: list.length, validDigests: valid.length,
      verifiedHours: round(valid.reduce((h, d) => h + (d.end - d.start) / HOUR_MS, 0)),
      first: iso(list[0].start), last: iso(list[list.length - 1].end), gaps,
      logFiles: 0, verifiedLogFiles: 0, failures: 0,
    });
  }

  // Log files listed by digests: hashed through a valid digest, unverifiable through a failed one.
  const listing = new Map<string, { hash: string; digest: Digest }>();
  const listedOnlyByFailed = new Map<string, Digest>();
  for (const d of digests.values()) {
    for (const lf of d.body.logFiles) {
      const k = trailKey(lf.s3Object);
      if (!d.failed) listing.set(k, { hash: String(lf.hashValue).toLowerCase(), digest: d });
      else listedOnlyByFailed.set(k, d);
    }
  }
  for (const k of listing.keys()) listedOnlyByFailed.delete(k);
  const summaryOf = new Map(summaries.map((s) => [s.id, s]));
  const toHash: string[] = [];
  for (const [k, l] of listing) {
    const s = summaryOf.get(l.digest.chain);
    if (s) s.logFiles++;
    const ref = logByKey.get(k);
    if (ref) toHash.push(ref.file);
    else {
      fail('log-missing', { file: siblingPath(l.digest.ref, k), key: k }, `listed by the digest ${l.digest.ref.key} but not there`, { chain: l.digest.chain, digest: l.digest.ref.key });
      if (s) s.failures++;
    }
  }
  let unverifiable = 0;
  for (const [k, d] of listedOnlyByFailed) {
    unverifiable++;
    note('log-unverifiable', { file: logByKey.get(k)?.file ?? siblingPath(d.ref, k), key: k }, `listed only by the digest ${d.ref.key}, which failed its checks: this file can be neither verified nor faulted`, { chain: d.chain, digest: d.ref.key });
  }

  digestsRead = true;
  let hashes: Map<string, HashResult>;
  if (early) {
    // Files listed by a digest of an area the early pass left out cannot happen with keys from AWSLogs/ on
    // (a digest lists its own account and region), but a listing is the digest's word, not the tree's.
    const rest = toHash.filter((f) => !early.files.has(f));
    hashTotal += rest.length;
    hashes = await early.results;
    if (rest.length > 0) for (const [f, r] of await opts.hasher!.hash(rest, { maxInflatedBytes: maxInflated, signal: opts.signal, onHashed })) hashes.set(f, r);
  } else {
    hashTotal = toHash.length;
    hashes = await hashFiles(toHash, { concurrency: opts.concurrency ?? 0, maxInflatedBytes: maxInflated, signal: opts.signal, onHashed });
  }
  opts.onProgress?.({ phase: 'logs', done: hashed, total: hashTotal });
  const fileToKey = new Map(logRefs.map((r) => [r.file, r.key]));
  for (const file of toHash) {
    const k = fileToKey.get(file) as string;
    const l = listing.get(k) as { hash: string; digest: Digest };
    const r: HashResult | undefined = hashes.get(file);
    if (!r) continue; // cancelled
    const s = summaryOf.get(l.digest.chain);
    const at = { chain: l.digest.chain, digest: l.digest.ref.key };
    if (!r.ok) {
      fail(r.missing ? 'log-missing' : 'log-unreadable', { file, key: k }, `listed by the digest ${l.digest.ref.key}, but ${r.message}`, at);
      if (s) s.failures++;
    } else if (r.sha256 !== l.hash) {
      fail('log-modified', { file, key: k }, `SHA-256 of its uncompressed content is ${r.sha256}; the digest ${l.digest.ref.key} lists ${l.hash}: the file was changed after delivery`, at);
      if (s) s.failures++;
    } else if (s) s.verifiedLogFiles++;
  }

  // Log files no digest lists: extra files inside the digested period, or simply not digested.
  const periods = new Map<string, { first: number; last: number; gaps: { from: number; to: number }[]; windows: Digest[] }>();
  for (const list of chains.values()) {
    const p = periods.get(areaOf(list[0].ref)) ?? { first: Infinity, last: -Infinity, gaps: [], windows: [] };
    p.first = Math.min(p.first, list[0].start);
    p.last = Math.max(p.last, list[list.length - 1].end);
    p.windows.push(...list);
    periods.set(areaOf(list[0].ref), p);
  }
  for (const s of summaries) {
    const p = periods.get(`${s.orgId ?? ''}/${s.account}/${s.region}`);
    for (const g of s.gaps) p?.gaps.push({ from: Date.parse(g.from), to: Date.parse(g.to) });
  }
  let notDigested = 0;
  for (const ref of logRefs) {
    if (listing.has(ref.key) || listedOnlyByFailed.has(ref.key)) continue;
    const p = periods.get(areaOf(ref));
    const t = ref.time;
    if (!p) {
      notDigested++;
      note('log-not-digested', ref, `no digest of account ${ref.account ?? '?'} in ${ref.region ?? '?'} is in these folders`);
      continue;
    }
    if (t !== undefined && p.gaps.some((g) => t + NAME_SLACK_MS > g.from && t < g.to)) {
      unverifiable++;
      note('log-unverifiable', ref, 'delivered in the hours of a missing digest: this file can be neither verified nor faulted');
      continue;
    }
    if (t !== undefined && (t + NAME_SLACK_MS > p.last || t < p.first)) {
      notDigested++;
      note('log-not-digested', ref, t < p.first ? 'delivered before the first digest in these folders' : 'delivered after the last digest in these folders (not digested yet)');
      continue;
    }
    const owner = t === undefined ? undefined : p.windows.find((d) => t >= d.start - NAME_SLACK_MS && t < d.end);
    fail('log-unlisted', ref, `delivered inside the digested period, but no digest lists it${owner ? ` (the digest ${owner.ref.key} covers its delivery time)` : ''}: a file added after delivery`, owner ? { chain: owner.chain, digest: owner.ref.key } : {});
    const s = owner ? summaryOf.get(owner.chain) : undefined;
    if (s) s.failures++;
  }
  for (const s of summaries) s.failures += findings.filter((f) => f.severity === 'failed' && f.chain === s.id && !f.kind.startsWith('log-')).length;

  const failures = findings.filter((f) => f.severity === 'failed').length;
  const cancelled = opts.signal?.aborted === true;
  return {
    ok: failures === 0 && !cancelled,
    cancelled,
    signaturesChecked: keys !== undefined,
    counts: {
      digests: digestRefs.length, validDigests: [...digests.values()].filter((d) => !d.failed).length, signaturesVerified,
      logFiles: logRefs.length, verifiedLogFiles: summaries.reduce((n, s) => n + s.verifiedLogFiles, 0),
      unverifiableLogFiles: unverifiable, notDigestedLogFiles: notDigested, failures,
    },
    chains: summaries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    findings,
    failedLogFiles: [...failedLogs].filter((f) => fs.existsSync(f)).sort(),
  };
}

function readDigest(ref: TrailFileRef, maxInflated: number): Digest | string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(ref.file);
  } catch (e) {
    return `unreadable (${(e as Error).message})`;
  }
  const u = uncompressedSync(bytes, maxInflated);
  if (!u.ok) return u.message;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(u.data.toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    return `not valid JSON: ${(e as Error).message}`;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'not a digest: expected a JSON object';
  const missing = REQUIRED.filter((k) => typeof body[k] !== 'string');
  if (missing.length > 0) return `not a digest: lacks ${missing.join(', ')}`;
  if (!('previousDigestSignature' in body)) return 'not a digest: lacks previousDigestSignature';
  if (!Array.isArray(body.logFiles)) return 'not a digest: logFiles is not an array';
  const start = Date.parse(body.digestStartTime as string);
  const end = Date.parse(body.digestEndTime as string);
  if (Number.isNaN(start) || Number.isNaN(end)) return `not a digest: digestStartTime/digestEndTime are not times (${String(body.digestStartTime)}, ${String(body.digestEndTime)})`;
  const logFiles = (body.logFiles as unknown[]).filter((l): l is { s3Object: string; hashValue: string } =>
    l !== null && typeof l === 'object' && typeof (l as Record<string, unknown>).s3Object === 'string' && typeof (l as Record<string, unknown>).hashValue === 'string');
  const name = /_CloudTrail-Digest_[^_]+_(.+)_\d{8}T\d{6}Z/.exec(ref.key)?.[1] ?? '';
  const account = ref.account ?? String(body.awsAccountId ?? '?');
  return {
    ref,
    chain: `${ref.orgId ? `${ref.orgId}/` : ''}${account}/${ref.region ?? '?'}/${name || '?'}`,
    sha256: createHash('sha256').update(u.data).digest('hex'),
    body: { ...(body as unknown as DigestBody), logFiles },
    start, end, failed: false,
  };
}

function areaOf(ref: TrailFileRef): string {
  return `${ref.orgId ?? ''}/${ref.account ?? '?'}/${ref.region ?? '?'}`;
}

/** Where a file with this key would be, next to a file of the same tree. */
function siblingPath(ref: TrailFileRef, key: string): string {
  return ref.file.slice(0, ref.file.length - ref.key.length) + key;
}

function iso(t: number): string {
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

function round(h: number): number {
  return Math.round(h * 100) / 100;
}
