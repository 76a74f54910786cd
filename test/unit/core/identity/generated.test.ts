// Chains on a generated tree, checked against an independent pass over the raw records: a session whose
// key an sts call issued starts its chain with that call; one whose key nobody here issued does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { identityStory, ISSUING_EVENTS } from '../../../../core/identity';
import { indexOf } from './load-index';

const REPO = path.resolve(__dirname, '../../../..');

test('generated tree: every session key is linked to the sts call that issued it, or said to be missing / an origin', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-gen-'));
  try {
    execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', '8000', '--days', '2', '--seed', '31', '--scenarios'], { stdio: 'ignore' });
    const files = (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })).filter((f) => f.endsWith('.json.gz')).map((f) => path.join(dir, f));
    type Raw = { eventName?: string; eventID?: string; eventTime?: string; userIdentity?: { type?: string; accessKeyId?: string }; responseElements?: { credentials?: { accessKeyId?: string } } | null };
    const issuedBy = new Map<string, Raw>();
    const used = new Map<string, Raw>();
    for (const f of files) {
      for (const r of (JSON.parse(zlib.gunzipSync(fs.readFileSync(f)).toString()) as { Records: Raw[] }).Records) {
        const issued = r.responseElements?.credentials?.accessKeyId;
        if (issued && ISSUING_EVENTS.includes(r.eventName ?? '')) {
          const had = issuedBy.get(issued);
          if (!had || (r.eventTime ?? '') < (had.eventTime ?? '')) issuedBy.set(issued, r);
        }
        const key = r.userIdentity?.accessKeyId;
        if (key && !used.has(key)) used.set(key, r);
      }
    }
    const index = await indexOf(files);
    let linked = 0;
    let unlinked = 0;
    for (const [key, r] of used) {
      const story = identityStory(index, key);
      assert.equal(story.kind, 'accessKey', key);
      const own = story.chains.find((c) => c.session === key);
      assert.ok(own, `a chain for ${key}`);
      const first = own.steps[0];
      const issuer = issuedBy.get(key);
      if (issuer) {
        linked++;
        assert.ok(first.kind === 'issued' && first.eventID === issuer.eventID, `${key}: issued by ${issuer.eventID}, story says ${JSON.stringify(first)}`);
      } else {
        unlinked++;
        assert.notEqual(first.kind, 'issued', key);
        if (key.startsWith('AKIA') && (r.userIdentity?.type === 'IAMUser' || r.userIdentity?.type === 'Root')) assert.equal(first.kind, 'origin', key);
        if (key.startsWith('ASIA') && r.userIdentity?.type === 'AssumedRole') assert.equal(first.kind, 'missing', key);
      }
      const last = own.steps[own.steps.length - 1];
      assert.ok(last.kind === 'origin' || last.kind === 'missing', `${key} ends at an origin or a missing link`);
    }
    assert.ok(linked > 5 && unlinked > 5, `both kinds met (${linked} linked, ${unlinked} not)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
