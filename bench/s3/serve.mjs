// The local S3 server of the S3 bench, in a process of its own (a real S3 is not in the client's process):
// serves a folder as a bucket with a per-request latency; tells its parent its endpoint, and its CPU time
// and request counts when asked.
import { startLocalS3 } from '../../test/s3/local-s3.mjs';

const [folder, bucket, latency] = process.argv.slice(2);
const s3 = await startLocalS3();
s3.addFolder(bucket, folder);
s3.faults.latencyMs = Number(latency);
process.send({ endpoint: s3.endpoint, objects: s3.keys(bucket).length });
process.on('message', (m) => {
  if (m === 'stats') {
    const cpu = process.cpuUsage();
    const gets = s3.count((r) => r.op === 'GetObject');
    const lists = s3.count((r) => r.op === 'ListObjectsV2');
    process.send({ cpuMs: (cpu.user + cpu.system) / 1000, gets, lists });
    s3.requests.length = 0;
  } else if (m === 'stop') void s3.close().then(() => process.exit(0));
});
