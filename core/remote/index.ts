// Public face of logs that live in S3, as pure logic: `s3://` URLs, CloudTrail's key layout and the listing
// ranges a selection prunes to, the cache's keying and eviction policy, and where a refresh resumes listing.
// The S3 client, the downloads and the cache on disk are engine/s3 (Node only).

export { formatS3Url, isS3Url, parseS3Url } from './s3-url';
export type { S3Url, S3UrlResult } from './s3-url';
export {
  accessLogKeyDay, awsLogsPrefix, checkDays, dayFolder, dayOf, isAccountId, isOrgId, keyInDays, kindPrefix, lastDays, lastSegment,
  locationId, nextDay, previousDay, regionRange, selected, selectedKinds, splitTrailPrefix, trailKeyDay,
} from './trail-layout';
export type { ListRange, S3Location, TrailKind, TrailPrefix, TrailSelection } from './trail-layout';
export { cacheId, cacheSegments, evictions, isCurrent } from './cache-policy';
export type { CacheEntry } from './cache-policy';
export { readLocations, s3CacheFolder } from './stored-locations';
export { emptyManifest, mergeManifest, noChanges } from './manifest-merge';
export type { CacheHolder, LocationRecord, Manifest, ManifestChanges } from './manifest-merge';
export { advanceMarker, resumeRange } from './list-marker';
export type { ListMarkers } from './list-marker';
