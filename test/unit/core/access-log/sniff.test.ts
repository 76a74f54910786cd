import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { looksLikeAccessLog } from '../../../../core/access-log';

const fixture = fs.readFileSync(path.join(__dirname, '../../../fixtures/access-log/public-lines.log'), 'utf8');

test('access-log text is recognised by content', () => {
  assert.equal(looksLikeAccessLog(fixture), true);
  assert.equal(looksLikeAccessLog('\n\n' + fixture.slice(0, 200)), true, 'a cut-off head still counts');
});

test('CloudTrail JSON, CSV, other web-server logs are not access logs', () => {
  assert.equal(looksLikeAccessLog('{"Records":[]}'), false);
  assert.equal(looksLikeAccessLog('eventTime,eventName\n2024-01-01,GetObject\n'), false);
  assert.equal(looksLikeAccessLog('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326\n'), false);
  assert.equal(looksLikeAccessLog(''), false);
});

test('one damaged line among good ones does not change the verdict; a damaged first line does', () => {
  const lines = fixture.trim().split('\n');
  assert.equal(looksLikeAccessLog([lines[0], 'garbage', lines[1], lines[2]].join('\n')), true);
  assert.equal(looksLikeAccessLog(['garbage', ...lines].join('\n')), false);
});
