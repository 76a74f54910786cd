// Test helpers: fixture text with a cursor marker `|`, and a realistic S3 record builder.

import { createLanguageService, type CloudTrailDocument } from '../../../../core/language';

export const NOW = Date.parse('2026-03-04T12:00:00Z');
export const service = createLanguageService({ now: () => NOW });
export const ALL_ON = { 'validation.enable': true, 'validation.severity': {} } as const;

/** Removes the first `|` (outside nothing: write it where the cursor goes) and returns the text and its offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('fixture has no | cursor marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

export function parse(text: string, uri = 'file:///fixture.json'): CloudTrailDocument {
  return service.parseDocument(uri, text);
}

export function s3Record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole', principalId: 'AROAEXAMPLEROLEID1234:alice', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
      accountId: '111122223333', accessKeyId: 'ASIAEXAMPLEKEY123456',
    },
    eventTime: '2026-03-01T12:00:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: '[aws-cli/2.17.60]',
    requestParameters: { bucketName: 'prod-logs', key: 'reports/q1.csv', Host: 'prod-logs.s3.us-east-1.amazonaws.com' },
    responseElements: null,
    requestID: '7FQJXG8C228Y7NNK',
    eventID: '6829a09f-4a37-4ec7-86d2-e739f77a57f3',
    readOnly: true,
    resources: [
      { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::prod-logs/reports/q1.csv' },
      { accountId: '111122223333', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::prod-logs' },
    ],
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: '111122223333',
    eventCategory: 'Data',
    ...overrides,
  };
}

export function trail(...records: unknown[]): string {
  return JSON.stringify({ Records: records });
}
