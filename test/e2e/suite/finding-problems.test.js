/* global describe, it, before, after */
// Findings in the Problems panel: off by default; the setting cloudtrailS3.findings.problems puts each finding
// on its first record (in the file, or in the pretty text of a .json.gz), with the severity mapped, the rule
// and count in the message and the rule id as code; turned off, the entries go.
const assert = require('assert');
const vscode = require('vscode');
const { api, waitFor, indexReady } = require('./helpers');

const SETTING = 'cloudtrailS3.findings.problems';
const SOURCE = 'CloudTrail findings';

/** The entries of our collection, as [uri, diagnostic] pairs. */
function findingEntries() {
  return vscode.languages.getDiagnostics().flatMap(([uri, list]) => list.filter((d) => d.source === SOURCE).map((d) => [uri, d]));
}

describe('findings in the Problems panel', () => {
  let findings;
  before(async () => {
    const { sendRequest } = await api();
    await indexReady(sendRequest);
    findings = await waitFor('the findings', async () => {
      const r = await sendRequest('cloudtrail/findings', {});
      return r.state === 'ready' && r.findings.length > 0 ? r.findings : undefined;
    }, 60000, 300);
  });

  after(async () => {
    await vscode.workspace.getConfiguration().update(SETTING, undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('has no entries while the setting is off (the default)', async () => {
    assert.strictEqual(vscode.workspace.getConfiguration().get(SETTING), false);
    assert.deepStrictEqual(findingEntries(), []);
  });

  it('turned on: one entry per finding on its first record, severity mapped, rule and count named, rule id as code', async () => {
    await vscode.workspace.getConfiguration().update(SETTING, true, vscode.ConfigurationTarget.Workspace);
    const entries = await waitFor('finding entries in the Problems panel', () => {
      const e = findingEntries();
      return e.length === findings.length ? e : undefined;
    }, 60000, 300);
    for (const f of findings) {
      const hit = entries.find(([, d]) => d.code === f.ruleId && d.message.includes(`${f.count} record`) && d.message.includes(f.title));
      assert.ok(hit, `an entry for ${f.id}`);
    }
    const expected = { critical: vscode.DiagnosticSeverity.Error, high: vscode.DiagnosticSeverity.Error, medium: vscode.DiagnosticSeverity.Warning, low: vscode.DiagnosticSeverity.Information, info: vscode.DiagnosticSeverity.Hint };
    for (const f of findings) assert.ok(entries.some(([, d]) => d.code === f.ruleId && d.severity === expected[f.severity]), `${f.ruleId} as ${f.severity}`);

    // A plain JSON file: the entry sits on the record's opening brace, and that record is the finding's first.
    const plain = entries.find(([uri]) => uri.scheme === 'file');
    assert.ok(plain, 'an entry on a plain JSON file (samples/exports)');
    const doc = await vscode.workspace.openTextDocument(plain[0]);
    const at = doc.offsetAt(plain[1].range.start);
    assert.strictEqual(doc.getText()[at], '{');
    const candidates = findings.filter((f) => f.ruleId === plain[1].code && f.records[0].file === plain[0].fsPath);
    assert.ok(candidates.some((f) => JSON.parse(doc.getText().slice(at, at + f.records[0].length)).eventID === f.eventIDs[0]), 'the first record of the finding');

    // A .json.gz: the entry is in its pretty text (what opening the file shows), on the record's line.
    const gz = entries.find(([uri]) => uri.scheme === 'cloudtrail-gz');
    assert.ok(gz, 'an entry on the pretty text of a .json.gz');
    const pretty = await vscode.workspace.openTextDocument(gz[0]);
    assert.match(pretty.lineAt(gz[1].range.start.line).text, /^\s*\{\s*$/);
    // The record that starts there (up to the next record's line) holds the first eventID of a finding of that rule in that file.
    const tail = pretty.getText(new vscode.Range(gz[1].range.start, pretty.lineAt(pretty.lineCount - 1).range.end));
    const nextRecord = tail.indexOf('\n    {');
    const recordText = nextRecord < 0 ? tail : tail.slice(0, nextRecord);
    assert.ok(findings.some((f) => f.ruleId === gz[1].code && f.records[0].file === gz[0].path && recordText.includes(`"${f.eventIDs[0]}"`)), 'the first record of the finding');
  });

  it('turned off again: the entries go', async () => {
    await vscode.workspace.getConfiguration().update(SETTING, false, vscode.ConfigurationTarget.Workspace);
    await waitFor('no finding entries', () => findingEntries().length === 0, 30000, 300);
  });
});
