// Public face of the S3 CloudTrail catalog: event names, aliases, field docs, enums, as data.

export type { EventEntry, EventGroup, EventSourceInfo, FieldDoc, FieldValueDoc, Provenance, ReferenceDoc, S3EventSource } from './types';
export {
  S3_EVENT_SOURCES, allEvents, lookupEvent, resolveAlias, suggestEventNames, nearEventNames, NEAR_MISS_DISTANCE, eventsForSource,
  isS3EventSource, s3EventSource, catalogSources, catalogReferences, eventSourceInfo,
} from './events';
export {
  fieldDoc, childFields, allFieldDocs, errorCodeDoc, knownErrorCodes, keyIdKind, fieldsAddedIn, parseEventVersion,
  compareEventVersions, latestEventVersion, AWS_REGIONS,
} from './fields';
export { EVENT_TYPES, EVENT_CATEGORIES, IDENTITY_TYPES } from './enums';
export { editDistance } from './edit-distance';
export {
  accessOperation, allAccessOperations, eventNameForOperation, operationsForEventName, type AccessOperationEntry, type AccessOperationKind,
} from './access-operations';
