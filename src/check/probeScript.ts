// Finds the bundled probe (dist/probe.js) that the check's ConfigMap embeds, next to the CLI and
// the extension bundles; from sources (tests) the repository's dist/ is used.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function loadProbeScript(env: NodeJS.ProcessEnv = process.env): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const candidates = [env.PODNET_PROBE_SCRIPT, join(here, 'probe.js'), resolve(here, '../../dist/probe.js'), resolve(process.cwd(), 'dist/probe.js')].filter((
    p,
  ): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`the bundled probe script was not found (looked in ${candidates.join(', ')}); run \`npm run build\` first`);
  return readFileSync(found, 'utf8');
}
