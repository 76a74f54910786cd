// The flat values of one record that the query language, the index and the table read.
// Every value is a string or undefined (the record lacks it); flags are 'true'/'false'.

export interface RecordValues {
  eventTime: string | undefined;
  eventName: string | undefined;
  eventSource: string | undefined;
  /** requestParameters.bucketName, else the bucket of the first S3 ARN in resources. */
  bucket: string | undefined;
  /** requestParameters.key, else the object ARN's key. */
  key: string | undefined;
  /** userIdentity.arn */
  userArn: string | undefined;
  /** userIdentity.userName */
  userName: string | undefined;
  /** userIdentity.principalId */
  principalId: string | undefined;
  /** userIdentity.sessionContext.sessionIssuer.userName */
  issuerUserName: string | undefined;
  /** The table's Principal column (principalOf(r).short): role/session, user name, root, anonymous, the
   *  invoking AWS service, ...; undefined when the record has no userIdentity (or nothing names the caller). */
  principal: string | undefined;
  /** userIdentity.type */
  identityType: string | undefined;
  /** userIdentity.accountId (the caller's account) */
  account: string | undefined;
  /** recipientAccountId */
  recipient: string | undefined;
  /** awsRegion */
  region: string | undefined;
  /** sourceIPAddress */
  sourceIP: string | undefined;
  /** userAgent */
  userAgent: string | undefined;
  /** errorCode */
  errorCode: string | undefined;
  /** 'data' | 'management' (eventCategory, else managementEvent, else the catalog) | 'aggregated' | 'insight' | 'networkactivity' */
  category: string | undefined;
  /** 'read' | 'write': readOnly (boolean or "true"/"false"), else the catalog */
  access: string | undefined;
  /** 'true' when userIdentity.accountId and recipientAccountId are both present and differ, else 'false' */
  crossAccount: string;
  /** 'true' when userIdentity.accountId is ANONYMOUS_PRINCIPAL (or "anonymous"), else 'false' */
  anonymous: string;
  requestID: string | undefined;
  eventID: string | undefined;
  /** userIdentity.accessKeyId */
  accessKeyId: string | undefined;
  /** The role session name (assumed-role ARN) or federated user name (federated-user ARN) of userIdentity.arn */
  sessionName: string | undefined;
  /** userIdentity.sessionContext.sessionIssuer.arn */
  issuerArn: string | undefined;
  /** userIdentity.sessionContext.sourceIdentity */
  sourceIdentity: string | undefined;
  /** 'true' | 'false': sessionContext.attributes.mfaAuthenticated; undefined when absent */
  mfa: string | undefined;
  /** 'true' when userIdentity.sessionCredentialFromConsole is true, else 'false' */
  console: string;
  /** responseElements.credentials.accessKeyId (the key an sts call issued) */
  issuedAccessKeyId: string | undefined;
  /** responseElements.assumedRoleUser.arn (the session an AssumeRole* call created) */
  issuedArn: string | undefined;
  /** userIdentity.invokedBy */
  invokedBy: string | undefined;
  /** userIdentity.sessionContext.attributes.creationDate */
  sessionCreated: string | undefined;
}

export type RecordValueKey = keyof RecordValues;

export const RECORD_VALUE_KEYS: readonly RecordValueKey[] = [
  'eventTime', 'eventName', 'eventSource', 'bucket', 'key', 'userArn', 'userName', 'principalId', 'issuerUserName',
  'principal', 'identityType', 'account', 'recipient', 'region', 'sourceIP', 'userAgent', 'errorCode', 'category', 'access',
  'crossAccount', 'anonymous', 'requestID', 'eventID', 'accessKeyId', 'sessionName', 'issuerArn', 'sourceIdentity', 'mfa', 'console',
  'issuedAccessKeyId', 'issuedArn', 'invokedBy', 'sessionCreated',
];

/**
 * The values in RECORD_VALUE_KEYS order. Reading `v[key]` with a key that changes row after row makes the
 * property lookup generic (slow) in the index's per-record loop; this reads each member by name.
 */
export function recordValueList(v: RecordValues): (string | undefined)[] {
  return [
    v.eventTime, v.eventName, v.eventSource, v.bucket, v.key, v.userArn, v.userName, v.principalId, v.issuerUserName,
    v.principal, v.identityType, v.account, v.recipient, v.region, v.sourceIP, v.userAgent, v.errorCode, v.category, v.access,
    v.crossAccount, v.anonymous, v.requestID, v.eventID, v.accessKeyId, v.sessionName, v.issuerArn, v.sourceIdentity, v.mfa, v.console,
    v.issuedAccessKeyId, v.issuedArn, v.invokedBy, v.sessionCreated,
  ];
}
