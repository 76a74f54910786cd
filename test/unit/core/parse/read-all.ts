// Test helpers: everything readRecordStream gives for one file; the files under a folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRecordStream, type ReadStreamOptions, type RecordSpan, type Shape } from '../../../../core/parse';
import type { Problem } from '../../../../core/problem';

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
