// Public face of S3 locations for the server and the CLI: the S3 client, the object cache, and opening a
// location (layout, plan, parallel fetch).

export { S3Access } from './access';
export type { ListedObject, S3AccessOptions } from './access';
export { describeS3Error } from './errors';
export type { S3Failure, S3FailureKind } from './errors';
export { ObjectCache, objectsFolder } from './object-cache';
export { discoverLayout, fetchObjects, openLocation, planLocation } from './trail-fetch';
export type { FetchOptions, FetchProgress, FetchResult, OpenResult, TrailLayout, TrailPlan } from './trail-fetch';
export { IndexFeed } from './index-feed';
export { loadLocations } from './location-loader';
export type { FileSink, LoadOptions, LocationOutcome } from './location-loader';
