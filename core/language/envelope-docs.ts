// Hover docs of the wrappers records travel in: lookup-events Event objects, EventBridge events and
// CloudWatch Logs log events (the record itself is explained by hover.ts).

import type { Shape } from '../parse';
import { code, explainEventName, explainKeyId, explainTime } from './explain';

const LOOKUP_EVENT: Record<string, string> = {
  EventId: 'The record\'s eventID.',
  EventName: 'The record\'s eventName.',
  ReadOnly: 'readOnly as **text** ("true"/"false"), as the LookupEvents API returns it.',
  AccessKeyId: 'The access key id the caller signed with.',
  EventTime: 'The record\'s eventTime, as the tool that saved the output printed it (ISO with offset, epoch seconds, or Python datetime text).',
  EventSource: 'The record\'s eventSource.',
  Username: 'User name or role session name of the caller.',
  Resources: 'Resources of the record as {ResourceType, ResourceName} pairs.',
  CloudTrailEvent: 'The full CloudTrail record, **as a JSON string** (its fields get their own hovers).',
};

const EVENTBRIDGE: Record<string, string> = {
  version: 'EventBridge envelope version.',
  id: 'EventBridge event id (not the CloudTrail eventID).',
  'detail-type': 'Kind of event: "AWS API Call via CloudTrail" and its siblings carry a CloudTrail record in `detail`.',
  source: 'Service namespace, e.g. `aws.s3`.',
  account: 'Account the event was delivered to.',
  time: 'When EventBridge received the event.',
  region: 'Region of the event.',
  resources: 'Resources EventBridge lists for routing (often empty for CloudTrail events).',
  detail: 'The CloudTrail record.',
};

const LOG_EVENT: Record<string, string> = {
  id: 'CloudWatch Logs event id.',
  timestamp: 'When the event was ingested, in epoch milliseconds.',
  message: 'The CloudTrail record, **as a JSON string** (its fields get their own hovers).',
};

const DOCS: Partial<Record<Shape, [string, Record<string, string>]>> = {
  'lookup-events': ['lookup-events Event', LOOKUP_EVENT],
  'lookup-events-jsonl': ['lookup-events Event', LOOKUP_EVENT],
  eventbridge: ['EventBridge event', EVENTBRIDGE],
  cloudwatch: ['CloudWatch Logs log event', LOG_EVENT],
};

/** Markdown for a member of an envelope element (key, or value when value is given), or undefined. */
export function explainEnvelope(shape: Shape, key: string, value: unknown, record: unknown, now: number): string | undefined {
  const docs = DOCS[shape];
  const doc = docs?.[1][key];
  if (!docs || !doc) return undefined;
  const head = `**${key}** (${docs[0]}) — ${doc}`;
  if (typeof value === 'string') {
    const source = typeof record === 'object' && record !== null ? (record as { eventSource?: unknown }).eventSource : undefined;
    if (key === 'EventName') return `${head}\n\n---\n\n${explainEventName(value, typeof source === 'string' ? source : undefined)}`;
    if (key === 'EventTime' || key === 'time') return `${head}\n\n${explainTime(value, now) ?? `${code(value)} (not a time JavaScript can read)`}`;
    if (key === 'AccessKeyId') return `${head}\n\n${explainKeyId(value) ?? code(value)}`;
  }
  if (typeof value === 'number' && key === 'EventTime') return `${head}\n\n${explainTime(new Date(value * 1000).toISOString(), now) ?? ''}`;
  if (typeof value === 'number' && key === 'timestamp') return `${head}\n\n${explainTime(new Date(value).toISOString(), now) ?? ''}`;
  return head;
}
