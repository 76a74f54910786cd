import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { COLUMN_IDS } from '../../../../core/protocol';
import { RECORD_VALUE_KEYS, recordValueList, recordValues, rowValues, type RawRecord, type RecordValues } from '../../../../core/record';

const FIXTURES = path.join(__dirname, '../../../fixtures/record');
const names = fs.readdirSync(FIXTURES).filter((n) => n.endsWith('.json'));
function fixture(name: string): RawRecord {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as RawRecord;
}

describe('recordValues', () => {
  it('has every RecordValues key, each a string or undefined, for every fixture', () => {
    for (const n of names) {
      const v = recordValues(fixture(n));
      assert.deepEqual(Object.keys(v).sort(), [...RECORD_VALUE_KEYS].sort(), n);
      for (const k of RECORD_VALUE_KEYS) assert.ok(v[k] === undefined || typeof v[k] === 'string', `${n} ${k}`);
      assert.match(v.crossAccount, /^(true|false)$/);
      assert.match(v.anonymous, /^(true|false)$/);
    }
  });

  it('recordValueList lists the values in RECORD_VALUE_KEYS order', () => {
    const v = Object.fromEntries(RECORD_VALUE_KEYS.map((k) => [k, `value of ${k}`])) as unknown as RecordValues;
    assert.deepEqual(recordValueList(v), RECORD_VALUE_KEYS.map((k) => `value of ${k}`));
  });

  it('cross-account DeleteBucket', () => {
    const v = recordValues(fixture('cross-account-deletebucket.json'));
    assert.equal(v.eventName, 'DeleteBucket');
    assert.equal(v.bucket, 'my-test-bucket-cross-account');
    assert.equal(v.key, undefined);
    assert.equal(v.account, '777788889999');
    assert.equal(v.recipient, '111122223333');
    assert.equal(v.crossAccount, 'true');
    assert.equal(v.anonymous, 'false');
    assert.equal(v.identityType, 'AssumedRole');
    assert.equal(v.issuerUserName, 'OpsAdmin');
    assert.equal(v.category, 'management');
    assert.equal(v.access, 'write');
    assert.equal(v.errorCode, undefined);
    assert.equal(v.region, 'us-west-2');
  });

  it('anonymous GetObject', () => {
    const v = recordValues(fixture('anonymous-getobject.json'));
    assert.equal(v.anonymous, 'true');
    assert.equal(v.account, 'ANONYMOUS_PRINCIPAL');
    assert.equal(v.principalId, undefined);
    assert.equal(v.sourceIP, '198.51.100.23');
    assert.equal(v.requestID, 'EDFBFC9CE11E755F');
    assert.equal(v.eventID, 'ea33682d-0829-40c1-9820-bd721b9aede8');
    assert.equal(v.category, 'data');
  });

  it('numbers where strings belong (pandas exports) read as text; objects do not', () => {
    const v = recordValues({ recipientAccountId: 811596193553, awsRegion: { x: 1 }, errorCode: 200 });
    assert.equal(v.recipient, '811596193553');
    assert.equal(v.region, undefined);
    assert.equal(v.errorCode, '200');
  });

  it('survives hostile shapes without throwing', () => {
    for (const r of [{}, { userIdentity: null }, { userIdentity: [] }, { resources: [{ ARN: 5 }] }, { requestParameters: { bucketName: {} } }]) {
      const v = recordValues(r as RawRecord);
      assert.equal(v.bucket, undefined);
    }
  });
});

describe('rowValues', () => {
  it('every table column but id/file, plus principalArn; "" for what the record lacks', () => {
    const row = rowValues(fixture('awsservice-no-accountid.json'));
    const expected = [...COLUMN_IDS.filter((c) => c !== 'file'), 'principalArn'].sort();
    assert.deepEqual(Object.keys(row).sort(), expected);
    assert.equal(row.time, '2026-01-28T09:26:59Z');
    assert.equal(row.principal, 's3.amazonaws.com');
    assert.equal(row.principalArn, '');
    assert.equal(row.account, '');
    assert.equal(row.access, 'write');
    assert.equal(row.category, 'data');
    assert.equal(row.key, 'AWSLogs/123456789012/s3/2026-01-28-09-26-59-AB82D7306CDE5EF8');
  });

  it('principal and principalArn of an assumed role', () => {
    const row = rowValues(fixture('listobjects-arnprefix.json'));
    assert.equal(row.principal, 'WebProxyRole/i-0317f6c6b66ae9c40');
    assert.equal(row.principalArn, 'arn:aws:sts::123456789123:assumed-role/WebProxyRole/i-0317f6c6b66ae9c40');
    assert.equal(row.bucket, 'bank-data-bucket');
    assert.equal(row.key, '');
  });

  it('access and category empty when neither record nor catalog knows', () => {
    const row = rowValues(fixture('useridentity-without-type.json'));
    assert.equal(row.access, 'write');
    assert.equal(row.category, 'management');
    const unknown = rowValues({ eventName: 'Frobnicate', eventSource: 'example.amazonaws.com' });
    assert.equal(unknown.access, '');
    assert.equal(unknown.category, '');
    assert.equal(unknown.principal, '');
  });
});

describe('recordValues of a SIEM export', () => {
  it('takes the time from @timestamp when Logstash moved eventTime there, and prefers eventTime when both exist', () => {
    const exported: RawRecord = { eventVersion: '1.05', eventSource: 's3.amazonaws.com', eventName: 'ListObjects', '@timestamp': '2020-09-14T00:44:23.000Z', '@version': '1' };
    assert.equal(recordValues(exported).eventTime, '2020-09-14T00:44:23.000Z');
    assert.equal(recordValues({ ...exported, eventTime: '2020-09-14T00:44:22Z' }).eventTime, '2020-09-14T00:44:22Z');
  });
});
