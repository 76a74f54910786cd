// The fields of an S3 server access log line, by position (reference s3-access-logs.md section 1), with the
// short names the index, the query language and the hovers use. Field 27 (Source Region) is the 2026 addition;
// anything after it is ignored, anything missing after User-Agent reads as `-`.

export const ACCESS_FIELD = {
  bucketOwner: 0, bucket: 1, time: 2, remoteIp: 3, requester: 4, requestId: 5, operation: 6, key: 7, requestUri: 8,
  httpStatus: 9, errorCode: 10, bytesSent: 11, objectSize: 12, totalTime: 13, turnAroundTime: 14, referer: 15,
  userAgent: 16, versionId: 17, hostId: 18, signatureVersion: 19, cipherSuite: 20, authenticationType: 21,
  hostHeader: 22, tlsVersion: 23, accessPointArn: 24, aclRequired: 25, sourceRegion: 26,
} as const;

export type AccessFieldName = keyof typeof ACCESS_FIELD;

/** Fields a line must have: everything up to User-Agent (the oldest format). */
export const MIN_ACCESS_FIELDS = 17;
/** Fields this reader knows (through Source Region); later ones are ignored. */
export const KNOWN_ACCESS_FIELDS = 27;

export interface AccessFieldDoc {
  name: AccessFieldName;
  /** Title as the AWS page writes it. */
  title: string;
  description: string;
}

/** One entry per position, in line order; hovers and docs read these. */
export const ACCESS_FIELD_DOCS: readonly AccessFieldDoc[] = Object.freeze([
  { name: 'bucketOwner', title: 'Bucket Owner', description: "Canonical user ID of the source bucket's owner (another form of the account ID)." },
  { name: 'bucket', title: 'Bucket', description: 'Bucket the request was processed against.' },
  { name: 'time', title: 'Time', description: 'Time the request was received, second resolution, `[dd/Mon/yyyy:HH:MM:SS ±hhmm]`.' },
  { name: 'remoteIp', title: 'Remote IP', description: 'Apparent address of the client; `-` for S3-internal work and some AWS services.' },
  { name: 'requester', title: 'Requester', description: 'IAM ARN, canonical user ID, `svc:<service principal>`, `AmazonS3` (lifecycle) or `-` (anonymous).' },
  { name: 'requestId', title: 'Request ID', description: "S3's x-amz-request-id: the same value as the CloudTrail record's requestID (the join key)." },
  { name: 'operation', title: 'Operation', description: '`REST.<method>.<resource>`, `WEBSITE.…`, `BATCH.DELETE.OBJECT`, `SOAP.…` or a lifecycle action `S3.<action>.<resource>`.' },
  { name: 'key', title: 'Key', description: 'Object key, URL-encoded (`+` for space); `-` when the operation has no key.' },
  { name: 'requestUri', title: 'Request-URI', description: 'The HTTP request line: method, path, query, protocol.' },
  { name: 'httpStatus', title: 'HTTP status', description: 'Numeric HTTP status of the response.' },
  { name: 'errorCode', title: 'Error Code', description: 'S3 error code (same vocabulary as CloudTrail errorCode); `-` when no error.' },
  { name: 'bytesSent', title: 'Bytes Sent', description: 'Response bytes without HTTP overhead; `-` if zero.' },
  { name: 'objectSize', title: 'Object Size', description: 'Total size of the object in question; `-` when not applicable.' },
  { name: 'totalTime', title: 'Total Time', description: 'Milliseconds the request was in flight on the server side.' },
  { name: 'turnAroundTime', title: 'Turn-Around Time', description: 'Milliseconds S3 spent processing (last request byte to first response byte).' },
  { name: 'referer', title: 'Referer', description: 'The Referer header, if present.' },
  { name: 'userAgent', title: 'User-Agent', description: 'The User-Agent header.' },
  { name: 'versionId', title: 'Version Id', description: 'Version ID in the request, `-` otherwise.' },
  { name: 'hostId', title: 'Host Id', description: 'x-amz-id-2, the extended request ID (CloudTrail additionalEventData["x-amz-id-2"]).' },
  { name: 'signatureVersion', title: 'Signature Version', description: '`SigV4`, `SigV2`, or `-` for unauthenticated requests.' },
  { name: 'cipherSuite', title: 'Cipher Suite', description: 'Negotiated TLS cipher; `-` for plain HTTP.' },
  { name: 'authenticationType', title: 'Authentication Type', description: '`AuthHeader`, `QueryString` (pre-signed URL) or `-` (unauthenticated).' },
  { name: 'hostHeader', title: 'Host Header', description: 'Endpoint used to reach S3.' },
  { name: 'tlsVersion', title: 'TLS version', description: '`TLSv1.1`, `TLSv1.2`, `TLSv1.3`, or `-`.' },
  { name: 'accessPointArn', title: 'Access Point ARN', description: 'Access point of the request, `-` if none.' },
  { name: 'aclRequired', title: 'aclRequired', description: '`Yes` when an ACL was needed to authorize the request.' },
  { name: 'sourceRegion', title: 'Source Region', description: 'AWS Region the request came from (added 2026); `-` when not known.' },
]);
