import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// The layering rule from docs/ARCHITECTURE.md: only src/vscode (and the wiring in extension.ts) may import `vscode`,
// and core/ stays pure (no kube client, no vscode).
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => /\.(ts|mts|cts)$/.test(f));
}
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);

describe('layering', () => {
  it('no file outside src/vscode imports vscode (type-only wiring in extension.ts aside)', () => {
    const offenders = [...sources('src'), ...sources('webview')].filter((f) => {
      if (f.startsWith(join('src', 'vscode'))) return false;
      const text = readFileSync(f, 'utf8');
      if (f === join('src', 'extension.ts')) return /import\s+(?!type)[^;]*from\s+['"]vscode['"]/.test(text);
      return importsOf(f).includes('vscode');
    });
    assert.deepEqual(offenders, []);
  });
  it('core/ imports neither the kube client nor anything outside core', () => {
    const offenders = sources(join('src', 'core')).flatMap((f) =>
      importsOf(f)
        .filter((m) => m === 'vscode' || m.startsWith('@kubernetes/') || /^\.\.\/\.\.\/(?!core)/.test(m) || m.startsWith('../../../'))
        .map((m) => `${f} -> ${m}`),
    );
    assert.deepEqual(offenders, []);
  });
});
