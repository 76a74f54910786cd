// A small S3-compatible HTTP server for tests and the benchmark, on 127.0.0.1, path-style addressing:
// ListBuckets, ListObjectsV2 (prefix, delimiter, start-after, continuation-token, max-keys), GetObject (Range,
// ETag, If-Match), HeadObject, HeadBucket (x-amz-bucket-region) and GetBucketLocation. Objects live in memory
// or are read from a folder on demand. It checks no signature (the SDK signs; nothing here verifies).
//
// Faults for the failure cases, set on `server.faults` at any time:
//   latencyMs        delay before every answer (models a network round trip)
//   throttle         n: the next n requests answer 503 SlowDown
//   denyPrefixes     keys (and listings) under these prefixes answer 403 AccessDenied
//   kmsDenied        keys answer 403 AccessDenied with the KMS message S3 gives when kms:Decrypt is missing
//   truncate         keys whose body is cut after half its bytes (the connection is dropped)
//   onGet(key)       called before a GetObject is answered (a test deletes the object there)
// `server.requests` counts every request: { method, op, bucket, key, prefix, startAfter, status }.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const xml = (s) => String(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);

/** Starts the server; `buckets`: { name: { region?, objects?: { key: Buffer|string }, folder?: string } }. */
export async function startLocalS3({ buckets = {}, port = 0 } = {}) {
  /** bucket -> { region, objects: Map<key, { body?: Buffer, file?: string, size, etag, lastModified }> } */
  const store = new Map();
  const server = http.createServer((req, res) => void handle(req, res).catch((e) => {
    if (!res.headersSent) send(res, 500, errorXml('InternalError', String(e)));
    else res.destroy();
  }));
  const api = {
    requests: [],
    faults: { latencyMs: 0, throttle: 0, denyPrefixes: [], kmsDenied: [], truncate: [], onGet: undefined },
    endpoint: '',
    /** Adds or replaces an object. */
    put(bucket, key, body, lastModified = new Date()) {
      const b = bucketOf(bucket);
      const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
      b.objects.set(key, { body: buf, size: buf.length, etag: `"${crypto.createHash('md5').update(buf).digest('hex')}"`, lastModified });
    },
    delete(bucket, key) {
      store.get(bucket)?.objects.delete(key);
    },
    /** Serves every file under `folder` as keys relative to it (read when fetched). */
    addFolder(bucket, folder, keyPrefix = '') {
      const b = bucketOf(bucket);
      const walk = (dir) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.isFile() && !e.name.startsWith('.')) {
            const st = fs.statSync(p);
            const key = keyPrefix + path.relative(folder, p).split(path.sep).join('/');
            // A cheap, stable ETag for served files: size and mtime (S3's are opaque strings too).
            b.objects.set(key, { file: p, size: st.size, etag: `"${crypto.createHash('md5').update(`${key}:${st.size}:${st.mtimeMs}`).digest('hex')}"`, lastModified: st.mtime });
          }
        }
      };
      walk(folder);
    },
    count(filter = () => true) {
      return api.requests.filter(filter).length;
    },
    keys(bucket) {
      return [...(store.get(bucket)?.objects.keys() ?? [])].sort();
    },
    close() {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  function bucketOf(name, region = 'us-east-1') {
    let b = store.get(name);
    if (!b) store.set(name, (b = { region, objects: new Map() }));
    return b;
  }
  for (const [name, spec] of Object.entries(buckets)) {
    const b = bucketOf(name, spec.region);
    b.region = spec.region ?? 'us-east-1';
    for (const [k, v] of Object.entries(spec.objects ?? {})) api.put(name, k, v);
    if (spec.folder) api.addFolder(name, spec.folder);
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://localhost');
    const parts = url.pathname.split('/');
    const bucket = decodeURIComponent(parts[1] ?? '');
    const key = parts.slice(2).map(decodeURIComponent).join('/');
    const q = url.searchParams;
    const op = bucket === '' ? 'ListBuckets' : key === ''
      ? (q.has('location') ? 'GetBucketLocation' : req.method === 'HEAD' ? 'HeadBucket' : q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects')
      : req.method === 'HEAD' ? 'HeadObject' : 'GetObject';
    const entry = { method: req.method, op, bucket, key, prefix: q.get('prefix') ?? undefined, startAfter: q.get('start-after') ?? undefined, status: 200 };
    api.requests.push(entry);
    const f = api.faults;
    if (f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
    const reply = (status, body, headers) => { entry.status = status; send(res, status, body, headers); };
    if (f.throttle > 0) {
      f.throttle--;
      return reply(503, errorXml('SlowDown', 'Please reduce your request rate.'));
    }
    if (op === 'ListBuckets') {
      const list = [...store.keys()].map((n) => `<Bucket><Name>${xml(n)}</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>`).join('');
      return reply(200, `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Owner><ID>local</ID></Owner><Buckets>${list}</Buckets></ListAllMyBucketsResult>`);
    }
    const b = store.get(bucket);
    if (!b) return reply(404, errorXml('NoSuchBucket', 'The specified bucket does not exist', bucket), { 'x-amz-bucket-region': 'us-east-1' });
    const denied = (k) => f.denyPrefixes.some((p) => k.startsWith(p));
    if (op === 'HeadBucket') return reply(200, '', { 'x-amz-bucket-region': b.region });
    if (op === 'GetBucketLocation') {
      const loc = b.region === 'us-east-1' ? '' : xml(b.region);
      return reply(200, `<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${loc}</LocationConstraint>`);
    }
    if (op === 'ListObjectsV2') {
      const prefix = q.get('prefix') ?? '';
      if (denied(prefix)) return reply(403, errorXml('AccessDenied', 'Access Denied'));
      const delimiter = q.get('delimiter') ?? '';
      const maxKeys = Math.min(1000, Number(q.get('max-keys') ?? 1000));
      const token = q.get('continuation-token');
      const after = token ? Buffer.from(token, 'base64').toString('utf8') : q.get('start-after') ?? '';
      const keys = [...b.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
      const contents = [];
      const common = [];
      let last = '';
      let truncated = false;
      for (const k of keys) {
        if (contents.length + common.length >= maxKeys) { truncated = true; break; }
        if (delimiter) {
          const i = k.indexOf(delimiter, prefix.length);
          if (i >= 0) {
            const cp = k.slice(0, i + delimiter.length);
            if (common[common.length - 1] !== cp) common.push(cp);
            // skip past every key of this common prefix
            last = cp + '\uffff';
            continue;
          }
        }
        contents.push(k);
        last = k;
      }
      const items = contents.map((k) => {
        const o = b.objects.get(k);
        return `<Contents><Key>${xml(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xml(o.etag)}</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      }).join('');
      const cps = common.map((p) => `<CommonPrefixes><Prefix>${xml(p)}</Prefix></CommonPrefixes>`).join('');
      const next = truncated ? `<NextContinuationToken>${Buffer.from(last).toString('base64')}</NextContinuationToken>` : '';
      return reply(200, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${contents.length + common.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>${delimiter ? `<Delimiter>${xml(delimiter)}</Delimiter>` : ''}<IsTruncated>${truncated}</IsTruncated>${next}${items}${cps}</ListBucketResult>`);
    }
    // GetObject / HeadObject
    if (denied(key)) return reply(403, errorXml('AccessDenied', 'Access Denied'));
    if (f.kmsDenied.includes(key)) return reply(403, errorXml('AccessDenied', 'User: arn:aws:iam::111122223333:user/x is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext because no identity-based policy allows the kms:Decrypt action'));
    if (op === 'GetObject' && f.onGet) await f.onGet(key, bucket);
    const o = b.objects.get(key);
    if (!o) return reply(404, errorXml('NoSuchKey', 'The specified key does not exist.', key));
    const ifMatch = req.headers['if-match'];
    if (ifMatch && ifMatch !== o.etag && ifMatch !== o.etag.replace(/"/g, '')) return reply(412, errorXml('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'));
    const body = o.body ?? fs.readFileSync(o.file);
    let start = 0, end = body.length - 1, status = 200;
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      if (range[1] === '') { start = Math.max(0, body.length - Number(range[2])); }
      else { start = Number(range[1]); if (range[2] !== '') end = Math.min(end, Number(range[2])); }
      if (start > end || start >= body.length) return reply(416, errorXml('InvalidRange', 'The requested range is not satisfiable'));
      status = 206;
    }
    const headers = {
      'content-type': 'application/octet-stream', 'content-length': String(end - start + 1), etag: o.etag,
      'last-modified': o.lastModified.toUTCString(), 'accept-ranges': 'bytes',
      ...(status === 206 ? { 'content-range': `bytes ${start}-${end}/${body.length}` } : {}),
    };
    entry.status = status;
    if (op === 'HeadObject') { res.writeHead(status, headers); res.end(); return; }
    res.writeHead(status, headers);
    const slice = body.subarray(start, end + 1);
    if (f.truncate.includes(key)) {
      // Half the body, then the connection drops: the client sees fewer bytes than Content-Length.
      res.write(slice.subarray(0, Math.floor(slice.length / 2)), () => setTimeout(() => res.destroy(), 5));
      return;
    }
    res.end(slice);
  }

  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  api.endpoint = `http://127.0.0.1:${server.address().port}`;
  return api;
}

function errorXml(code, message, resource = '') {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xml(message)}</Message><Resource>${xml(resource)}</Resource><RequestId>LOCAL</RequestId></Error>`;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
