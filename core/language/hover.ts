// Hover: field keys explain the field; values explain themselves (eventName, identities, times, ARNs ...).

import { findNodeAtOffset, getNodePath, type Node } from './jsonc';
import { envelopeAt, envelopeTree, recordAt, recordTree, toDocumentOffset, toRecordOffset, type CloudTrailDocument } from './document';
import { explainEnvelope } from './envelope-docs';
import { code, explainField, explainRecordValue } from './explain';
import { explainDigestField } from './digest-docs';
import { MAX_TREE_DEPTH } from './record-budget';
import type { HoverResult } from './types';
import { SHOW_IDENTITY_STORY_COMMAND } from '../protocol';

export function doHover(doc: CloudTrailDocument, offset: number, now = Date.now()): HoverResult | null {
  if (doc.kind !== 'cloudtrail' && doc.kind !== 'digest') return null;
  const record = recordAt(doc, offset);
  if (!record) return envelopeHover(doc, offset, now);
  if (record.limit) {
    const why = record.limit.kind === 'over-budget' ? `has ${record.limit.detail}` : `nests ${record.limit.detail} deep (hovers handle ${MAX_TREE_DEPTH})`;
    return { contents: `Hovers are off in this record: it ${why}. See the diagnostic at its first character.`, start: offset, end: offset };
  }
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
    contents = explainRecordValue(path, node.value, record.value as Record<string, unknown>, now);
    const link = storyLink(path, node.value);
    if (contents && link) contents = `${contents}\n\n${link}`;
  }
  return contents ? { contents, ...range(node) } : null;
}

/** Values an identity story starts from: keys, principal and session ARNs, the credentials a call issued, IPs. */
const STORY_PATHS = new Set([
  'userIdentity.accessKeyId', 'userIdentity.arn', 'userIdentity.sessionContext.sessionIssuer.arn', 'sourceIPAddress',
  'responseElements.credentials.accessKeyId', 'responseElements.assumedRoleUser.arn',
]);

/** A command link to the identity story of the value (the client trusts only that command in hovers). */
export function storyLink(path: readonly (string | number)[], value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '' || value.length > 2048) return undefined;
  if (!STORY_PATHS.has(path.filter((p) => typeof p === 'string').join('.'))) return undefined;
  // A service name in sourceIPAddress (s3.amazonaws.com) is not an address anyone investigates.
  if (path[path.length - 1] === 'sourceIPAddress' && !/^[0-9a-f:.]+$/i.test(value)) return undefined;
  // The value goes only into the (URI-encoded) arguments: log text never becomes markdown here.
  return `[Show Identity Story](command:${SHOW_IDENTITY_STORY_COMMAND}?${encodeURIComponent(JSON.stringify([value]))} "Sessions, credential chain and S3 activity of this identity")`;
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
