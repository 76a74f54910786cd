import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitRecords, splitRecordsSteps } from '../../../../core/parse';

test('splitRecordsSteps yields between chunks and gives what splitRecords gives, also for a broken file', () => {
  const records = Array.from({ length: 3000 }, (_, i) => `{"eventVersion":"1.09","eventID":"e-${i}","eventName":"GetObject","key":"caf\u00e9 ${i}"}`);
  for (const text of [`{"Records":[${records.join(',')}]}`, `{"Records":[${records.join(',')},{"a":}]}`, `${records.join('\n')}\n{"a":\n`]) {
    const steps = splitRecordsSteps(text, 'f.json', 4096);
    let yields = 0;
    let r = steps.next();
    while (!r.done) {
      yields++;
      r = steps.next();
    }
    assert.ok(yields >= Math.floor(Buffer.byteLength(text) / 4096), `${yields} yields`);
    assert.deepEqual(r.value, splitRecords(text, 'f.json'));
  }
});
