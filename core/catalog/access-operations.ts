// Access-log Operation values and the CloudTrail eventName each one is (reference s3-access-logs.md section 2: the
// REST column of the page is this mapping: `REST.GET.ACL` is "GET Bucket acl" is `GetBucketAcl`). Data, one row per
// operation. Operations without a CloudTrail counterpart (lifecycle, website endpoint, the per-key lines of a
// multi-object delete) map to no eventName and say why.

export type AccessOperationKind = 'object' | 'bucket' | 'object-or-bucket' | 'lifecycle' | 'website' | 'batch' | 'soap';

export interface AccessOperationEntry {
  operation: string;
  kind: AccessOperationKind;
  /** The CloudTrail eventName (for a key-less request when `objectEventName` is set); null when CloudTrail has none. */
  eventName: string | null;
  /** For operations used on buckets and objects alike (`REST.GET.ACL`): the name when the line has a key. */
  objectEventName?: string;
  /** For configuration listings (`REST.GET.METRICS`): the name when the Request-URI has no `id=` (the List call). */
  listEventName?: string;
  /** R real line, D AWS docs, N third-party code, I inferred from the REST pattern (reference 2). */
  evidence: 'R' | 'D' | 'N' | 'I';
  /** Why there is no eventName, or what the line is part of. */
  note?: string;
}

type Row = [operation: string, kind: AccessOperationKind, eventName: string | null, evidence: AccessOperationEntry['evidence'], extra?: Partial<AccessOperationEntry>];

const LIFECYCLE_NOTE = 'Lifecycle action done by S3 itself; CloudTrail does not record it.';
const WEBSITE_NOTE = 'Request to the static-website endpoint; CloudTrail does not record it.';

const ROWS: Row[] = [
  // 2.1 object level (data events)
  ['REST.GET.OBJECT', 'object', 'GetObject', 'R'],
  ['REST.HEAD.OBJECT', 'object', 'HeadObject', 'R'],
  ['REST.PUT.OBJECT', 'object', 'PutObject', 'R'],
  ['REST.POST.OBJECT', 'object', 'PostObject', 'N'],
  ['REST.POST.BUCKET', 'bucket', 'PostObject', 'N', { note: 'Browser form upload; third-party code lists both REST.POST.OBJECT and REST.POST.BUCKET for PostObject (uncertain which).' }],
  ['REST.DELETE.OBJECT', 'object', 'DeleteObject', 'N'],
  ['REST.POST.MULTI_OBJECT_DELETE', 'bucket', 'DeleteObjects', 'R'],
  ['BATCH.DELETE.OBJECT', 'batch', null, 'R', { note: 'One line per key of a multi-object delete; same Request ID as its REST.POST.MULTI_OBJECT_DELETE line and the DeleteObjects record.' }],
  ['REST.COPY.OBJECT', 'object', 'CopyObject', 'R'],
  ['REST.COPY.OBJECT_GET', 'object', 'CopyObject', 'R', { note: "The copy source's side of a CopyObject (in the source bucket's log), same Request ID." }],
  ['REST.POST.UPLOADS', 'object', 'CreateMultipartUpload', 'R'],
  ['REST.PUT.PART', 'object', 'UploadPart', 'R'],
  ['REST.COPY.PART', 'object', 'UploadPartCopy', 'N'],
  ['REST.COPY.PART_GET', 'object', 'UploadPartCopy', 'N', { note: "The copy source's side of an UploadPartCopy, same Request ID." }],
  ['REST.POST.UPLOAD', 'object', 'CompleteMultipartUpload', 'R'],
  ['REST.DELETE.UPLOAD', 'object', 'AbortMultipartUpload', 'R'],
  ['REST.GET.UPLOAD', 'object', 'ListParts', 'N'],
  ['REST.GET.BUCKET', 'bucket', 'ListObjects', 'R', { note: 'ListObjects and ListObjectsV2 (`list-type=2`) alike; CloudTrail names both ListObjects.' }],
  ['REST.GET.BUCKETVERSIONS', 'bucket', 'ListObjectVersions', 'R'],
  ['REST.HEAD.BUCKET', 'bucket', 'HeadBucket', 'R'],
  ['REST.GET.ACL', 'object-or-bucket', 'GetBucketAcl', 'R', { objectEventName: 'GetObjectAcl' }],
  ['REST.PUT.ACL', 'object-or-bucket', 'PutBucketAcl', 'I', { objectEventName: 'PutObjectAcl' }],
  ['REST.GET.OBJECT_TAGGING', 'object', 'GetObjectTagging', 'N'],
  ['REST.PUT.OBJECT_TAGGING', 'object', 'PutObjectTagging', 'I'],
  ['REST.DELETE.OBJECT_TAGGING', 'object', 'DeleteObjectTagging', 'I'],
  ['REST.POST.RESTORE', 'object', 'RestoreObject', 'I'],
  ['REST.OPTIONS.PREFLIGHT', 'object', 'PreflightRequest', 'N'],
  ['REST.GET.OBJECT_ATTRIBUTES', 'object', 'GetObjectAttributes', 'I'],
  ['REST.GET.RETENTION', 'object', 'GetObjectRetention', 'I'],
  ['REST.PUT.RETENTION', 'object', 'PutObjectRetention', 'I'],
  ['REST.GET.LEGAL_HOLD', 'object', 'GetObjectLegalHold', 'I'],
  ['REST.PUT.LEGAL_HOLD', 'object', 'PutObjectLegalHold', 'I'],
  ['REST.POST.SELECT', 'object', 'SelectObjectContent', 'I'],
  ['REST.GET.TORRENT', 'object', 'GetObjectTorrent', 'I'],
  // Newer calls without a real line: the names follow the REST.<METHOD>.<RESOURCE> pattern (the generator's guesses).
  ['REST.PUT.OBJECT_ENCRYPTION', 'object', 'UpdateObjectEncryption', 'I'],
  ['REST.GET.OBJECT_ANNOTATION', 'object', 'GetObjectAnnotation', 'I'],
  ['REST.PUT.OBJECT_ANNOTATION', 'object', 'PutObjectAnnotation', 'I'],
  ['REST.GET.OBJECT_ANNOTATIONS', 'object', 'ListObjectAnnotations', 'I'],
  ['REST.DELETE.OBJECT_ANNOTATION', 'object', 'DeleteObjectAnnotation', 'I'],
  ['SOAP.PUT.OBJECT', 'soap', null, 'R', { note: 'SOAP API (retired); CloudTrail names SOAP calls by their REST equivalents where it logs them at all.' }],
  // 2.2 bucket level (management events)
  ['REST.GET.BUCKETPOLICY', 'bucket', 'GetBucketPolicy', 'R'],
  ['REST.PUT.BUCKETPOLICY', 'bucket', 'PutBucketPolicy', 'R'],
  ['REST.DELETE.BUCKETPOLICY', 'bucket', 'DeleteBucketPolicy', 'I'],
  ['REST.GET.POLICY_STATUS', 'bucket', 'GetBucketPolicyStatus', 'R'],
  ['REST.GET.VERSIONING', 'bucket', 'GetBucketVersioning', 'R'],
  ['REST.PUT.VERSIONING', 'bucket', 'PutBucketVersioning', 'R'],
  ['REST.GET.LOGGING_STATUS', 'bucket', 'GetBucketLogging', 'R'],
  ['REST.PUT.LOGGING_STATUS', 'bucket', 'PutBucketLogging', 'R'],
  ['REST.GET.LOCATION', 'bucket', 'GetBucketLocation', 'R'],
  ['REST.GET.NOTIFICATION', 'bucket', 'GetBucketNotification', 'R'],
  ['REST.PUT.NOTIFICATION', 'bucket', 'PutBucketNotification', 'R'],
  ['REST.GET.LIFECYCLE', 'bucket', 'GetBucketLifecycle', 'R'],
  ['REST.PUT.LIFECYCLE', 'bucket', 'PutBucketLifecycle', 'I'],
  ['REST.DELETE.LIFECYCLE', 'bucket', 'DeleteBucketLifecycle', 'I'],
  ['REST.GET.CORS', 'bucket', 'GetBucketCors', 'R'],
  ['REST.PUT.CORS', 'bucket', 'PutBucketCors', 'I'],
  ['REST.DELETE.CORS', 'bucket', 'DeleteBucketCors', 'I'],
  ['REST.GET.REPLICATION', 'bucket', 'GetBucketReplication', 'R'],
  ['REST.PUT.REPLICATION', 'bucket', 'PutBucketReplication', 'I'],
  ['REST.DELETE.REPLICATION', 'bucket', 'DeleteBucketReplication', 'I'],
  ['REST.GET.ENCRYPTION', 'bucket', 'GetBucketEncryption', 'R'],
  ['REST.PUT.ENCRYPTION', 'bucket', 'PutBucketEncryption', 'I'],
  ['REST.DELETE.ENCRYPTION', 'bucket', 'DeleteBucketEncryption', 'I'],
  ['REST.GET.PUBLIC_ACCESS_BLOCK', 'bucket', 'GetBucketPublicAccessBlock', 'R'],
  ['REST.PUT.PUBLIC_ACCESS_BLOCK', 'bucket', 'PutBucketPublicAccessBlock', 'I'],
  ['REST.DELETE.PUBLIC_ACCESS_BLOCK', 'bucket', 'DeleteBucketPublicAccessBlock', 'I'],
  ['REST.GET.TAGGING', 'bucket', 'GetBucketTagging', 'R'],
  ['REST.PUT.TAGGING', 'bucket', 'PutBucketTagging', 'I'],
  ['REST.DELETE.TAGGING', 'bucket', 'DeleteBucketTagging', 'I'],
  ['REST.GET.WEBSITE', 'bucket', 'GetBucketWebsite', 'R'],
  ['REST.PUT.WEBSITE', 'bucket', 'PutBucketWebsite', 'N'],
  ['REST.DELETE.WEBSITE', 'bucket', 'DeleteBucketWebsite', 'I'],
  ['REST.GET.OWNERSHIP_CONTROLS', 'bucket', 'GetBucketOwnershipControls', 'R'],
  ['REST.PUT.OWNERSHIP_CONTROLS', 'bucket', 'PutBucketOwnershipControls', 'I'],
  ['REST.DELETE.OWNERSHIP_CONTROLS', 'bucket', 'DeleteBucketOwnershipControls', 'I'],
  ['REST.GET.OBJECT_LOCK_CONFIGURATION', 'bucket', 'GetBucketObjectLockConfiguration', 'R'],
  ['REST.PUT.OBJECT_LOCK_CONFIGURATION', 'bucket', 'PutBucketObjectLockConfiguration', 'I'],
  ['REST.GET.REQUEST_PAYMENT', 'bucket', 'GetBucketRequestPayment', 'R'],
  ['REST.PUT.REQUEST_PAYMENT', 'bucket', 'PutBucketRequestPayment', 'I'],
  ['REST.GET.ACCELERATE', 'bucket', 'GetAccelerateConfiguration', 'R'],
  ['REST.PUT.ACCELERATE', 'bucket', 'PutAccelerateConfiguration', 'I'],
  ['REST.GET.ANALYTICS', 'bucket', 'GetBucketAnalyticsConfiguration', 'N', { listEventName: 'ListBucketAnalyticsConfigurations' }],
  ['REST.PUT.ANALYTICS', 'bucket', 'PutBucketAnalyticsConfiguration', 'I'],
  ['REST.DELETE.ANALYTICS', 'bucket', 'DeleteBucketAnalyticsConfiguration', 'I'],
  ['REST.GET.INTELLIGENT_TIERING', 'bucket', 'GetBucketIntelligentTieringConfiguration', 'R', { listEventName: 'ListBucketIntelligentTieringConfigurations' }],
  ['REST.PUT.INTELLIGENT_TIERING', 'bucket', 'PutBucketIntelligentTieringConfiguration', 'I'],
  ['REST.DELETE.INTELLIGENT_TIERING', 'bucket', 'DeleteBucketIntelligentTieringConfiguration', 'I'],
  ['REST.GET.INVENTORY', 'bucket', 'GetBucketInventoryConfiguration', 'R', { listEventName: 'ListBucketInventoryConfigurations' }],
  ['REST.PUT.INVENTORY', 'bucket', 'PutBucketInventoryConfiguration', 'I'],
  ['REST.DELETE.INVENTORY', 'bucket', 'DeleteBucketInventoryConfiguration', 'I'],
  ['REST.GET.METRICS', 'bucket', 'GetBucketMetricsConfiguration', 'I', { listEventName: 'ListBucketMetricsConfigurations' }],
  ['REST.PUT.METRICS', 'bucket', 'PutBucketMetricsConfiguration', 'R'],
  ['REST.DELETE.METRICS', 'bucket', 'DeleteBucketMetricsConfiguration', 'I'],
  ['REST.GET.UPLOADS', 'bucket', 'ListMultipartUploads', 'R'],
  ['REST.DELETE.BUCKET', 'bucket', 'DeleteBucket', 'I'],
  ['REST.GET.METADATA_CONFIGURATION', 'bucket', 'GetBucketMetadataConfiguration', 'I'],
  ['REST.POST.METADATA_CONFIGURATION', 'bucket', 'CreateBucketMetadataConfiguration', 'I'],
  ['REST.DELETE.METADATA_CONFIGURATION', 'bucket', 'DeleteBucketMetadataConfiguration', 'I'],
  ['REST.GET.METADATA_TABLE', 'bucket', 'GetBucketMetadataTableConfiguration', 'I'],
  ['REST.POST.METADATA_TABLE', 'bucket', 'CreateBucketMetadataTableConfiguration', 'I'],
  ['REST.DELETE.METADATA_TABLE', 'bucket', 'DeleteBucketMetadataTableConfiguration', 'I'],
  ['REST.PUT.METADATA_INVENTORY_TABLE', 'bucket', 'UpdateBucketMetadataInventoryTableConfiguration', 'I'],
  ['REST.PUT.METADATA_JOURNAL_TABLE', 'bucket', 'UpdateBucketMetadataJournalTableConfiguration', 'I'],
  ['REST.PUT.METADATA_ANNOTATION_TABLE', 'bucket', 'UpdateBucketMetadataAnnotationTableConfiguration', 'I'],
  ['REST.GET.ABAC', 'bucket', 'GetBucketAbac', 'I'],
  ['REST.PUT.ABAC', 'bucket', 'PutBucketAbac', 'I'],
  // 2.3 no CloudTrail counterpart
  ['S3.EXPIRE.OBJECT', 'lifecycle', null, 'R', { note: LIFECYCLE_NOTE }],
  ['S3.CREATE.DELETEMARKER', 'lifecycle', null, 'D', { note: LIFECYCLE_NOTE }],
  ['S3.TRANSITION_SIA.OBJECT', 'lifecycle', null, 'D', { note: LIFECYCLE_NOTE }],
  ['S3.TRANSITION_ZIA.OBJECT', 'lifecycle', null, 'D', { note: LIFECYCLE_NOTE }],
  ['S3.TRANSITION_INT.OBJECT', 'lifecycle', null, 'R', { note: LIFECYCLE_NOTE }],
  ['S3.TRANSITION_GIR.OBJECT', 'lifecycle', null, 'D', { note: LIFECYCLE_NOTE }],
  ['S3.TRANSITION.OBJECT', 'lifecycle', null, 'D', { note: LIFECYCLE_NOTE }],
  ['S3.TRANSITION_GDA.OBJECT', 'lifecycle', null, 'D', { note: LIFECYCLE_NOTE }],
  ['S3.DELETE.UPLOAD', 'lifecycle', null, 'D', { note: 'Lifecycle abort of an incomplete multipart upload; CloudTrail does not record it.' }],
  ['WEBSITE.GET.OBJECT', 'website', null, 'R', { note: WEBSITE_NOTE }],
  ['WEBSITE.HEAD.OBJECT', 'website', null, 'R', { note: WEBSITE_NOTE }],
  ['WEBSITE.INVALIDOPERATION', 'website', null, 'N', { note: WEBSITE_NOTE }],
];

const ENTRIES: readonly AccessOperationEntry[] = Object.freeze(ROWS.map(([operation, kind, eventName, evidence, extra]) =>
  Object.freeze({ operation, kind, eventName, evidence, ...extra })));
const byOperation = new Map(ENTRIES.map((e) => [e.operation, e]));

export function allAccessOperations(): readonly AccessOperationEntry[] {
  return ENTRIES;
}

/** The catalog row of an Operation value (exact, upper case as S3 writes it). */
export function accessOperation(operation: string): AccessOperationEntry | undefined {
  return byOperation.get(operation) ?? (operation.startsWith('SOAP.') ? byOperation.get('SOAP.PUT.OBJECT') : undefined);
}

/**
 * The CloudTrail eventName of an access-log request, or undefined when CloudTrail has none (lifecycle, website,
 * batch lines) or the operation is unknown. `hasKey`: the line's Key is not `-`; `requestUri`: to tell a
 * configuration List call (no `id=`) from its Get.
 */
export function eventNameForOperation(operation: string, hasKey: boolean, requestUri?: string): string | undefined {
  const e = byOperation.get(operation);
  if (!e || e.eventName === null) return undefined;
  if (hasKey && e.objectEventName) return e.objectEventName;
  if (e.listEventName && requestUri !== undefined && !/[?&]id=/.test(requestUri)) return e.listEventName;
  return e.eventName;
}

/** The Operation values whose lines are the given CloudTrail eventName (the reverse of the table). */
export function operationsForEventName(eventName: string): string[] {
  return ENTRIES.filter((e) => e.eventName === eventName || e.objectEventName === eventName || e.listEventName === eventName).map((e) => e.operation);
}
