// Types of test/s3/local-s3.mjs for the TypeScript tests.
export interface LocalS3Request { method: string; op: string; bucket: string; key: string; prefix?: string; startAfter?: string; status: number }
export interface LocalS3Faults {
  latencyMs: number;
  throttle: number;
  denyPrefixes: string[];
  kmsDenied: string[];
  truncate: string[];
  onGet: ((key: string, bucket: string) => void | Promise<void>) | undefined;
}
export interface LocalS3 {
  endpoint: string;
  requests: LocalS3Request[];
  faults: LocalS3Faults;
  put(bucket: string, key: string, body: Buffer | string, lastModified?: Date): void;
  delete(bucket: string, key: string): void;
  addFolder(bucket: string, folder: string, keyPrefix?: string): void;
  count(filter?: (r: LocalS3Request) => boolean): number;
  keys(bucket: string): string[];
  close(): Promise<void>;
}
export declare function startLocalS3(opts?: { buckets?: Record<string, { region?: string; objects?: Record<string, Buffer | string>; folder?: string }>; port?: number }): Promise<LocalS3>;
