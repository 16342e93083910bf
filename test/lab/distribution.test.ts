import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';

// Podnet where users install it: the npm tarball (`npm pack`, then `npm install -g`) puts `podnet`
// and the kubectl plugin `kubectl-podnet` on PATH; the pre-commit hook and the GitHub Action run
// their own command lines. Everything installs into a temp prefix; nothing global is touched.
const REPO = resolve(__dirname, '..', '..');
const OVERLAP = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.100.0.0/16\n  serviceSubnet: 10.96.0.0/12\n';
const CLEAN = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/12\n';

describe('distribution: npm tarball, kubectl plugin, pre-commit hook, GitHub Action (lab)', function() {
  this.timeout(240_000);
  let dir: string;
  let bin: string;
  let lab: RunningLab;
  let env: NodeJS.ProcessEnv;
  const run = (cmd: string, args: string[], extra: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
    spawnSync(cmd, args, { cwd: extra.cwd ?? dir, env: { ...env, ...extra.env }, encoding: 'utf8', timeout: 120_000 });
  // The lab runs in this process: what talks to it must not block the event loop.
  const runAsync = (cmd: string, args: string[]) =>
    new Promise<{ status: number; stdout: string; stderr: string }>((done) =>
      execFile(
        cmd,
        args,
        { cwd: dir, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => done({ status: error ? (typeof error.code === 'number' ? error.code : 2) : 0, stdout, stderr }),
      )
    );

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-dist-'));
    env = { ...process.env, HOME: join(dir, 'home'), npm_config_update_notifier: 'false' };
    const packed = spawnSync('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], { cwd: REPO, encoding: 'utf8', timeout: 180_000 });
    assert.equal(packed.status, 0, `npm pack failed:\n${packed.stdout}\n${packed.stderr}`);
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    assert.ok(tgz, `npm pack wrote no tarball: ${packed.stdout}`);
    // The machine's npm cache already holds the dependencies (npm ci): prefer it over the registry.
    const installed = spawnSync('npm', [
      'install',
      '--global',
      '--prefix',
      join(dir, 'prefix'),
      join(dir, tgz),
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
    ], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    assert.equal(installed.status, 0, `npm install -g of the tarball failed:\n${installed.stdout}\n${installed.stderr}`);
    bin = join(dir, 'prefix', 'bin');
    env = { ...env, PATH: `${bin}:${process.env.PATH ?? ''}` };
    lab = await startLab({ scenario: 'seed' });
  });
  after(async () => {
    await lab?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the tarball holds what runs and nothing of the sources or tests', () => {
    const listed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const files = (JSON.parse(listed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();
    for (const shipped of ['dist/cli.js', 'dist/cliMain.js', 'dist/clusterCommands.js', 'dist/agent.js', 'dist/probe.js', 'package.json']) {
      assert.ok(files.includes(shipped), `${shipped} is not in: ${files.join(' ')}`);
    }
    assert.deepEqual(files.filter((f) => /^(src|test|bench|scripts|webview)\//.test(f) || f.endsWith('.map')), []);
  });

  it('installs `podnet` and `kubectl-podnet`; kubectl runs Podnet as its plugin', () => {
    for (const name of ['podnet', 'kubectl-podnet']) assert.ok(existsSync(join(bin, name)), `${name} is not in ${bin}`);
    const plugins = run('kubectl', ['plugin', 'list']);
    assert.match(plugins.stdout, /kubectl-podnet/, `kubectl plugin list:\n${plugins.stdout}\n${plugins.stderr}`);
    const help = run('kubectl', ['podnet', '--help']);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /Usage: kubectl podnet <command>/);
  });

  it("the installed CLI's help links (JSON/SARIF helpUri) open the docs/rules.md installed with it", () => {
    const rules = run('podnet', ['rules', '--format', 'json']);
    assert.equal(rules.status, 0, rules.stderr);
    const docs = (JSON.parse(rules.stdout) as { docs: string }).docs;
    const path = fileURLToPath(docs);
    assert.ok(!path.startsWith(REPO), `${path} is the checkout's, not the installed copy`);
    assert.match(readFileSync(path, 'utf8'), /<a id="pn191"><\/a>\n## PN191/);
  });

  it('the installed `podnet check --dry-run` embeds the probe installed with it', async () => {
    const dry = await runAsync('podnet', ['check', '--kubeconfig', lab.kubeconfigPath, '--dry-run']);
    assert.equal(dry.status, 0, `podnet check --dry-run: exit ${dry.status}\n${dry.stderr}`);
    assert.match(dry.stdout, /kind: DaemonSet/);
    assert.match(dry.stdout, /probe\.js/);
  });

  it('`kubectl podnet inspect` against the lab prints what `podnet inspect` prints, and agrees with kubectl', async () => {
    const args = ['inspect', '--kubeconfig', lab.kubeconfigPath, '--format', 'json'];
    const viaKubectl = await runAsync('kubectl', ['podnet', ...args]);
    const direct = await runAsync('podnet', args);
    assert.ok(viaKubectl.status === 0 || viaKubectl.status === 1, `kubectl podnet inspect: exit ${viaKubectl.status}\n${viaKubectl.stderr}`);
    const a = JSON.parse(viaKubectl.stdout) as { nodes: { name: string; blocks?: { cidr: string }[] }[] };
    const b = JSON.parse(direct.stdout) as typeof a;
    assert.deepEqual(a.nodes, b.nodes);
    const nodes = JSON.parse((await runAsync('kubectl', ['--kubeconfig', lab.kubeconfigPath, 'get', 'nodes', '-o', 'json'])).stdout) as {
      items: { metadata: { name: string } }[];
    };
    assert.deepEqual(a.nodes.map((n) => n.name).sort(), nodes.items.map((n) => n.metadata.name).sort());
    assert.ok(a.nodes.length >= 3);
  });

  it('the pre-commit hook: its entry on the staged files that match its pattern fails on an overlap', () => {
    const hooks = load(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; files: string; language: string }[];
    const hook = hooks.find((h) => h.id === 'podnet-lint');
    assert.ok(hook, 'no podnet-lint hook');
    assert.equal(hook.language, 'node');
    writeFileSync(join(dir, 'bad.yaml'), OVERLAP);
    writeFileSync(join(dir, 'good.yaml'), CLEAN);
    writeFileSync(join(dir, 'notes.txt'), 'podSubnet: 10.100.0.0/16');
    const staged = ['bad.yaml', 'good.yaml', 'notes.txt'].filter((f) => new RegExp(hook.files).test(f));
    assert.deepEqual(staged, ['bad.yaml', 'good.yaml']);
    const [cmd, ...entryArgs] = hook.entry.split(' ');
    const failing = run(cmd!, [...entryArgs, ...staged]);
    assert.equal(failing.status, 1, failing.stdout + failing.stderr);
    assert.match(failing.stdout, /bad\.yaml:4:\d+.*PN110/);
    const passing = run(cmd!, [...entryArgs, 'good.yaml']);
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
  });

  it('the GitHub Action: its step writes SARIF, sets its outputs and fails on error findings unless told not to', () => {
    const action = load(readFileSync(join(REPO, 'action.yml'), 'utf8')) as { runs: { using: string; steps: { run: string; env: Record<string, string> }[] } };
    assert.equal(action.runs.using, 'composite');
    const step = action.runs.steps[0]!;
    // The step's env maps inputs to variables; give them as GitHub would.
    assert.deepEqual(Object.keys(step.env).sort(), ['PODNET_FAIL_ON_FINDINGS', 'PODNET_FORMAT', 'PODNET_PATHS', 'PODNET_SARIF_FILE']);
    const ws = join(dir, 'ws');
    spawnSync('mkdir', ['-p', join(ws, 'deploy')]);
    copyFileSync(join(dir, 'bad.yaml'), join(ws, 'deploy', 'kubeadm.yaml'));
    const output = join(dir, 'github-output');
    const actionEnv = {
      GITHUB_ACTION_PATH: REPO,
      GITHUB_OUTPUT: output,
      PODNET_PATHS: 'deploy',
      PODNET_FORMAT: 'text',
      PODNET_SARIF_FILE: 'podnet.sarif',
      PODNET_FAIL_ON_FINDINGS: 'true',
    };
    const failing = run('bash', ['-c', step.run], { cwd: ws, env: actionEnv });
    assert.equal(failing.status, 1, failing.stdout + failing.stderr);
    const sarif = JSON.parse(readFileSync(join(ws, 'podnet.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]!.results.some((r) => r.ruleId === 'PN110'));
    assert.match(readFileSync(output, 'utf8'), /^sarif-file=podnet\.sarif\nexit-code=1\n$/);
    const advisory = run('bash', ['-c', step.run], { cwd: ws, env: { ...actionEnv, PODNET_FAIL_ON_FINDINGS: 'false' } });
    assert.equal(advisory.status, 0, advisory.stdout + advisory.stderr);
  });
});
