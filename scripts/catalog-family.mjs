// The S3-family event sources and entries that the domain reference's tables do not hold: S3 Tables,
// S3 Vectors, S3 on Outposts objects and endpoints, S3 Object Lambda, the directory-bucket configuration
// APIs, S3 service events and ListObjectsV2 under access points. Read by scripts/gen-catalog.mjs.
//
// Discipline (the same as the reference's): every name is an operation of an API model, recorded in
// test/fixtures/catalog/api-model-operations.json, or an event an AWS page names; every entry says where it
// comes from (provenance.sources: keys of REFERENCES) and whether an AWS CloudTrail page itemises it
// ("itemised") or the name is taken from the API model, eventName assumed equal to the operation ("inferred").

export const REFERENCES = {
  'S3CT-NOW': { title: 'Amazon S3 CloudTrail events (current page)', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html' },
  'S3CT-2023': { title: 'Amazon S3 CloudTrail events (2019-2023 versions of the page)', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html' },
  S3X: { title: 'Logging with AWS CloudTrail for directory buckets', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-one-zone-logging.html' },
  'BOTO-S3': { title: 'S3 API model s3 2006-03-01 (botocore)', url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html' },
  'BOTO-S3C': { title: 'S3 Control API model s3control 2018-08-20 (botocore)', url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_AWS_S3_Control.html' },
  'MODEL-S3': { title: 'S3 API model s3 2006-03-01 as in @aws-sdk/client-s3 3.1178.0', url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html' },
  'MODEL-S3TABLES': { title: 'S3 Tables API model s3tables 2018-05-10 as in @aws-sdk/client-s3tables 3.1127.0', url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_S3_Tables.html' },
  'MODEL-S3VECTORS': { title: 'S3 Vectors API model s3vectors 2025-07-15 as in @aws-sdk/client-s3vectors 3.1137.0', url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_S3_Vectors.html' },
  'MODEL-S3OUTPOSTS': { title: 'S3 on Outposts endpoint API model s3outposts 2017-07-25', url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_S3_on_Outposts.html' },
  'CT-EVENTS': { title: 'Understanding CloudTrail events (data event resource types)', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html' },
  'S3TABLES-CT': { title: 'Logging S3 Tables with AWS CloudTrail', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-logging.html' },
  'S3-BATCH-CT': { title: 'S3 Batch Operations: tracking job status and completion (CloudTrail events)', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/batch-ops-job-status.html' },
};

/**
 * The S3 family, in the order the catalog ranks a name several sources share; a query without a
 * `source:` term matches exactly these sources.
 */
export const EVENT_SOURCES = [
  {
    eventSource: 's3.amazonaws.com', name: 'Amazon S3',
    description: 'General purpose buckets and objects, S3 Control (access points, Batch Operations, Storage Lens, Access Grants, Multi-Region Access Points) and S3 service events',
    apiModels: ['s3 2006-03-01', 's3control 2018-08-20'], sources: ['S3CT-NOW', 'BOTO-S3', 'BOTO-S3C'],
    dataResourceTypes: ['AWS::S3::Object', 'AWS::S3::AccessPoint'],
  },
  {
    eventSource: 's3express.amazonaws.com', name: 'Amazon S3 Express One Zone (directory buckets)',
    description: 'Directory buckets: Regional endpoint APIs are management events, Zonal endpoint APIs data events',
    apiModels: ['s3 2006-03-01'], sources: ['S3X', 'MODEL-S3'],
    dataResourceTypes: ['AWS::S3Express::Object', 'AWS::S3Express::AccessPoint'],
  },
  {
    eventSource: 's3-outposts.amazonaws.com', name: 'Amazon S3 on Outposts',
    description: 'Outposts buckets (S3 Control bucket APIs), their objects and the S3 on Outposts endpoints; records may carry edgeDeviceDetails',
    apiModels: ['s3control 2018-08-20', 's3 2006-03-01', 's3outposts 2017-07-25'], sources: ['BOTO-S3C', 'MODEL-S3', 'MODEL-S3OUTPOSTS', 'CT-EVENTS'],
    dataResourceTypes: ['AWS::S3Outposts::Object'],
  },
  {
    eventSource: 's3tables.amazonaws.com', name: 'Amazon S3 Tables',
    description: 'Table buckets, namespaces and Apache Iceberg tables: the S3 Tables API (management events), object reads and writes of table data (data events), and table maintenance service events (AwsServiceEvent, accepted under any name: no API operation names them)',
    apiModels: ['s3tables 2018-05-10', 's3 2006-03-01'], sources: ['S3TABLES-CT', 'MODEL-S3TABLES', 'CT-EVENTS'],
    dataResourceTypes: ['AWS::S3Tables::Table', 'AWS::S3Tables::TableBucket'],
  },
  {
    eventSource: 's3vectors.amazonaws.com', name: 'Amazon S3 Vectors',
    description: 'Vector buckets and vector indexes: bucket and index APIs (management events) and vector reads, writes and queries (data events)',
    apiModels: ['s3vectors 2025-07-15'], sources: ['MODEL-S3VECTORS', 'CT-EVENTS'],
    dataResourceTypes: ['AWS::S3Vectors::Index', 'AWS::S3Vectors::VectorBucket'],
  },
  {
    eventSource: 's3-object-lambda.amazonaws.com', name: 'Amazon S3 Object Lambda',
    description: 'Requests through Object Lambda access points and the function\'s WriteGetObjectResponse (eventSource inferred from the API model\'s s3-object-lambda endpoint and signing name; the S3 page lists WriteGetObjectResponse under s3.amazonaws.com too)',
    apiModels: ['s3 2006-03-01'], sources: ['MODEL-S3', 'S3CT-NOW', 'CT-EVENTS'],
    dataResourceTypes: ['AWS::S3ObjectLambda::AccessPoint'],
  },
];

const API = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';
const inferred = (...sources) => ({ evidence: 'inferred', sources });
const itemised = (...sources) => ({ evidence: 'itemised', sources });
const isRead = (name) => /^(Get|List|Head|Describe|Query)/.test(name);

// ---------------------------------------------------------------- S3 Tables (s3tables 2018-05-10)

// Operation -> [HTTP binding, first sentence of the model's documentation].
const S3TABLES_OPS = {
  CreateNamespace: ['PUT /namespaces/{tableBucketARN}', 'Creates a namespace'],
  CreateTable: ['PUT /tables/{tableBucketARN}/{namespace}', 'Creates a new table associated with the given namespace in a table bucket'],
  CreateTableBucket: ['PUT /buckets', 'Creates a table bucket'],
  DeleteNamespace: ['DELETE /namespaces/{tableBucketARN}/{namespace}', 'Deletes a namespace'],
  DeleteTable: ['DELETE /tables/{tableBucketARN}/{namespace}/{name}', 'Deletes a table'],
  DeleteTableBucket: ['DELETE /buckets/{tableBucketARN}', 'Deletes a table bucket'],
  DeleteTableBucketEncryption: ['DELETE /buckets/{tableBucketARN}/encryption', 'Deletes the encryption configuration for a table bucket'],
  DeleteTableBucketMetricsConfiguration: ['DELETE /buckets/{tableBucketARN}/metrics', 'Deletes the metrics configuration for a table bucket'],
  DeleteTableBucketPolicy: ['DELETE /buckets/{tableBucketARN}/policy', 'Deletes a table bucket policy'],
  DeleteTableBucketReplication: ['DELETE /table-bucket-replication', 'Deletes the replication configuration for a table bucket'],
  DeleteTablePolicy: ['DELETE /tables/{tableBucketARN}/{namespace}/{name}/policy', 'Deletes a table policy'],
  DeleteTableReplication: ['DELETE /table-replication', 'Deletes the replication configuration for a specific table'],
  GetNamespace: ['GET /namespaces/{tableBucketARN}/{namespace}', 'Gets details about a namespace'],
  GetTable: ['GET /get-table', 'Gets details about a table'],
  GetTableBucket: ['GET /buckets/{tableBucketARN}', 'Gets details on a table bucket'],
  GetTableBucketEncryption: ['GET /buckets/{tableBucketARN}/encryption', 'Gets the encryption configuration for a table bucket'],
  GetTableBucketMaintenanceConfiguration: ['GET /buckets/{tableBucketARN}/maintenance', 'Gets details about a maintenance configuration for a given table bucket'],
  GetTableBucketMetricsConfiguration: ['GET /buckets/{tableBucketARN}/metrics', 'Gets the metrics configuration for a table bucket'],
  GetTableBucketPolicy: ['GET /buckets/{tableBucketARN}/policy', 'Gets details about a table bucket policy'],
  GetTableBucketReplication: ['GET /table-bucket-replication', 'Retrieves the replication configuration for a table bucket'],
  GetTableBucketStorageClass: ['GET /buckets/{tableBucketARN}/storage-class', 'Retrieves the storage class configuration for a table bucket'],
  GetTableEncryption: ['GET /tables/{tableBucketARN}/{namespace}/{name}/encryption', 'Gets the encryption configuration for a table'],
  GetTableMaintenanceConfiguration: ['GET /tables/{tableBucketARN}/{namespace}/{name}/maintenance', 'Gets details about the maintenance configuration of a table'],
  GetTableMaintenanceJobStatus: ['GET /tables/{tableBucketARN}/{namespace}/{name}/maintenance-job-status', 'Gets the status of a maintenance job for a table'],
  GetTableMetadataLocation: ['GET /tables/{tableBucketARN}/{namespace}/{name}/metadata-location', 'Gets the location of the table metadata'],
  GetTablePolicy: ['GET /tables/{tableBucketARN}/{namespace}/{name}/policy', 'Gets details about a table policy'],
  GetTableRecordExpirationConfiguration: ['GET /table-record-expiration', 'Retrieves the expiration configuration settings for records in a table, and the status of the configuration'],
  GetTableRecordExpirationJobStatus: ['GET /table-record-expiration-job-status', 'Retrieves the status, metrics, and details of the latest record expiration job for a table'],
  GetTableReplication: ['GET /table-replication', 'Retrieves the replication configuration for a specific table'],
  GetTableReplicationStatus: ['GET /replication-status', 'Retrieves the replication status for a table, including the status of replication to each destination'],
  GetTableStorageClass: ['GET /tables/{tableBucketARN}/{namespace}/{name}/storage-class', 'Retrieves the storage class configuration for a specific table'],
  ListNamespaces: ['GET /namespaces/{tableBucketARN}', 'Lists the namespaces within a table bucket'],
  ListTableBuckets: ['GET /buckets', 'Lists table buckets for your account'],
  ListTables: ['GET /tables/{tableBucketARN}', 'List tables in the given table bucket'],
  ListTagsForResource: ['GET /tag/{resourceArn}', 'Lists all of the tags applied to a specified Amazon S3 Tables resource'],
  PutTableBucketEncryption: ['PUT /buckets/{tableBucketARN}/encryption', 'Sets the encryption configuration for a table bucket'],
  PutTableBucketMaintenanceConfiguration: ['PUT /buckets/{tableBucketARN}/maintenance/{type}', 'Creates a new maintenance configuration or replaces an existing maintenance configuration for a table bucket'],
  PutTableBucketMetricsConfiguration: ['PUT /buckets/{tableBucketARN}/metrics', 'Sets the metrics configuration for a table bucket'],
  PutTableBucketPolicy: ['PUT /buckets/{tableBucketARN}/policy', 'Creates a new table bucket policy or replaces an existing table bucket policy for a table bucket'],
  PutTableBucketReplication: ['PUT /table-bucket-replication', 'Creates or updates the replication configuration for a table bucket'],
  PutTableBucketStorageClass: ['PUT /buckets/{tableBucketARN}/storage-class', 'Sets or updates the storage class configuration for a table bucket'],
  PutTableMaintenanceConfiguration: ['PUT /tables/{tableBucketARN}/{namespace}/{name}/maintenance/{type}', 'Creates a new maintenance configuration or replaces an existing maintenance configuration for a table'],
  PutTablePolicy: ['PUT /tables/{tableBucketARN}/{namespace}/{name}/policy', 'Creates a new table policy or replaces an existing table policy for a table'],
  PutTableRecordExpirationConfiguration: ['PUT /table-record-expiration', 'Creates or updates the expiration configuration settings for records in a table, including the status of the configuration'],
  PutTableReplication: ['PUT /table-replication', 'Creates or updates the replication configuration for a specific table'],
  RenameTable: ['PUT /tables/{tableBucketARN}/{namespace}/{name}/rename', 'Renames a table or a namespace'],
  TagResource: ['POST /tag/{resourceArn}', 'Applies one or more user-defined tags to an Amazon S3 Tables resource or updates existing tags'],
  UntagResource: ['DELETE /tag/{resourceArn}', 'Removes the specified user-defined tags from an Amazon S3 Tables resource'],
  UpdateTableMetadataLocation: ['PUT /tables/{tableBucketARN}/{namespace}/{name}/metadata-location', 'Updates the metadata location for a table'],
};

// Table data is read and written with S3 object APIs on the table's warehouse location, authorized by
// s3tables:GetTableData / s3tables:PutTableData; CloudTrail logs them with eventSource s3tables.amazonaws.com
// as data events of AWS::S3Tables::Table (S3TABLES-CT). Which object APIs AWS lists is not recorded here:
// these are the ones the two IAM actions cover, so they are inferred.
const S3TABLES_DATA = {
  GetObject: 's3tables:GetTableData',
  HeadObject: 's3tables:GetTableData',
  ListParts: 's3tables:GetTableData',
  PutObject: 's3tables:PutTableData',
  CreateMultipartUpload: 's3tables:PutTableData',
  UploadPart: 's3tables:PutTableData',
  CompleteMultipartUpload: 's3tables:PutTableData',
  AbortMultipartUpload: 's3tables:PutTableData',
};

// ---------------------------------------------------------------- S3 Vectors (s3vectors 2025-07-15)

const S3VECTORS_OPS = {
  CreateIndex: ['POST /CreateIndex', 'Creates a vector index within a vector bucket'],
  CreateVectorBucket: ['POST /CreateVectorBucket', 'Creates a vector bucket in the Amazon Web Services Region that you want your bucket to be in'],
  DeleteIndex: ['POST /DeleteIndex', 'Deletes a vector index'],
  DeleteVectorBucket: ['POST /DeleteVectorBucket', 'Deletes a vector bucket'],
  DeleteVectorBucketPolicy: ['POST /DeleteVectorBucketPolicy', 'Deletes a vector bucket policy'],
  DeleteVectors: ['POST /DeleteVectors', 'Deletes one or more vectors in a vector index'],
  GetIndex: ['POST /GetIndex', 'Returns vector index attributes'],
  GetVectorBucket: ['POST /GetVectorBucket', 'Returns vector bucket attributes'],
  GetVectorBucketPolicy: ['POST /GetVectorBucketPolicy', 'Gets details about a vector bucket policy'],
  GetVectors: ['POST /GetVectors', 'Returns vector attributes'],
  ListIndexes: ['POST /ListIndexes', 'Returns a list of all the vector indexes within the specified vector bucket'],
  ListTagsForResource: ['GET /tags/{resourceArn}', 'Lists all of the tags applied to a specified Amazon S3 Vectors resource'],
  ListVectorBuckets: ['POST /ListVectorBuckets', 'Returns a list of all the vector buckets that are owned by the authenticated sender of the request'],
  ListVectors: ['POST /ListVectors', 'List vectors in the specified vector index'],
  PutVectorBucketPolicy: ['POST /PutVectorBucketPolicy', 'Creates a bucket policy for a vector bucket'],
  PutVectors: ['POST /PutVectors', 'Adds one or more vectors to a vector index'],
  QueryVectors: ['POST /QueryVectors', 'Performs an approximate nearest neighbor search query in a vector index using a query vector'],
  TagResource: ['POST /tags/{resourceArn}', 'Applies one or more user-defined tags to an Amazon S3 Vectors resource or updates existing tags'],
  UntagResource: ['DELETE /tags/{resourceArn}', 'Removes the specified user-defined tags from an Amazon S3 Vectors resource'],
};
// The operations on vectors inside an index: data events of AWS::S3Vectors::Index (CT-EVENTS lists the
// S3 Vectors resource types for data events); bucket and index operations are management events.
const S3VECTORS_DATA = new Set(['PutVectors', 'GetVectors', 'DeleteVectors', 'ListVectors', 'QueryVectors']);

// ---------------------------------------------------------------- S3 on Outposts

// Object APIs that S3 on Outposts supports (S3 API model operations), logged as data events of
// AWS::S3Outposts::Object under s3-outposts.amazonaws.com (CT-EVENTS). The general purpose entry of the same
// name gives REST line, description and (with the s3-outposts prefix) the IAM action.
const OUTPOSTS_OBJECT_OPS = [
  'AbortMultipartUpload', 'CompleteMultipartUpload', 'CopyObject', 'CreateMultipartUpload', 'DeleteObject', 'DeleteObjects',
  'DeleteObjectTagging', 'GetObject', 'GetObjectTagging', 'HeadBucket', 'HeadObject', 'ListMultipartUploads', 'ListObjects',
  'ListObjectsV2', 'ListObjectVersions', 'ListParts', 'PutObject', 'PutObjectTagging', 'UploadPart', 'UploadPartCopy',
];

// The s3outposts 2017-07-25 model: endpoints that connect a VPC to an Outpost's S3 capacity.
const OUTPOSTS_ENDPOINT_OPS = {
  CreateEndpoint: ['POST /S3Outposts/CreateEndpoint', 'Creates an endpoint and associates it with the specified Outpost'],
  DeleteEndpoint: ['DELETE /S3Outposts/DeleteEndpoint', 'Deletes an endpoint'],
  ListEndpoints: ['GET /S3Outposts/ListEndpoints', 'Lists endpoints associated with the specified Outpost'],
  ListOutpostsWithS3: ['GET /S3Outposts/ListOutpostsWithS3', 'Lists the Outposts with S3 on Outposts capacity for your Amazon Web Services account'],
  ListSharedEndpoints: ['GET /S3Outposts/ListSharedEndpoints', 'Lists all endpoints associated with an Outpost that has been shared by Amazon Web Services Resource Access Manager (RAM)'],
};

// ---------------------------------------------------------------- directory buckets

// Regional-endpoint configuration APIs that the S3 API model documents for directory buckets (its
// s3express-control host and s3express:* permissions), not yet itemised by S3X. The general purpose bucket
// logs lifecycle calls as GetBucketLifecycle / PutBucketLifecycle; for directory buckets the eventName is
// assumed equal to the operation name. Value: [general purpose entry to reuse, IAM action].
const EXPRESS_CONFIG_OPS = {
  DeleteBucketLifecycle: ['DeleteBucketLifecycle', 's3express:PutLifecycleConfiguration'],
  GetBucketLifecycleConfiguration: ['GetBucketLifecycle', 's3express:GetLifecycleConfiguration'],
  PutBucketLifecycleConfiguration: ['PutBucketLifecycle', 's3express:PutLifecycleConfiguration'],
  DeleteBucketInventoryConfiguration: ['DeleteBucketInventoryConfiguration', 's3express:PutInventoryConfiguration'],
  GetBucketInventoryConfiguration: ['GetBucketInventoryConfiguration', 's3express:GetInventoryConfiguration'],
  ListBucketInventoryConfigurations: ['ListBucketInventoryConfigurations', 's3express:GetInventoryConfiguration'],
  PutBucketInventoryConfiguration: ['PutBucketInventoryConfiguration', 's3express:PutInventoryConfiguration'],
  DeleteBucketMetricsConfiguration: ['DeleteBucketMetricsConfiguration', 's3express:PutMetricsConfiguration'],
  GetBucketMetricsConfiguration: ['GetBucketMetricsConfiguration', 's3express:GetMetricsConfiguration'],
  ListBucketMetricsConfigurations: ['ListBucketMetricsConfigurations', 's3express:GetMetricsConfiguration'],
  PutBucketMetricsConfiguration: ['PutBucketMetricsConfiguration', 's3express:PutMetricsConfiguration'],
};

// ---------------------------------------------------------------- S3 Object Lambda

// Requests through an Object Lambda access point and the function's reply. Value: [IAM action, readOnly].
const OBJECT_LAMBDA_OPS = {
  GetObject: ['s3-object-lambda:GetObject', true],
  HeadObject: ['s3-object-lambda:GetObject', true],
  ListObjects: ['s3-object-lambda:ListBucket', true],
  ListObjectsV2: ['s3-object-lambda:ListBucket', true],
  WriteGetObjectResponse: ['s3-object-lambda:WriteGetObjectResponse', false],
};

/**
 * The entries, built with the general purpose entries of the reference (gp: eventName -> entry) for the
 * object APIs that other sources share.
 */
export function familyEvents(gp) {
  const out = [];
  const shared = (name) => {
    const e = gp.get(name);
    if (!e) throw new Error(`catalog-family: no general purpose entry ${name} to share`);
    return e;
  };
  const base = (fields) => ({ soap: null, inSeed: false, aliases: [], ...fields });

  // s3.amazonaws.com: ListObjectsV2 through access points; S3 Batch Operations service events.
  const list = shared('ListObjects');
  out.push(base({
    eventName: 'ListObjectsV2', eventSource: 's3.amazonaws.com', category: 'data', readOnly: true,
    rest: 'GET Bucket (List Objects) Version 2 through an access point', iamAction: 's3:ListBucket', apiUrl: `${API}API_ListObjectsV2.html`,
    description: list.description, group: 'object',
    notes: 'the name CloudTrail logs for ListObjectsV2 requests through an access point (AWS::S3::AccessPoint); requests to the bucket itself log ListObjects with requestParameters list-type = "2"',
    provenance: itemised('S3CT-NOW'),
  }));
  for (const [eventName, description] of [
    ['JobCreated', 'S3 Batch Operations created a job (emitted by S3; the CreateJob call is logged separately)'],
    ['JobStatusChanged', 'An S3 Batch Operations job changed status (e.g. Active, Complete, Failed, Cancelled); emitted by S3, not by a caller'],
  ]) {
    out.push(base({
      eventName, eventSource: 's3.amazonaws.com', category: 'management', readOnly: null, eventType: 'AwsServiceEvent',
      rest: 'S3 Batch Operations service event (no API call)', iamAction: null,
      apiUrl: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/batch-ops-job-status.html', description, group: 'service',
      notes: 'eventType AwsServiceEvent: no caller, so no userIdentity request fields; the job id is in serviceEventDetails',
      provenance: itemised('S3-BATCH-CT'),
    }));
  }

  // s3express.amazonaws.com: directory-bucket lifecycle, inventory and metrics configurations.
  for (const [eventName, [gpName, iamAction]] of Object.entries(EXPRESS_CONFIG_OPS)) {
    const g = shared(gpName);
    out.push(base({
      eventName, eventSource: 's3express.amazonaws.com', category: 'management', readOnly: isRead(eventName),
      rest: `${g.rest} (Regional endpoint s3express-control)`, iamAction, apiUrl: `${API}API_${eventName}.html`,
      description: g.description, group: 'express',
      notes: 'directory-bucket configuration API of the S3 API model; not yet itemised on the directory-bucket CloudTrail page, eventName assumed equal to the operation name',
      provenance: inferred('MODEL-S3'),
    }));
  }

  // s3-outposts.amazonaws.com: objects and endpoints.
  for (const eventName of OUTPOSTS_OBJECT_OPS) {
    const g = eventName === 'ListObjectsV2' ? list : shared(eventName);
    const category = eventName === 'ListMultipartUploads' ? 'management' : 'data';
    const iam = eventName === 'ListObjectsV2' ? 's3:ListBucket' : g.iamAction;
    out.push(base({
      eventName, eventSource: 's3-outposts.amazonaws.com', category, readOnly: g.readOnly ?? isRead(eventName),
      rest: `${eventName === 'ListObjectsV2' ? 'GET Bucket (List Objects) Version 2' : g.rest} (S3 on Outposts access point)`,
      iamAction: iam.split(', ').map((a) => a.replace(/^s3:/, 's3-outposts:')).join(', '), apiUrl: `${API}API_${eventName}.html`,
      description: g.description, group: 'outposts-object',
      notes: category === 'data'
        ? 'S3 on Outposts object API, a data event of AWS::S3Outposts::Object; eventName assumed equal to the operation name'
        : 'S3 on Outposts object API; logged as a management event like the general purpose ListMultipartUploads (inferred)',
      provenance: inferred('MODEL-S3', 'CT-EVENTS'),
    }));
  }
  for (const [eventName, [rest, description]] of Object.entries(OUTPOSTS_ENDPOINT_OPS)) {
    out.push(base({
      eventName, eventSource: 's3-outposts.amazonaws.com', category: 'management', readOnly: isRead(eventName),
      rest, iamAction: `s3-outposts:${eventName}`, apiUrl: `${API}API_s3outposts_${eventName}.html`, description, group: 'outposts-endpoint',
      notes: 'S3 on Outposts endpoint API (s3outposts); eventName assumed equal to the operation name',
      provenance: inferred('MODEL-S3OUTPOSTS'),
    }));
  }

  // s3tables.amazonaws.com
  for (const [eventName, [rest, description]] of Object.entries(S3TABLES_OPS)) {
    out.push(base({
      eventName, eventSource: 's3tables.amazonaws.com', category: 'management', readOnly: isRead(eventName),
      rest, iamAction: `s3tables:${eventName}`, apiUrl: `${API}API_s3TableBuckets_${eventName}.html`, description, group: 'tables',
      notes: 'S3 Tables API: CloudTrail logs every S3 Tables API call as a management event; eventName assumed equal to the operation name',
      provenance: inferred('MODEL-S3TABLES', 'S3TABLES-CT'),
    }));
  }
  for (const [eventName, iamAction] of Object.entries(S3TABLES_DATA)) {
    const g = shared(eventName);
    out.push(base({
      eventName, eventSource: 's3tables.amazonaws.com', category: 'data', readOnly: g.readOnly,
      rest: `${g.rest} (table data, warehouse location)`, iamAction, apiUrl: `${API}API_${eventName}.html`,
      description: `${g.description} (reading or writing the data and metadata files of a table)`, group: 'tables',
      notes: 'S3 object API on a table\'s storage, logged as a data event of AWS::S3Tables::Table',
      provenance: inferred('S3TABLES-CT', 'MODEL-S3'),
    }));
  }

  // s3vectors.amazonaws.com
  for (const [eventName, [rest, description]] of Object.entries(S3VECTORS_OPS)) {
    const data = S3VECTORS_DATA.has(eventName);
    out.push(base({
      eventName, eventSource: 's3vectors.amazonaws.com', category: data ? 'data' : 'management', readOnly: isRead(eventName),
      rest, iamAction: `s3vectors:${eventName}`, apiUrl: `${API}API_S3VectorBuckets_${eventName}.html`, description, group: 'vectors',
      notes: data
        ? 'S3 Vectors API on the vectors of an index: a data event of AWS::S3Vectors::Index; eventName assumed equal to the operation name'
        : 'S3 Vectors bucket or index API: a management event; eventName assumed equal to the operation name',
      provenance: inferred('MODEL-S3VECTORS', 'CT-EVENTS'),
    }));
  }

  // s3-object-lambda.amazonaws.com
  for (const [eventName, [iamAction, readOnly]] of Object.entries(OBJECT_LAMBDA_OPS)) {
    const g = eventName === 'ListObjectsV2' ? list : shared(eventName);
    out.push(base({
      eventName, eventSource: 's3-object-lambda.amazonaws.com', category: 'data', readOnly,
      rest: eventName === 'WriteGetObjectResponse' ? g.rest : `${eventName === 'ListObjectsV2' ? 'GET Bucket (List Objects) Version 2' : g.rest} (Object Lambda access point)`,
      iamAction, apiUrl: `${API}API_${eventName}.html`, description: g.description, group: 'object-lambda',
      notes: 'request through an S3 Object Lambda access point (AWS::S3ObjectLambda::AccessPoint); eventSource and eventName inferred from the API model',
      provenance: inferred('MODEL-S3', 'CT-EVENTS'),
    }));
  }
  return out;
}
