// Where the project's shared material is: `../shared` beside the repository (as on the developers'
// machines and in CI), or CLOUDTRAIL_SHARED. Tests that read it skip, visibly, when it is absent.

import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');
export const SHARED_DIR = process.env.CLOUDTRAIL_SHARED ?? path.resolve(repoRoot, '..', 'shared');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus');
export const REFERENCE_MD = path.join(SHARED_DIR, 'reference', 's3-cloudtrail.md');
export const SEED_PAGE = path.join(SHARED_DIR, 'reference', '000_f699ba295364f704.txt');

/** The reason a test skips on a machine without `../shared`: its words start with "no ../shared", which
 *  scripts/test.mjs counts into its summary's `N skipped (missing ../shared)`. */
export const SHARED_SKIP_PREFIX = 'no ../shared';

/**
 * A test's `skip` option for a part of the shared material it reads: false when `file` is there, else
 * `no ../shared/<part>` (e.g. `test('…', { skip: withoutShared(CORPUS_DIR) }, …)`, or `t.skip(reason)`).
 */
export function withoutShared(file: string): false | string {
  if (fs.existsSync(file)) return false;
  return `${SHARED_SKIP_PREFIX}/${path.relative(SHARED_DIR, file).split(path.sep).join('/')}`;
}
