/* global describe, it, before */
// .json.gz trail files: pretty read-only text under the cloudtrail-gz scheme, with language features.
const assert = require('assert');
const vscode = require('vscode');
const { api, waitFor, findGzipTrailFile, hoverText, eventNamePosition, workspaceUri } = require('./helpers');

describe('.json.gz trail files', () => {
  let gz;
  before(async () => {
    await api();
    gz = await findGzipTrailFile();
  });

  it('"Open as Text" shows the pretty-printed JSON of a .json.gz, read-only, with hovers', async () => {
    await vscode.commands.executeCommand('cloudtrailS3.openAsText', gz);
    const editor = await waitFor('the pretty text editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.scheme === 'cloudtrail-gz' && e.document.uri.path === gz.path && e.document.getText().length > 0 ? e : undefined;
    });
    const doc = editor.document;
    assert.strictEqual(doc.languageId, 'json');
    assert.match(doc.lineAt(0).text, /^\{/);
    assert.ok(doc.lineCount > 20, 'pretty-printed over many lines');
    assert.match(doc.getText(), /"eventVersion": "/);
    // hover an S3 record's eventName (the file also holds records of other services)
    const s3Name = /"eventSource":\s*"s3\.amazonaws\.com",\s*"eventName":\s*"([A-Za-z]+)"/.exec(doc.getText());
    assert.ok(s3Name, 'the gzip file has an S3 record');
    const pos = eventNamePosition(doc, s3Name[1]);
    const text = await waitFor('a hover in the gzip text', async () => hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos)));
    assert.match(text, /s3:|IAM|management|data/i);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opening a .json.gz (one click) lands in its pretty text, not a binary editor', async () => {
    await vscode.commands.executeCommand('vscode.open', gz);
    const editor = await waitFor('the pretty text editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.scheme === 'cloudtrail-gz' && e.document.uri.path === gz.path ? e : undefined;
    });
    assert.ok(editor.document.getText().includes('"Records"'));
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    await waitFor('the custom editor tab to close', () => !vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputCustom));
    assert.ok(tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'cloudtrail-gz'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Pretty View" shows a single-line .json trail file over many lines', async () => {
    const source = await vscode.workspace.fs.readFile(workspaceUri('exports', 'incident-2026-03-01.json'));
    const oneLine = JSON.stringify(JSON.parse(Buffer.from(source).toString('utf8')));
    const file = workspaceUri('exports', 'single-line.json');
    await vscode.workspace.fs.writeFile(file, Buffer.from(oneLine));
    await vscode.commands.executeCommand('cloudtrailS3.prettyView', file);
    const editor = await waitFor('the pretty view', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.scheme === 'cloudtrail-gz' && e.document.uri.path === file.path && e.document.lineCount > 1 ? e : undefined;
    });
    assert.strictEqual(editor.document.languageId, 'json');
    assert.ok(editor.document.lineCount > 100, `${editor.document.lineCount} lines`);
    assert.ok(editor.document.getText().includes('"eventName": "GetBucketRequestPay"'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(file);
  });
});
