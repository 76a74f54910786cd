// Test helpers: everything readRecordStream gives for one file; the files under a folder; generated records.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRecordStream, type ReadStreamOptions, type RecordSpan, type Shape } from '../../../../core/parse';
import { Kind, Slot, type RecordScanner } from '../../../../core/parse/record-scan';
import type { Problem } from '../../../../core/problem';

const ROOT = path.join(__dirname, '../../../..');

export interface ReadAll {
  shape: Shape | undefined;
  spans: LaneSpan[];
  batches: number;
  problems: Problem[];
}

/** A span, or with ReadAllOptions.lane a record the fast lane took: its place (ordinal, offset, length),
 *  `lane` set, and as text a JSON object of the eventName and eventID the scanner found. */
export type LaneSpan = RecordSpan & { lane?: true };

export interface ReadAllOptions extends Partial<ReadStreamOptions> {
  /** Read through a fast lane (ReadStreamOptions.fastLane) that takes the records this says yes to
   *  (true: every record whose eventName and eventID the scanner read as plain text); the others come
   *  as ordinary spans. Spans then come in file order through onSpan. */
  lane?: true | ((ordinal: number) => boolean);
}

export async function readAll(file: string, opts: ReadAllOptions = {}): Promise<ReadAll> {
  const problems: Problem[] = [];
  let shape: Shape | undefined;
  const spans: LaneSpan[] = [];
  let batches = 0;
  const { lane, ...rest } = opts;
  const laneOpts: Partial<ReadStreamOptions> = lane === undefined ? {} : {
    onSpan: (s) => spans.push(s),
    fastLane: (scanner, at) => {
      const eventName = plainText(scanner, Slot.eventName);
      const eventID = plainText(scanner, Slot.eventID);
      if (eventName === null || eventID === null || (lane !== true && !lane(at.ordinal))) return false;
      spans.push({ ...at, line: -1, column: -1, text: JSON.stringify({ eventName, eventID }), lane: true });
      return true;
    },
  };
  for await (const batch of readRecordStream(file, {
    maxInflatedBytes: 64 * 1024 * 1024,
    maxFileBytes: 64 * 1024 * 1024,
    ...rest,
    ...laneOpts,
    onProblem: (p) => problems.push(p),
    onShape: (s) => (shape = s),
  })) {
    batches++;
    spans.push(...batch);
  }
  return { shape, spans, batches, problems };
}

/** A slot's text when the scan found a string without escapes there; undefined when absent; null otherwise. */
function plainText(scanner: RecordScanner, slot: Slot): string | undefined | null {
  const k = scanner.kind[slot];
  return k === Kind.String ? scanner.slotText(slot) : k === Kind.Absent ? undefined : null;
}

/** Every file under dir (recursively), sorted. */
export function filesUnder(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out.sort();
}

/** Records of a single trail file made by the generator (scripts/gen-cloudtrail.mjs --single). */
export function generatedRecords(records: number, seed: string, extra: string[] = []): Record<string, unknown>[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-records-'));
  const file = path.join(dir, 'gen.json');
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--single', file, '--records', String(records), '--seed', seed, ...extra], { stdio: 'ignore' });
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { Records: Record<string, unknown>[] }).Records;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
