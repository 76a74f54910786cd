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
    assert.ok(yields >= Math.floor(text.length / 4096), `${yields} yields`);
    assert.deepEqual(r.value, splitRecords(text, 'f.json'));
  }
});

test('splitRecordsSteps encodes the text a chunk at a time and never splits a surrogate pair between two chunks', () => {
  // Every chunk boundary falls somewhere else in the pairs (chunks of 2 to 9 characters); a pair split in two
  // would be encoded as two U+FFFD and the record would read differently than from the whole text.
  const records = Array.from({ length: 40 }, (_, i) => `{"eventVersion":"1.09","eventID":"e-${i}","userAgent":"${'\u{1F600}'.repeat(i % 5)}x\u00e9"}`);
  for (const text of [`{"Records":[${records.join(',')}]}`, `{"Records":[${records.join(',')},{"a":}]}`, records.join('\n')]) {
    const whole = splitRecords(text, 'f.json');
    for (let chunk = 2; chunk < 10; chunk++) {
      const steps = splitRecordsSteps(text, 'f.json', chunk);
      let r = steps.next();
      while (!r.done) r = steps.next();
      assert.deepEqual(r.value, whole, `chunks of ${chunk}`);
      assert.ok(r.value.spans.every((s) => !s.text.includes('\ufffd')), `chunks of ${chunk}: a U+FFFD in a record`);
    }
  }
});
