/* global describe, it, before */
// Language features of a CloudTrail export (plain JSON): hover, diagnostics + quick fix, completion.
const assert = require('assert');
const vscode = require('vscode');
const { api, waitFor, workspaceUri, hoverText, eventNamePosition } = require('./helpers');

describe('language features in samples/exports/incident-2026-03-01.json', () => {
  let doc;
  before(async () => {
    await api();
    doc = await vscode.workspace.openTextDocument(workspaceUri('exports', 'incident-2026-03-01.json'));
    await vscode.window.showTextDocument(doc);
  });

  it('hover on an eventName shows the catalog entry: REST call, management/data, IAM action', async () => {
    const pos = eventNamePosition(doc, 'GetObject');
    const text = await waitFor('a catalog hover', async () => {
      const t = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos));
      return t.includes('GetObject') && /s3:GetObject/.test(t) ? t : undefined;
    });
    assert.match(text, /GET Object/i, 'REST call');
    assert.match(text, /data/i, 'event category');
    assert.match(text, /s3:GetObject/, 'IAM action');
  });

  it('reports unknown-event-name on GetBucketRequestPay and its quick fix renames it to GetBucketRequestPayment', async () => {
    const diag = await waitFor('the unknown-event-name diagnostic', () => vscode.languages.getDiagnostics(doc.uri)
      .find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'unknown-event-name' && doc.getText(d.range).includes('GetBucketRequestPay')));
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = (actions || []).find((a) => a.edit && /GetBucketRequestPayment/.test(a.title));
    assert.ok(fix, `a quick fix to GetBucketRequestPayment among: ${(actions || []).map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const line = doc.lineAt(diag.range.start.line).text;
    assert.match(line, /"GetBucketRequestPayment"/);
    await waitFor('the diagnostic to go away', () => !vscode.languages.getDiagnostics(doc.uri)
      .some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'unknown-event-name' && d.range.start.line === diag.range.start.line));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('completion at an eventName value offers S3 eventNames', async () => {
    const pos = eventNamePosition(doc, 'GetObject');
    const list = await waitFor('S3 completions', async () => {
      const l = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, pos);
      const labels = (l?.items || []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return labels.includes('PutObject') ? labels : undefined;
    });
    for (const name of ['GetObject', 'PutObject', 'DeleteObject', 'ListBuckets']) assert.ok(list.includes(name), `${name} offered`);
  });
});
