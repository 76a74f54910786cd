// Which cached files each S3 location of the window holds. Two locations may select the same objects (overlapping
// prefixes or days), so one file can be in several sets: a file evicted from the cache leaves every set (it is gone
// for all of them), while a removed location's files leave the index only when no other location holds them.

import type { FileSink } from '../engine/s3';

export class LocationFiles {
  private readonly byLocation = new Map<string, Set<string>>();

  /** Every file of every location, each once. */
  all(): string[] {
    const out = new Set<string>();
    for (const s of this.byLocation.values()) for (const f of s) out.add(f);
    return [...out];
  }

  /** Forgets the locations not in `keep`; the files that leave the index (no kept location holds them). */
  retain(keep: ReadonlySet<string>): string[] {
    const gone = new Set<string>();
    for (const [id, files] of this.byLocation) {
      if (keep.has(id)) continue;
      this.byLocation.delete(id);
      for (const f of files) gone.add(f);
    }
    for (const s of this.byLocation.values()) for (const f of s) gone.delete(f);
    return [...gone];
  }

  /** A sink that records what location `id` adds, in front of the index's; what it removes (evicted from the cache:
   *  the file is gone) leaves every location's set. */
  track(id: string, sink: FileSink): FileSink {
    let mine = this.byLocation.get(id);
    if (!mine) this.byLocation.set(id, (mine = new Set()));
    const own = mine;
    return {
      addFiles: (files) => {
        for (const f of files) own.add(f);
        return sink.addFiles(files);
      },
      removeFiles: (files) => {
        for (const s of this.byLocation.values()) for (const f of files) s.delete(f);
        return sink.removeFiles(files);
      },
    };
  }
}
