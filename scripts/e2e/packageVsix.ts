// Packs the extension with the project's own `npm run package` (scripts/package.mjs), in a snapshot of the
// checkout: the package script rebuilds dist/ in production mode, which must not disturb the working tree.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const MAX_VSIX_BYTES = 3 * 1024 * 1024;
const SKIP = new Set(['node_modules', '.git', 'dist', 'artifacts', '.cache', 'out', 'test']);

export interface PackedExtension {
  readonly vsix: string;
  readonly bytes: number;
  /** The snapshot directory: an unpacked copy of the extension (package.json + production dist/). */
  readonly dir: string;
}

/**
 * The snapshot is the working tree, or with PODNET_E2E_SOURCE=head the last commit (useful in a checkout
 * shared with people in the middle of an edit).
 */
export function packageVsix(outDir: string): PackedExtension {
  const dir = join(outDir, 'podnet');
  mkdirSync(dir, { recursive: true });
  if (process.env.PODNET_E2E_SOURCE === 'head') {
    const r = spawnSync('sh', ['-c', 'git -C "$1" archive --format=tar HEAD | tar -x -C "$2"', 'sh', REPO_ROOT, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git archive HEAD failed: ${r.stderr}`);
  } else {
    cpSync(REPO_ROOT, dir, {
      recursive: true,
      filter: (src) => {
        const rel = relative(REPO_ROOT, src);
        const top = rel.split('/')[0];
        return rel === '' || (!SKIP.has(top) && !rel.endsWith('.vsix'));
      },
    });
  }
  // Mutation check: break the snapshot on purpose (a shell command run in it) to see the e2e tests fail.
  if (process.env.PODNET_E2E_MUTATE) {
    const m = spawnSync('sh', ['-c', process.env.PODNET_E2E_MUTATE], { cwd: dir, stdio: 'inherit' });
    if (m.status !== 0) throw new Error(`PODNET_E2E_MUTATE failed (exit ${m.status})`);
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const vsix = join(outDir, 'podnet.vsix');
  const r = spawnSync(process.execPath, ['scripts/package.mjs'], {
    cwd: dir,
    env: { ...process.env, PODNET_VSIX: vsix },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0 || !existsSync(vsix)) throw new Error(`npm run package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  const bytes = statSync(vsix).size;
  if (bytes >= MAX_VSIX_BYTES) throw new Error(`${vsix} is ${(bytes / 1024 / 1024).toFixed(2)} MB; the budget is 3 MB`);
  return { vsix, bytes, dir };
}
