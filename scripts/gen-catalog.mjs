// Generates core/catalog/data/*.json from the domain reference (../shared/reference/s3-cloudtrail.md).
// The reference's markdown tables give the names, categories, readOnly, REST names, descriptions and field
// meanings; this script adds what the tables do not hold (IAM actions, API page names, aliases, nested field
// docs, enum meanings), and scripts/catalog-family.mjs the S3-family sources the tables do not list. The JSON output is committed so builds and CI never need ../shared.
//   node scripts/gen-catalog.mjs [--check] [path/to/s3-cloudtrail.md]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_SOURCES, REFERENCES, familyEvents } from './catalog-family.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const refPath = path.resolve(root, '../shared/reference/s3-cloudtrail.md');
const outDir = path.join(root, 'core/catalog/data');

const API = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';

// ---------------------------------------------------------------- markdown tables

/** Rows (cells trimmed) of every markdown table between two headings. */
export function tableRows(md, fromHeading, toHeading) {
  const start = md.indexOf(fromHeading);
  if (start < 0) throw new Error(`heading not found: ${fromHeading}`);
  const end = toHeading ? md.indexOf(toHeading, start + fromHeading.length) : md.length;
  const rows = [];
  const lines = md.slice(start, end < 0 ? md.length : end).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // Skip separators and header rows (the line right above a separator).
    if (!line.startsWith('|') || /^\|\s*-/.test(line) || /^\|\s*-/.test(lines[i + 1] ?? '')) continue;
    rows.push(line.slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined).split('|').map((c) => c.trim()));
  }
  return rows;
}

const firstCode = (cell) => /`([^`]+)`/.exec(cell)?.[1];
const plain = (s) => s.replace(/\*\*/g, '').replace(/`/g, '').trim();

function parseCategory(cell) {
  if (/^management/.test(cell)) return 'management';
  if (/^data|presumably data/.test(cell)) return 'data';
  throw new Error(`unknown category: ${cell}`);
}

function parseReadOnly(cell) {
  if (/^true/.test(cell)) return true;
  if (/^false/.test(cell)) return false;
  return null;
}

/** Splits the REST column: "GET Bucket lifecycle (API: A, B)" -> rest + API names (or a note for non-SDK ops). */
function splitRest(cell) {
  const m = /^(.*?)\s*\(API: (.*)\)\s*$/.exec(cell);
  if (!m) return { rest: cell, apiNames: [], apiNote: undefined };
  const inner = m[2];
  if (inner.startsWith('(')) return { rest: m[1], apiNames: [], apiNote: inner.replace(/^\(|\)$/g, '') };
  const control = inner.startsWith('s3control ');
  return { rest: m[1], apiNames: inner.replace(/^s3control /, '').split(/,\s*/), control, apiNote: undefined };
}

// ---------------------------------------------------------------- IAM actions

// s3.amazonaws.com bucket and object APIs whose IAM action differs from `s3:<eventName>`.
const S3_IAM = {
  CompleteMultipartUpload: 's3:PutObject',
  CopyObject: 's3:GetObject, s3:PutObject',
  CreateBucketMetadataConfiguration: 's3:CreateBucketMetadataTableConfiguration',
  CreateMultipartUpload: 's3:PutObject',
  DeleteAccountPublicAccessBlock: 's3:PutAccountPublicAccessBlock',
  DeleteBucketAnalyticsConfiguration: 's3:PutAnalyticsConfiguration',
  DeleteBucketCors: 's3:PutBucketCORS',
  DeleteBucketEncryption: 's3:PutEncryptionConfiguration',
  DeleteBucketIntelligentTieringConfiguration: 's3:PutIntelligentTieringConfiguration',
  DeleteBucketInventoryConfiguration: 's3:PutInventoryConfiguration',
  DeleteBucketLifecycle: 's3:PutLifecycleConfiguration',
  DeleteBucketMetadataConfiguration: 's3:DeleteBucketMetadataTableConfiguration',
  DeleteBucketMetricsConfiguration: 's3:PutMetricsConfiguration',
  DeleteBucketOwnershipControls: 's3:PutBucketOwnershipControls',
  DeleteBucketPublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  DeleteBucketReplication: 's3:PutReplicationConfiguration',
  DeleteBucketTagging: 's3:PutBucketTagging',
  DeleteObject: 's3:DeleteObject, s3:DeleteObjectVersion',
  DeleteObjectTagging: 's3:DeleteObjectTagging, s3:DeleteObjectVersionTagging',
  DeleteObjects: 's3:DeleteObject',
  GetBucketAbac: 's3:GetBucketABAC',
  GetBucketAnalyticsConfiguration: 's3:GetAnalyticsConfiguration',
  GetBucketCors: 's3:GetBucketCORS',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  GetBucketIntelligentTieringConfiguration: 's3:GetIntelligentTieringConfiguration',
  GetBucketInventoryConfiguration: 's3:GetInventoryConfiguration',
  GetBucketLifecycle: 's3:GetLifecycleConfiguration',
  GetBucketMetadataConfiguration: 's3:GetBucketMetadataTableConfiguration',
  GetBucketMetricsConfiguration: 's3:GetMetricsConfiguration',
  GetBucketReplication: 's3:GetReplicationConfiguration',
  GetObject: 's3:GetObject, s3:GetObjectVersion',
  GetObjectAcl: 's3:GetObjectAcl, s3:GetObjectVersionAcl',
  GetObjectAttributes: 's3:GetObjectAttributes, s3:GetObjectVersionAttributes',
  GetObjectTagging: 's3:GetObjectTagging, s3:GetObjectVersionTagging',
  HeadBucket: 's3:ListBucket',
  HeadObject: 's3:GetObject',
  ListBucketAnalyticsConfigurations: 's3:GetAnalyticsConfiguration',
  ListBucketIntelligentTieringConfigurations: 's3:GetIntelligentTieringConfiguration',
  ListBucketInventoryConfigurations: 's3:GetInventoryConfiguration',
  ListBucketMetricsConfigurations: 's3:GetMetricsConfiguration',
  ListBuckets: 's3:ListAllMyBuckets',
  ListMultipartUploads: 's3:ListBucketMultipartUploads',
  ListObjectVersions: 's3:ListBucketVersions',
  ListObjects: 's3:ListBucket',
  ListParts: 's3:ListMultipartUploadParts',
  PostObject: 's3:PutObject',
  // A CORS preflight is unauthenticated: S3 checks it against the bucket's CORS rules, not IAM.
  PreflightRequest: null,
  PutBucketAbac: 's3:PutBucketABAC',
  PutBucketAnalyticsConfiguration: 's3:PutAnalyticsConfiguration',
  PutBucketCors: 's3:PutBucketCORS',
  PutBucketEncryption: 's3:PutEncryptionConfiguration',
  PutBucketIntelligentTieringConfiguration: 's3:PutIntelligentTieringConfiguration',
  PutBucketInventoryConfiguration: 's3:PutInventoryConfiguration',
  PutBucketLifecycle: 's3:PutLifecycleConfiguration',
  PutBucketMetricsConfiguration: 's3:PutMetricsConfiguration',
  PutBucketReplication: 's3:PutReplicationConfiguration',
  PutObjectAcl: 's3:PutObjectAcl, s3:PutObjectVersionAcl',
  PutObjectTagging: 's3:PutObjectTagging, s3:PutObjectVersionTagging',
  SelectObjectContent: 's3:GetObject',
  UploadPart: 's3:PutObject',
  UploadPartCopy: 's3:GetObject, s3:PutObject',
  WriteGetObjectResponse: 's3-object-lambda:WriteGetObjectResponse',
};

// Directory buckets: Regional (management) APIs have their own s3express actions; Zonal (data) APIs are
// authorized once per session by s3express:CreateSession.
const EXPRESS_IAM = {
  CreateBucket: 's3express:CreateBucket',
  DeleteBucket: 's3express:DeleteBucket',
  DeleteBucketPolicy: 's3express:DeleteBucketPolicy',
  GetBucketPolicy: 's3express:GetBucketPolicy',
  PutBucketPolicy: 's3express:PutBucketPolicy',
  ListDirectoryBuckets: 's3express:ListAllMyDirectoryBuckets',
  PutBucketEncryption: 's3express:PutEncryptionConfiguration',
  GetBucketEncryption: 's3express:GetEncryptionConfiguration',
  DeleteBucketEncryption: 's3express:PutEncryptionConfiguration',
};

// S3 Control operations whose IAM action differs from `s3:<operation>`.
const CONTROL_IAM = {
  CreateJob: 's3:CreateJob, iam:PassRole',
  DeleteAccessPointScope: 's3express:DeleteAccessPointScope',
  GetAccessPointScope: 's3express:GetAccessPointScope',
  PutAccessPointScope: 's3express:PutAccessPointScope',
  ListAccessPointsForDirectoryBuckets: 's3express:ListAccessPointsForDirectoryBuckets',
};

// S3 on Outposts bucket operations: s3-outposts actions, configuration names as for S3 buckets.
const OUTPOSTS_IAM = {
  DeleteBucketLifecycleConfiguration: 's3-outposts:PutLifecycleConfiguration',
  GetBucketLifecycleConfiguration: 's3-outposts:GetLifecycleConfiguration',
  PutBucketLifecycleConfiguration: 's3-outposts:PutLifecycleConfiguration',
  DeleteBucketReplication: 's3-outposts:PutReplicationConfiguration',
  GetBucketReplication: 's3-outposts:GetReplicationConfiguration',
  PutBucketReplication: 's3-outposts:PutReplicationConfiguration',
  DeleteBucketTagging: 's3-outposts:PutBucketTagging',
};

// ---------------------------------------------------------------- aliases

// Names people (or documents) use for an s3.amazonaws.com eventName that CloudTrail never logs.
const S3_ALIASES = {
  // Seed page truncations and REST-column names (reference 1.3).
  GetBucketRequestPayment: ['GetBucketRequestPay'],
  PutBucketRequestPayment: ['PutBucketRequestPay'],
  PreflightRequest: ['OPTIONS object'],
  RestoreObject: ['PostObjectRestore'],
  CopyObject: ['PutObjectCopy'],
  CreateMultipartUpload: ['InitiateMultipartUpload'],
  DeleteObjects: ['DeleteMultipleObjects'],
  UploadPartCopy: ['UploadPart - Copy'],
  // IAM action names used as if they were eventNames.
  ListObjects: ['ListBucket'],
  ListObjectVersions: ['ListBucketVersions'],
  ListMultipartUploads: ['ListBucketMultipartUploads'],
  ListParts: ['ListMultipartUploadParts'],
  ListBuckets: ['ListAllMyBuckets'],
  PutBucketEncryption: ['PutEncryptionConfiguration'],
  GetBucketEncryption: ['GetEncryptionConfiguration'],
  PutBucketLifecycle: ['PutLifecycleConfiguration'],
  GetBucketLifecycle: ['GetLifecycleConfiguration'],
  PutBucketReplication: ['PutReplicationConfiguration'],
  GetBucketReplication: ['GetReplicationConfiguration'],
  GetBucketAnalyticsConfiguration: ['GetAnalyticsConfiguration'],
  PutBucketAnalyticsConfiguration: ['PutAnalyticsConfiguration'],
  GetBucketInventoryConfiguration: ['GetInventoryConfiguration'],
  PutBucketInventoryConfiguration: ['PutInventoryConfiguration'],
  GetBucketMetricsConfiguration: ['GetMetricsConfiguration'],
  PutBucketMetricsConfiguration: ['PutMetricsConfiguration'],
  GetBucketIntelligentTieringConfiguration: ['GetIntelligentTieringConfiguration'],
  PutBucketIntelligentTieringConfiguration: ['PutIntelligentTieringConfiguration'],
  GetObject: ['GetObjectVersion'],
  DeleteObject: ['DeleteObjectVersion'],
  GetObjectAcl: ['GetObjectVersionAcl'],
  PutObjectAcl: ['PutObjectVersionAcl'],
  GetObjectTagging: ['GetObjectVersionTagging'],
  PutObjectTagging: ['PutObjectVersionTagging'],
  DeleteObjectTagging: ['DeleteObjectVersionTagging'],
};

const S3_NOTES = {
  ListObjects: 'also used for ListObjectsV2 on the bucket (see requestParameters list-type = "2"); requests through an access point log ListObjectsV2',
  PreflightRequest: 'CORS preflight ("OPTIONS object" in the original S3 page, which calls it bucket-level); real records are data events',
  HeadBucket: 'logged as a data event although it is a bucket operation',
  DeleteObjects: 'newer trails also log one DeleteObject event per deleted key',
  GetBucketRequestPayment: 'the original S3 page writes "GetBucketRequestPay" (truncated)',
  PutBucketRequestPayment: 'the original S3 page writes "PutBucketRequestPay" (truncated)',
  InitiateReplication: 'emitted by S3 replication, not by a client API call; category not stated by AWS',
  DeleteAccountPublicAccessBlock: 'account level (S3 Control DeletePublicAccessBlock); the bucket-level API of the same name logs DeleteBucketPublicAccessBlock',
  GetAccountPublicAccessBlock: 'account level (S3 Control GetPublicAccessBlock); the bucket-level API of the same name logs GetBucketPublicAccessBlock',
  PutAccountPublicAccessBlock: 'account level (S3 Control PutPublicAccessBlock); the bucket-level API of the same name logs PutBucketPublicAccessBlock',
  WriteGetObjectResponse: 'logged for S3 Object Lambda access points (resources type AWS::S3ObjectLambda::AccessPoint)',
};

// REST lines for directory-bucket-only operations (the others reuse the general purpose bucket's line).
const EXPRESS_REST = {
  CreateSession: 'GET Bucket ?session',
  ListDirectoryBuckets: 'GET Service (ListDirectoryBuckets)',
  ListObjectsV2: 'GET Bucket (List Objects) Version 2',
  RenameObject: 'PUT Object ?renameObject',
};

// HTTP binding of every S3 Control operation (method and request URI of the s3control 2018-08-20 API model,
// as in @aws-sdk/client-s3-control 3.1112.0); the REST line shown for S3 Control and Outposts entries.
const CONTROL_REST = {
  AssociateAccessGrantsIdentityCenter: "POST /v20180820/accessgrantsinstance/identitycenter",
  CreateAccessGrant: "POST /v20180820/accessgrantsinstance/grant",
  CreateAccessGrantsInstance: "POST /v20180820/accessgrantsinstance",
  CreateAccessGrantsLocation: "POST /v20180820/accessgrantsinstance/location",
  CreateAccessPoint: "PUT /v20180820/accesspoint/{Name}",
  CreateAccessPointForObjectLambda: "PUT /v20180820/accesspointforobjectlambda/{Name}",
  CreateBucket: "PUT /v20180820/bucket/{Bucket}",
  CreateJob: "POST /v20180820/jobs",
  CreateMultiRegionAccessPoint: "POST /v20180820/async-requests/mrap/create",
  CreateStorageLensGroup: "POST /v20180820/storagelensgroup",
  DeleteAccessGrant: "DELETE /v20180820/accessgrantsinstance/grant/{AccessGrantId}",
  DeleteAccessGrantsInstance: "DELETE /v20180820/accessgrantsinstance",
  DeleteAccessGrantsInstanceResourcePolicy: "DELETE /v20180820/accessgrantsinstance/resourcepolicy",
  DeleteAccessGrantsLocation: "DELETE /v20180820/accessgrantsinstance/location/{AccessGrantsLocationId}",
  DeleteAccessPoint: "DELETE /v20180820/accesspoint/{Name}",
  DeleteAccessPointForObjectLambda: "DELETE /v20180820/accesspointforobjectlambda/{Name}",
  DeleteAccessPointPolicy: "DELETE /v20180820/accesspoint/{Name}/policy",
  DeleteAccessPointPolicyForObjectLambda: "DELETE /v20180820/accesspointforobjectlambda/{Name}/policy",
  DeleteAccessPointScope: "DELETE /v20180820/accesspoint/{Name}/scope",
  DeleteBucket: "DELETE /v20180820/bucket/{Bucket}",
  DeleteBucketLifecycleConfiguration: "DELETE /v20180820/bucket/{Bucket}/lifecycleconfiguration",
  DeleteBucketPolicy: "DELETE /v20180820/bucket/{Bucket}/policy",
  DeleteBucketReplication: "DELETE /v20180820/bucket/{Bucket}/replication",
  DeleteBucketTagging: "DELETE /v20180820/bucket/{Bucket}/tagging",
  DeleteJobTagging: "DELETE /v20180820/jobs/{JobId}/tagging",
  DeleteMultiRegionAccessPoint: "POST /v20180820/async-requests/mrap/delete",
  DeletePublicAccessBlock: "DELETE /v20180820/configuration/publicAccessBlock",
  DeleteStorageLensConfiguration: "DELETE /v20180820/storagelens/{ConfigId}",
  DeleteStorageLensConfigurationTagging: "DELETE /v20180820/storagelens/{ConfigId}/tagging",
  DeleteStorageLensGroup: "DELETE /v20180820/storagelensgroup/{Name}",
  DescribeJob: "GET /v20180820/jobs/{JobId}",
  DescribeMultiRegionAccessPointOperation: "GET /v20180820/async-requests/mrap/{RequestTokenARN+}",
  DissociateAccessGrantsIdentityCenter: "DELETE /v20180820/accessgrantsinstance/identitycenter",
  GetAccessGrant: "GET /v20180820/accessgrantsinstance/grant/{AccessGrantId}",
  GetAccessGrantsInstance: "GET /v20180820/accessgrantsinstance",
  GetAccessGrantsInstanceForPrefix: "GET /v20180820/accessgrantsinstance/prefix",
  GetAccessGrantsInstanceResourcePolicy: "GET /v20180820/accessgrantsinstance/resourcepolicy",
  GetAccessGrantsLocation: "GET /v20180820/accessgrantsinstance/location/{AccessGrantsLocationId}",
  GetAccessPoint: "GET /v20180820/accesspoint/{Name}",
  GetAccessPointConfigurationForObjectLambda: "GET /v20180820/accesspointforobjectlambda/{Name}/configuration",
  GetAccessPointForObjectLambda: "GET /v20180820/accesspointforobjectlambda/{Name}",
  GetAccessPointPolicy: "GET /v20180820/accesspoint/{Name}/policy",
  GetAccessPointPolicyForObjectLambda: "GET /v20180820/accesspointforobjectlambda/{Name}/policy",
  GetAccessPointPolicyStatus: "GET /v20180820/accesspoint/{Name}/policyStatus",
  GetAccessPointPolicyStatusForObjectLambda: "GET /v20180820/accesspointforobjectlambda/{Name}/policyStatus",
  GetAccessPointScope: "GET /v20180820/accesspoint/{Name}/scope",
  GetBucket: "GET /v20180820/bucket/{Bucket}",
  GetBucketLifecycleConfiguration: "GET /v20180820/bucket/{Bucket}/lifecycleconfiguration",
  GetBucketPolicy: "GET /v20180820/bucket/{Bucket}/policy",
  GetBucketReplication: "GET /v20180820/bucket/{Bucket}/replication",
  GetBucketTagging: "GET /v20180820/bucket/{Bucket}/tagging",
  GetBucketVersioning: "GET /v20180820/bucket/{Bucket}/versioning",
  GetDataAccess: "GET /v20180820/accessgrantsinstance/dataaccess",
  GetJobTagging: "GET /v20180820/jobs/{JobId}/tagging",
  GetMultiRegionAccessPoint: "GET /v20180820/mrap/instances/{Name+}",
  GetMultiRegionAccessPointPolicy: "GET /v20180820/mrap/instances/{Name+}/policy",
  GetMultiRegionAccessPointPolicyStatus: "GET /v20180820/mrap/instances/{Name+}/policystatus",
  GetMultiRegionAccessPointRoutes: "GET /v20180820/mrap/instances/{Mrap+}/routes",
  GetPublicAccessBlock: "GET /v20180820/configuration/publicAccessBlock",
  GetStorageLensConfiguration: "GET /v20180820/storagelens/{ConfigId}",
  GetStorageLensConfigurationTagging: "GET /v20180820/storagelens/{ConfigId}/tagging",
  GetStorageLensGroup: "GET /v20180820/storagelensgroup/{Name}",
  ListAccessGrants: "GET /v20180820/accessgrantsinstance/grants",
  ListAccessGrantsInstances: "GET /v20180820/accessgrantsinstances",
  ListAccessGrantsLocations: "GET /v20180820/accessgrantsinstance/locations",
  ListAccessPoints: "GET /v20180820/accesspoint",
  ListAccessPointsForDirectoryBuckets: "GET /v20180820/accesspointfordirectory",
  ListAccessPointsForObjectLambda: "GET /v20180820/accesspointforobjectlambda",
  ListCallerAccessGrants: "GET /v20180820/accessgrantsinstance/caller/grants",
  ListJobs: "GET /v20180820/jobs",
  ListMultiRegionAccessPoints: "GET /v20180820/mrap/instances",
  ListRegionalBuckets: "GET /v20180820/bucket",
  ListStorageLensConfigurations: "GET /v20180820/storagelens",
  ListStorageLensGroups: "GET /v20180820/storagelensgroup",
  ListTagsForResource: "GET /v20180820/tags/{ResourceArn+}",
  PutAccessGrantsInstanceResourcePolicy: "PUT /v20180820/accessgrantsinstance/resourcepolicy",
  PutAccessPointConfigurationForObjectLambda: "PUT /v20180820/accesspointforobjectlambda/{Name}/configuration",
  PutAccessPointPolicy: "PUT /v20180820/accesspoint/{Name}/policy",
  PutAccessPointPolicyForObjectLambda: "PUT /v20180820/accesspointforobjectlambda/{Name}/policy",
  PutAccessPointScope: "PUT /v20180820/accesspoint/{Name}/scope",
  PutBucketLifecycleConfiguration: "PUT /v20180820/bucket/{Bucket}/lifecycleconfiguration",
  PutBucketPolicy: "PUT /v20180820/bucket/{Bucket}/policy",
  PutBucketReplication: "PUT /v20180820/bucket/{Bucket}/replication",
  PutBucketTagging: "PUT /v20180820/bucket/{Bucket}/tagging",
  PutBucketVersioning: "PUT /v20180820/bucket/{Bucket}/versioning",
  PutJobTagging: "PUT /v20180820/jobs/{JobId}/tagging",
  PutMultiRegionAccessPointPolicy: "POST /v20180820/async-requests/mrap/put-policy",
  PutPublicAccessBlock: "PUT /v20180820/configuration/publicAccessBlock",
  PutStorageLensConfiguration: "PUT /v20180820/storagelens/{ConfigId}",
  PutStorageLensConfigurationTagging: "PUT /v20180820/storagelens/{ConfigId}/tagging",
  SubmitMultiRegionAccessPointRoutes: "PATCH /v20180820/mrap/instances/{Mrap+}/routes",
  TagResource: "POST /v20180820/tags/{ResourceArn+}",
  UntagResource: "DELETE /v20180820/tags/{ResourceArn+}",
  UpdateAccessGrantsLocation: "PUT /v20180820/accessgrantsinstance/location/{AccessGrantsLocationId}",
  UpdateJobPriority: "POST /v20180820/jobs/{JobId}/priority",
  UpdateJobStatus: "POST /v20180820/jobs/{JobId}/status",
  UpdateStorageLensGroup: "PUT /v20180820/storagelensgroup/{Name}",
};

// ---------------------------------------------------------------- events

function controlRest(op, outposts) {
  const line = CONTROL_REST[op];
  if (!line) throw new Error(`S3 Control operation ${op} has no HTTP binding in CONTROL_REST`);
  return outposts ? `${line} (S3 on Outposts)` : line;
}

function buildEvents(md) {
  const events = [];

  // 1.2 general purpose buckets
  for (const cells of tableRows(md, '### 1.2', '### 1.3')) {
    if (!/^\d+$/.test(cells[0])) continue;
    const eventName = firstCode(cells[1]);
    const { rest, apiNames, control, apiNote } = splitRest(cells[4]);
    const category = parseCategory(cells[2]);
    const account = /account-level/.test(cells[2]);
    const apiName = apiNames.length ? apiNames[apiNames.length - 1] : eventName;
    let apiUrl;
    if (control) apiUrl = `${API}API_control_${apiName}.html`;
    else if (eventName === 'PostObject') apiUrl = `${API}RESTObjectPOST.html`;
    else if (eventName === 'PreflightRequest') apiUrl = `${API}RESTOPTIONSobject.html`;
    else if (eventName === 'InitiateReplication') apiUrl = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html';
    else apiUrl = `${API}API_${apiName}.html`;
    // The S3 Control API names of the account-level BPA calls equal the bucket-level API names, which
    // alias the bucket-level entries (reference 1.3); the notes of the account entries say so.
    const apiAliases = control ? [] : apiNames.filter((a) => a !== eventName);
    const aliases = [...apiAliases, ...(S3_ALIASES[eventName] ?? [])];
    const soap = cells[5] || null;
    if (soap && soap !== eventName) aliases.push(soap);
    const notes = [S3_NOTES[eventName], apiNote && !S3_NOTES[eventName] ? apiNote : undefined].filter(Boolean).join('; ');
    // "doc status": listed on the current page, only on the 2019-2023 pages, or not itemised (API model name).
    const status = cells[8] ?? '';
    const provenance = /^listed in 2019/.test(status) ? { evidence: 'itemised', sources: ['S3CT-2023'] }
      : /^listed/.test(status) ? { evidence: 'itemised', sources: ['S3CT-NOW'] }
        : { evidence: 'inferred', sources: ['BOTO-S3'] };
    events.push({
      eventName,
      eventSource: 's3.amazonaws.com',
      category,
      readOnly: parseReadOnly(cells[3]),
      rest: rest === '—' ? 'S3 replication (no REST API)' : rest,
      soap,
      iamAction: eventName in S3_IAM ? S3_IAM[eventName] : `s3:${eventName}`,
      apiUrl,
      description: cells[6],
      inSeed: /^yes/.test(cells[7]),
      aliases: [...new Set(aliases)],
      group: account ? 'account' : category === 'data' && eventName !== 'HeadBucket' ? 'object' : 'bucket',
      ...(notes ? { notes } : {}),
      provenance,
    });
  }
  const s3ByName = new Map(events.map((e) => [e.eventName, e]));

  // 1.4 directory buckets
  for (const cells of tableRows(md, '### 1.4', '### 1.5')) {
    const eventName = firstCode(cells[0]);
    if (!eventName) continue;
    const gp = s3ByName.get(eventName);
    const category = parseCategory(cells[1]);
    const notes = [];
    if (eventName === 'ListMultipartUploads') notes.push('a Zonal endpoint API that CloudTrail logs as a management event');
    // The reference's copy of S3X predates two facts of the current page: its CreateSession examples log
    // readOnly true, and RenameObject is listed with the Zonal data events.
    let readOnly = parseReadOnly(cells[2]);
    if (eventName === 'CreateSession') {
      readOnly = true;
      notes.push('AWS\'s CreateSession examples log readOnly true: it issues session credentials and changes no data');
    }
    if (eventName === 'RenameObject') notes.push('a Zonal data event (listed on the current directory-bucket CloudTrail page)');
    events.push({
      eventName,
      eventSource: 's3express.amazonaws.com',
      category,
      readOnly,
      rest: EXPRESS_REST[eventName] ?? gp?.rest ?? eventName,
      soap: null,
      iamAction: EXPRESS_IAM[eventName] ?? 's3express:CreateSession',
      apiUrl: `${API}API_${eventName}.html`,
      description: cells[3],
      inSeed: false,
      aliases: eventName === 'ListObjectsV2' ? ['ListBucket'] : [],
      group: 'express',
      ...(notes.length ? { notes: notes.join('; ') } : {}),
      provenance: { evidence: 'itemised', sources: ['S3X'] },
    });
  }

  // 1.5 S3 Control
  for (const cells of tableRows(md, '### 1.5', '## 2.')) {
    const eventName = firstCode(cells[0]);
    if (!eventName) continue;
    const outposts = /s3-outposts\.amazonaws\.com/.test(cells[0]);
    const renamed = /documented rename of S3 Control `(\w+)`/.exec(cells[0]);
    if (renamed) {
      // Account-level Block Public Access: already in 1.2 under its CloudTrail name; record the API name.
      const e = s3ByName.get(eventName);
      if (!e || e.group !== 'account') throw new Error(`${eventName}: expected account-level entry from 1.2`);
      continue;
    }
    const apiUrl = `${API}API_control_${eventName}.html`;
    events.push({
      eventName,
      eventSource: outposts ? 's3-outposts.amazonaws.com' : 's3.amazonaws.com',
      category: 'management',
      readOnly: parseReadOnly(cells[1]),
      rest: controlRest(eventName, outposts),
      soap: null,
      iamAction: outposts ? OUTPOSTS_IAM[eventName] ?? `s3-outposts:${eventName}` : CONTROL_IAM[eventName] ?? `s3:${eventName}`,
      apiUrl,
      description: cells[2],
      inSeed: false,
      aliases: [],
      group: outposts ? 'outposts' : 'control',
      notes: outposts
        ? 'S3 Control bucket API for S3 on Outposts; eventSource inferred from the API reference'
        : 'S3 Control API; eventName assumed equal to the operation name',
      provenance: { evidence: 'inferred', sources: ['BOTO-S3C'] },
    });
  }

  // The rest of the S3 family (catalog-family.mjs). A name that becomes real in a source stops being an
  // alias there (ListObjectsV2 is logged under s3.amazonaws.com for access-point requests).
  events.push(...familyEvents(s3ByName));
  const real = new Set(events.map((e) => `${e.eventSource} ${e.eventName}`));
  for (const e of events) e.aliases = e.aliases.filter((a) => !real.has(`${e.eventSource} ${a}`));
  for (const e of events) {
    if (!e.provenance?.sources.length || !e.provenance.sources.every((k) => k in REFERENCES)) throw new Error(`${e.eventSource} ${e.eventName}: provenance keys must be in REFERENCES`);
  }

  // Sanity: names unique per source, aliases never shadow a real name of the same source or point two ways.
  const seen = new Set();
  const aliasTo = new Map();
  for (const e of events) {
    const k = `${e.eventSource} ${e.eventName}`;
    if (seen.has(k)) throw new Error(`duplicate ${k}`);
    seen.add(k);
  }
  for (const e of events) {
    for (const a of e.aliases) {
      const k = `${e.eventSource} ${a}`;
      if (seen.has(k)) throw new Error(`alias ${a} of ${e.eventName} is a real eventName in ${e.eventSource}`);
      if (aliasTo.has(k)) throw new Error(`alias ${a} maps to ${aliasTo.get(k)} and ${e.eventName}`);
      aliasTo.set(k, e.eventName);
    }
  }
  return events;
}

// ---------------------------------------------------------------- field docs

// The reference cites its sources by short keys; hovers name them in words instead.
const SOURCE_WORDS = {
  'CT-REC': 'the CloudTrail record reference', 'CT-UID': 'the userIdentity reference', 'CT-EVENTS': 'the CloudTrail events guide',
  'CT-FIND': 'the CloudTrail log file guide', 'BOTO-CT': 'the CloudTrail API model', CORPUS: 'real sample logs',
};
function readable(text) {
  return text
    .replace(/\s*\((?:section )?\d\.\d\)/g, '')
    .replace(/\(section \d+ for S3\)/g, '')
    .replace(/[;.]?\s*(?:For S3 see|S3 keys in|S3 shape in) \d\.\d\./g, '.')
    .replace(/\b(CT-REC|CT-UID|CT-EVENTS|CT-FIND|BOTO-CT|CORPUS)\b/g, (k) => SOURCE_WORDS[k])
    .replace(/\s+\./g, '.')
    .trim();
}

const v = (value, description) => ({ value, description });

const ENUMS = {
  eventType: [
    v('AwsApiCall', 'An API call (the kind of almost every S3 record)'),
    v('AwsServiceEvent', 'An event the service generated itself, e.g. S3 Batch Operations job status changes'),
    v('AwsConsoleAction', 'A console action that is not an API call'),
    v('AwsConsoleSignIn', 'A console sign-in'),
    v('AwsVpceEvent', 'Network activity event: a call through a VPC endpoint (eventCategory NetworkActivity)'),
    v('AwsCloudTrailInsight', 'An Insights event: unusual API call or error rate'),
    v('AwsAggregatedEvent', 'An aggregated event: a summary of many data events in a time window (eventCategory Aggregated)'),
  ],
  eventCategory: [
    v('Management', 'Control-plane operation (S3 bucket-level actions); logged by default'),
    v('Data', 'Data-plane operation (S3 object-level actions); logged only when data events are enabled'),
    v('NetworkActivity', 'Call through a VPC endpoint (eventType AwsVpceEvent)'),
    v('Insight', 'Insights event (eventType AwsCloudTrailInsight)'),
    v('Aggregated', 'Aggregated event (eventType AwsAggregatedEvent): counts of data events over a time window, not one call'),
  ],
  // The S3 family, from catalog-family.mjs (one line per eventSource).
  eventSource: EVENT_SOURCES.map((s) => v(s.eventSource, `${s.name}: ${s.description}`)),
  'userIdentity.type': [
    v('Root', 'The account root user'),
    v('IAMUser', 'An IAM user'),
    v('AssumedRole', 'Temporary credentials from assuming a role (sts:AssumeRole, instance profiles, Lambda, SSO)'),
    v('Role', 'A role acting directly (e.g. the sessionIssuer of a role session)'),
    v('FederatedUser', 'Temporary credentials from sts:GetFederationToken'),
    v('Directory', 'A directory service user'),
    v('AWSAccount', 'Another AWS account, or an anonymous caller (accountId ANONYMOUS_PRINCIPAL / anonymous)'),
    v('AWSService', 'An AWS service acting on its own (see invokedBy)'),
    v('IdentityCenterUser', 'An IAM Identity Center user (see onBehalfOf)'),
    v('SAMLUser', 'Federated through SAML (sts:AssumeRoleWithSAML records)'),
    v('WebIdentityUser', 'Federated through a web identity provider (sts:AssumeRoleWithWebIdentity records)'),
    v('Unknown', 'CloudTrail could not determine the identity'),
  ],
  'userIdentity.sessionContext.sessionIssuer.type': [
    v('Root', 'The session was issued to the root user'),
    v('IAMUser', 'The session was issued to an IAM user'),
    v('Role', 'The session was issued for a role'),
  ],
  'userIdentity.sessionContext.attributes.mfaAuthenticated': [
    v('true', 'The credentials were issued after MFA sign-in (a string, not a boolean)'),
    v('false', 'No MFA was used (a string, not a boolean)'),
  ],
  'userIdentity.sessionContext.ec2RoleDelivery': [
    v('1.0', 'Instance-profile credentials delivered by IMDSv1'),
    v('2.0', 'Instance-profile credentials delivered by IMDSv2'),
  ],
  'addendum.reason': [
    v('DELIVERY_DELAY', 'The event was delivered late'),
    v('UPDATED_DATA', 'The event corrects an earlier one (see updatedFields, originalRequestID, originalEventID)'),
    v('SERVICE_OUTAGE', 'The event was missing because of an outage and is delivered now'),
  ],
  'tlsDetails.tlsVersion': [
    v('TLSv1', 'TLS 1.0 (deprecated)'),
    v('TLSv1.1', 'TLS 1.1 (deprecated)'),
    v('TLSv1.2', 'TLS 1.2'),
    v('TLSv1.3', 'TLS 1.3'),
  ],
  'additionalEventData.SignatureVersion': [
    v('SigV4', 'AWS Signature Version 4'),
    v('SigV2', 'AWS Signature Version 2 (deprecated for S3; hunt these before SigV2 is turned off)'),
  ],
  'additionalEventData.AuthenticationMethod': [
    v('AuthHeader', 'Signed with the Authorization header'),
    v('QueryString', 'Presigned URL (signature in the query string)'),
  ],
  sessionCredentialFromConsole: [v('true', 'Console session credentials were used (the only value; a string)')],
  'insightDetails.state': [v('Start', 'The unusual activity started'), v('End', 'The unusual activity ended')],
  'insightDetails.eventCategory': [
    v('Management', 'Insights on management events'),
    v('Data', 'Insights on data events (e.g. an unusual rate of S3 GetObject or DeleteObject calls)'),
  ],
  'additionalEventData.sessionModeApplied': [
    v('ReadWrite', 'The directory-bucket session allows reads and writes'),
    v('ReadOnly', 'The directory-bucket session allows reads only'),
  ],
  'insightDetails.insightType': [
    v('ApiCallRateInsight', 'Unusual number of calls to one API'),
    v('ApiErrorRateInsight', 'Unusual number of failed calls to one API'),
  ],
  'resources.type': [
    v('AWS::S3::Bucket', 'A general purpose bucket (carries the bucket owner accountId)'),
    v('AWS::S3::Object', 'An object (ARN) or, for list calls, a key prefix (ARNPrefix); no accountId'),
    v('AWS::S3::AccessPoint', 'An S3 access point'),
    v('AWS::S3Express::DirectoryBucket', 'A directory bucket (S3 Express One Zone)'),
    v('AWS::S3Express::Object', 'An object in a directory bucket'),
    v('AWS::S3Express::AccessPoint', 'A directory bucket access point'),
    v('AWS::S3ObjectLambda::AccessPoint', 'An S3 Object Lambda access point'),
    v('AWS::S3Outposts::Object', 'An object in an S3 on Outposts bucket'),
    v('AWS::S3Outposts::Bucket', 'An S3 on Outposts bucket'),
    v('AWS::S3Tables::Table', 'An S3 table'),
    v('AWS::S3Tables::TableBucket', 'An S3 table bucket'),
    v('AWS::S3Vectors::Index', 'An S3 Vectors index'),
    v('AWS::S3Vectors::VectorBucket', 'An S3 Vectors bucket'),
  ],
  'requestParameters.list-type': [v('2', 'A ListObjectsV2 call (logged as ListObjects)')],
  'additionalEventData.SSEApplied': [
    v('Default_SSE_S3', 'Bucket default encryption SSE-S3 was applied'),
    v('Default_SSE_KMS', 'Bucket default encryption SSE-KMS was applied'),
  ],
  'additionalEventData.aclRequired': [v('Yes', 'An ACL was needed to authorize the request')],
};

const f = (pathName, type, optional, description, extra = {}) => ({ path: pathName, type, optional, description, ...extra });

// Top-level members of record types the reference's 2.1 table does not cover: aggregated events
// (eventType AwsAggregatedEvent) carry their own eventVersion, spell their id eventId and summarise a time window.
const TOP_LEVEL_EXTRA = [
  f('eventId', 'string', true, 'Aggregated events: the id of the aggregated event (spelled eventId, not eventID).'),
  f('timeWindow', 'object | string', true, 'Aggregated events: the time window the summary covers (its start and end, or its length); an aggregated event has no single eventTime.'),
  f('summary', 'object', true, 'Aggregated events: counts of the data events in the time window, grouped by the aggregation template\'s dimensions (e.g. eventName, principal, resource), with the top values and their counts.'),
];

// Members of nested objects (reference 2.2, 2.4, 2.5, 2.6 and the objects named in 2.1).
const NESTED = [
  // userIdentity (2.2)
  f('userIdentity.type', 'string', false, 'Kind of identity that made the request. Some AWS-originated records have no type at all.'),
  f('userIdentity.principalId', 'string', true, 'Unique id of the principal: AIDA… for IAM users, AROA…:sessionName for assumed roles, empty for anonymous callers.'),
  f('userIdentity.arn', 'string', true, 'ARN of the principal that made the call.'),
  f('userIdentity.accountId', 'string', true, 'Account that owns the principal (or granted the credentials). Not always 12 digits: ANONYMOUS_PRINCIPAL / anonymous for anonymous S3 requests.'),
  f('userIdentity.accessKeyId', 'string', true, 'Access key used to sign the request: AKIA… long-term, ASIA… temporary (STS). Empty for console sign-in.'),
  f('userIdentity.userName', 'string', true, 'Friendly name of the identity (IAM user name; HIDDEN_DUE_TO_SECURITY_REASONS for failed console sign-ins).'),
  f('userIdentity.sessionContext', 'object', true, 'Details of the temporary-credential session: issuer, attributes, federation, source identity.'),
  f('userIdentity.invokedBy', 'string', true, 'The AWS service that made the request for the principal (e.g. cloudtrail.amazonaws.com, "AWS Internal").'),
  f('userIdentity.invokedByDelegate', 'object', true, 'Product provider using delegated access: {accountId}.'),
  f('userIdentity.invokedByDelegate.accountId', 'string', true, 'Account of the provider acting through delegated access.'),
  f('userIdentity.onBehalfOf', 'object', true, 'IAM Identity Center caller: {userId, identityStoreArn}.'),
  f('userIdentity.onBehalfOf.userId', 'string', true, 'IAM Identity Center user id.'),
  f('userIdentity.onBehalfOf.identityStoreArn', 'string', true, 'ARN of the Identity Center identity store.'),
  f('userIdentity.inScopeOf', 'object', true, 'Resource the credentials were scoped to (e.g. a Lambda function); may be an empty object.'),
  f('userIdentity.inScopeOf.sourceArn', 'string', true, 'ARN of the resource the credentials were issued for.'),
  f('userIdentity.inScopeOf.sourceAccount', 'string', true, 'Account that owns that resource.'),
  f('userIdentity.inScopeOf.issuerType', 'string', true, 'Resource type that requested the credentials, e.g. AWS::Lambda::Function.'),
  f('userIdentity.inScopeOf.credentialsIssuedTo', 'string', true, 'ARN of the resource the credentials were issued to.'),
  f('userIdentity.inScopeOf.credentialsIssuedToVersion', 'string', true, 'Version of that resource (seen in real records, not documented).'),
  f('userIdentity.credentialId', 'string', true, 'Id of the bearer token used (e.g. an Identity Center access token).'),
  f('userIdentity.identityProvider', 'string', true, 'SAML or web identity provider, in SAMLUser / WebIdentityUser records.'),
  // sessionContext (2.2)
  f('userIdentity.sessionContext.sessionIssuer', 'object', true, 'Who issued the temporary credentials (the role, user or root). Often {} for IAM users.'),
  f('userIdentity.sessionContext.sessionIssuer.type', 'string', true, 'Kind of issuer: Root, IAMUser or Role.'),
  f('userIdentity.sessionContext.sessionIssuer.principalId', 'string', true, 'Unique id of the issuer (AROA… for a role).'),
  f('userIdentity.sessionContext.sessionIssuer.arn', 'string', true, 'ARN of the issuer (the role ARN for assumed roles).'),
  f('userIdentity.sessionContext.sessionIssuer.accountId', 'string', true, 'Account that owns the issuer.'),
  f('userIdentity.sessionContext.sessionIssuer.userName', 'string', true, 'Friendly name of the issuer (the role name for assumed roles).'),
  f('userIdentity.sessionContext.webIdFederationData', 'object', true, 'Web identity federation details (often {}).'),
  f('userIdentity.sessionContext.webIdFederationData.federatedProvider', 'string', true, 'Identity provider that authenticated the caller.'),
  f('userIdentity.sessionContext.webIdFederationData.attributes', 'object', true, 'Claims passed by the identity provider.'),
  f('userIdentity.sessionContext.attributes', 'object', true, 'When the credentials were issued and whether MFA was used.'),
  f('userIdentity.sessionContext.attributes.creationDate', 'string', true, 'When the temporary credentials were issued (ISO-8601, e.g. 2024-11-01T14:43:08Z).'),
  f('userIdentity.sessionContext.attributes.mfaAuthenticated', 'string', true, 'Whether the credentials came from an MFA sign-in: the string "true" or "false".'),
  f('userIdentity.sessionContext.sourceIdentity', 'string', true, 'Source identity set when the role was assumed; follows role chaining.'),
  f('userIdentity.sessionContext.ec2RoleDelivery', 'string', true, 'How instance-profile credentials were fetched: "1.0" IMDSv1, "2.0" IMDSv2.'),
  f('userIdentity.sessionContext.assumedRoot', 'string | boolean', true, 'Set for sessions from sts:AssumeRoot (privileged root tasks); the docs do not say whether string or boolean.'),
  f('userIdentity.sessionContext.signInSessionArn', 'string', true, 'Console sign-in session: arn:aws:signin:<region>:<account>:session/<uuid>.'),
  // tlsDetails (2.1)
  f('tlsDetails.tlsVersion', 'string', true, 'TLS version of the connection, e.g. TLSv1.2, TLSv1.3 (some records have "1.3" or placeholder text).'),
  f('tlsDetails.cipherSuite', 'string', true, 'TLS cipher suite negotiated, e.g. ECDHE-RSA-AES128-GCM-SHA256 or TLS_AES_128_GCM_SHA256.'),
  f('tlsDetails.clientProvidedHostHeader', 'string', true, 'Host name the client sent (the S3 endpoint, virtual-host or path style).'),
  f('tlsDetails.keyExchange', 'string', true, 'Key exchange group, e.g. X25519MLKEM768 (post-quantum hybrid), x25519, secp256r1.'),
  // addendum (2.1)
  f('addendum.reason', 'string', true, 'Why the event is late or corrected.'),
  f('addendum.updatedFields', 'string', true, 'Fields the correction changed (UPDATED_DATA only).'),
  f('addendum.originalRequestID', 'string', true, 'requestID of the event this one corrects (UPDATED_DATA only).'),
  f('addendum.originalEventID', 'string', true, 'eventID of the event this one corrects (UPDATED_DATA only).'),
  // resources (2.4)
  f('resources.ARN', 'string', true, 'ARN of the resource: arn:aws:s3:::bucket for buckets, arn:aws:s3:::bucket/key for objects.'),
  f('resources.ARNPrefix', 'string', true, 'Key prefix listed by ListObjects / ListObjectVersions (instead of ARN), e.g. arn:aws:s3:::bucket/prefix/.'),
  f('resources.accountId', 'string', true, 'Owner of the resource: the bucket owner on AWS::S3::Bucket entries; absent on object entries.'),
  f('resources.type', 'string', false, 'Resource type, e.g. AWS::S3::Bucket, AWS::S3::Object (compare case-insensitively).'),
  // insightDetails (2.1)
  f('insightDetails.state', 'string', false, 'Whether the unusual activity started or ended.'),
  f('insightDetails.eventSource', 'string', false, 'Service whose API showed unusual activity.'),
  f('insightDetails.eventName', 'string', false, 'API that showed unusual activity.'),
  f('insightDetails.insightType', 'string', false, 'Kind of Insights event.'),
  f('insightDetails.errorCode', 'string', true, 'Error code, for ApiErrorRateInsight events.'),
  f('insightDetails.eventCategory', 'string', true, 'Category of the events the Insight watched: Management, or Data for Insights on data events.'),
  f('insightDetails.insightContext', 'object', false, 'Statistics and attributions of the unusual activity.'),
  f('insightDetails.insightContext.statistics', 'object', true, 'baseline, insight (observed) and insightDuration values.'),
  f('insightDetails.insightContext.statistics.baseline', 'object', true, 'Normal rate for the API ({average}).'),
  f('insightDetails.insightContext.statistics.insight', 'object', true, 'Rate observed during the unusual activity ({average}).'),
  f('insightDetails.insightContext.statistics.insightDuration', 'number', true, 'Duration of the unusual activity, in minutes.'),
  f('insightDetails.insightContext.statistics.baselineDuration', 'number', true, 'Length of the baseline period the normal rate was measured over, in minutes.'),
  f('insightDetails.insightContext.attributions', 'array', true, 'Top contributors (user identities, user agents, error codes) to the unusual activity.'),
  // edgeDeviceDetails (2.1)
  f('edgeDeviceDetails.type', 'string', true, 'Kind of edge device: "outposts" for S3 on Outposts.'),
  f('edgeDeviceDetails.deviceID', 'string', true, 'Id of the edge device the request targeted, e.g. the Outpost id op-….'),
  f('edgeDeviceDetails.deviceId', 'string', true, 'Spelling of deviceID seen in some AWS examples.'),
  // eventContext (2.1)
  f('eventContext.requestContext', 'object', true, 'IAM global condition keys evaluated for the request (enriched events).'),
  f('eventContext.tagContext', 'object', true, 'Resource and principal tags (enriched events).'),
  // requestParameters (2.5)
  f('requestParameters.bucketName', 'string', true, 'Bucket the request addressed (absent for ListBuckets, whose requestParameters is null).'),
  f('requestParameters.Host', 'string', true, 'Endpoint host: virtual-host (bucket.s3.region.amazonaws.com) or path style; 2019-era records use lowercase host with an array value.'),
  f('requestParameters.host', 'string | string[]', true, 'Older spelling of Host, an array of host names.'),
  f('requestParameters.key', 'string', true, 'Object key (not consistently URL-encoded).'),
  f('requestParameters.versionId', 'string', true, 'Object version addressed.'),
  f('requestParameters.uploadId', 'string', true, 'Multipart upload id.'),
  f('requestParameters.partNumber', 'string', true, 'Part number in a multipart upload.'),
  f('requestParameters.uploads', 'string', true, 'Subresource flag ("") of CreateMultipartUpload / ListMultipartUploads.'),
  f('requestParameters.list-type', 'string', true, '"2" marks a ListObjectsV2 call (CloudTrail still names it ListObjects).'),
  f('requestParameters.prefix', 'string', true, 'Key prefix of a list request.'),
  f('requestParameters.delimiter', 'string', true, 'Delimiter of a list request (usually "/").'),
  f('requestParameters.max-keys', 'string', true, 'Page size of a list request.'),
  f('requestParameters.encoding-type', 'string', true, 'Key encoding asked for in a list response (url).'),
  f('requestParameters.fetch-owner', 'string', true, 'Whether a ListObjectsV2 response includes owners.'),
  f('requestParameters.start-after', 'string', true, 'ListObjectsV2: list keys after this one.'),
  f('requestParameters.continuation-token', 'string', true, 'ListObjectsV2 pagination token.'),
  f('requestParameters.marker', 'string', true, 'ListObjects (V1) pagination marker.'),
  f('requestParameters.x-amz-acl', 'string', true, 'Canned ACL in the request (e.g. private, public-read, bucket-owner-full-control).'),
  f('requestParameters.x-amz-storage-class', 'string', true, 'Storage class requested for the object.'),
  f('requestParameters.x-amz-server-side-encryption', 'string', true, 'Server-side encryption requested (AES256, aws:kms, aws:kms:dsse).'),
  f('requestParameters.x-amz-server-side-encryption-aws-kms-key-id', 'string', true, 'KMS key requested for SSE-KMS.'),
  f('requestParameters.x-amz-copy-source', 'string', true, 'Source of a copy: srcbucket/srckey (CopyObject, UploadPartCopy).'),
  f('requestParameters.x-amz-expected-bucket-owner', 'string', true, 'Account the caller expects to own the bucket.'),
  f('requestParameters.x-amz-create-session-mode', 'string', true, 'Directory buckets CreateSession mode (ReadWrite, ReadOnly).'),
  f('requestParameters.X-Amz-Date', 'string', true, 'Signing time of a presigned URL.'),
  f('requestParameters.X-Amz-Algorithm', 'string', true, 'Signing algorithm of a presigned URL (AWS4-HMAC-SHA256).'),
  f('requestParameters.X-Amz-Expires', 'string', true, 'Validity of a presigned URL, in seconds.'),
  f('requestParameters.X-Amz-SignedHeaders', 'string', true, 'Headers covered by a presigned URL signature.'),
  f('requestParameters.response-content-disposition', 'string', true, 'Content-Disposition override asked for in the response (console downloads).'),
  f('requestParameters.x-id', 'string', true, 'Operation name appended by Smithy-based SDKs (JS v3, Rust …), e.g. GetObject.'),
  ...['acl', 'policy', 'logging', 'versioning', 'replication', 'tagging', 'cors', 'lifecycle', 'website', 'encryption',
    'publicAccessBlock', 'notification', 'location', 'requestPayment', 'accelerate', 'object-lock', 'ownershipControls',
    'analytics', 'inventory', 'metrics', 'intelligent-tiering', 'policyStatus', 'legal-hold', 'retention', 'attributes',
    'restore', 'select', 'delete', 'torrent', 'versions']
    .map((sub) => f(`requestParameters.${sub}`, 'string', true, `Subresource flag ?${sub} of the request (value "").`)),
  f('requestParameters.AccessControlPolicy', 'object', true, 'ACL body of PutBucketAcl / PutObjectAcl (XML converted to JSON).'),
  f('requestParameters.BucketLoggingStatus', 'object', true, 'Server access logging configuration of PutBucketLogging.'),
  f('requestParameters.VersioningConfiguration', 'object', true, 'Versioning configuration of PutBucketVersioning.'),
  f('requestParameters.ReplicationConfiguration', 'object', true, 'Replication configuration of PutBucketReplication.'),
  f('requestParameters.CORSConfiguration', 'object', true, 'CORS rules of PutBucketCors.'),
  f('requestParameters.LifecycleConfiguration', 'object', true, 'Lifecycle rules of PutBucketLifecycle.'),
  f('requestParameters.Tagging', 'object', true, 'Tag set of PutBucketTagging / PutObjectTagging.'),
  f('requestParameters.PublicAccessBlockConfiguration', 'object', true, 'Block Public Access settings of Put*PublicAccessBlock.'),
  f('requestParameters.ServerSideEncryptionConfiguration', 'object', true, 'Default encryption of PutBucketEncryption.'),
  f('requestParameters.NotificationConfiguration', 'object', true, 'Event notification configuration of PutBucketNotification.'),
  f('requestParameters.WebsiteConfiguration', 'object', true, 'Static website configuration of PutBucketWebsite.'),
  f('requestParameters.Delete', 'object', true, 'Keys to delete in a DeleteObjects request.'),
  f('requestParameters.CreateBucketConfiguration', 'object', true, 'Location constraint (and bucket type) of CreateBucket.'),
  f('requestParameters.bucketPolicy', 'object | string', true, 'Bucket policy document of PutBucketPolicy.'),
  // additionalEventData (2.6)
  f('additionalEventData.SignatureVersion', 'string', true, 'Signature version used to sign the request.'),
  f('additionalEventData.CipherSuite', 'string', true, 'TLS cipher of the connection (OpenSSL or TLS 1.3 names).'),
  f('additionalEventData.bytesTransferredIn', 'number', true, 'Request body bytes (integer or float, e.g. 2538.0).'),
  f('additionalEventData.bytesTransferredOut', 'number', true, 'Response body bytes (integer or float).'),
  f('additionalEventData.AuthenticationMethod', 'string', true, 'How the request was authenticated.'),
  f('additionalEventData.x-amz-id-2', 'string', true, 'S3 extended request id; with requestID it identifies the request for AWS Support.'),
  f('additionalEventData.SSEApplied', 'string', true, 'Bucket default encryption applied to the object.'),
  f('additionalEventData.aclRequired', 'string', true, 'Present ("Yes") when an ACL was needed to authorize the request.'),
  f('additionalEventData.vpcEndpointId', 'string', true, 'VPC endpoint, repeated here by older S3 records.'),
  f('additionalEventData.objectAnnotationCount', 'number', true, 'Number of annotations replicated (InitiateReplication).'),
  f('additionalEventData.availabilityZone', 'string', true, 'Directory buckets: the Availability Zone id of the bucket (e.g. usw2-az1).'),
  f('additionalEventData.sessionModeApplied', 'string', true, 'Directory buckets: the mode of the CreateSession session that authorized the request.'),
  // responseElements (common S3 keys, reference 2.1)
  f('responseElements.x-amz-server-side-encryption', 'string', true, 'Server-side encryption applied to the object (AES256, aws:kms).'),
  f('responseElements.x-amz-version-id', 'string', true, 'Version id S3 assigned to the written object.'),
  f('responseElements.x-amz-server-side-encryption-aws-kms-key-id', 'string', true, 'KMS key used for SSE-KMS.'),
  f('responseElements.x-amz-server-side-encryption-bucket-key-enabled', 'string', true, 'Whether an S3 Bucket Key was used.'),
  f('responseElements.x-amz-expiration', 'string', true, 'Lifecycle expiration that applies to the object.'),
  f('responseElements.uploadId', 'string', true, 'Multipart upload id returned by CreateMultipartUpload.'),
];

// Meanings of the common S3 error codes of reference 2.7, written for this catalog.
const ERROR_CODES = {
  AccessDenied: 'The caller is not allowed to do this (IAM, bucket policy, ACL, Block Public Access, SCP or VPC endpoint policy).',
  NoSuchBucket: 'The bucket does not exist.',
  NoSuchKey: 'The object key does not exist.',
  NoSuchVersion: 'The object version does not exist.',
  NoSuchUpload: 'The multipart upload does not exist (completed, aborted or never started).',
  NoSuchBucketPolicy: 'The bucket has no bucket policy (common when browsing in the console).',
  NoSuchCORSConfiguration: 'The bucket has no CORS configuration.',
  NoSuchLifecycleConfiguration: 'The bucket has no lifecycle configuration.',
  NoSuchTagSet: 'The bucket or object has no tags.',
  NoSuchWebsiteConfiguration: 'The bucket has no website configuration.',
  ServerSideEncryptionConfigurationNotFoundError: 'The bucket has no default encryption configuration.',
  ReplicationConfigurationNotFoundError: 'The bucket has no replication configuration.',
  NoSuchPublicAccessBlockConfiguration: 'No Block Public Access configuration is set.',
  ObjectLockConfigurationNotFoundError: 'The bucket has no Object Lock configuration.',
  OwnershipControlsNotFoundError: 'The bucket has no Object Ownership controls.',
  BucketAlreadyExists: 'The bucket name is taken by another account.',
  BucketAlreadyOwnedByYou: 'The caller already owns a bucket with this name.',
  BucketNotEmpty: 'The bucket still holds objects (or versions), so it cannot be deleted.',
  InvalidBucketName: 'The bucket name is not valid.',
  IllegalLocationConstraintException: 'The Region in the request does not match the endpoint.',
  InvalidRequest: 'The request is not valid for this bucket or object.',
  InvalidArgument: 'A request argument is not valid.',
  InvalidAccessKeyId: 'The access key id does not exist (deleted or mistyped key).',
  SignatureDoesNotMatch: 'The request signature does not match (wrong secret key or altered request).',
  ExpiredToken: 'The temporary credentials have expired.',
  InvalidToken: 'The session token is malformed or not valid.',
  AuthorizationHeaderMalformed: 'The Authorization header is malformed (often the wrong Region).',
  AllAccessDisabled: 'All access to this resource has been disabled.',
  PermanentRedirect: 'The bucket must be addressed through another endpoint (its Region).',
  MethodNotAllowed: 'The HTTP method is not allowed on this resource.',
  MalformedXML: 'The XML request body is not well formed or does not match the schema.',
  MalformedPolicy: 'The policy document is not valid.',
  InvalidObjectState: 'The object is archived (e.g. Glacier) and must be restored first.',
  PreconditionFailed: 'A conditional header (If-Match, If-None-Match …) did not hold.',
  RequestTimeTooSkewed: 'The caller\'s clock differs too much from the server time.',
  SlowDown: 'Too many requests; S3 asks the caller to reduce the request rate.',
  InternalError: 'S3 had an internal error; the request may be retried.',
  EntityTooLarge: 'The upload is larger than allowed.',
  TooManyBuckets: 'The account has reached its bucket quota.',
  VpceAccessDenied: 'A VPC endpoint policy denied the request (network activity events).',
};

// Access-key and unique-id prefixes (reference 2.2, IAM unique identifiers).
const KEY_ID_PREFIXES = [
  { prefix: 'AKIA', meaning: 'long-term access key (IAM user or root)' },
  { prefix: 'ASIA', meaning: 'temporary (STS) access key: assumed role, console session, instance profile' },
  { prefix: 'ABIA', meaning: 'STS service bearer token' },
  { prefix: 'ACCA', meaning: 'context-specific credential' },
  { prefix: 'AIDA', meaning: 'IAM user unique id' },
  { prefix: 'AROA', meaning: 'IAM role unique id (AROA…:sessionName for an assumed role)' },
  { prefix: 'AGPA', meaning: 'IAM group unique id' },
  { prefix: 'AIPA', meaning: 'EC2 instance profile unique id' },
  { prefix: 'ANPA', meaning: 'managed policy unique id' },
  { prefix: 'ANVA', meaning: 'managed policy version unique id' },
  { prefix: 'APKA', meaning: 'public key id' },
  { prefix: 'ASCA', meaning: 'certificate id' },
];

// AWS Region codes for completion only; an unknown Region is never an error.
const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1', 'il-central-1', 'me-south-1',
  'me-central-1', 'mx-central-1', 'sa-east-1', 'us-gov-east-1', 'us-gov-west-1', 'cn-north-1', 'cn-northwest-1',
];

function buildRecordDocs(md) {
  const fields = [];
  for (const cells of tableRows(md, '### 2.1', '### 2.2')) {
    const name = firstCode(cells[0]);
    if (!name || cells[0] === 'field') continue;
    const since = plain(cells[2]);
    fields.push({
      path: name,
      type: plain(cells[1]),
      ...(/^\d+\.\d+$/.test(since) ? { since } : {}),
      optional: /^True/.test(cells[3]),
      description: readable(cells[4]),
    });
  }
  for (const t of TOP_LEVEL_EXTRA) {
    if (fields.some((x) => x.path === t.path)) throw new Error(`duplicate field ${t.path}`);
    fields.push(t);
  }
  const known = new Set(fields.map((x) => x.path));
  for (const n of NESTED) {
    if (known.has(n.path)) throw new Error(`duplicate field ${n.path}`);
    const parent = n.path.split('.').slice(0, -1).join('.');
    if (!known.has(parent)) throw new Error(`${n.path}: parent ${parent} not documented`);
    known.add(n.path);
    fields.push(n);
  }
  for (const [p, values] of Object.entries(ENUMS)) {
    const doc = fields.find((x) => x.path === p);
    if (!doc) throw new Error(`enum for undocumented field ${p}`);
    doc.values = values;
  }

  const eventVersionHistory = [];
  for (const cells of tableRows(md, 'eventVersion history', '### 2.4')) {
    if (!/^\d+\.\d+$/.test(cells[0])) continue;
    // Documented top-level names whose own "Since" agrees (the 1.07 row also mentions sharedEventID of 1.03).
    const topSince = new Map(fields.filter((x) => !x.path.includes('.')).map((x) => [x.path, x.since]));
    const names = [...cells[1].matchAll(/`([^`]+)`/g)].map((m) => m[1])
      .filter((n) => topSince.has(n) && (topSince.get(n) === undefined || topSince.get(n) === cells[0]));
    eventVersionHistory.push({ version: cells[0], fields: names });
  }

  const s27 = md.slice(md.indexOf('### 2.7'), md.indexOf('## 3.'));
  const codes = [...new Set([...s27.matchAll(/`([A-Za-z0-9]+)`/g)].map((m) => m[1]))].filter((c) => /^[A-Z]/.test(c));
  const errorCodes = {};
  for (const c of codes) {
    if (!(c in ERROR_CODES)) throw new Error(`error code ${c} (reference 2.7) has no meaning in gen-catalog.mjs`);
    errorCodes[c] = ERROR_CODES[c];
  }

  return { fields, eventVersionHistory, errorCodes, keyIdPrefixes: KEY_ID_PREFIXES, regions: REGIONS };
}

// ---------------------------------------------------------------- main

function jsonText(value) {
  // One entry per line: reviewable diffs, still fast to parse.
  return Array.isArray(value)
    ? `[\n${value.map((x) => JSON.stringify(x)).join(',\n')}\n]\n`
    : `{\n${Object.entries(value).map(([k, x]) => `${JSON.stringify(k)}: ${Array.isArray(x) ? `[\n${x.map((y) => JSON.stringify(y)).join(',\n')}\n]` : JSON.stringify(x)}`).join(',\n')}\n}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // --check: compare with the committed JSON instead of writing (exit 1 when stale).
  const check = process.argv.includes('--check');
  const refArg = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const md = fs.readFileSync(refArg ?? refPath, 'utf8');
  const events = buildEvents(md);
  const docs = buildRecordDocs(md);
  const sources = {
    eventSources: EVENT_SOURCES.map((src) => ({ ...src, events: events.filter((e) => e.eventSource === src.eventSource).length })),
    references: Object.entries(REFERENCES).map(([key, r]) => ({ key, ...r })),
  };
  const outputs = { 'events.json': jsonText(events), 'record-docs.json': jsonText(docs), 'sources.json': jsonText(sources) };
  if (check) {
    const stale = Object.entries(outputs).filter(([name, text]) => {
      const file = path.join(outDir, name);
      return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text;
    }).map(([name]) => name);
    if (stale.length) {
      console.error(`gen-catalog: stale ${stale.join(', ')}; run node scripts/gen-catalog.mjs`);
      process.exit(1);
    }
    console.log('gen-catalog: data is up to date');
    process.exit(0);
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(outputs)) fs.writeFileSync(path.join(outDir, name), text);
  const bySource = {};
  for (const e of events) bySource[e.eventSource] = (bySource[e.eventSource] ?? 0) + 1;
  console.log(`gen-catalog: ${events.length} events ${JSON.stringify(bySource)}, ${docs.fields.length} fields, ` +
    `${Object.keys(docs.errorCodes).length} error codes`);
}
