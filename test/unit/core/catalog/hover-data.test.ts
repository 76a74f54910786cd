// Every entry carries what an eventName hover shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allEvents } from '../../../../core/catalog/index';

// Where the reference says a value is unknown or does not apply.
// Service events are emitted by S3 itself: no caller, no IAM action, no read or write.
const NO_IAM_ACTION = new Set(['s3.amazonaws.com PreflightRequest', 's3.amazonaws.com JobCreated', 's3.amazonaws.com JobStatusChanged']);
const READONLY_UNKNOWN = new Set(['s3.amazonaws.com JobCreated', 's3.amazonaws.com JobStatusChanged']);

test('rest, iamAction, apiUrl and description are non-empty for every entry', () => {
  for (const e of allEvents()) {
    const id = `${e.eventSource} ${e.eventName}`;
    assert.ok(e.rest.trim().length > 0, `${id} rest`);
    assert.ok(e.description.trim().length > 0, `${id} description`);
    assert.match(e.apiUrl, /^https:\/\/docs\.aws\.amazon\.com\/AmazonS3\/latest\/(API|userguide)\/[A-Za-z0-9_.-]+\.html$/, `${id} apiUrl`);
    if (NO_IAM_ACTION.has(id)) assert.equal(e.iamAction, null, id);
    else assert.match(e.iamAction ?? '', /^[a-z0-9-]+:[A-Za-z0-9]+(, [a-z0-9-]+:[A-Za-z0-9]+)*$/, `${id} iamAction`);
  }
});

test('category and readOnly are set except where the reference says unknown', () => {
  for (const e of allEvents()) {
    const id = `${e.eventSource} ${e.eventName}`;
    assert.ok(e.category === 'management' || e.category === 'data', `${id} category`);
    if (READONLY_UNKNOWN.has(id)) assert.equal(e.readOnly, null, id);
    else assert.equal(typeof e.readOnly, 'boolean', `${id} readOnly`);
  }
});

test('API URLs follow the AWS naming (S3 Control pages are API_control_*)', () => {
  for (const e of allEvents()) {
    if (e.group === 'control' || e.group === 'outposts' || e.group === 'account') assert.match(e.apiUrl, /\/API_control_\w+\.html$/, e.eventName);
  }
  const byName = new Map(allEvents().filter((e) => e.eventSource === 's3.amazonaws.com').map((e) => [e.eventName, e]));
  // Renamed events link the API operation's page, not a page named after the eventName.
  assert.match(byName.get('GetBucketLifecycle')!.apiUrl, /API_GetBucketLifecycleConfiguration\.html$/);
  assert.match(byName.get('GetAccelerateConfiguration')!.apiUrl, /API_GetBucketAccelerateConfiguration\.html$/);
  assert.match(byName.get('GetBucketObjectLockConfiguration')!.apiUrl, /API_GetObjectLockConfiguration\.html$/);
  assert.match(byName.get('GetBucketPublicAccessBlock')!.apiUrl, /API_GetPublicAccessBlock\.html$/);
  assert.match(byName.get('GetObject')!.apiUrl, /API_GetObject\.html$/);
});

test('read-only verbs agree with readOnly', () => {
  for (const e of allEvents()) {
    if (e.readOnly === null) continue;
    const verbRead = /^(Get|List|Head|Describe|Query)/.test(e.eventName) || ['SelectObjectContent', 'PreflightRequest', 'CreateSession'].includes(e.eventName);
    assert.equal(e.readOnly, verbRead, `${e.eventSource} ${e.eventName}`);
  }
});

test('S3 Control and Outposts entries show their HTTP request line', () => {
  for (const e of allEvents()) {
    if (e.group === 'control' || e.group === 'outposts') assert.match(e.rest, /^(GET|PUT|POST|DELETE|PATCH) \/v20180820\//, e.eventName);
    if (e.group === 'outposts') assert.match(e.rest, /\/bucket\b/, e.eventName);
  }
});
