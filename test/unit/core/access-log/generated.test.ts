import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { looksLikeAccessLog, parseAccessLogText } from '../../../../core/access-log';
import { eventNameForOperation, accessOperation } from '../../../../core/catalog';

const REPO = path.resolve(__dirname, '../../../..');

test('every line of a generated access-log tree is recognised and read without problems', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-gen-'));
  try {
    execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', '3000', '--seed', '11', '--access-logs'], { stdio: 'ignore' });
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'access-logs-summary.json'), 'utf8')) as { files: number; lines: number; byOperation: Record<string, number> };
    const root = path.join(dir, 'access-logs');
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => path.join(root, f)).filter((f) => fs.statSync(f).isFile());
    assert.equal(files.length, summary.files);
    let lines = 0;
    const unknownOps = new Set<string>();
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      assert.ok(looksLikeAccessLog(text.slice(0, 65536)), f);
      const r = parseAccessLogText(text, f);
      assert.deepEqual(r.problems, []);
      lines += r.lines.length;
      for (const l of r.lines) if (!accessOperation(l.value.operation!)) unknownOps.add(l.value.operation!);
    }
    assert.equal(lines, summary.lines);
    assert.deepEqual([...unknownOps], [], 'every generated Operation is in the catalog');
    assert.ok(Object.keys(summary.byOperation).some((op) => eventNameForOperation(op, true) === undefined), 'the tree has lines without a CloudTrail name');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
