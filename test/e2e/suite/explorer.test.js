/* global describe, it, before */
// The workspace index behind the explorer: queries through the extension's API and the explorer panel.
const assert = require('assert');
const vscode = require('vscode');
const { api, waitFor, indexReady } = require('./helpers');

describe('workspace index and explorer', () => {
  let sendRequest;
  before(async () => {
    ({ sendRequest } = await api());
    await indexReady(sendRequest);
  });

  it('answers QueryRequest with S3 rows of the whole workspace', async () => {
    const all = await sendRequest('cloudtrail/query', { query: '', offset: 0, limit: 50 });
    assert.ok(all.ok, JSON.stringify(all));
    assert.ok(all.total > 100, `total ${all.total}`);
    assert.strictEqual(all.rows.length, 50);
    const deletes = await sendRequest('cloudtrail/query', { query: 'eventName:DeleteObject*', offset: 0, limit: 1000 });
    assert.ok(deletes.ok);
    assert.ok(deletes.total > 0 && deletes.total < all.total);
    assert.ok(deletes.rows.every((r) => r.eventName.startsWith('DeleteObject')), deletes.rows.map((r) => r.eventName).join(','));
  });

  it('a query error names the column', async () => {
    const bad = await sendRequest('cloudtrail/query', { query: 'nosuchfield:x', offset: 0, limit: 10 });
    assert.strictEqual(bad.ok, false);
    assert.strictEqual(typeof bad.error.start, 'number');
  });

  it('"Query S3 Records..." with a query opens the explorer panel', async () => {
    await vscode.commands.executeCommand('cloudtrailS3.query', 'eventName:DeleteObject*');
    const tab = await waitFor('the explorer tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('cloudtrailS3.explorer')));
    assert.strictEqual(tab.label, 'S3 Explorer');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Copy as Athena SQL" puts SQL for the query on the clipboard', async () => {
    const sql = await vscode.commands.executeCommand('cloudtrailS3.copyAthenaSql', 'eventName:DeleteObject');
    assert.match(sql, /SELECT/i);
    assert.match(sql, /cloudtrail_logs/);
    assert.strictEqual(await vscode.env.clipboard.readText(), sql);
  });

  it('"Reindex Workspace" rebuilds the index with the same S3 records; "Cancel Indexing" leaves it queryable', async () => {
    const before = await sendRequest('cloudtrail/query', { query: '', offset: 0, limit: 1 });
    await vscode.commands.executeCommand('cloudtrailS3.reindex');
    await vscode.commands.executeCommand('cloudtrailS3.cancelIndexing');
    await vscode.commands.executeCommand('cloudtrailS3.reindex');
    // the rebuilt index answers with the same count once it is ready again
    const after = await waitFor('the rebuilt index', async () => {
      const status = await sendRequest('cloudtrail/indexStatusGet', {});
      if (status.state !== 'ready') return undefined;
      const q = await sendRequest('cloudtrail/query', { query: '', offset: 0, limit: 1 });
      return q.ok && q.total === before.total ? q : undefined;
    }, 60000, 300);
    assert.strictEqual(after.s3Total, before.s3Total);
  });
});
