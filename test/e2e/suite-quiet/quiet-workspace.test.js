/* global describe, it */
const assert = require('assert');
const vscode = require('vscode');
const { api, sleep, waitFor, workspaceUri } = require('../suite/helpers');

describe('a workspace without CloudTrail', () => {
  it('opening ordinary JSON files does not start the language server', async () => {
    for (const file of [['package.json'], ['config', 'settings.json']]) {
      const doc = await vscode.workspace.openTextDocument(workspaceUri(...file));
      await vscode.window.showTextDocument(doc);
    }
    const ext = await api(); // onLanguage:json activated it
    await sleep(3000);
    assert.strictEqual(ext.serverRunning(), false);
    assert.strictEqual(ext.indexStatus(), undefined);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(workspaceUri('package.json')).filter((d) => d.source === 'cloudtrail'), []);
  });

  it('a CloudTrail-shaped document starts it and gets diagnostics', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'json',
      content: '{"Records":[{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","eventName":"GetBucketRequestPay","awsRegion":"us-east-1"}]}',
    });
    await vscode.window.showTextDocument(doc);
    const ext = await api();
    await waitFor('the server to start', () => ext.serverRunning(), 30000);
    const diag = await waitFor('a CloudTrail diagnostic', () => vscode.languages.getDiagnostics(doc.uri)
      .find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'unknown-event-name'));
    assert.match(doc.getText(diag.range), /GetBucketRequestPay/);
  });
});
