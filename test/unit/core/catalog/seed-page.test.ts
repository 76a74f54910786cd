// The page the project started from ("Logging Amazon S3 API Calls By Using AWS CloudTrail"): every row of
// its tables must be findable in the catalog under its real CloudTrail name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { allEvents, lookupEvent, resolveAlias, type EventEntry } from '../../../../core/catalog/index';
import { SEED_PAGE, withoutShared } from '../../../shared-paths';

const VENDORED = path.join(__dirname, '../../../fixtures/catalog/seed-page-tables.txt');
const ORIGINAL = SEED_PAGE;

interface SeedTables {
  bucket: [string, string][];
  options: string[];
  object: [string, string][];
  soap: [string, string][];
}

/** The vendored copy: "[section]" lines, then one TAB-separated row per line. */
function parseVendored(text: string): SeedTables {
  const t: SeedTables = { bucket: [], options: [], object: [], soap: [] };
  let section: keyof SeedTables | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const head = /^\[(bucket-level|options|object-level|soap)\]/.exec(line);
    if (head) {
      section = ({ 'bucket-level': 'bucket', options: 'options', 'object-level': 'object', soap: 'soap' } as const)[head[1] as 'soap'];
      continue;
    }
    assert.ok(section, `row before any section: ${line}`);
    if (section === 'options') t.options.push(line.trim());
    else {
      const cells = line.split('\t');
      assert.equal(cells.length, 2, `two columns: ${line}`);
      t[section].push([cells[0], cells[1]]);
    }
  }
  return t;
}

/** The page as captured: each table cell on its own line; a table ends at the first prose line. */
function parseOriginal(text: string): SeedTables {
  const lines = text.split('\n').map((l) => l.trim());
  const rowsAfter = (header: string, occurrence: number): [string, string][] => {
    let at = -1;
    for (let i = 0; i <= occurrence; i++) at = lines.indexOf(header, at + 1);
    assert.ok(at >= 0, `table header ${header} #${occurrence}`);
    const cells: string[] = [];
    for (let i = at + 1; i < lines.length; i++) {
      if (lines[i] === '') continue;
      if (lines[i].length > 40 || /[.:]$/.test(lines[i])) break;
      cells.push(lines[i]);
    }
    assert.equal(cells.length % 2, 0, 'cells pair up');
    const rows: [string, string][] = [];
    for (let i = 0; i < cells.length; i += 2) rows.push([cells[i], cells[i + 1]]);
    return rows;
  };
  const restHeader = 'REST API Name API Event Name Used in CloudTrail Log';
  const options = lines.flatMap((l) => (/\bthe (OPTIONS object) object-level action\b/.exec(l)?.slice(1, 2) ?? []));
  return {
    bucket: rowsAfter(restHeader, 0),
    options,
    object: rowsAfter(restHeader, 1),
    soap: rowsAfter('SOAP API Name API Event Name Used in CloudTrail Log', 0),
  };
}

const vendored = parseVendored(fs.readFileSync(VENDORED, 'utf8'));

/** The s3.amazonaws.com entry a seed name refers to: exact eventName, else an alias (seed spellings). */
function findSeed(name: string): EventEntry | undefined {
  return lookupEvent(name, 's3.amazonaws.com') ?? resolveAlias(name, 's3.amazonaws.com');
}

test('the vendored tables have 32 bucket-level rows, OPTIONS object, 17 object-level rows and 7 SOAP rows', () => {
  // 32 = 7 DELETE Bucket * + 12 GET Bucket * + GET Service + PUT Bucket + 11 PUT Bucket *.
  assert.equal(vendored.bucket.length, 32);
  assert.deepEqual(vendored.options, ['OPTIONS object']);
  assert.equal(vendored.object.length, 17);
  assert.equal(vendored.soap.length, 7);
});

test('the vendored copy agrees with the original page (when present)', { skip: withoutShared(ORIGINAL) }, () => {
  assert.deepEqual(parseOriginal(fs.readFileSync(ORIGINAL, 'utf8')), vendored);
});

test('every bucket-level and object-level row is in the catalog under its real CloudTrail name', () => {
  for (const [restName, eventName] of [...vendored.bucket, ...vendored.object]) {
    const e = findSeed(eventName);
    assert.ok(e, `${eventName} (${restName}) is findable`);
    assert.ok(e.inSeed, `${e.eventName} is marked inSeed`);
    if (e.eventName !== eventName) assert.ok(e.aliases.includes(eventName), `${eventName} is an alias of ${e.eventName}`);
  }
  assert.equal(findSeed('GetBucketRequestPay')?.eventName, 'GetBucketRequestPayment');
  assert.equal(findSeed('PutBucketRequestPay')?.eventName, 'PutBucketRequestPayment');
});

test('object-level REST column names resolve too (PostObjectRestore, PutObjectCopy, ...)', () => {
  for (const [restName, eventName] of vendored.object) {
    const e = findSeed(restName);
    assert.ok(e, `${restName} is findable`);
    assert.equal(e.eventName, eventName, `${restName} -> ${eventName}`);
  }
});

test('OPTIONS object is PreflightRequest, a data event', () => {
  const e = findSeed(vendored.options[0]);
  assert.equal(e?.eventName, 'PreflightRequest');
  assert.equal(e?.category, 'data');
});

test('SOAP rows match the soap field of the entry with that eventName', () => {
  for (const [soapName, eventName] of vendored.soap) {
    const e = lookupEvent(eventName, 's3.amazonaws.com');
    assert.ok(e, eventName);
    assert.equal(e.soap, soapName, `${eventName}.soap`);
  }
  // And nothing else claims a SOAP name.
  const withSoap = allEvents().filter((e) => e.soap !== null).map((e) => e.soap).sort();
  assert.deepEqual(withSoap, vendored.soap.map(([s]) => s).sort());
});

test('inSeed marks exactly the entries the page names', () => {
  const named = new Set([...vendored.bucket, ...vendored.object].map(([, n]) => findSeed(n)?.eventName));
  named.add('PreflightRequest');
  const marked = allEvents().filter((e) => e.inSeed).map((e) => e.eventName);
  assert.deepEqual([...new Set(marked)].sort(), [...named].sort());
});
