// npm run demo — the README's first command: Podnet in a real VS Code (code-server) on the embedded lab
// cluster. Installs what is missing (node_modules, code-server into ~/.cache/podnet-e2e), then hands over to
// scripts/e2e/demo.ts. Options: --port N (default 8080, or a free one), --scenario NAME (default seed),
// --vscode newest|oldest (default newest: the pinned newest code-server; oldest: VS Code 1.100.3),
// --dataplane / --no-dataplane (the lab with real pods in network namespaces; root only: as root
// on a terminal without either flag, the demo asks).
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
const { dataplaneUnavailable } = await tsImport('../src/lab/dataplane/labDataplane.ts', import.meta.url);
let dataplane = process.argv.includes('--dataplane');
if (dataplane) {
  const why = dataplaneUnavailable();
  if (why) {
    console.error(`[demo] --dataplane: ${why}`);
    process.exit(2);
  }
} else if (!process.argv.includes('--no-dataplane') && !arg('scenario') && !dataplaneUnavailable() && process.stdin.isTTY) {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  console.log('[demo] You are root, so the lab can run real pods: nodes as network namespaces, the real CNI plugins,');
  console.log('       then install the bridge CNI and watch "Podnet: Check Connectivity" prove pod-to-pod without NAT.');
  const answer = await rl.question('[demo] Start the data-plane lab (scenario no-cni)? [y/N] ');
  rl.close();
  dataplane = /^y(es)?$/i.test(answer.trim());
}
await runDemo({ port: port ? Number(port) : undefined, scenario: arg('scenario'), vscode, dataplane });
