// "Verify Trail Integrity" through the real server: the workspace's tampered tree verified with its hash
// workers (progress notifications on the way), every tamper kind in the report, and the explorer's rows of
// the failed and unverifiable log files carrying their mark (the failure named) while every other row has none.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  IndexStatusNotification, IndexStatusRequest, IntegrityProgressNotification, QueryRequest, VerifyIntegrityRequest,
  type IndexStatus, type IntegrityProgressParams, type QueryResult, type RowData, type VerifyIntegrityResult,
} from '../../core/protocol';
import { EXPECTED_FAILURE, generateTree, tamperItems } from '../unit/core/integrity/trees';
import { startServer } from './lsp-client';

test('Verify Trail Integrity on a tampered tree: every tamper kind reported, the rows of failed files marked', async () => {
  const tree = generateTree('lsp-tampered', ['--digest', '--sign', '--tamper', '6', '--seed', '31'], 1500);
  const items = tamperItems(tree);
  // The generator's damaged digests list no log file in a tree this small: one more, by hand, that does.
  const edited = editListingDigest(tree, new Set(items.map((i) => i.path)));
  const server = await startServer({}, tree);
  try {
    const ready = new Promise<void>((resolve) => {
      const d = server.connection.onNotification(IndexStatusNotification, (s: IndexStatus) => {
        if (s.state === 'ready') {
          d.dispose();
          resolve();
        }
      });
    });
    const status = await server.connection.sendRequest<IndexStatus>(IndexStatusRequest, {});
    if (status.state !== 'ready') {
      await Promise.race([ready, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`index never ready:\n${server.logs.join('\n')}`)), 60000))]);
    }
    const query = async (q: string): Promise<RowData[]> => {
      const r = await server.connection.sendRequest<QueryResult>(QueryRequest, { query: q, offset: 0, limit: 10000 });
      assert.ok(r.ok, q);
      return r.ok ? r.rows : [];
    };
    assert.ok((await query('source:*')).every((row) => row.integrity === undefined), 'no marks before a verification');

    const progress: IntegrityProgressParams[] = [];
    server.connection.onNotification(IntegrityProgressNotification, (p: IntegrityProgressParams) => void progress.push(p));
    const result = await server.connection.sendRequest<VerifyIntegrityResult>(VerifyIntegrityRequest, {
      publicKeysFile: path.join(tree, 'public-keys.json'), signaturesFile: path.join(tree, 'digest-signatures.json'),
    });
    assert.ok(result.ok, JSON.stringify(result).slice(0, 2000));
    const report = result.report;
    for (const item of items) {
      assert.ok(report.findings.some((f) => f.severity === 'failed' && f.key === item.path && f.kind === EXPECTED_FAILURE[item.kind]), `${item.kind} ${item.path}`);
    }
    assert.deepEqual([...new Set(report.findings.filter((f) => f.severity === 'failed').map((f) => f.key))].sort(), [...new Set([...items.map((i) => i.path), edited.key])].sort());
    const logs = progress.filter((p) => p.phase === 'logs');
    assert.ok(logs.length > 0 && logs[logs.length - 1].done === logs[logs.length - 1].total && logs[logs.length - 1].total > 0, JSON.stringify(logs.slice(-3)));

    // The rows of the modified and the added log file: marked failed, the failure named.
    const failedRows = await query('integrity:failed source:*');
    assert.ok(failedRows.length > 0);
    const labelOf = new Map([['log-modified', 'modified'], ['log-added', 'unlisted']]);
    for (const item of items.filter((i) => labelOf.has(i.kind))) {
      const rows = failedRows.filter((row) => row.file === path.join(tree, item.path));
      assert.ok(rows.length > 0, `rows of ${item.path}`);
      for (const row of rows) {
        assert.equal(row.integrity?.severity, 'failed');
        assert.equal(row.integrity?.label, labelOf.get(item.kind));
        assert.match(row.integrity?.message ?? '', item.kind === 'log-modified' ? /SHA-256 of its uncompressed content is [0-9a-f]{64}/ : /no digest lists it/);
      }
    }
    assert.equal(failedRows.length, failedRows.filter((row) => items.some((i) => row.file === path.join(tree, i.path))).length, 'only rows of tampered files');
    // The log files listed only by the edited digest: unverifiable, the digest's failures named.
    const unverifiable = await query('integrity:unverifiable source:*');
    assert.deepEqual([...new Set(unverifiable.map((row) => row.file))].sort(), edited.logs.map((l) => path.join(tree, l)).sort());
    for (const row of unverifiable) {
      assert.equal(row.integrity?.severity, 'unverifiable');
      assert.match(row.integrity?.label ?? '', /^unverifiable: (digest modified, bad signature|bad signature, digest modified) of its digest$/);
      assert.match(row.integrity?.message ?? '', new RegExp(`listed only by the digest ${edited.key.replace(/[.]/g, '\\.')}`));
    }
    // Every other row: no mark.
    const others = await query('-integrity:failed,unverifiable source:*');
    assert.ok(others.length > 0 && others.every((row) => row.integrity === undefined));
  } finally {
    await server.stop();
    fs.rmSync(tree, { recursive: true, force: true });
  }
});

/** Edits a digest that lists log files (none of `avoid`, not next to them) the way the generator's
 *  digest-modified does: one time in its body, gzipped again. */
function editListingDigest(tree: string, avoid: ReadonlySet<string>): { key: string; logs: string[] } {
  const digests: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.includes(`${path.sep}CloudTrail-Digest${path.sep}`)) digests.push(p);
    }
  };
  walk(path.join(tree, 'AWSLogs'));
  digests.sort();
  for (const [i, file] of digests.entries()) {
    const key = path.relative(tree, file).split(path.sep).join('/');
    const near = [digests[i - 1], file, digests[i + 1]].filter(Boolean).map((f) => path.relative(tree, f).split(path.sep).join('/'));
    if (near.some((k) => avoid.has(k))) continue;
    const doc = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as { logFiles: { s3Object: string; newestEventTime: string }[] };
    const logs = doc.logFiles.map((l) => l.s3Object.slice(l.s3Object.indexOf('AWSLogs/')));
    if (logs.length === 0 || logs.some((l) => avoid.has(l) || !fs.existsSync(path.join(tree, l)))) continue;
    doc.logFiles[0].newestEventTime = new Date(Date.parse(doc.logFiles[0].newestEventTime) + 1000).toISOString().replace('.000Z', 'Z');
    fs.writeFileSync(file, zlib.gzipSync(JSON.stringify(doc)));
    return { key, logs };
  }
  throw new Error('no digest lists a log file');
}
