// Trail trees made by scripts/gen-cloudtrail.mjs for the integrity tests (digests, signatures, damage),
// in a temporary folder removed when the process exits.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IntegrityFailureKind } from '../../../../core/integrity';

const REPO = path.resolve(__dirname, '../../../..');
let base: string | undefined;

export interface TamperItem {
  path: string;
  kind: 'log-modified' | 'log-deleted' | 'log-added' | 'digest-modified' | 'digest-deleted' | 'signature-swapped';
  swappedWith?: string;
}

/** A generated tree: `gen-cloudtrail.mjs --out DIR --records N --days 2 ...extra`. */
export function generateTree(name: string, extra: string[], records = 3000): string {
  base ??= fs.mkdtempSync(path.join(os.tmpdir(), 'integrity-'));
  const root = base;
  process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  const dir = path.join(base, name);
  execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', String(records), '--days', '2', ...extra], { stdio: 'ignore' });
  return dir;
}

export function tamperItems(dir: string): TamperItem[] {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'tamper.json'), 'utf8')) as { items: TamperItem[] }).items;
}

/** The tamper kinds the generator's README lists (its "--tamper N" table; `--sign` only ones marked), else
 *  the ones its --help names: a kind added to the generator then fails the tests until it is handled. */
export function tamperKindsOfGenerator(readme: string | undefined): { kind: string; signOnly: boolean }[] {
  if (readme !== undefined) {
    const section = readme.slice(readme.indexOf('### `--tamper N`'));
    const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| kind |')));
    return [...table.matchAll(/^\| `([a-z-]+)`( \(`--sign` only\))? \|/gm)].map((m) => ({ kind: m[1], signOnly: m[2] !== undefined }));
  }
  const help = execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--help'], { encoding: 'utf8' });
  const text = /--tamper N[\s\S]*?of each kind: ([\s\S]*?)\)/.exec(help)?.[1].replace(/\s+/g, ' ') ?? '';
  return [...text.matchAll(/([a-z]+-[a-z]+)( with --sign)?/g)].map((m) => ({ kind: m[1], signOnly: m[2] !== undefined }));
}

/** What a verifier must report on each tampered item (generator README, "--tamper N"). */
export const EXPECTED_FAILURE: Record<TamperItem['kind'], IntegrityFailureKind> = {
  'log-modified': 'log-modified',
  'log-deleted': 'log-missing',
  'log-added': 'log-unlisted',
  'digest-modified': 'digest-modified',
  'digest-deleted': 'digest-missing',
  'signature-swapped': 'signature-invalid',
};
