/* global describe, it, before, after */
// "Show records of this bucket / principal / ... in S3 Explorer": navigation code actions at the cursor in a
// record, and the explorer they open running their query.
const assert = require('assert');
const vscode = require('vscode');
const { api, waitFor, workspaceUri, eventNamePosition, indexReady } = require('./helpers');

describe('show a record\'s bucket in the explorer from samples/exports/incident-2026-03-01.json', () => {
  let doc;
  let extension;
  before(async () => {
    extension = await api();
    await indexReady(extension.sendRequest);
    doc = await vscode.workspace.openTextDocument(workspaceUri('exports', 'incident-2026-03-01.json'));
    await vscode.window.showTextDocument(doc);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers navigation actions at the cursor; the bucket action opens the explorer running bucket:<name>', async () => {
    // the cursor goes into the first GetObject record; its bucket is read from the parsed file
    const pos = eventNamePosition(doc, 'GetObject');
    const record = JSON.parse(doc.getText()).Records.find((r) => r.eventName === 'GetObject');
    const name = record.requestParameters.bucketName;
    const actions = await waitFor('the navigation code actions', async () => {
      const list = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(pos, pos));
      const nav = (list || []).filter((a) => a.command && a.command.command === 'cloudtrailS3.showInExplorer');
      return nav.length > 0 ? nav : undefined;
    });
    const queries = actions.map((a) => a.command.arguments[0]);
    assert.ok(queries.includes('eventName:GetObject'), queries.join(' | '));
    assert.ok(queries.some((q) => q.startsWith('user:')), queries.join(' | '));
    const action = actions.find((a) => a.command.arguments[0].startsWith('bucket:'));
    assert.ok(action, `a bucket action among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(action.title.startsWith('Show records of bucket '), action.title);
    assert.ok(!action.edit, 'navigation changes nothing');
    const query = action.command.arguments[0];
    assert.strictEqual(query, `bucket:${name}`);

    await vscode.commands.executeCommand(action.command.command, ...action.command.arguments);
    const tab = await waitFor('the explorer tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('cloudtrailS3.explorer')));
    assert.strictEqual(tab.label, 'S3 Explorer');
    // the webview reports the query it ran against the index
    assert.strictEqual(await waitFor('the explorer to run the query', () => extension.explorerQuery() === query && query), query);
    const result = await extension.sendRequest('cloudtrail/query', { query, offset: 0, limit: 5 });
    assert.ok(result.ok && result.total > 0, `the query finds records: ${JSON.stringify(result).slice(0, 300)}`);
  });
});
