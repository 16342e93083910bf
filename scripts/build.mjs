// Bundles the extension (CJS, Node, `vscode` external), the `podnet` CLI and the webview (IIFE, browser).
// @kubernetes/client-node is ESM-only: bundling it into CJS is what lets the extension host load it.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// `--outdir DIR` builds elsewhere than dist/ (a benchmark measures the production CLI without touching dist/).
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt > 0 ? process.argv[outdirAt + 1] : 'dist';
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  define: { PODNET_VERSION: JSON.stringify(version) },
  // client-node pulls optional deps it never loads on Node; keep them out of the bundle.
  external: ['vscode'],
  mainFields: ['module', 'main'],
};

// The CLI is two bundles: dist/cliMain.js (lint and rules) requires dist/clusterCommands.js
// (the commands that talk to a cluster, with the Kubernetes client) only when one of them runs, so
// `podnet lint` compiles a sixth of the code at start-up. Built as one file elsewhere (tests that
// bundle src/cli/bin.ts themselves), the CLI still works: the split is only this build's.
const clusterCommands = {
  name: 'cluster-commands-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/clusterCommands$/ }, () => ({ path: './clusterCommands.js', external: true }));
  },
};

/** Each entry that exists is built; features add theirs by creating the file. */
const entries = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: `${outdir}/extension.js` },
  // dist/cli.js is a small launcher that runs dist/cliMain.js through V8's code cache (codeCache.ts).
  { ...node, entryPoints: ['src/cli/launch.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } },
  {
    ...node,
    entryPoints: ['src/cli/bin.ts'],
    outfile: `${outdir}/cliMain.js`,
    plugins: [clusterCommands],
    // import() of the external bundle as require(), resolved next to dist/cliMain.js.
    supported: { 'dynamic-import': false },
  },
  { ...node, entryPoints: ['src/cli/commands/clusterCommands.ts'], outfile: `${outdir}/clusterCommands.js` },
  { ...node, entryPoints: ['src/cni/agent/main.ts'], outfile: `${outdir}/agent.js` },
  { ...node, entryPoints: ['src/check/probe/main.ts'], outfile: `${outdir}/probe.js` },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
    entryPoints: ['webview/main.ts'],
    outfile: `${outdir}/webview.js`,
  },
].filter((entry) => existsSync(entry.entryPoints[0]));

if (!watch) rmSync(outdir, { recursive: true, force: true });
if (watch) {
  for (const entry of entries) await (await esbuild.context(entry)).watch();
} else {
  await Promise.all(entries.map((entry) => esbuild.build(entry)));
  // The CLI is run directly as `podnet` and, by kubectl, as the plugin `kubectl-podnet`.
  if (existsSync(`${outdir}/cli.js`)) chmodSync(`${outdir}/cli.js`, 0o755);
}
