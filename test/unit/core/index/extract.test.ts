// The pruning scan must give exactly what JSON.parse + recordValues give, for every record it takes, and
// must take no text JSON.parse rejects. Checked over generated trees (several seeds, broken files, pretty
// and NDJSON layouts), the shared corpus, hand-made hostile records, and seeded mutations of real records.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readRecordStream } from '../../../../core/parse';
import { recordValues } from '../../../../core/record';
import { extractRecord, pruneRecord } from '../../../../core/index/extract';
import { rng } from './synthetic-records';
import { CORPUS_DIR } from '../../../shared-paths';

const GEN = path.resolve(__dirname, '../../../../scripts/gen-cloudtrail.mjs');
const CORPUS = CORPUS_DIR;

interface Tally {
  records: number;
  invalid: number;
}

/** Asserts the scan agrees with the reference on one record text; counts what was checked. */
function check(text: string, where: string, tally: Tally): void {
  let parsed: unknown;
  let valid = true;
  try {
    parsed = JSON.parse(text);
  } catch {
    valid = false;
  }
  const isObject = valid && typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  const fast = extractRecord(text);
  if (!isObject) {
    tally.invalid++;
    assert.equal(fast, undefined, `${where}: the scan took text JSON.parse rejects (or a non-object): ${text.slice(0, 200)}`);
    return;
  }
  tally.records++;
  const r = parsed as Record<string, unknown>;
  assert.ok(fast, `${where}: the scan declined a valid record: ${text.slice(0, 200)}`);
  assert.deepEqual(fast.values, recordValues(r), `${where}: values differ for ${text.slice(0, 300)}`);
}

async function recordTexts(file: string): Promise<string[]> {
  const out: string[] = [];
  const stream = readRecordStream(file, { maxInflatedBytes: 1 << 30, maxFileBytes: 1 << 30, onProblem: () => undefined });
  for await (const spans of stream) for (const s of spans) out.push(s.text);
  return out;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

describe('extractRecord against JSON.parse + recordValues', () => {
  let tmp = '';
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-test-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const trees: { name: string; args: string[]; min: number }[] = [
    { name: 'seed 1', args: ['--records', '8000', '--seed', '1'], min: 8000 },
    { name: 'seed 2, broken files, organization trail', args: ['--records', '6000', '--seed', '2', '--inject-bad', '7', '--org', 'o-a1b2c3d4e5'], min: 6000 },
    { name: 'seed 3, s3express and errors', args: ['--records', '6000', '--seed', '3', '--express-share', '0.3', '--error-rate', '0.3'], min: 6000 },
    { name: 'seed 4, pretty', args: ['--records', '2000', '--seed', '4', '--pretty'], min: 2000 },
    { name: 'seed 5, NDJSON', args: ['--records', '2000', '--seed', '5', '--ndjson'], min: 2000 },
  ];
  for (const t of trees) {
    it(`agrees on every record of a generated tree (${t.name})`, async (ctx) => {
      const out = path.join(tmp, t.name.replace(/\W+/g, '-'));
      execFileSync(process.execPath, [GEN, '--out', out, ...t.args], { stdio: 'ignore' });
      const tally: Tally = { records: 0, invalid: 0 };
      for (const f of walk(out)) for (const text of await recordTexts(f)) check(text, f, tally);
      assert.ok(tally.records >= t.min, `only ${tally.records} records checked`);
      ctx.diagnostic(`${tally.records} records agree, ${tally.invalid} invalid texts declined`);
    });
  }

  it('agrees on every record of the shared corpus', async (ctx) => {
    if (!fs.existsSync(CORPUS)) {
      ctx.diagnostic(`no corpus at ${CORPUS}; the hand-made and generated records still run`);
      return;
    }
    const tally: Tally = { records: 0, invalid: 0 };
    for (const f of walk(CORPUS)) for (const text of await recordTexts(f)) check(text, f, tally);
    assert.ok(tally.records > 100, `only ${tally.records} corpus records checked`);
    ctx.diagnostic(`${tally.records} records agree, ${tally.invalid} invalid texts declined`);
  });

  it('agrees on hand-made hostile records', (ctx) => {
    const s3 = '"eventSource":"s3.amazonaws.com","eventName":"GetObject"';
    const hostile = [
      // escapes in needed values and keys
      `{${s3},"requestParameters":{"bucketName":"b\\"q\\\\x\\u0041\\/","key":"k\\n\\t\\u00e9\\ud83d\\ude00"}}`,
      `{"event\\u004eame":"PutObject","eventSource":"s3.amazonaws.com","readOnly":false}`,
      `{${s3},"userIdentity":{"type":"IAMUser","user\\u004eame":"bob","arn":"arn:aws:iam::1:user/a\\/b"}}`,
      `{"eventSource":"s3.amazonaws.com","eventName":"Get\\u004fbject","eventTime":"2026-01-01T00:00:00\\u005a"}`,
      '{"eventName":"\\ud800","userAgent":"\\udfff lone surrogates","sourceIPAddress":"10.0.0.1\\u0000"}',
      // unicode as is
      `{${s3},"requestParameters":{"bucketName":"bücket","key":"日本語/ключ/😀"},"userAgent":"ägent"}`,
      // odd key order, nested objects with top-level key names
      `{"requestParameters":{"eventName":"X","bucketName":"rb","userIdentity":{"type":"Root"}},"additionalEventData":{"eventName":"Y","eventTime":"1999-01-01T00:00:00Z","resources":[{"ARN":"arn:aws:s3:::nope"}]},"eventName":"PutObject","eventSource":"s3.amazonaws.com"}`,
      `{"responseElements":{"userIdentity":{"accountId":"999"},"recipientAccountId":"888"},"userIdentity":{"accountId":"111","sessionContext":{"userName":"not-issuer","sessionIssuer":{"arn":"x","userName":"issuer"}}},"recipientAccountId":"222"}`,
      // duplicate keys: the last value wins, nested too
      `{"eventName":"GetObject","eventName":"PutObject","eventSource":"s3.amazonaws.com"}`,
      `{"userIdentity":{"type":"IAMUser","userName":"first"},"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/r/s"}}`,
      `{"userIdentity":{"type":"IAMUser","userName":"first"},"userIdentity":null}`,
      `{${s3},"requestParameters":{"bucketName":"a","bucketName":"","key":"k"}}`,
      `{${s3},"resources":[{"ARN":"arn:aws:s3:::a/k1","ARN":"arn:aws:s3:::b/k2","type":"AWS::S3::Object","type":"AWS::S3::Bucket"}]}`,
      `{${s3},"readOnly":true,"readOnly":"false","managementEvent":false,"managementEvent":"TRUE"}`,
      // numbers, booleans, nulls, objects and arrays where strings are expected
      '{"eventName":123,"eventSource":true,"eventTime":1.5e3,"awsRegion":null,"sourceIPAddress":[1,2],"userAgent":{"a":1},"errorCode":-0,"requestID":1e999,"eventID":0.1}',
      '{"userIdentity":{"type":7,"accountId":123456789012,"userName":false,"principalId":null,"arn":{"x":1},"invokedBy":[]},"recipientAccountId":123456789012}',
      '{"userIdentity":{"type":"Root","accountId":"1"},"recipientAccountId":"2","eventName":"ListBuckets","eventSource":"s3.amazonaws.com"}',
      '{"userIdentity":{"accountId":"ANONYMOUS_PRINCIPAL","type":"AWSAccount"},"eventName":"GetObject","eventSource":"s3.amazonaws.com"}',
      '{"userIdentity":{"accountId":"Anonymous"},"recipientAccountId":"Anonymous"}',
      '{"userIdentity":{"type":"AWSService","invokedBy":"","principalId":"p"}}',
      '{"userIdentity":"not an object","requestParameters":"nor this","resources":"nor this"}',
      '{"userIdentity":[{"type":"IAMUser"}],"requestParameters":[],"resources":{}}',
      '{"userIdentity":{"sessionContext":[],"type":"AssumedRole","principalId":"AROA:sess"}}',
      '{"userIdentity":{"sessionContext":{"sessionIssuer":null},"type":"AssumedRole","principalId":"AROA:sess"}}',
      '{"userIdentity":{"sessionContext":{"sessionIssuer":{"userName":"role"}},"type":"AssumedRole","principalId":"AROA:sess"}}',
      '{"userIdentity":{"type":"FederatedUser","arn":"arn:aws:sts::1:federated-user/fred"}}',
      '{"readOnly":"  TRUE ","eventCategory":"DATA"}',
      '{"readOnly":"yes","eventCategory":"Insight","managementEvent":"false","eventName":"PutObject","eventSource":"s3.amazonaws.com"}',
      '{"readOnly":1,"managementEvent":0,"eventName":"DeleteBucket","eventSource":"s3.amazonaws.com"}',
      // requestParameters null or missing, resources missing, empty, odd
      `{${s3},"requestParameters":null,"resources":[{"ARN":"arn:aws:s3:::bkt/obj/key.txt","type":"AWS::S3::Object"}]}`,
      `{${s3},"resources":[]}`,
      `{${s3},"resources":[null,1,"x",[],{"ARNPrefix":"arn:aws:s3:::pre/fix/"}]}`,
      `{${s3},"resources":[{"arn":"arn:aws:s3:::lower/k","TYPE":"aws::s3::object"}]}`,
      `{${s3},"resources":[{"Arn":"arn:aws:s3:::mixed/k","arn":"arn:aws:s3:::second/k"}]}`,
      `{${s3},"resources":[{"ARN":"arn:aws:s3express:us-east-1:1:bucket/b--use1-az4--x-s3/k"},{"ARN":"arn:aws:s3:::second/k2"}]}`,
      `{${s3},"resources":[{"ARN":"arn:aws:s3:::b","type":"AWS::S3::Bucket"},{"ARN":"arn:aws:s3:::b/k","type":"AWS::S3::Object"}]}`,
      `{${s3},"resources":[{"ARN":"","ARNPrefix":""},{"ARN":123}]}`,
      `{${s3},"requestParameters":{"bucketName":"","key":""},"resources":[{"ARN":"arn:aws:s3:::fromarn/k"}]}`,
      `{${s3},"requestParameters":{"Host":"h","host":"h2","bucketName":"real"}}`,
      // keys that are special to JavaScript objects
      '{"__proto__":{"eventName":"GetObject"},"constructor":1,"toString":"x","eventName":"PutObject"}',
      '{"resources":[{"__proto__":{"ARN":"arn:aws:s3:::proto/k"},"hasOwnProperty":1}],"eventSource":"s3.amazonaws.com"}',
      // whitespace everywhere JSON allows it
      ' \t\r\n{ "eventName" : "GetObject" ,\n\t"userIdentity" : { "type" : "IAMUser" , "userName" : "ws" } , "resources" : [ { "ARN" : "arn:aws:s3:::w/k" } ] } \n',
      '{}',
      '{"eventTime":"2026-01-01T00:00:00.000Z"}',
      '{"deep":[[[[[[[[[[[[[[[[[[[[{"a":[{"b":{}}]}]]]]]]]]]]]]]]]]]]]],"eventName":"X"}',
      // not JSON objects, or not JSON at all: the scan must decline
      '',
      ' ',
      '[]',
      '"string"',
      'null',
      '{"eventName":"GetObject"',
      '{"eventName":"GetObject"}}',
      '{"eventName":"GetObject",}',
      '{"eventName":"a\u0001b"}',
      '{"eventName":"a\nb"}',
      '{"x":"tab\tinside"}',
      '{"eventName":"bad escape \\x41"}',
      '{"eventName":"short \\u12"}',
      '{"eventName":"\\u12G4"}',
      '{"n":01}',
      '{"n":1.}',
      '{"n":.5}',
      '{"n":-}',
      '{"n":1e}',
      '{"n":+1}',
      '{"n":NaN}',
      '{"n":Infinity}',
      '{"t":tru}',
      '{"t":True}',
      "{'eventName':'x'}",
      '{eventName:"x"}',
      '{"a" "b"}',
      '{"a":1 "b":2}',
      '{"a":[1 2]}',
      '{"a":[1,]}',
      '{"a":[,1]}',
      '{"a":1}x',
      '\ufeff{"a":1}',
      '{"a":1}\u00a0',
      '{"a":"unterminated}',
      '{"a":"x"\u000b}',
    ];
    const tally: Tally = { records: 0, invalid: 0 };
    hostile.forEach((text, i) => check(text, `hostile #${i}`, tally));
    assert.ok(tally.records >= 40 && tally.invalid >= 30, `checked ${tally.records} records, ${tally.invalid} invalid texts`);
    ctx.diagnostic(`${tally.records} records agree, ${tally.invalid} invalid texts declined`);
  });

  it('agrees on seeded mutations of real records (valid or not)', async (ctx) => {
    const base = path.join(tmp, 'mutation-source.json');
    execFileSync(process.execPath, [GEN, '--single', base, '--records', '300', '--seed', '11'], { stdio: 'ignore' });
    const texts = await recordTexts(base);
    const r = rng(42);
    const pieces = ['"', '\\', '\\"', '\\u0041', '\\ud83d', '{', '}', '[', ']', ',', ':', ' ', '\n', '\u0001', '0', '-', 'e', '.', 'null', 'true', '"x"', 'é', '😀', '1e999'];
    const tally: Tally = { records: 0, invalid: 0 };
    let n = 0;
    for (let round = 0; round < 20; round++) {
      for (const text of texts) {
        const at = Math.floor(r() * text.length);
        const kind = r();
        let m: string;
        if (kind < 0.3) m = text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
        else if (kind < 0.7) m = text.slice(0, at) + pieces[Math.floor(r() * pieces.length)] + text.slice(at);
        else {
          // replace the value of a needed member with another JSON value
          const names = ['eventName', 'userName', 'bucketName', 'key', 'ARN', 'accountId', 'readOnly', 'type', 'userIdentity', 'resources', 'requestParameters', 'sessionIssuer'];
          const name = names[Math.floor(r() * names.length)];
          const values = ['null', '1', 'true', '"a\\"b"', '{}', '[]', '{"userName":"u","ARN":"arn:aws:s3:::m/k"}', '[{"ARN":"arn:aws:s3:::m/k"}]', '""', '"\\u0041rn:aws:s3:::esc/k"'];
          m = text.replace(new RegExp(`"${name}":("(?:[^"\\\\]|\\\\.)*"|true|false|null|-?\\d+)`), `"${name}":${values[Math.floor(r() * values.length)]}`);
        }
        check(m, `mutation ${n++}`, tally);
      }
    }
    assert.ok(tally.records > 1000 && tally.invalid > 1000, `checked ${tally.records} valid and ${tally.invalid} invalid mutations`);
    ctx.diagnostic(`${tally.records} valid mutations agree, ${tally.invalid} invalid ones declined`);
  });

  it('keeps only the members values are computed from', () => {
    const pruned = pruneRecord('{"eventName":"GetObject","responseElements":{"x":1},"userIdentity":{"type":"Root","sessionContext":{"attributes":{}}},"resources":[{"ARN":"a","accountId":"1"}]}');
    assert.deepEqual(pruned, { eventName: 'GetObject', userIdentity: { type: 'Root', sessionContext: {} }, resources: [{ ARN: 'a' }] });
  });
});
