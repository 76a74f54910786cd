// Test helpers: everything readRecordStream gives for one file; the files under a folder; generated records.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRecordStream, type ReadStreamOptions, type RecordSpan, type Shape } from '../../../../core/parse';
import type { Problem } from '../../../../core/problem';

const ROOT = path.join(__dirname, '../../../..');

export interface ReadAll {
  shape: Shape | undefined;
  spans: RecordSpan[];
  batches: number;
  problems: Problem[];
}

export async function readAll(file: string, opts: Partial<ReadStreamOptions> = {}): Promise<ReadAll> {
  const problems: Problem[] = [];
  let shape: Shape | undefined;
  const spans: RecordSpan[] = [];
  let batches = 0;
  for await (const batch of readRecordStream(file, {
    maxInflatedBytes: 64 * 1024 * 1024,
    maxFileBytes: 64 * 1024 * 1024,
    ...opts,
    onProblem: (p) => problems.push(p),
    onShape: (s) => (shape = s),
  })) {
    batches++;
    spans.push(...batch);
  }
  return { shape, spans, batches, problems };
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
