/* global describe, it */
// "Copy as CloudWatch Logs Filter Pattern" in the real extension host: the command puts the pattern on the
// clipboard; a term a pattern cannot say copies nothing (the command shows an error naming the term).
const assert = require('assert');
const vscode = require('vscode');
const { api } = require('./helpers');

describe('CloudWatch Logs filter pattern', () => {
  it('"Copy as CloudWatch Logs Filter Pattern" puts the pattern of the query on the clipboard', async () => {
    await api();
    const pattern = await vscode.commands.executeCommand('cloudtrailS3.copyCloudWatchPattern', 'source:s3.amazonaws.com eventName:putbucketpolicy,DeleteBucketPolicy');
    assert.strictEqual(pattern, '{ ($.eventSource = "s3.amazonaws.com") && (($.eventName = "PutBucketPolicy") || ($.eventName = "DeleteBucketPolicy")) }');
    assert.strictEqual(await vscode.env.clipboard.readText(), pattern);
  });

  it('a term a pattern cannot say copies nothing', async () => {
    await vscode.env.clipboard.writeText('unchanged');
    const pattern = await vscode.commands.executeCommand('cloudtrailS3.copyCloudWatchPattern', 'bucket:x since:-24h');
    assert.strictEqual(pattern, undefined);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'unchanged');
  });
});
