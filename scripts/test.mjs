// The one test command: runs every tier this machine can run, says loudly which it skipped and why,
// and under CI=true treats any skip (or any pending test) as a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const requested = process.argv[2] ?? 'all';
const tierNames = ['unit', 'lab', 'dataplane', 'e2e'];
if (requested !== 'all' && !tierNames.includes(requested)) {
  console.error(`unknown tier "${requested}"; use one of: all, ${tierNames.join(', ')}`);
  process.exit(2);
}

const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const cniDirs = ['/usr/lib/cni', '/opt/cni/bin'];

/** Why a tier cannot run here, or undefined when it can. */
const blockers = {
  unit: () => undefined,
  lab: () => (which('kubectl') ? undefined : 'kubectl is not on PATH (it is the oracle for the lab cluster)'),
  dataplane: () => {
    if (!isRoot) return 'needs root (network namespaces, CAP_NET_ADMIN)';
    if (!which('ip')) return 'iproute2 (`ip`) is not installed';
    if (!cniDirs.some((d) => existsSync(join(d, 'bridge')))) return 'the CNI plugins are not installed (apt-get install containernetworking-plugins)';
    if (!which('iptables') || !which('ip6tables')) return "iptables is not installed (apt-get install iptables): the bridge CNI's masquerade and FORWARD rules";
    if (!which('busybox')) return 'busybox is not installed (apt-get install busybox): one CNI agent runs with the busybox `ip` of its Alpine image';
    return undefined;
  },
  e2e: () => {
    if (!existsSync(process.env.PODNET_CHROMIUM ?? '/usr/bin/chromium')) return 'Chromium is not installed (apt-get install chromium)';
    // code-server 4.100.3's npm install needs Debian's rg (see scripts/e2e/installCodeServer.ts).
    if (!which('rg')) return 'ripgrep is not installed (apt-get install ripgrep libkrb5-dev)';
    return undefined;
  },
};
const timeouts = { unit: 10_000, lab: 60_000, dataplane: 120_000, e2e: 300_000 };

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => f.endsWith('.test.ts') && statSync(f).isFile())
    .sort();
}

// Tests run the built bundles (the CNI agent inside the manifest, the CLI, the .vsix): a fresh
// clone has no dist/, so every run builds first.
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error('npm test: the build failed; no tier was run');
  process.exit(1);
}

// The e2e tier runs once per pinned VS Code (scripts/e2e/vscodeTargets.json): the oldest that
// engines.vscode admits and the newest code-server. PODNET_E2E_VSCODE=oldest|newest runs one.
const e2eTargets = JSON.parse(readFileSync('scripts/e2e/vscodeTargets.json', 'utf8'));
const runsOf = (tier) =>
  tier !== 'e2e'
    ? [{ tier, label: tier, env: {} }]
    : Object.entries(e2eTargets)
      .filter(([name]) => !process.env.PODNET_E2E_VSCODE || process.env.PODNET_E2E_VSCODE === name)
      .map(([name, t]) => ({ tier, label: `e2e ${t.vscode}`, env: { PODNET_E2E_VSCODE: name } }));

const results = [];
for (const tier of requested === 'all' ? tierNames : [requested]) {
  const files = testFiles(join('test', tier));
  const blocker = blockers[tier]();
  if (blocker) {
    results.push({ tier, label: tier, skipped: blocker });
    console.error(`\n!!! SKIPPED TIER "${tier}": ${blocker}${ci ? ' -- not allowed under CI=true' : ''}\n`);
    continue;
  }
  if (files.length === 0) {
    results.push({ tier, label: tier, skipped: 'it has no test files' });
    console.error(`\n!!! TIER "${tier}" HAS NO TESTS\n`);
    continue;
  }
  for (const { label, env } of runsOf(tier)) {
    console.log(`\n=== tier ${label}: ${files.length} file(s)`);
    const statsDir = mkdtempSync(join(tmpdir(), 'podnet-stats-'));
    const statsFile = join(statsDir, 'stats.json');
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'node_modules/mocha/bin/mocha.js',
        '--reporter',
        './test/support/statsReporter.cjs',
        '--timeout',
        String(timeouts[tier]),
        '--exit',
        ...files,
      ],
      { stdio: 'inherit', env: { ...process.env, ...env, PODNET_STATS_FILE: statsFile, PODNET_TIER: tier } },
    );
    const stats = existsSync(statsFile) ? JSON.parse(readFileSync(statsFile, 'utf8')) : undefined;
    rmSync(statsDir, { recursive: true, force: true });
    results.push({
      tier,
      label,
      passes: stats?.passes ?? 0,
      failures: stats ? stats.failures : 1,
      pending: stats?.pending ?? 0,
      exit: run.status ?? 1,
    });
  }
}

console.log('\n=== summary');
let passed = 0;
let failed = 0;
let bad = false;
for (const r of results) {
  if (r.skipped) {
    console.log(`  ${r.label.padEnd(14)} SKIPPED: ${r.skipped}`);
    if (ci) bad = true;
    continue;
  }
  passed += r.passes;
  failed += r.failures;
  console.log(`  ${r.label.padEnd(14)} ${r.passes} passed, ${r.failures} failed, ${r.pending} pending${r.exit ? ` (exit ${r.exit})` : ''}`);
  if (r.exit !== 0 || r.failures > 0 || (ci && r.pending > 0)) bad = true;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(bad ? 1 : 0);
