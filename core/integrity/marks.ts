// What the explorer marks on a record after "Verify Trail Integrity": per log file (local path) whose records
// cannot be trusted, the failure in a few words and the verifier's own message. Failed files were changed,
// added or damaged; unverifiable ones are listed only by a digest that failed its own checks (a bad
// signature, a modified digest) or were delivered in the hours of a missing digest: nothing vouches for them.

import type { IntegrityFinding, IntegrityReport } from './report';

export interface IntegrityMark {
  severity: 'failed' | 'unverifiable';
  /** The failure in a few words: "modified", "unlisted", "unverifiable: bad signature of its digest", ... */
  label: string;
  /** The verifier's message (names the digest and the hashes). */
  message: string;
}

/** Log file failures, in the words of the marker. */
const LOG_FAILURE_LABEL: Record<string, string> = {
  'log-modified': 'modified',
  'log-unlisted': 'unlisted',
  'log-unreadable': 'unreadable',
};

/** A digest's own failures, named for the files only it lists. */
const DIGEST_FAILURE_LABEL: Record<string, string> = {
  'signature-invalid': 'bad signature',
  'signature-mismatch': 'signature mismatch',
  'key-unknown': 'unknown signing key',
  'digest-modified': 'digest modified',
  'digest-moved': 'digest moved',
  'digest-unreadable': 'digest unreadable',
};

/** The mark of every log file of the report whose records cannot be trusted; a failure wins over a note. */
export function integrityMarks(r: IntegrityReport): Map<string, IntegrityMark> {
  const out = new Map<string, IntegrityMark>();
  const digestFailures = new Map<string, string[]>();
  for (const f of r.findings) {
    const label = f.severity === 'failed' ? DIGEST_FAILURE_LABEL[f.kind] : undefined;
    if (!label || !f.key) continue;
    const list = digestFailures.get(f.key) ?? [];
    if (!list.includes(label)) list.push(label);
    digestFailures.set(f.key, list);
  }
  for (const f of r.findings) {
    if (!f.file) continue;
    const label = LOG_FAILURE_LABEL[f.kind];
    if (f.severity === 'failed' && label) {
      const prior = out.get(f.file);
      out.set(f.file, prior?.severity === 'failed'
        ? { severity: 'failed', label: `${prior.label}, ${label}`, message: `${prior.message}\n${f.message}` }
        : { severity: 'failed', label, message: f.message });
    } else if (f.kind === 'log-unverifiable' && !out.has(f.file)) {
      out.set(f.file, { severity: 'unverifiable', label: unverifiableLabel(f, digestFailures), message: f.message });
    }
  }
  return out;
}

function unverifiableLabel(f: IntegrityFinding, digestFailures: ReadonlyMap<string, string[]>): string {
  const why = f.digest ? digestFailures.get(f.digest) : undefined;
  if (why && why.length > 0) return `unverifiable: ${why.join(', ')} of its digest`;
  return f.digest ? 'unverifiable: its digest failed' : 'unverifiable: its digest is missing';
}
