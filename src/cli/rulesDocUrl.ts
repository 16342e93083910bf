// Where the bundled docs/rules.md is: ../docs next to the installed dist/cli.js (the npm tarball
// and the .vsix carry docs/*.md), or the repository's docs/ when run from sources. JSON and SARIF
// help links point there as a file: URI, so they open offline and match the installed version.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export function rulesDocCandidates(): string[] {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  return [resolve(here, '../docs/rules.md'), resolve(here, '../../docs/rules.md'), resolve(here, '../../../docs/rules.md')];
}

export function rulesDocUrl(): string {
  const candidates = rulesDocCandidates();
  return pathToFileURL(candidates.find((p) => existsSync(p)) ?? candidates[0]).href;
}
