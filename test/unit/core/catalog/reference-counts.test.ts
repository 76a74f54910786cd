// The catalog holds exactly the eventNames of the domain reference, counted the way the reference counts them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { allEvents, lookupEvent, type EventEntry } from '../../../../core/catalog/index';
import { REFERENCE_MD, withoutShared } from '../../../shared-paths';

const REFERENCE = REFERENCE_MD;

// How the numbers add up:
//   s3.amazonaws.com bucket/object/account entries (reference 1.2)            114
//   s3express.amazonaws.com entries (reference 1.4)                            27
//   S3 Control operations (reference 1.5)                                      97
//     = 76 control entries under s3.amazonaws.com
//     + 18 S3 on Outposts bucket operations under s3-outposts.amazonaws.com
//     +  3 account-level Block Public Access names, which are the 'account' entries of 1.2 (counted once)
//   total entries = 114 + 27 + 76 + 18 = 235
// The rest of the S3 family (scripts/catalog-family.mjs: S3 Tables, S3 Vectors, Outposts objects and endpoints,
// Object Lambda, directory-bucket configuration APIs, service events, ListObjectsV2 under access points) is
// checked against the API models in api-models.test.ts.
const FAMILY_GROUPS = new Set(['service', 'outposts-object', 'outposts-endpoint', 'tables', 'vectors', 'object-lambda']);
const fromFamily = (e: EventEntry): boolean => FAMILY_GROUPS.has(e.group) || e.provenance.sources.includes('MODEL-S3')
  || (e.eventSource === 's3.amazonaws.com' && e.eventName === 'ListObjectsV2');
const fromReference = allEvents().filter((e) => !fromFamily(e));
const generalPurpose = fromReference.filter((e) => e.eventSource === 's3.amazonaws.com' && ['bucket', 'object', 'account'].includes(e.group));
const express = fromReference.filter((e) => e.eventSource === 's3express.amazonaws.com');
const control = fromReference.filter((e) => e.group === 'control');
const outposts = fromReference.filter((e) => e.group === 'outposts');
const account = fromReference.filter((e) => e.group === 'account');

test('114 s3.amazonaws.com names excluding S3 Control', () => {
  assert.equal(generalPurpose.length, 114);
});

test('27 s3express.amazonaws.com names', () => {
  assert.equal(express.length, 27);
  assert.ok(express.every((e) => e.group === 'express'));
});

test('97 S3 Control operations = control + Outposts + the 3 account BPA entries counted once', () => {
  assert.equal(account.length, 3);
  assert.deepEqual(account.map((e) => e.eventName).sort(),
    ['DeleteAccountPublicAccessBlock', 'GetAccountPublicAccessBlock', 'PutAccountPublicAccessBlock']);
  assert.equal(control.length + outposts.length + account.length, 97);
  assert.ok(control.every((e) => e.eventSource === 's3.amazonaws.com'));
  assert.ok(outposts.every((e) => e.eventSource === 's3-outposts.amazonaws.com'));
  assert.equal(fromReference.length, 114 + 27 + control.length + outposts.length);
});

test('eventName is unique within each eventSource', () => {
  const keys = allEvents().map((e) => `${e.eventSource} ${e.eventName}`);
  assert.equal(new Set(keys).size, keys.length);
});

/** Backticked first-cell names of the markdown table rows between two headings. */
function namesInSection(md: string, from: string, to: string): { name: string; row: string }[] {
  const start = md.indexOf(from);
  const end = md.indexOf(to, start + from.length);
  assert.ok(start >= 0 && end > start, `section ${from} found`);
  const out: { name: string; row: string }[] = [];
  for (const line of md.slice(start, end).split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').map((c) => c.trim());
    const cell = /^\d+$/.test(cells[1]) ? cells[2] : cells[1];
    const m = /^`([A-Za-z0-9]+)`/.exec(cell ?? '');
    if (m && !cell.startsWith('eventName')) out.push({ name: m[1], row: line });
  }
  return out;
}

test('the sets of names equal the reference tables (when the reference is present)', { skip: withoutShared(REFERENCE) }, () => {
  const md = fs.readFileSync(REFERENCE, 'utf8');
  const t12 = namesInSection(md, '### 1.2', '### 1.3').map((r) => r.name);
  const t14 = namesInSection(md, '### 1.4', '### 1.5').map((r) => r.name);
  const t15 = namesInSection(md, '### 1.5', '## 2.');
  assert.equal(t12.length, 114);
  assert.equal(t14.length, 27);
  assert.equal(t15.length, 97);

  assert.deepEqual(generalPurpose.map((e) => e.eventName).sort(), [...t12].sort());
  assert.deepEqual(express.map((e) => e.eventName).sort(), [...t14].sort());

  const t15Outposts = t15.filter((r) => r.row.includes('s3-outposts.amazonaws.com')).map((r) => r.name);
  const t15Account = t15.filter((r) => r.row.includes('documented rename')).map((r) => r.name);
  const t15Control = t15.map((r) => r.name).filter((n) => !t15Outposts.includes(n) && !t15Account.includes(n));
  assert.deepEqual(outposts.map((e) => e.eventName).sort(), [...t15Outposts].sort());
  assert.deepEqual(account.map((e) => e.eventName).sort(), [...t15Account].sort());
  assert.deepEqual(control.map((e) => e.eventName).sort(), [...t15Control].sort());
});

test('categories and readOnly follow the reference rows (when present)', { skip: withoutShared(REFERENCE) }, () => {
  const md = fs.readFileSync(REFERENCE, 'utf8');
  for (const { name, row } of namesInSection(md, '### 1.2', '### 1.3')) {
    const cells = row.split('|').map((c) => c.trim());
    const e = lookupEvent(name, 's3.amazonaws.com');
    assert.ok(e, name);
    assert.equal(e.category, /^management/.test(cells[3]) ? 'management' : 'data', `${name} category`);
    const ro = /^true/.test(cells[4]) ? true : /^false/.test(cells[4]) ? false : null;
    assert.equal(e.readOnly, ro, `${name} readOnly`);
  }
});
