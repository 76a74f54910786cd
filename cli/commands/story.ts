// `cloudtrail-s3 story ID PATH...`: the identity story of an access key, principal or role ARN, role
// session, principal or source IP over the files under PATH (core/identity): its sessions, how each got
// its credentials, its S3 activity per bucket, and the addresses and clients it used.

import { identityStory, type ChainStep, type IdentityStory } from '../../core/identity';
import { EXIT_OK, EXIT_USAGE, finish, formatTable, loadIndex, printable, type Output } from './query';
import { walkArgs } from '../args';

export const EXIT_NOT_FOUND = 1;

export const STORY_USAGE = `Usage: cloudtrail-s3 story [options] ID PATH...

The identity story of ID over the CloudTrail files under PATH: ID is an access key id (AKIA…/ASIA…), a
principal ARN (user, assumed-role session, federated user), a role ARN (every session of the role), a role
session name, a principal as the explorer shows it (role/session, user name), or a source IP address.
Shows its sessions (access key, issuer, creation, MFA, source identity, console / API / service), the chain
of AssumeRole* / GetSessionToken / GetFederationToken / console sign-in records that gave each session its
credentials back to the first user or external identity (a link that is not in these files is said to be
missing), the sessions it created, its S3 activity per bucket, and its source IPs and user agents.

Options:
  --format table|json    output format (default table)
  --workers N            index worker threads (default: one per core)
Exit status: 0 ok, 1 ID found in no record, 2 bad arguments, 3 no input files found.`;

export async function runStory(args: string[], io: Output): Promise<number> {
  let format = 'table' as 'table' | 'json'; // set in walkArgs' callback: no narrowing to the initial value
  let workers: number | undefined;
  const words = walkArgs(args, ({ name, text, choice, wholeNumber }) => {
    if (name === '--help') {
      io.out(STORY_USAGE);
      return EXIT_OK;
    } else if (name === '--format') {
      format = choice(['table', 'json'] as const);
    } else if (name === '--workers') {
      workers = wholeNumber();
    } else return usage(io, `unknown option "${text}"`);
    return undefined;
  }, (message) => usage(io, message));
  if (typeof words === 'number') return words;
  const [id, ...paths] = words;
  if (!id || id.trim() === '') return usage(io, 'needs an ID');
  if (paths.length === 0) return usage(io, 'needs at least one PATH');
  const loaded = await loadIndex(paths, io, workers);
  if (typeof loaded === 'number') return loaded;
  const { service } = loaded;
  try {
    const story = identityStory(service.trailIndex, id.trim());
    if (story.records === 0) {
      io.err(`story: ${printable(id)} is in no record of the ${service.status().records} records under the given paths (access key ids, ARNs, session names, principals and source IPs are searched)`);
      if (format === 'json') io.out(JSON.stringify(story, null, 2));
      return EXIT_NOT_FOUND;
    }
    io.out(format === 'json' ? JSON.stringify(story, null, 2) : formatStory(story));
    return finish(loaded, io, EXIT_OK);
  } finally {
    service.dispose();
  }
}

function usage(io: Output, message: string): number {
  io.err(`story: ${message}\n\n${STORY_USAGE}`);
  return EXIT_USAGE;
}

const KIND_TEXT: Record<string, string> = {
  accessKey: 'access key', principalArn: 'principal ARN', role: 'role (session issuer)', session: 'role session name',
  principal: 'principal', user: 'user name', ip: 'source IP',
};

/** One line per step of a chain, newest first, each prefixed with how it was reached. */
export function chainLines(steps: readonly ChainStep[]): string[] {
  return steps.map((s) => {
    switch (s.kind) {
      case 'issued':
        return `<- ${s.eventName} at ${s.time} by ${s.caller.arn ?? s.caller.principal ?? '?'}${s.caller.accessKeyId ? ` (key ${s.caller.accessKeyId})` : ''}` +
          `${s.caller.sourceIP ? ` from ${s.caller.sourceIP}` : ''}, linked by ${s.linkedBy === 'accessKeyId' ? 'the issued access key' : 'the assumed-role session ARN'}`;
      case 'console-sign-in':
        return `<- ConsoleLogin at ${s.time} by ${s.caller.arn ?? '?'}${s.caller.sourceIP ? ` from ${s.caller.sourceIP}` : ''} (no key in the record: linked by user and time)`;
      case 'origin':
        return `== origin: ${s.description}`;
      case 'missing':
        return `?? missing link: ${s.description}`;
    }
  });
}

export function formatStory(s: IdentityStory): string {
  const out: string[] = [];
  out.push(`Identity story of ${s.id} (${KIND_TEXT[s.kind ?? ''] ?? 'not found'})`);
  out.push(`${s.records} records (${s.s3Records} S3) from ${s.first ?? '?'} to ${s.last ?? '?'}`);
  if (s.principals.length > 0) out.push(`principals: ${s.principals.slice(0, 10).join(', ')}${s.principals.length > 10 ? `, … ${s.principals.length - 10} more` : ''}`);
  out.push('', `How it got its credentials (${s.chains.length} chain${s.chains.length === 1 ? '' : 's'})`);
  for (const c of s.chains.slice(0, 20)) {
    out.push(`  ${c.session}`);
    for (const l of chainLines(c.steps)) out.push(`    ${l}`);
  }
  if (s.chains.length > 20) out.push(`  … ${s.chains.length - 20} more chains (--format json has them all)`);
  out.push('', `Sessions (${s.sessions.length}; depth 0 = its own, 1+ = created by it)`);
  out.push(formatTable(['access key', 'principal', 'issuer', 'via', 'mfa', 'source identity', 'created', 'first', 'last', 'records', 'depth'],
    s.sessions.slice(0, 50).map((x) => [x.accessKeyId ?? '-', x.arn ?? x.principal ?? '-', x.issuer ?? '-', x.via + (x.invokedBy ? ` (${x.invokedBy})` : ''),
      x.mfa ?? '-', x.sourceIdentity ?? '-', x.created ?? '-', x.first, x.last, String(x.records), String(x.depth)])));
  if (s.sessions.length > 50) out.push(`… ${s.sessions.length - 50} more sessions (--format json has them all)`);
  if (s.issuedUnused.length > 0) {
    out.push('', `Credentials it issued that no record here used (${s.issuedUnused.length})`);
    out.push(formatTable(['event', 'time', 'access key', 'session'], s.issuedUnused.slice(0, 20).map((u) => [u.eventName, u.time, u.accessKeyId ?? '-', u.arn ?? '-'])));
  }
  out.push('', 'S3 activity by bucket');
  out.push(formatTable(['bucket', 'reads', 'writes', 'deletes', 'errors', 'first', 'last'],
    s.buckets.length > 0 ? s.buckets.map((b) => [b.bucket, String(b.reads), String(b.writes), String(b.deletes), String(b.errors), b.first, b.last]) : [['(no S3 records)', '', '', '', '', '', '']]));
  out.push('', 'Source IPs');
  out.push(formatTable(['source IP', 'records', 'first seen', 'last seen'], s.ips.slice(0, 30).map((v) => [v.value, String(v.count), v.first, v.last])));
  out.push('', 'User agents');
  out.push(formatTable(['user agent', 'records', 'first seen', 'last seen'], s.userAgents.slice(0, 30).map((v) => [v.value, String(v.count), v.first, v.last])));
  return out.map((l) => l.split('\n').map(printable).join('\n')).join('\n');
}
