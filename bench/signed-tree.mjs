// The 1M-record signed tree the integrity and identity benches share: `gen-cloudtrail.mjs --digest --sign
// --scenarios`, generated once into .bench/tree-signed-<N> (gitignored).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function signedTree(root, records) {
  const tree = path.join(root, '.bench', `tree-signed-${records}`);
  if (!fs.existsSync(path.join(tree, '.complete'))) {
    console.log(`generating ${records} records with signed digests into ${path.relative(root, tree)} (once) ...`);
    fs.rmSync(tree, { recursive: true, force: true });
    execFileSync(process.execPath, [path.join(root, 'scripts/gen-cloudtrail.mjs'), '--out', tree, '--records', String(records), '--seed', '7',
      '--digest', '--sign', '--scenarios'], { stdio: 'inherit' });
    fs.writeFileSync(path.join(tree, '.complete'), '');
  }
  return tree;
}
