/* global describe, it, before */
// Pins and the investigation report through the extension's commands (the webview side is driven in
// the webview suite and the UI e2e): the report of a query, and a record link reopening the explorer.
const assert = require('assert');
const vscode = require('vscode');
const { api, waitFor, indexReady } = require('./helpers');

describe('investigation report and record links', () => {
  let sendRequest;
  before(async () => {
    ({ sendRequest } = await api());
    await indexReady(sendRequest);
  });

  it('"Export Investigation Report" opens a Markdown report with the query and its counts', async () => {
    const query = 'eventName:DeleteObject*';
    const counts = await sendRequest('cloudtrail/query', { query, offset: 0, limit: 0 });
    assert.ok(counts.ok);
    const doc = await vscode.commands.executeCommand('cloudtrailS3.exportReport', query);
    assert.strictEqual(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.match(text, /^# S3 investigation report/);
    assert.ok(text.includes('`eventName:DeleteObject*`'), text);
    assert.ok(text.includes(`${counts.total.toLocaleString('en-US')} of ${counts.s3Total.toLocaleString('en-US')} S3 records match.`), text);
    assert.match(text, /## Pinned records \(\d+\)/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a record link (command:cloudtrailS3.openRecord) opens the explorer', async () => {
    const one = await sendRequest('cloudtrail/query', { query: '', offset: 0, limit: 1 });
    await vscode.commands.executeCommand('cloudtrailS3.openRecord', one.rows[0].eventID);
    const tab = await waitFor('the explorer tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('cloudtrailS3.explorer')));
    assert.strictEqual(tab.label, 'S3 Explorer');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
