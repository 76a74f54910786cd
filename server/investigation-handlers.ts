// Registers the identity story and trail integrity requests of core/protocol.ts: the story from the
// workspace index (core/identity), and offline verification of the workspace folders (core/integrity)
// with progress notifications and cancellation; its failed log files become the integrity:failed rows.

import fs from 'node:fs';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import { findingsOfRows, type Finding } from '../core/detect';
import { identityOfRow, identityStory } from '../core/identity';
import { parsePublicKeys, parseSignatures, verifyTrail, type PublicKeySet } from '../core/integrity';
import {
  IdentityStoryRequest, IntegrityProgressNotification, VerifyIntegrityRequest, type IdentityStoryParams, type IdentityStoryResult, type VerifyIntegrityParams,
  type VerifyIntegrityResult,
} from '../core/protocol';
import type { WorkspaceIndexService } from '../engine/workspace-index';
import { createHashPool } from '../engine/hash-pool';
import { onRequest, sendNotification } from './protocol-server';

const NOT_READY = 'The workspace index is not running (no folder open?)';

/** `findings`: the workspace's findings of the moment (the story lists those its identity takes part in). */
/** `extraRoots`: folders verified besides the index's roots (the cached copies of S3 trail locations, their digests too). */
export function registerInvestigationHandlers(
  connection: Connection, service: () => WorkspaceIndexService | undefined, findings: () => readonly Finding[] = () => [], extraRoots: () => readonly string[] = () => [],
): void {
  onRequest(connection, IdentityStoryRequest, (p) => story(p));
  const story = (p: IdentityStoryParams): IdentityStoryResult => {
    const s = service();
    if (!s) return { ok: false, message: NOT_READY };
    const index = s.trailIndex;
    const id = p.id?.trim() || (p.row !== undefined ? identityOfRow(index, p.row) : undefined);
    if (!id) return { ok: false, message: p.row !== undefined ? 'This record names no access key, principal or source IP.' : 'No identity given.' };
    const s2 = identityStory(index, id, {
      findings: (mask) => findingsOfRows(index, findings(), mask).map(({ finding: f, rows }) => ({ id: f.id, title: f.title, severity: f.severity, rows })),
    });
    if (s2.records === 0) return { ok: false, message: `${id} is in no record of the workspace (access key ids, ARNs, role session names, principals and source IPs are searched).` };
    return { ok: true, story: s2 };
  };

  onRequest(connection, VerifyIntegrityRequest, (p, token) => verify(p, token));
  const verify = async (p: VerifyIntegrityParams, token: CancellationToken): Promise<VerifyIntegrityResult> => {
    const s = service();
    if (!s) return { ok: false, message: NOT_READY };
    let publicKeys: PublicKeySet | undefined;
    let signatures: Map<string, string> | undefined;
    try {
      if (p.publicKeysFile) publicKeys = parsePublicKeys(fs.readFileSync(p.publicKeysFile, 'utf8'));
    } catch (e) {
      return { ok: false, message: `Cannot read the public keys ${p.publicKeysFile}: ${(e as Error).message}` };
    }
    try {
      if (p.signaturesFile) signatures = parseSignatures(fs.readFileSync(p.signaturesFile, 'utf8'));
    } catch (e) {
      return { ok: false, message: `Cannot read the digest signatures ${p.signaturesFile}: ${(e as Error).message}` };
    }
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    let last = 0;
    // Log files are hashed in worker threads (even one keeps this thread free for hovers and queries).
    const pool = createHashPool(s.workers);
    try {
      const report = await verifyTrail([...s.roots, ...extraRoots()], {
        publicKeys, signatures, concurrency: s.workers, hasher: pool, signal: abort.signal,
        onProgress: (pr) => {
          if (Date.now() - last < 100 && pr.done < pr.total) return;
          last = Date.now();
          void sendNotification(connection, IntegrityProgressNotification, pr);
        },
      });
      if (!report.cancelled) s.rowSets.setIntegrityResults(report);
      return { ok: true, report };
    } finally {
      sub.dispose();
      void pool?.dispose();
    }
  };
}
