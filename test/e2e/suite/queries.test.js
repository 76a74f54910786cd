/* global describe, it, before */
// Saved queries live in a plain, human-editable file of the workspace (.vscode/cloudtrail-queries.json).
const assert = require('assert');
const vscode = require('vscode');
const { api, workspaceUri } = require('./helpers');

describe('saved queries', () => {
  before(api);

  it('"Save Query" writes the query to .vscode/cloudtrail-queries.json, keeping hand-written entries', async () => {
    const file = workspaceUri('.vscode', 'cloudtrail-queries.json');
    await vscode.workspace.fs.createDirectory(workspaceUri('.vscode'));
    await vscode.workspace.fs.writeFile(file, Buffer.from('[\n  { "name": "Anonymous reads", "query": "anonymous:true" }\n]\n'));
    const written = await vscode.commands.executeCommand('cloudtrailS3.saveQuery', 'eventName:DeleteObject* -user:*ci*', 'Deletes by people');
    assert.strictEqual(written.toString(), file.toString());
    const saved = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'));
    assert.deepStrictEqual(saved, [
      { name: 'Anonymous reads', query: 'anonymous:true' },
      { name: 'Deletes by people', query: 'eventName:DeleteObject* -user:*ci*' },
    ]);
  });

  it('saving under an existing name replaces that entry', async () => {
    await vscode.commands.executeCommand('cloudtrailS3.saveQuery', 'anonymous:true error:*', 'Anonymous reads');
    const saved = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(workspaceUri('.vscode', 'cloudtrail-queries.json'))).toString('utf8'));
    assert.deepStrictEqual(saved.map((q) => q.query), ['anonymous:true error:*', 'eventName:DeleteObject* -user:*ci*']);
  });
});
