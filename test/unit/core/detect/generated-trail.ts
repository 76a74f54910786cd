// A scenario trail made by scripts/gen-cloudtrail.mjs for the detect tests: its log files, sorted.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** `gen-cloudtrail.mjs --out DIR --records N --seed S --scenarios`; the paths of its trail files in order. */
export function generatedTrailFiles(dir: string, records: number, seed: number): string[] {
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../../../scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', String(records), '--seed', String(seed), '--scenarios'], { stdio: 'pipe' });
  const files: string[] = [];
  (function walk(d: string): void {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.json.gz')) files.push(p);
    }
  })(path.join(dir, 'AWSLogs'));
  return files.sort();
}
