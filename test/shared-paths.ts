// Where the project's shared material is: `../shared` beside the repository (as on the developers'
// machines and in CI), or CLOUDTRAIL_SHARED. Tests that read it check that it exists first.

import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');
export const SHARED_DIR = process.env.CLOUDTRAIL_SHARED ?? path.resolve(repoRoot, '..', 'shared');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus');
export const REFERENCE_MD = path.join(SHARED_DIR, 'reference', 's3-cloudtrail.md');
export const SEED_PAGE = path.join(SHARED_DIR, 'reference', '000_f699ba295364f704.txt');
