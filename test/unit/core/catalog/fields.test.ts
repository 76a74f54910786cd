// Record field docs, enums, error codes, key id prefixes, eventVersion history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  AWS_REGIONS, EVENT_CATEGORIES, EVENT_TYPES, IDENTITY_TYPES, allFieldDocs, childFields, compareEventVersions, errorCodeDoc,
  fieldDoc, fieldsAddedIn, keyIdKind, knownErrorCodes, latestEventVersion,
} from '../../../../core/catalog/index';
import { REFERENCE_MD, withoutShared } from '../../../shared-paths';

const REFERENCE = REFERENCE_MD;

test('top-level fields carry type, since and optional', () => {
  const v = fieldDoc(['eventVersion']);
  assert.equal(v?.since, '1.0');
  assert.equal(v?.optional, false);
  assert.equal(fieldDoc(['tlsDetails'])?.since, '1.08');
  assert.equal(fieldDoc(['eventContext'])?.since, '1.11');
  assert.equal(fieldDoc(['userAgent'])?.optional, true);
  assert.equal(fieldDoc(['sessionCredentialFromConsole'])?.type.startsWith('string'), true);
  assert.equal(fieldDoc(['noSuchField']), undefined);
  for (const f of allFieldDocs()) assert.ok(f.description.length > 0 && f.type.length > 0, f.path);
  // Hovers show these descriptions: the reference's source keys are spelled out.
  assert.ok(allFieldDocs().every((f) => !/\bCT-REC\b|\bCORPUS\b/.test(f.description)));
});

test('every top-level field of reference 2.1 is documented (when present)', { skip: withoutShared(REFERENCE) }, () => {
  const md = fs.readFileSync(REFERENCE, 'utf8');
  const section = md.slice(md.indexOf('### 2.1'), md.indexOf('### 2.2'));
  const names = [...section.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]);
  assert.ok(names.length >= 30);
  // Beside them: the members of aggregated events, which the reference's table predates.
  assert.deepEqual(childFields([]).map((f) => f.path).sort(), [...names, 'eventId', 'timeWindow', 'summary'].sort());
});

test('fieldDoc ignores array indexes', () => {
  assert.equal(fieldDoc(['resources', 0, 'ARNPrefix'])?.path, 'resources.ARNPrefix');
  assert.equal(fieldDoc(['resources', 3, 'type'])?.values?.some((x) => x.value === 'AWS::S3::Object'), true);
  assert.equal(fieldDoc(['userIdentity', 'sessionContext', 'attributes', 'mfaAuthenticated'])?.type, 'string');
  // A flattened key (SIEM exports) is not the nested path.
  assert.equal(fieldDoc(['userIdentity.arn']), undefined);
});

test('childFields lists what is valid under an object path', () => {
  const ui = childFields(['userIdentity']).map((f) => f.path.split('.').pop());
  for (const k of ['type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'sessionContext', 'invokedBy', 'onBehalfOf', 'inScopeOf']) {
    assert.ok(ui.includes(k), `userIdentity.${k}`);
  }
  const sc = childFields(['userIdentity', 'sessionContext']).map((f) => f.path.split('.').pop());
  assert.deepEqual(sc.sort(), ['assumedRoot', 'attributes', 'ec2RoleDelivery', 'sessionIssuer', 'signInSessionArn', 'sourceIdentity', 'webIdFederationData']);
  assert.deepEqual(childFields(['userIdentity', 'sessionContext', 'attributes']).map((f) => f.path.split('.').pop()).sort(), ['creationDate', 'mfaAuthenticated']);
  assert.deepEqual(childFields(['resources', 0]).map((f) => f.path).sort(), ['resources.ARN', 'resources.ARNPrefix', 'resources.accountId', 'resources.type']);
  assert.ok(childFields(['tlsDetails']).some((f) => f.path === 'tlsDetails.keyExchange'));
  assert.ok(childFields(['addendum']).some((f) => f.path === 'addendum.originalEventID'));
  assert.ok(childFields(['insightDetails']).some((f) => f.path === 'insightDetails.insightType'));
  assert.ok(childFields(['edgeDeviceDetails']).length > 0);
  assert.ok(childFields(['requestParameters']).some((f) => f.path === 'requestParameters.list-type'));
  assert.ok(childFields(['additionalEventData']).some((f) => f.path === 'additionalEventData.x-amz-id-2'));
  assert.deepEqual(childFields(['eventName']), []);
});

test('enums with meanings', () => {
  assert.deepEqual([...EVENT_TYPES], ['AwsApiCall', 'AwsServiceEvent', 'AwsConsoleAction', 'AwsConsoleSignIn', 'AwsVpceEvent', 'AwsCloudTrailInsight', 'AwsAggregatedEvent']);
  assert.deepEqual([...EVENT_CATEGORIES], ['Management', 'Data', 'NetworkActivity', 'Insight', 'Aggregated']);
  for (const t of ['Root', 'IAMUser', 'AssumedRole', 'Role', 'FederatedUser', 'Directory', 'AWSAccount', 'AWSService', 'IdentityCenterUser', 'Unknown', 'SAMLUser', 'WebIdentityUser']) {
    assert.ok(IDENTITY_TYPES.includes(t), t);
  }
  const enumPaths: string[][] = [['addendum', 'reason'], ['tlsDetails', 'tlsVersion'], ['additionalEventData', 'SignatureVersion'],
    ['additionalEventData', 'AuthenticationMethod'], ['userIdentity', 'sessionContext', 'sessionIssuer', 'type']];
  for (const p of enumPaths) {
    const values = fieldDoc(p)?.values ?? [];
    assert.ok(values.length >= 2 && values.every((x) => x.description.length > 0), p.join('.'));
  }
  assert.deepEqual(fieldDoc(['addendum', 'reason'])?.values?.map((x) => x.value), ['DELIVERY_DELAY', 'UPDATED_DATA', 'SERVICE_OUTAGE']);
});

test('error codes of reference 2.7 each have a one-line meaning', () => {
  assert.match(errorCodeDoc('AccessDenied') ?? '', /not allowed/);
  assert.ok(errorCodeDoc('NoSuchKey'));
  assert.ok(errorCodeDoc('VpceAccessDenied'));
  assert.equal(errorCodeDoc('200'), undefined, 'the list is open-ended');
  assert.ok(knownErrorCodes().every((c) => !(errorCodeDoc(c) ?? '\n').includes('\n')));
  if (fs.existsSync(REFERENCE)) {
    const md = fs.readFileSync(REFERENCE, 'utf8');
    const s27 = md.slice(md.indexOf('### 2.7'), md.indexOf('## 3.'));
    const codes = [...new Set([...s27.matchAll(/`([A-Z][A-Za-z0-9]+)`/g)].map((m) => m[1]))];
    assert.deepEqual([...knownErrorCodes()].sort(), codes.sort());
  }
});

test('keyIdKind for access-key and unique-id prefixes', () => {
  assert.match(keyIdKind('AKIAIOSFODNN7EXAMPLE')?.meaning ?? '', /long-term/);
  assert.match(keyIdKind('ASIAXXXXXXXXXXXXXXXX')?.meaning ?? '', /temporary/);
  for (const p of ['ABIA', 'ACCA', 'AIDA', 'AROA', 'AGPA', 'AIPA', 'ANPA', 'ANVA', 'APKA', 'ASCA']) {
    assert.equal(keyIdKind(`${p}0123456789ABCDEF`)?.prefix, p);
  }
  assert.equal(keyIdKind('ACCESSKEYID'), undefined);
  assert.equal(keyIdKind(''), undefined);
});

test('fieldsAddedIn compares minor versions numerically', () => {
  assert.deepEqual(fieldsAddedIn('1.05'), ['serviceEventDetails']);
  assert.deepEqual(fieldsAddedIn('1.5'), ['serviceEventDetails']);
  assert.deepEqual([...fieldsAddedIn('1.08')].sort(), ['addendum', 'edgeDeviceDetails', 'sessionCredentialFromConsole', 'tlsDetails']);
  assert.deepEqual(fieldsAddedIn('1.11'), ['eventContext']);
  assert.deepEqual(fieldsAddedIn('1.10'), []);
  assert.ok(fieldsAddedIn('1.0').includes('eventName'));
  assert.ok(fieldsAddedIn('1.07').includes('insightDetails'));
  assert.deepEqual(fieldsAddedIn('banana'), []);
  assert.equal(compareEventVersions('1.10', '1.9')! > 0, true);
  assert.equal(compareEventVersions('1.05', '1.5'), 0);
  assert.equal(compareEventVersions('x', '1.5'), undefined);
  assert.equal(latestEventVersion(), '1.11');
  // Every top-level field's "since" agrees with the history table.
  for (const f of childFields([])) {
    if (f.since) assert.ok(fieldsAddedIn(f.since).includes(f.path), `${f.path} in history ${f.since}`);
  }
});

test('regions for completion', () => {
  assert.ok(AWS_REGIONS.includes('us-east-1'));
  assert.ok(AWS_REGIONS.includes('eu-west-1'));
  assert.equal(new Set(AWS_REGIONS).size, AWS_REGIONS.length);
  assert.ok(AWS_REGIONS.every((r) => /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(r)));
});
