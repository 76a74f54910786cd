// The S3 client of the S3 locations: credentials from the standard AWS chain (environment, shared config and
// credentials files with a profile, SSO, container and instance roles), the bucket's region discovered, an
// endpoint for S3-compatible stores (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL or the setting; path-style then),
// retries with backoff for throttling. The SDK module is loaded on first use (s3-sdk.ts).

import type { Readable } from 'node:stream';
import type { ListRange } from '../../core/remote';

type Sdk = typeof import('./s3-sdk');
type Client = InstanceType<Sdk['S3Client']>;

let sdk: Promise<Sdk> | undefined;
/** The SDK, loaded once (dist/s3-sdk.js in the bundles: scripts/build.mjs keeps it out of the others). */
function loadSdk(): Promise<Sdk> {
  // The pinned SDK runs on node 20 (our engines), but warns on every start that later releases will not: a
  // line of noise on the CLI's stderr and in the server's log that asks nothing of the user.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return (sdk ??= import('./s3-sdk'));
}

export interface S3AccessOptions {
  /** An S3-compatible endpoint (MinIO, Ceph, a test server); '' or undefined: AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, else AWS. */
  endpoint?: string;
  /** The shared-config profile; '' or undefined: AWS_PROFILE, else the default chain. */
  profile?: string;
  /** Attempts per request (throttling and 5xx are retried with backoff). */
  maxAttempts?: number;
  /** The environment the endpoint variables are read from (tests). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
}

export interface ListPage {
  objects: ListedObject[];
  prefixes: string[];
}

/** The endpoint in effect: the setting, else the standard environment variables (S3's own first). */
function endpointOf(opts: S3AccessOptions): string | undefined {
  const env = opts.env ?? process.env;
  const e = opts.endpoint?.trim() || env.AWS_ENDPOINT_URL_S3?.trim() || env.AWS_ENDPOINT_URL?.trim();
  return e || undefined;
}

export class S3Access {
  readonly endpoint: string | undefined;
  readonly profile: string | undefined;
  private readonly clients = new Map<string, Promise<Client>>();
  private readonly regions = new Map<string, Promise<string>>();

  constructor(private readonly opts: S3AccessOptions = {}) {
    this.endpoint = endpointOf(opts);
    this.profile = opts.profile?.trim() || (opts.env ?? process.env).AWS_PROFILE || undefined;
  }

  private client(region: string): Promise<Client> {
    let c = this.clients.get(region);
    if (!c) {
      c = loadSdk().then((m) => new m.S3Client({
        region,
        ...(this.endpoint ? { endpoint: this.endpoint, forcePathStyle: true } : {}),
        credentials: m.fromNodeProviderChain(this.profile ? { profile: this.profile } : {}),
        maxAttempts: this.opts.maxAttempts ?? 6,
        retryMode: 'adaptive',
        // A bucket in another region answers 301: the SDK follows it (GetBucketLocation may be denied).
        followRegionRedirects: true,
        // S3-compatible stores may not send the newer checksums: validate only when a checksum is sent.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }));
      this.clients.set(region, c);
    }
    return c;
  }

  /** The bucket's region: GetBucketLocation, else the region the redirect-following client settles on. */
  region(bucket: string, signal?: AbortSignal): Promise<string> {
    let r = this.regions.get(bucket);
    if (!r) {
      r = (async () => {
        const m = await loadSdk();
        const c = await this.client(defaultRegion(this.opts.env));
        try {
          const out = await c.send(new m.GetBucketLocationCommand({ Bucket: bucket }), { abortSignal: signal });
          const loc = out.LocationConstraint as string | undefined;
          return !loc ? 'us-east-1' : loc === 'EU' ? 'eu-west-1' : loc;
        } catch (e) {
          // GetBucketLocation needs its own permission; HeadBucket's x-amz-bucket-region answers too.
          const name = (e as { name?: string }).name;
          if (name !== 'AccessDenied' && name !== 'Forbidden' && (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 403) throw e;
          const head = await c.send(new m.HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal }) as { BucketRegion?: string };
          return head.BucketRegion ?? defaultRegion(this.opts.env);
        }
      })();
      r.catch(() => this.regions.delete(bucket));
      this.regions.set(bucket, r);
    }
    return r;
  }

  private async bucketClient(bucket: string, signal?: AbortSignal): Promise<Client> {
    return this.client(this.endpoint ? defaultRegion(this.opts.env) : await this.region(bucket, signal));
  }

  /** One folder level: the objects and the sub-prefixes directly under `prefix`. */
  async listLevel(bucket: string, prefix: string, signal?: AbortSignal): Promise<ListPage> {
    const all: ListPage = { objects: [], prefixes: [] };
    for await (const page of this.list(bucket, { prefix }, signal, '/')) {
      all.objects.push(...page.objects);
      all.prefixes.push(...page.prefixes);
    }
    return all;
  }

  /** The pages of a listing of `range` (its keys after startAfter, before stopAt), one request each. */
  async *list(bucket: string, range: ListRange, signal?: AbortSignal, delimiter?: string): AsyncGenerator<ListPage> {
    const m = await loadSdk();
    const c = await this.bucketClient(bucket, signal);
    let token: string | undefined;
    for (;;) {
      const out = await c.send(new m.ListObjectsV2Command({
        Bucket: bucket, Prefix: range.prefix, Delimiter: delimiter, ContinuationToken: token,
        StartAfter: token ? undefined : range.startAfter,
      }), { abortSignal: signal });
      const page: ListPage = { objects: [], prefixes: (out.CommonPrefixes ?? []).map((p) => p.Prefix ?? '').filter((p) => p !== '') };
      let past = false;
      for (const o of out.Contents ?? []) {
        if (o.Key === undefined) continue;
        if (range.stopAt !== undefined && o.Key >= range.stopAt) { past = true; break; }
        page.objects.push({ key: o.Key, size: o.Size ?? 0, etag: o.ETag ?? '' });
      }
      yield page;
      if (past || !out.IsTruncated || !out.NextContinuationToken) return;
      token = out.NextContinuationToken;
    }
  }

  /** An object's body as a stream, with its length and ETag. */
  async get(bucket: string, key: string, signal?: AbortSignal): Promise<{ body: Readable; length: number | undefined; etag: string }> {
    const m = await loadSdk();
    const c = await this.bucketClient(bucket, signal);
    const out = await c.send(new m.GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    return { body: out.Body as Readable, length: out.ContentLength, etag: out.ETag ?? '' };
  }

  /** The buckets the credentials can list. */
  async buckets(signal?: AbortSignal): Promise<string[]> {
    const m = await loadSdk();
    const c = await this.client(defaultRegion(this.opts.env));
    const out = await c.send(new m.ListBucketsCommand({}), { abortSignal: signal });
    return (out.Buckets ?? []).map((b) => b.Name ?? '').filter((n) => n !== '');
  }

  dispose(): void {
    for (const c of this.clients.values()) void c.then((x) => x.destroy(), () => undefined);
    this.clients.clear();
  }
}

function defaultRegion(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}
