// Suite (run by ../chromium.test.mjs): S3 server access log lines in the explorer as a user meets them: the lines
// counted in the status line, a CloudTrail DeleteObjects record whose detail shows the access-log side of the same
// request (one line per deleted key), each side with its own Reveal, and an access line's own fields.
// The test plays the server's RecordRequest (engine/workspace-index.ts builds the same shape; its unit test checks it).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { columnTexts, sharedSession, waitForCount } from '../harness.mjs';

const OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const line = (op, key, rid, uri, status) =>
  `${OWNER} data-bucket [06/Feb/2026:10:00:00 +0000] 203.0.113.7 arn:aws:iam::111122223333:user/alice ${rid} ${op} ${key} ${uri} ${status} - - 100 5 - "-" "aws-cli/2.15" - hostid SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader data-bucket.s3.us-east-1.amazonaws.com TLSv1.2 - - -`;

async function runQuery(page, query) {
  await page.fill('.query-input', '');
  await page.fill('.query-input', query);
  await page.keyboard.press('Escape'); // close completion, if open
  await page.press('.query-input', 'Enter');
}

let host, backend, session, dir;
before(async () => {
  ({ host, session } = await sharedSession());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview-access-'));
  const record = {
    eventVersion: '1.09', eventTime: '2026-02-06T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'DeleteObjects', awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' },
    requestParameters: { bucketName: 'data-bucket', Delete: { Object: [{ Key: 'a b.txt' }, { Key: 'c.txt' }] } }, requestID: 'JOINED0000000001', eventID: 'e-1',
    eventCategory: 'Data', recipientAccountId: '111122223333',
  };
  const trail = path.join(dir, 'trail.json');
  fs.writeFileSync(trail, JSON.stringify({ Records: [record] }));
  const log = path.join(dir, '2026-02-06-10-05-00-ABCDEF0123456789');
  fs.writeFileSync(log, [
    line('REST.POST.MULTI_OBJECT_DELETE', '-', 'JOINED0000000001', '"POST /data-bucket?delete HTTP/1.1"', '200'),
    line('BATCH.DELETE.OBJECT', 'a+b.txt', 'JOINED0000000001', '-', '204'),
    line('BATCH.DELETE.OBJECT', 'c.txt', 'JOINED0000000001', '-', '204'),
    line('REST.GET.OBJECT', 'secret.csv', 'ALONE00000000001', '"GET /data-bucket/secret.csv HTTP/1.1"', '200'),
  ].join('\n') + '\n');
  backend = await host.fileBackend([trail, log]);
  // The server's answer: the row, and the other rows of its request ID with their texts.
  const plain = backend.record.bind(backend);
  const store = backend.index.store;
  const kindOf = (id) => ((store.flags[id] & 8) !== 0 ? 'access' : 'cloudtrail');
  const titleOf = (id) => {
    if (kindOf(id) === 'cloudtrail') return store.columns.eventName.dict.value(store.columns.eventName.codes[id]);
    const op = store.access.operation.dict.value(store.access.operation.codes[id]);
    const key = store.columns.key.dict.value(store.columns.key.codes[id]);
    return key === undefined ? op : `${op} ${key}`;
  };
  const asJson = (id) => {
    const r = plain(id);
    return kindOf(id) === 'access' ? { ...r, json: JSON.stringify({ kind: 'S3 server access log line', line: r.json }) } : r;
  };
  backend.record = (id) => {
    const r = asJson(id);
    if (!r.ok) return r;
    const rid = store.columns.requestID.codes[id];
    const related = [];
    for (let o = 0; o < store.rowCount; o++) {
      if (o === id || store.columns.requestID.codes[o] !== rid) continue;
      const x = asJson(o);
      related.push({ id: o, kind: kindOf(o), title: titleOf(o), json: x.json, location: x.location });
    }
    related.sort((a, b) => (a.kind === b.kind ? a.id - b.id : a.kind === 'cloudtrail' ? -1 : 1));
    return { ...r, kind: kindOf(id), ...(related.length ? { related } : {}) };
  };
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('S3 server access logs in the explorer', () => {
  test('the status line counts access-log lines; the joined request shows both sides, each revealable', async () => {
    const ex = await session.open(backend);
    const { page } = ex;
    await waitForCount(page, 5);
    assert.match(await page.textContent('.status-counts'), /^5 of 1 S3 record \+ 4 access-log lines \(2 files, 0 problems\)$/);
    await runQuery(page, 'eventName:DeleteObjects kind:cloudtrail');
    await waitForCount(page, 1);
    await page.click('.grid-row[aria-rowindex="2"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.detail:not([hidden]) .related');
    assert.equal(await page.textContent('.related-heading'), 'Same request ID: 0 CloudTrail records, 3 access-log lines');
    assert.deepEqual(await page.$$eval('.related-name', (els) => els.map((e) => e.textContent)), [
      'Access log: REST.POST.MULTI_OBJECT_DELETE', 'Access log: BATCH.DELETE.OBJECT a b.txt', 'Access log: BATCH.DELETE.OBJECT c.txt',
    ]);
    // Reveal on the second related line posts that line's row id.
    const ids = await page.$$eval('.related-record', (els) => els.length);
    assert.equal(ids, 3);
    await page.click('.related-record:nth-of-type(2) vscode-button.reveal-related');
    const posted = await ex.waitForPosted((m) => m.type === 'reveal', { past: true });
    const want = backend.record(posted.id);
    assert.equal(want.kind, 'access');
    assert.match(JSON.parse(want.json).line, /BATCH\.DELETE\.OBJECT a\+b\.txt/);
    // The line's own detail names the CloudTrail record first.
    await runQuery(page, 'operation:BATCH.DELETE.OBJECT key:c.txt');
    await waitForCount(page, 1);
    await page.click('.grid-row[aria-rowindex="2"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.related-name')?.textContent === 'CloudTrail: DeleteObjects');
    assert.match(await page.textContent('.related-record'), /"eventName": "DeleteObjects"/);
  });

  test('Kind and Operation columns and facets: the two record kinds seen and filtered without typing a term', async () => {
    const ex = await session.open(backend);
    const { page } = ex;
    await waitForCount(page, 5);
    // With access-log lines in the index, the default columns gain Kind and Operation after eventName.
    await page.waitForSelector('[role=columnheader][data-col="kind"]');
    const headers = await page.$$eval('[role=columnheader]', (hs) => hs.map((h) => h.dataset.col));
    assert.deepEqual(headers.slice(0, 4), ['time', 'eventName', 'kind', 'operation']);
    const kinds = await columnTexts(page, 'kind');
    assert.deepEqual([...kinds].sort(), ['access', 'access', 'access', 'access', 'cloudtrail']);
    const ops = await columnTexts(page, 'operation');
    assert.deepEqual([...ops].sort(), ['', 'BATCH.DELETE.OBJECT', 'BATCH.DELETE.OBJECT', 'REST.GET.OBJECT', 'REST.POST.MULTI_OBJECT_DELETE']);
    // The Kind facet counts both kinds; a click filters on kind:access.
    const kindFacet = '.facet[data-column="kind"] .facet-value';
    await page.waitForSelector(kindFacet);
    const counts = await page.$$eval(kindFacet, (bs) => bs.map((b) => `${b.dataset.value} ${b.getAttribute('aria-label').match(/\((\d+) records\)/)[1]}`));
    assert.deepEqual(counts, ['access 4', 'cloudtrail 1']);
    await page.locator(kindFacet, { hasText: 'access' }).first().click();
    assert.equal(await page.inputValue('.query-input'), 'kind:access');
    await waitForCount(page, 4);
    assert.deepEqual(await columnTexts(page, 'kind'), ['access', 'access', 'access', 'access']);
    // The Operation facet lists the access lines' operations; Alt-click excludes one.
    await page.waitForSelector('.facets:not(.stale)');
    const opFacet = page.locator('.facet[data-column="operation"] .facet-value', { hasText: 'BATCH.DELETE.OBJECT' }).first();
    assert.match(await opFacet.getAttribute('aria-label'), /\(2 records\)/);
    await opFacet.click({ modifiers: ['Alt'] });
    assert.equal(await page.inputValue('.query-input'), 'kind:access -operation:BATCH.DELETE.OBJECT');
    await waitForCount(page, 2);
    assert.deepEqual((await columnTexts(page, 'operation')).sort(), ['REST.GET.OBJECT', 'REST.POST.MULTI_OBJECT_DELETE']);
    // Sorting by Kind puts the kinds together (ascending: access first).
    await runQuery(page, '');
    await waitForCount(page, 5);
    await page.click('[role=columnheader][data-col="kind"]');
    await page.waitForSelector('[role=columnheader][data-col="kind"][aria-sort="ascending"]');
    await page.waitForFunction(() => [...document.querySelectorAll('.grid-row[data-loaded="1"] .grid-cell[data-col="kind"]')].map((c) => c.textContent).join() === 'access,access,access,access,cloudtrail');
  });
});
