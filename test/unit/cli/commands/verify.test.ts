import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../../../cli/main';
import type { IntegrityReport } from '../../../../core/integrity';
import { EXPECTED_FAILURE, generateTree, tamperItems } from '../../core/integrity/trees';
import { captureIO } from './cli-io';

const TAMPERED = generateTree('cli-tampered', ['--digest', '--sign', '--tamper', '6', '--seed', '21'], 2000);
const CLEAN = generateTree('cli-clean', ['--digest', '--sign', '--seed', '22'], 1000);
const keys = (dir: string) => ['--public-keys', path.join(dir, 'public-keys.json'), '--signatures', path.join(dir, 'digest-signatures.json')];

test('verify on a tampered tree: exit 1, every tampered file named with its kind', async () => {
  const io = captureIO();
  assert.equal(await main(['verify', ...keys(TAMPERED), TAMPERED], io), 1);
  const text = io.stdout.join('\n');
  for (const item of tamperItems(TAMPERED)) {
    assert.match(text, new RegExp(`^  ${EXPECTED_FAILURE[item.kind]} +${item.path.replace(/[.]/g, '\\.')}$`, 'm'), item.kind);
  }
  assert.match(text, /^FAILED: \d+ problems$/m);

  const json = captureIO();
  assert.equal(await main(['verify', '--format', 'json', '--workers', '1', ...keys(TAMPERED), TAMPERED], json), 1);
  const r = JSON.parse(json.stdout.join('\n')) as IntegrityReport;
  assert.equal(r.ok, false);
  const failedKeys = new Set(r.findings.filter((f) => f.severity === 'failed').map((f) => f.key));
  assert.deepEqual([...failedKeys].sort(), [...new Set(tamperItems(TAMPERED).map((i) => i.path))].sort());
});

test('verify on a clean tree: exit 0 and a summary per account and region', async () => {
  const io = captureIO();
  assert.equal(await main(['verify', ...keys(CLEAN), CLEAN], io), 0);
  const text = io.stdout.join('\n');
  assert.match(text, /^OK: every check passed$/m);
  assert.match(text, /^account +region +trail +digests/m);
  // Without keys: still exit 0 (the hash chain holds), and it says signatures were not checked.
  const nokeys = captureIO();
  assert.equal(await main(['verify', CLEAN], nokeys), 0);
  assert.match(nokeys.stdout.join('\n'), /signatures not checked \(no --public-keys\)/);
});

test('verify: bad arguments, unreadable key file, no trail files, logs without digests', async () => {
  assert.equal(await main(['verify'], captureIO()), 2);
  assert.equal(await main(['verify', '--format', 'xml', CLEAN], captureIO()), 2);
  const badKeys = captureIO();
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'verify-')), 'keys.json');
  fs.writeFileSync(f, '{"nope": 1}');
  assert.equal(await main(['verify', '--public-keys', f, CLEAN], badKeys), 2);
  assert.match(badKeys.stderr.join('\n'), /keys\.json: expected the output of "aws cloudtrail list-public-keys"/);
  const empty = captureIO();
  assert.equal(await main(['verify', path.dirname(f)], empty), 3);
  const logsOnly = generateTree('cli-logs-only', ['--seed', '23'], 500);
  const io = captureIO();
  assert.equal(await main(['verify', logsOnly], io), 1);
  assert.match(io.stderr.join('\n'), /no digest files: nothing could be verified/);
  assert.match(io.stdout.join('\n'), /^NOTHING VERIFIED: no digest files$/m);
});
