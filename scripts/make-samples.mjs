// Regenerates samples/ (the workspace `npm start` opens) from the deterministic generator.
// Run: node scripts/make-samples.mjs. Output is byte-identical for the same generator version.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'samples');
const gen = (...args) => execFileSync(process.execPath, [path.join(root, 'scripts/gen-cloudtrail.mjs'), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });

fs.rmSync(path.join(out, 'AWSLogs'), { recursive: true, force: true });
fs.rmSync(path.join(out, 'exports'), { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'exports'), { recursive: true });

// A delivered trail tree: gzip, one line per file, two accounts, several regions, two days.
gen('--out', out, '--records', '1500', '--per-file', '120', '--seed', 'samples', '--days', '2', '--start', '2026-03-01T00:00:00Z');

// A hand-saved, pretty-printed trail file with one record that uses the misspelling of the
// original S3 documentation page (GetBucketRequestPay), to show the warning and its quick fix.
const pretty = path.join(out, 'exports', 'incident-2026-03-01.json');
gen('--single', pretty, '--pretty', '--records', '40', '--seed', 'pretty', '--start', '2026-03-01T08:00:00Z', '--days', '1');
const doc = JSON.parse(fs.readFileSync(pretty, 'utf8'));
const victim = doc.Records.find((r) => r.eventSource === 's3.amazonaws.com' && r.eventName === 'GetBucketAcl')
  ?? doc.Records.find((r) => r.eventSource === 's3.amazonaws.com');
victim.eventName = 'GetBucketRequestPay';
fs.writeFileSync(pretty, JSON.stringify(doc, null, 2) + '\n');

// JSON Lines, as SIEM exports keep records.
gen('--single', path.join(out, 'exports', 'siem-export.ndjson'), '--ndjson', '--records', '60', '--seed', 'ndjson', '--start', '2026-03-02T00:00:00Z', '--days', '1');
console.log('samples regenerated in', out);
