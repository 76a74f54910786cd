import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathFacets } from '../../../../core/parse';

describe('pathFacets', () => {
  it('standard trail key', () => {
    assert.deepEqual(pathFacets('/data/logs/AWSLogs/653711331788/CloudTrail/us-east-1/2018/11/28/653711331788_CloudTrail_us-east-1_20181128T2235Z_cR9ra7OH1rytWyXY.json.gz'), {
      account: '653711331788', kind: 'CloudTrail', region: 'us-east-1', date: '2018-11-28',
    });
  });

  it('organization trail with a non-standard file name', () => {
    assert.deepEqual(pathFacets('test_input/AWSLogs/o-abcd1234/811596193553/CloudTrail/ap-southeast-1/2020/09/30/811596193553_CloudTrail_ap-southeast-1-20200930T2358.json'), {
      orgId: 'o-abcd1234', account: '811596193553', kind: 'CloudTrail', region: 'ap-southeast-1', date: '2020-09-30',
    });
  });

  it('renamed region folder keeps its name; Windows separators', () => {
    const f = pathFacets('C:\\logs\\AWSLogs\\653711331788\\CloudTrail\\us_east_1\\2018\\11\\28\\x.json.gz');
    assert.equal(f.region, 'us_east_1');
    assert.equal(f.account, '653711331788');
    assert.equal(f.date, '2018-11-28');
  });

  it('digest and insight prefixes', () => {
    const d = pathFacets('AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2024/05/01/111122223333_CloudTrail-Digest_eu-west-1_main-trail_us-east-1_20240501T100000Z.json.gz');
    assert.deepEqual(d, { account: '111122223333', kind: 'CloudTrail-Digest', region: 'eu-west-1', date: '2024-05-01' });
    assert.equal(pathFacets('AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/05/01/a.json.gz').kind, 'CloudTrail-Insight');
  });

  it('file name alone, including the form without an underscore before the random part', () => {
    assert.deepEqual(pathFacets('/tmp/downloads/123456789012_CloudTrail_eu-central-1_20140620T1255ZHdkvFTXOA3Vnhbc.json.gz'), {
      account: '123456789012', kind: 'CloudTrail', region: 'eu-central-1', date: '2014-06-20',
    });
  });

  it('nothing to say about other paths', () => {
    assert.deepEqual(pathFacets('/home/me/project/package.json'), {});
    assert.deepEqual(pathFacets('AWSLogs'), {});
    assert.deepEqual(pathFacets('AWSLogs/123456789012/CloudTrail/us-east-1/notadate/x.json'), { account: '123456789012', kind: 'CloudTrail', region: 'us-east-1' });
  });
});
