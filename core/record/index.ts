// core/record: the normalised view of one CloudTrail record (typed accessors and derived fields).
// Public face of the folder.

export {
  bucketOf, keyOf, bucketOfResources, keyOfResources, principalOf, categoryOf, accessOf, isCrossAccount, isAnonymous, isS3Record, parseS3Arn,
  type RawRecord, type Principal, type ResourceEntry, type RecordCategory,
} from './accessors';
export { recordValues, rowValues } from './values-of';
export { RECORD_VALUE_KEYS, recordValueList, type RecordValues, type RecordValueKey } from './values';
export {
  accessKeyIdOf, issuerArnOf, sourceIdentityOf, mfaOf, consoleOf, flagValue, sessionNameOfArn, roleArnOfSession, issuedAccessKeyIdOf, issuedArnOf,
  invokedByOf, sessionCreationDateOf,
} from './session';
