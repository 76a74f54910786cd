// The parts of the AWS SDK for JavaScript v3 the S3 locations use, in one module: the build bundles it as
// dist/s3-sdk.js of its own (scripts/build.mjs), loaded the first time an S3 location is used, so the
// language server and the CLI start without parsing the SDK.

export {
  GetBucketLocationCommand, GetObjectCommand, HeadBucketCommand, ListBucketsCommand, ListObjectsV2Command, S3Client,
} from '@aws-sdk/client-s3';
export { fromNodeProviderChain } from '@aws-sdk/credential-providers';
