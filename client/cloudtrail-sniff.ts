// Cheap test of whether a document's first few KB look like CloudTrail, so that JSON files of other
// workspaces never start the language server (the extension costs nothing where it has nothing to say).

/** How much of a document's head is looked at: enough for the first record's opening keys. */
export const SNIFF_BYTES = 4096;

// Keys that appear near the start of every CloudTrail shape we read: trail files ("Records",
// "eventVersion"), NDJSON/exports ("eventSource"), lookup-events ("CloudTrailEvent"), EventBridge ("detail-type").
const CLOUDTRAIL_MARKERS = ['"eventVersion"', '"Records"', '"eventSource"', '"CloudTrailEvent"', '"detail-type"'];

export function looksLikeCloudTrail(head: string): boolean {
  const text = head.length > SNIFF_BYTES ? head.slice(0, SNIFF_BYTES) : head;
  return CLOUDTRAIL_MARKERS.some((m) => text.includes(m));
}
