// npm run demo — the README's first command: Podnet in a real VS Code (code-server) on the embedded lab
// cluster. Installs what is missing (node_modules, code-server into ~/.cache/podnet-e2e), then hands over to
// scripts/e2e/demo.ts. Options: --port N (default 8080, or a free one), --scenario NAME (default seed),
// --vscode newest|oldest (default newest: the pinned newest code-server; oldest: VS Code 1.100.3).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
if (!existsSync('node_modules/.package-lock.json') || !existsSync('node_modules/tsx')) {
  console.log('[demo] installing dependencies (npm ci)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const port = arg('port') ?? process.env.PODNET_DEMO_PORT;
const { tsImport } = await import('tsx/esm/api');
const { runDemo } = await tsImport('./e2e/demo.ts', import.meta.url);
const vscode = arg('vscode') ?? 'newest';
if (!['newest', 'oldest'].includes(vscode)) {
  console.error(`[demo] --vscode must be newest or oldest, not "${vscode}"`);
  process.exit(2);
}
await runDemo({ port: port ? Number(port) : undefined, scenario: arg('scenario'), vscode });
