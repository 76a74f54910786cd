// Hover: field keys explain the field; values explain themselves (eventName, identities, times, ARNs ...).

import { findNodeAtOffset, getNodePath, type Node } from './jsonc';
import { envelopeAt, envelopeTree, recordAt, recordTree, toDocumentOffset, toRecordOffset, type CloudTrailDocument } from './document';
import { explainEnvelope } from './envelope-docs';
import {
  code, explainAccount, explainArn, explainErrorCode, explainEventName, explainEventVersion, explainField, explainFieldValue,
  explainKeyId, explainPrincipalId, explainTime,
} from './explain';
import { explainDigestField } from './digest-docs';
import type { HoverResult } from './types';

export function doHover(doc: CloudTrailDocument, offset: number, now = Date.now()): HoverResult | null {
  if (doc.kind !== 'cloudtrail' && doc.kind !== 'digest') return null;
  const record = recordAt(doc, offset);
  if (!record) return envelopeHover(doc, offset, now);
  if (record.value === undefined) return null;
  const tree = recordTree(record);
  if (!tree) return null;
  const local = toRecordOffset(doc, record, offset);
  const node = findNodeAtOffset(tree, local, true);
  if (!node) return null;
  const range = (n: Node): { start: number; end: number } => ({
    start: toDocumentOffset(doc, record, n.offset), end: toDocumentOffset(doc, record, n.offset + n.length),
  });
  const isKey = node.type === 'string' && node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const path = isKey ? [...getNodePath((node.parent as Node).parent as Node), node.value as string] : getNodePath(node);
  let contents: string | undefined;
  if (doc.kind === 'digest') {
    contents = explainDigestField(path, isKey ? undefined : node.value, now);
  } else if (isKey) {
    contents = explainField(path) ?? `${code(String(path[path.length - 1]))} — not a documented CloudTrail field (applications may ignore unknown fields).`;
  } else {
    contents = explainValue(path, node, record.value as Record<string, unknown>, now);
  }
  return contents ? { contents, ...range(node) } : null;
}

function explainValue(path: (string | number)[], node: Node, record: Record<string, unknown>, now: number): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const value: unknown = node.value;
  const last = path[path.length - 1];
  const dotted = path.filter((p) => typeof p === 'string').join('.');
  if (typeof value !== 'string') {
    if (dotted === 'readOnly' && typeof value === 'boolean') return `readOnly ${code(String(value))} — ${value ? 'a read call: it changes nothing' : 'a write call: it may change data or configuration'}.`;
    if (dotted === 'managementEvent' && typeof value === 'boolean') return `managementEvent ${code(String(value))} — ${value ? 'management (control-plane) event' : 'data (object-level) event'}.`;
    return explainField(path);
  }
  const source = typeof record.eventSource === 'string' ? record.eventSource : undefined;
  switch (dotted) {
    case 'eventName': return explainEventName(value, source);
    case 'eventTime': return explainTime(value, now) ?? `${code(value)} is not a valid time.`;
    case 'eventVersion': return explainEventVersion(value);
    case 'errorCode': return explainErrorCode(value);
    case 'recipientAccountId': return explainAccount(value, record, 'recipient');
    case 'userIdentity.accountId': return explainAccount(value, record, 'caller');
    case 'userIdentity.accessKeyId': return explainKeyId(value) ?? `${code(value)} — access key id (unknown prefix; sanitised?).`;
    case 'userIdentity.principalId':
    case 'userIdentity.sessionContext.sessionIssuer.principalId':
      return explainPrincipalId(value) ?? (value === '' ? 'Empty principalId: an anonymous request.' : explainField(path));
    case 'eventSource':
      return source && source.startsWith('s3')
        ? `${code(value)} — ${explainFieldValue(path, value) ?? 'an Amazon S3 event source'}`
        : explainFieldValue(path, value) ?? `${code(value)} — the AWS service that received the call.`;
  }
  const enumDoc = explainFieldValue(path, value);
  if (enumDoc) return `${enumDoc}\n\n---\n\n${explainField(path) ?? ''}`.trim();
  if (value.startsWith('arn:')) return explainArn(value);
  if (/^A[A-Z]{3}[A-Z0-9]{12,}$/.test(value)) {
    const k = explainKeyId(value);
    if (k) return k;
  }
  if (typeof last === 'string' && /(Time|Date)$/.test(last) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return explainTime(value, now);
  return explainField(path);
}

/** Hover on the wrapper around an embedded record (lookup-events Event, EventBridge event, log event). */
function envelopeHover(doc: CloudTrailDocument, offset: number, now: number): HoverResult | null {
  const record = envelopeAt(doc, offset);
  const envelope = record?.envelope;
  const tree = record ? envelopeTree(doc, record) : undefined;
  if (!record || !envelope || !tree) return null;
  const node = findNodeAtOffset(tree, offset - envelope.start, true);
  const property = node?.parent?.type === 'property' ? node.parent : undefined;
  const keyNode = property?.children?.[0];
  if (!node || !property || !keyNode || property.parent !== tree) return null;
  const isKey = keyNode === node;
  const contents = explainEnvelope(doc.shape, String(keyNode.value), isKey ? undefined : node.value, record.value, now);
  return contents ? { contents, start: envelope.start + node.offset, end: envelope.start + node.offset + node.length } : null;
}
