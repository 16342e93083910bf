// `podnet check` against the lab, with real kubectl as the oracle for what exists in the cluster.
// A lab without a data plane is refused (exit 2, nothing created) and --dry-run prints the objects
// (which kubectl's server-side dry-run accepts). The create → wait → remove lifecycle runs on a lab
// whose nodes carry the data-plane annotation by hand: its pods are still records, so no probe ever
// reports — the check says so (exit 1, every probe pod missing) and removes everything; cancelled
// mid-run it removes everything too; on a cluster without a CNI the probe pods never start (exit 2, why).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { runCli } from '../../src/cli/main';
import { startLab } from '../../src/lab/startLab';
import type { RunningLab } from '../../src/lab/startLab';
import { Kubectl } from './labKubectlSupport';

interface Obj {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  rules?: { resources: string[]; verbs: string[]; resourceNames?: string[] }[];
  spec?: { template?: { spec?: { hostNetwork?: boolean; containers?: { image: string }[]; tolerations?: unknown[] } } };
}

async function cli(args: string[], signal = new AbortController().signal): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), isInteractive: false, signal });
  return { code, out, err };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('lab: podnet check', function() {
  this.timeout(60_000);
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-check-lab-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function namespaceGone(kubectl: Kubectl): Promise<void> {
    const r = await kubectl.run(['get', 'namespace', 'podnet-check', '-o', 'name']);
    assert.notEqual(r.code, 0, `namespace podnet-check still exists: ${r.stdout}`);
    assert.match(r.stderr, /NotFound/);
    const left = await kubectl.ok([
      'get',
      'daemonsets,configmaps,serviceaccounts,roles,rolebindings,pods',
      '-A',
      '-l',
      'app.kubernetes.io/name=podnet-check',
      '-o',
      'name',
    ]);
    assert.equal(left.trim(), '', `left behind: ${left}`);
  }

  describe('on a lab without a data plane', () => {
    let lab: RunningLab;
    let kubectl: Kubectl;
    before(async () => {
      lab = await startLab({ scenario: 'seed', kubeconfigPath: join(dir, 'seed.kubeconfig') });
      kubectl = new Kubectl(lab.kubeconfigPath);
    });
    after(async () => {
      kubectl?.dispose();
      await lab?.stop();
    });
    const kc = (): string[] => ['--kubeconfig', lab.kubeconfigPath, '--context', lab.contextName];

    it('refuses with exit 2, says the lab has no data plane and how to start one, and creates nothing', async () => {
      const r = await cli(['check', ...kc(), '--yes']);
      assert.equal(r.code, 2, r.err);
      assert.equal(r.out, '', 'no report is invented');
      assert.match(r.err, /lab without a data plane/);
      assert.match(r.err, /podnet lab up --dataplane/);
      await namespaceGone(kubectl);
    });

    it('--dry-run prints the objects (least-privilege Role, pinned image, every node tolerated) and kubectl accepts them server-side', async () => {
      const r = await cli(['check', ...kc(), '--dry-run']);
      assert.equal(r.code, 0, r.err);
      const docs = loadAll(r.out) as Obj[];
      assert.deepEqual(docs.map((d) => d.kind), ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ConfigMap', 'DaemonSet', 'DaemonSet', 'DaemonSet']);
      for (const d of docs) assert.equal(d.metadata.labels?.['app.kubernetes.io/name'], 'podnet-check', `${d.kind} ${d.metadata.name} is labelled`);
      const role = docs.find((d) => d.kind === 'Role');
      assert.deepEqual(role?.rules?.map((x) => [x.resources, x.verbs, x.resourceNames ?? []]), [
        [['configmaps'], ['get', 'watch'], ['podnet-check-plan']],
        [['configmaps'], ['create'], []],
      ]);
      const sets = docs.filter((d) => d.kind === 'DaemonSet');
      assert.deepEqual(sets.map((d) => Boolean(d.spec?.template?.spec?.hostNetwork)), [false, false, true]);
      for (const d of sets) assert.equal(d.spec?.template?.spec?.containers?.[0].image, 'docker.io/library/node:20.19.5-alpine3.22');
      assert.match(r.err, /A real run would refuse/);
      writeFileSync(join(dir, 'check.yaml'), r.out);
      // A server-side dry-run of namespaced objects needs their namespace: create it for the dry-run, then remove it.
      await kubectl.ok(['create', 'namespace', 'podnet-check']);
      try {
        const applied = await kubectl.run(['apply', '--server-side', '--dry-run=server', '-f', join(dir, 'check.yaml')]);
        assert.equal(applied.code, 0, applied.stderr);
        assert.equal(applied.stdout.trim().split('\n').filter((l) => l.endsWith('serverside-applied (server dry run)')).length, 8, applied.stdout);
      } finally {
        await kubectl.ok(['delete', 'namespace', 'podnet-check']);
      }
      await namespaceGone(kubectl);
    });
  });

  describe('the lifecycle (nodes marked as data-plane nodes by hand; the probes are records and never report)', () => {
    let lab: RunningLab;
    let kubectl: Kubectl;
    before(async () => {
      lab = await startLab({ scenario: 'seed', kubeconfigPath: join(dir, 'life.kubeconfig') });
      kubectl = new Kubectl(lab.kubeconfigPath);
      await kubectl.ok(['annotate', 'nodes', '--all', 'podnet.dev/lab-dataplane=true']);
    });
    after(async () => {
      kubectl?.dispose();
      await lab?.stop();
    });
    const kc = (): string[] => ['--kubeconfig', lab.kubeconfigPath, '--context', lab.contextName];

    it('creates the probes, names every probe pod that never reported (exit 1), and removes everything', async () => {
      const nodes = (await kubectl.ok(['get', 'nodes', '-o', 'name'])).trim().split('\n').length;
      const seen: string[] = [];
      const watcher = (async () => {
        for (let i = 0; i < 40 && !seen.length; i++) {
          const r = await kubectl.run(['get', 'daemonsets,pods', '-n', 'podnet-check', '-o', 'name']);
          if (r.code === 0 && r.stdout.includes('pod/')) seen.push(...r.stdout.trim().split('\n'));
          await sleep(250);
        }
      })();
      const r = await cli(['check', ...kc(), '--yes', '--format', 'json', '--timeout', '6']);
      await watcher;
      assert.equal(r.code, 1, r.err);
      const report = JSON.parse(r.out) as {
        schemaVersion: number;
        context: string;
        pairs: unknown[];
        summary: { passed: number; failed: number };
        missing: { from: { node?: string } }[];
      };
      assert.equal(report.schemaVersion, 1);
      assert.equal(report.context, lab.contextName);
      assert.deepEqual(report.pairs, []);
      assert.equal(report.missing.length, nodes * 3, 'two pod probes and one host probe per node, none reported');
      assert.ok(seen.includes('daemonset.apps/podnet-check-host'), `kubectl saw ${seen.join(', ')}`);
      assert.equal(seen.filter((s) => s.startsWith('pod/')).length, nodes * 3);
      assert.match(r.err, /Removed namespace podnet-check/);
      await namespaceGone(kubectl);
    });

    it('cancelled while waiting for the probes, removes everything it created', async () => {
      const controller = new AbortController();
      const run = cli(['check', ...kc(), '--yes', '--timeout', '30'], controller.signal);
      for (let i = 0; i < 80; i++) {
        const r = await kubectl.run(['get', 'configmap', 'podnet-check-plan', '-n', 'podnet-check', '-o', 'name']);
        if (r.code === 0) break;
        await sleep(250);
      }
      controller.abort('SIGINT');
      const r = await run;
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /cancelled/);
      await namespaceGone(kubectl);
    });

    /** The built CLI running a check, once its probe pods run and it waits for their reports. */
    async function realCheckWaitingForProbes() {
      if (!existsSync('dist/cli.js')) throw new Error('dist/cli.js is missing: run `npm run build` first');
      const child = spawn(process.execPath, ['dist/cli.js', 'check', ...kc(), '--yes', '--timeout', '30'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      for (let i = 0; i < 120 && !stderr.includes('Probe pods reported'); i++) await sleep(250);
      assert.match(stderr, /Probe pods reported: 0\//, stderr);
      return { child, exited, err: () => stderr };
    }

    it('the real CLI on SIGINT (Ctrl+C) removes everything it created and exits 2', async function() {
      const { child, exited, err } = await realCheckWaitingForProbes();
      child.kill('SIGINT');
      assert.equal(await exited, 2, err());
      assert.match(err(), /Removed namespace podnet-check/);
      assert.match(err(), /cancelled/);
      await namespaceGone(kubectl);
    });

    it('a second Ctrl+C during the clean-up ends the real CLI at once with 130 and says the clean-up was not finished', async function() {
      const { child, exited, err } = await realCheckWaitingForProbes();
      // A slow server keeps the clean-up going while the second signal arrives (the lab's is quicker than a signal).
      lab.faults.set({ latencyMs: 3_000 });
      try {
        child.kill('SIGINT');
        // Signals of one kind do not queue: the second goes once the first is being handled.
        for (let i = 0; i < 500 && !err().includes('Removing namespace'); i++) await sleep(10);
        child.kill('SIGINT');
        assert.equal(await exited, 130, err());
      } finally {
        lab.faults.set({ latencyMs: 0 });
      }
      assert.match(err(), /SIGINT again: exiting without finishing the clean-up/);
      assert.doesNotMatch(err(), /Removed namespace/);
      await kubectl.ok(['delete', 'namespace', 'podnet-check', '--ignore-not-found', '--wait=true']);
      await namespaceGone(kubectl);
    });

    it('--keep leaves the objects; the next run of the same configuration adopts them (and removes them), one of another image is refused', async () => {
      const r = await cli(['check', ...kc(), '--yes', '--keep', '--timeout', '3']);
      assert.equal(r.code, 1, r.err);
      assert.match(await kubectl.ok(['get', 'daemonsets', '-n', 'podnet-check', '-o', 'name']), /podnet-check-a/);
      const other = await cli(['check', ...kc(), '--yes', '--image', 'registry.example/node:20', '--timeout', '3']);
      assert.equal(other.code, 2);
      assert.match(other.err, /left from a previous check \(--keep\) with another probe image or script/);
      const again = await cli(['check', ...kc(), '--yes', '--timeout', '3']);
      assert.equal(again.code, 1, again.err);
      assert.match(again.err, /Adopting the probe pods of run/);
      assert.match(again.err, /Removed namespace podnet-check/);
      await namespaceGone(kubectl);
    });
  });

  describe('on a cluster without a CNI (probe pods never start)', () => {
    let lab: RunningLab;
    let kubectl: Kubectl;
    before(async () => {
      lab = await startLab({ scenario: 'no-cni', kubeconfigPath: join(dir, 'nocni.kubeconfig') });
      kubectl = new Kubectl(lab.kubeconfigPath);
      await kubectl.ok(['annotate', 'nodes', '--all', 'podnet.dev/lab-dataplane=true']);
    });
    after(async () => {
      kubectl?.dispose();
      await lab?.stop();
    });

    it('says which probe pods did not start and why (exit 2), and removes everything', async () => {
      const r = await cli(['check', '--kubeconfig', lab.kubeconfigPath, '--context', lab.contextName, '--yes', '--timeout', '4']);
      assert.equal(r.code, 2, r.err);
      assert.equal(r.out, '');
      assert.match(r.err, /did not all start/);
      assert.match(r.err, /podnet-check-a-\S+ on node \S+: ContainerCreating; node \S+ is NotReady: KubeletNotReady/);
      await namespaceGone(kubectl);
    });
  });
});
