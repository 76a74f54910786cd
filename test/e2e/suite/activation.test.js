/* global describe, it */
// Activation of the extension in a workspace with trail files: cheap, and the server starts by itself.
const assert = require('assert');
const vscode = require('vscode');
const { api, waitFor, EXTENSION_ID } = require('./helpers');

describe('activation', () => {
  it('activates in the trail workspace and reports its own activation time', async () => {
    // workspaceContains:**/AWSLogs/**/CloudTrail/** activates the extension without any user action
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension is loaded');
    await waitFor('activation by workspaceContains', () => ext.isActive, 30000);
    const { activationMs } = await api();
    assert.strictEqual(typeof activationMs, 'number');
    console.log(`activation-ms: ${activationMs.toFixed(1)}`);
    // the goal (< 50 ms of our own code) is checked by `npm run bench`, not by a timed test
    assert.ok(activationMs >= 0);
  });

  it('registers every command it contributes', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = ext.packageJSON.contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(contributed.filter((c) => !registered.has(c)), []);
    assert.ok(contributed.includes('cloudtrailS3.query') && contributed.includes('cloudtrailS3.openExplorer'));
  });

  it('starts the language server without being asked (trail files are in the workspace)', async () => {
    const { sendRequest } = await api();
    const status = await sendRequest('cloudtrail/indexStatusGet', {});
    assert.ok(['idle', 'indexing', 'ready', 'cancelled'].includes(status.state), JSON.stringify(status));
  });
});
