// Reads the test repository under test/fixtures/gitops the way `podnet lint` places its files
// (config by the nearest .podnet.yaml, here the one at its root), for the engine-level tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseLintConfig } from '../../../src/core/lint/lintConfig';
import type { LintConfig } from '../../../src/core/lint/lintConfig';
import type { LintOptions, LintResult } from '../../../src/core/lint/lintEngine';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { extractFile } from '../../../src/core/manifests/manifestFile';

export const GITOPS = 'test/fixtures/gitops';

export function gitopsFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/\.ya?ml$/.test(e.name) && e.name !== '.podnet.yaml') out.push(join(d, e.name));
    }
  };
  walk(GITOPS);
  return out;
}

/** The repository linted by the engine, with its config (or `edit`ed config text). */
export function lintGitops(edit: (configText: string) => string = (t) => t, extra: LintOptions = {}): LintResult & { config: LintConfig } {
  const text = edit(readFileSync(join(GITOPS, '.podnet.yaml'), 'utf8'));
  const { config, errors } = parseLintConfig(join(GITOPS, '.podnet.yaml'), resolve(GITOPS), text);
  if (errors.length) throw new Error(`config: ${JSON.stringify(errors)}`);
  // The chart template is skipped by the CLI's reader (it knows Chart.yaml): left out here.
  const files = gitopsFiles().filter((f) => !f.includes('/templates/')).map((f) => extractFile(f, readFileSync(f, 'utf8')));
  return { ...lintFiles(files, { configOf: () => config, canonical: (f) => resolve(f), ...extra }), config };
}
