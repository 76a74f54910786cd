// Paths on a case-insensitive file system (macOS and Windows by default): `C:\Logs\a.json` and `c:\logs\A.json` are
// one file. The index keys rows, fingerprints and added files by path string, so two spellings of one file would be
// two files to it: rows read twice, a change read under the new spelling beside the stale rows of the old. Every
// path the index service is given goes through one PathSpellings, which answers the spelling it first met.

/** Whether the platform's file systems are case-insensitive by default. */
export function caseInsensitivePlatform(platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' || platform === 'darwin';
}

export class PathSpellings {
  private readonly byFolded = new Map<string, string>();

  constructor(readonly caseInsensitive: boolean) {}

  /** Makes `p` the spelling of its file (a saved index's: its rows and fingerprints are keyed by it). */
  adopt(p: string): void {
    if (this.caseInsensitive) this.byFolded.set(fold(p), p);
  }

  /** The spelling of `p` this index knows (the first one met); `p` itself on a case-sensitive platform. */
  of(p: string): string {
    if (!this.caseInsensitive) return p;
    const folded = fold(p);
    const known = this.byFolded.get(folded);
    if (known !== undefined) return known;
    this.byFolded.set(folded, p);
    return p;
  }
}

/** The case-folded form of a path (what a case-insensitive file system compares). */
export function fold(p: string): string {
  return p.toLowerCase();
}
