// Hands fetched files to the index as they arrive, in batches: the first file alone (rows appear at once),
// then whatever arrived while the previous batch was read. The index thus reads in step with the downloads
// and never waits for all of them, and never merges into its time order once per file.

export class IndexFeed {
  private pending: string[] = [];
  private busy: Promise<void> | undefined;

  constructor(private readonly add: (files: string[]) => Promise<void>) {}

  push(file: string): void {
    this.pending.push(file);
    this.busy ??= this.drain();
  }

  /** Resolves when every pushed file has been read. */
  async idle(): Promise<void> {
    while (this.busy) await this.busy;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) await this.add(this.pending.splice(0));
    } finally {
      this.busy = undefined;
    }
  }
}
