import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { main } from '../../../../cli/main';
import type { IdentityStory } from '../../../../core/identity';
import { captureIO } from './cli-io';

const DIR = path.resolve(__dirname, '../../../fixtures/identity');

test('story: the chain, the sessions, the S3 activity, the addresses', async () => {
  const io = captureIO();
  assert.equal(await main(['story', 'ASIADEPLOY0000000002', DIR], io), 0);
  const text = io.stdout.join('\n');
  assert.match(text, /^Identity story of ASIADEPLOY0000000002 \(access key\)$/m);
  assert.match(text, /^ {4}<- AssumeRole at 2026-01-02T09:05:00Z by arn:aws:sts::111122223333:assumed-role\/admin\/alice-admin \(key ASIAADMIN00000000001\) from 203\.0\.113\.10, linked by the issued access key$/m);
  assert.match(text, /^ {4}<- AssumeRole at 2026-01-02T09:00:00Z by arn:aws:iam::111122223333:user\/alice \(key AKIAALICE00000000001\)/m);
  assert.match(text, /^ {4}== origin: IAM user arn:aws:iam::111122223333:user\/alice with its long-term access key AKIAALICE00000000001$/m);
  assert.match(text, /^prod-data +1 +1 +1 +0 /m);
  assert.match(text, /^192\.0\.2\.99 +2 /m);
});

test('story --format json; a missing link is said; an unknown id exits 1; bad arguments exit 2', async () => {
  const io = captureIO();
  assert.equal(await main(['story', '--format', 'json', 'ASIAORPHAN0000000003', DIR], io), 0);
  const s = JSON.parse(io.stdout.join('\n')) as IdentityStory;
  assert.equal(s.chains[0].steps[0].kind, 'missing');
  const text = captureIO();
  assert.equal(await main(['story', 'ASIAORPHAN0000000003', DIR], text), 0);
  assert.match(text.stdout.join('\n'), /^ {4}\?\? missing link: no AssumeRole\* record in these files issued the credentials ASIAORPHAN0000000003/m);
  const none = captureIO();
  assert.equal(await main(['story', 'AKIANOWHERE', DIR], none), 1);
  assert.match(none.stderr.join('\n'), /AKIANOWHERE is in no record of the 16 records/);
  assert.equal(await main(['story', DIR], captureIO()), 2);
  assert.equal(await main(['story', '--format', 'csv', 'x', DIR], captureIO()), 2);
});
