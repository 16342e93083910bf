// Builds a production bundle and packs it as podnet-<version>.vsix (bundled: no node_modules inside).
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const out = process.env.PODNET_VSIX ?? `podnet-${version}.vsix`;
run(process.execPath, ['scripts/build.mjs', '--production']);
run(process.execPath, [
  'node_modules/@vscode/vsce/vsce',
  'package',
  '--no-dependencies',
  '--skip-license',
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
  '-o',
  out,
]);
console.log(`${out}: ${(statSync(out).size / 1024 / 1024).toFixed(2)} MB`);
