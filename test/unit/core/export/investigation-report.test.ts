// The investigation report: the query and counts, the pinned records with their notes and links, and
// log values that cannot inject Markdown (links, HTML, table cells) of their own.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { investigationReport, recordLink, type Pin } from '../../../../core/export';

const row = (over: Partial<Pin['row']>): Pin['row'] => ({
  time: '2026-03-01T10:00:00Z', eventName: 'GetObject', bucket: 'prod-logs', key: 'a.csv', principal: 'alice', sourceIP: '203.0.113.7', error: '', file: '/logs/a.json', ...over,
});

const PINS: Pin[] = [
  { eventID: 'e-2', note: 'Deleted right after the download.\nAsk the owner.', pinnedAt: '2026-03-02T09:00:00.000Z', row: row({ time: '2026-03-01T10:05:00Z', eventName: 'DeleteObject' }) },
  { eventID: 'e-1', note: '', pinnedAt: '2026-03-02T08:00:00.000Z', row: row({ error: 'AccessDenied' }) },
];

function report(over: Partial<Parameters<typeof investigationReport>[0]> = {}): string {
  return investigationReport({
    query: 'bucket:prod-logs error:*', matched: 12, s3Total: 1234, generatedAt: '2026-03-02T10:00:00.000Z', workspace: 'case-42',
    pins: PINS, present: new Set(['e-1', 'e-2']), link: recordLink, ...over,
  });
}

test('the report has the query, its counts, the pins in time order with notes and links', () => {
  const md = report();
  assert.match(md, /^# S3 investigation report\n/);
  assert.match(md, /Generated 2026-03-02 10:00:00 UTC · workspace case-42/);
  assert.match(md, /## Query\n\n`bucket:prod-logs error:\*`\n\n12 of 1,234 S3 records match\./);
  assert.match(md, /## Pinned records \(2\)\n\n2 pinned, 1 with an error\./);
  const table = md.split('\n').filter((l) => l.startsWith('| '));
  assert.equal(table.length, 3);
  assert.match(table[1], /^\| 1 \| 2026-03-01T10:00:00Z \| GetObject \| prod-logs\/a\.csv \| alice \| 203\.0\.113\.7 \| AccessDenied \|$/);
  assert.match(table[2], /DeleteObject/);
  assert.match(md, /### 2\. DeleteObject · 2026-03-01T10:05:00Z\n\n- eventID: `e-2` — \[open in S3 Explorer\]\(command:cloudtrailS3\.openRecord\?%5B%22e-2%22%5D\)/);
  assert.match(md, /> Deleted right after the download\.\n> Ask the owner\./);
});

test('with access-log lines in the index the counts read as the status bar reads them', () => {
  assert.match(report({ s3Total: 1237, accessLines: 3 }), /12 of 1,234 S3 records \+ 3 access-log lines match\./);
  assert.match(report({ s3Total: 1, accessLines: 1, matched: 1 }), /1 of 0 S3 records \+ 1 access-log line match\./);
});

test('pins no longer in the index are counted and marked; no pins says how to pin', () => {
  const md = report({ present: new Set(['e-1']) });
  assert.match(md, /2 pinned, 1 with an error, 1 not in the index now\./);
  assert.match(md, /`e-2` — \[open in S3 Explorer\]\([^)]*\) \(not in the index now\)/);
  assert.match(report({ pins: [] }), /No records are pinned\./);
  assert.match(report({ query: '' }), /No query: every S3 record\./);
});

test('log values and notes cannot add links, HTML, headings or table cells', () => {
  const evil = '[x](javascript:alert(1)) <img src=x onerror=alert(1)> | cell\n# heading `code`';
  const md = report({
    query: 'key:"`x`"',
    pins: [{ eventID: 'id) [y](http://evil', note: evil, pinnedAt: '2026-03-02T08:00:00Z', row: row({ key: evil, principal: evil }) }],
    present: new Set(),
  });
  assert.ok(!/<img/.test(md), 'no raw HTML');
  assert.ok(!/(^|[^\\])\]\(javascript:/m.test(md), 'no link of the log value');
  assert.ok(md.includes('> \\[x\\](javascript:alert(1)) &lt;img'), 'the note reads as text');
  const tableRow = md.split('\n').find((l) => l.startsWith('| 1 '))!;
  assert.equal(tableRow.replace(/\\\|/g, '').split('|').length, 9, 'one row of seven cells');
  assert.ok(!md.split('\n').some((l) => l.startsWith('# heading')), 'no heading from a value');
  // The eventID link stays one link: its parentheses are percent-encoded.
  assert.match(md, /\[open in S3 Explorer\]\(command:cloudtrailS3\.openRecord\?[^)\s]*%29[^)\s]*\)/);
  assert.ok(md.includes('\n``key:"`x`"``\n'), 'a query with backticks in a longer fence');
});
