// Hovers over access-log fields: the field under the cursor is named and explained, the value decoded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { accessLogHover } from '../../../../core/access-log/hover';

const TEXT = fs.readFileSync(path.join(__dirname, '../../../fixtures/access-log/editor-sample.log'), 'utf8');
const NOW = Date.UTC(2019, 1, 8, 0, 0, 38);

/** The hover at the first occurrence of `needle` (plus `skip` characters) on line `line`. */
function hoverAt(needle: string, line = 0, skip = 1) {
  const lineStart = TEXT.split('\n').slice(0, line).join('\n').length + (line ? 1 : 0);
  const at = TEXT.indexOf(needle, lineStart);
  assert.ok(at >= 0, needle);
  const h = accessLogHover(TEXT, at + skip, NOW);
  assert.ok(h, `a hover at ${needle}`);
  return { ...h, text: TEXT.slice(h.start, h.end) };
}

test('the operation: its CloudTrail eventName with the catalog docs', () => {
  const h = hoverAt('REST.GET.OBJECT');
  assert.equal(h.text, 'REST.GET.OBJECT');
  assert.match(h.contents, /^\*\*Operation\*\* \(field 7/);
  assert.match(h.contents, /CloudTrail records this request as `GetObject`/);
  assert.match(h.contents, /IAM action: `s3:GetObject`/);
  assert.match(h.contents, /Data event/);
  const lifecycle = hoverAt('S3.EXPIRE.OBJECT', 2);
  assert.match(lifecycle.contents, /No CloudTrail record corresponds to this line/);
  assert.match(lifecycle.contents, /Lifecycle action done by S3 itself/);
});

test('the requester decoded: assumed role, anonymous, S3 itself', () => {
  assert.match(hoverAt('arn:aws:sts').contents, /assumed role in account 123456789012/);
  assert.match(hoverAt(' - A1206F', 1, 1).contents, /\*\*Requester\*\*[\s\S]*Anonymous request/);
  assert.match(hoverAt('AmazonS3', 2).contents, /S3 itself \(lifecycle actions\)/);
});

test('status and error code explained', () => {
  const ok = hoverAt(' 200 ', 0, 2);
  assert.equal(ok.text, '200');
  assert.match(ok.contents, /`200` — OK \(success\)/);
  const notFound = hoverAt(' 404 ', 1, 2);
  assert.match(notFound.contents, /404` — Not Found .*client error/);
  const error = hoverAt('NoSuchBucketPolicy', 1);
  assert.match(error.contents, /^\*\*Error Code\*\*/);
  assert.match(error.contents, /`NoSuchBucketPolicy` — /);
});

test('time in UTC, local time and age; the key decoded; sizes; source region', () => {
  const time = hoverAt('[06/Feb/2019:00:00:38');
  assert.equal(time.text, '[06/Feb/2019:00:00:38 +0000]');
  assert.match(time.contents, /UTC: 2019-02-06T00:00:38Z/);
  assert.match(time.contents, /Local: /);
  assert.match(time.contents, /2 days ago/);
  assert.match(hoverAt('photos/2019').contents, /decoded once\): `photos\/2019\/my puppy%\.jpg`/);
  assert.match(hoverAt(' 3462992 ', 0, 2).contents, /\*\*Object Size\*\*[\s\S]*3,462,992 bytes \(3\.3 MiB\)/);
  assert.match(hoverAt('us-west-2').contents, /\*\*Source Region\*\*/);
  assert.match(hoverAt('3E57427F').contents, /requestid:3E57427F3EXAMPLE/);
});

test('no hover off the fields or on a line that does not parse', () => {
  assert.equal(accessLogHover(TEXT, TEXT.lastIndexOf('REST.GET.OBJECT') + 2, NOW), null);
  assert.equal(accessLogHover('not a log line', 3, NOW), null);
  assert.equal(accessLogHover(TEXT, -1, NOW), null);
});

test('attacker text stays inside code spans', () => {
  const line = TEXT.split('\n')[0].replace('REST.GET.OBJECT', 'REST.GET.`[x](command:evil)`');
  const h = accessLogHover(line, line.indexOf('REST.GET.') + 2, NOW);
  assert.ok(h);
  // backticks in the value become spaces, so the link text cannot leave its code span
  assert.match(h.contents, /`REST\.GET\. \[x\]\(command:evil\) ` is not an operation this catalog knows/);
  assert.equal(h.contents.split('`').length % 2, 1, 'backticks are balanced');
});
