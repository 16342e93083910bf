// `podnet check` on the lab's data plane, as the network model's proof: a no-cni lab whose nodes
// are network namespaces, the bridge CNI installed by the real CLI, then the real check (probe
// pods whose script runs as processes in their pod namespaces) passing every pair with the source
// preserved — and naming what breaks when one thing is broken at a time: a masquerade rule for
// pod → pod traffic, a lowered LAN MTU, a withdrawn route, the readiness gate on kept probe pods,
// Podnet's uninstall signal (kept probes see the routes withdrawn; new ones cannot start). Needs
// root (the dataplane tier).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckReport, ProbeResult } from '../../src/core/check/checkReport';
import { formatReportText } from '../../src/core/check/formatReport';
import { dataplaneUnavailable } from '../../src/lab/dataplane/labDataplane';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';

const cli = 'dist/cli.js';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function exec(command: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { env: { ...process.env, ...env }, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 },
      (error, out, err) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

const crossNode = (r: ProbeResult): boolean => r.kind === 'cross-node';
const failedPairs = (report: CheckReport, pick: (r: ProbeResult) => boolean): ProbeResult[] =>
  report.pairs.filter((r) => pick(r) && (!r.ok || r.sourcePreserved === false));

describe('dataplane: podnet check proves the network model on the data-plane lab', function() {
  let lab: RunningLab | undefined;
  let dir = '';
  const env = (): NodeJS.ProcessEnv => ({ KUBECONFIG: lab?.kubeconfigPath ?? '' });
  const dp = (): NonNullable<RunningLab['dataplane']> => {
    assert.ok(lab?.dataplane, 'the lab has no data plane');
    return lab.dataplane;
  };
  /** The real CLI's check as JSON; asserts it ran (exit 0 or 1) and left nothing behind. */
  const check = async (): Promise<{ code: number; report: CheckReport; err: string }> => {
    const run = await exec(process.execPath, [cli, 'check', '--yes', '--format', 'json', '--timeout', '120'], env());
    assert.ok(run.code === 0 || run.code === 1, `podnet check could not run (exit ${run.code}):\n${run.err}`);
    const left = await exec('kubectl', ['get', 'namespace', 'podnet-check', '--ignore-not-found', '-o', 'name'], env());
    assert.equal(left.out.trim(), '', 'the check left its namespace behind');
    return { code: run.code, report: JSON.parse(run.out) as CheckReport, err: run.err };
  };

  interface ProbePod {
    metadata: { name: string };
    status?: { conditions?: { type: string; status: string }[] };
  }
  const probePods = async (): Promise<ProbePod[]> => {
    const r = await exec('kubectl', ['get', 'pods', '-n', 'podnet-check', '-o', 'json'], env());
    return r.code === 0 ? (JSON.parse(r.out) as { items: ProbePod[] }).items : [];
  };
  const ready = (p: ProbePod | undefined): boolean => Boolean(p?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  /** A check with --keep: its namespace stays, probe pods and all. */
  const keptCheck = async (): Promise<{ code: number; out: string; err: string }> => {
    const run = await exec(process.execPath, [cli, 'check', '--yes', '--keep', '--format', 'json', '--timeout', '120'], env());
    const left = await exec('kubectl', ['get', 'namespace', 'podnet-check', '--ignore-not-found', '-o', 'name'], env());
    assert.equal(left.out.trim(), 'namespace/podnet-check', `--keep left nothing:\n${run.err}`);
    return run;
  };
  const gone = async (): Promise<void> => {
    const left = await exec('kubectl', ['get', 'namespace', 'podnet-check', '--ignore-not-found', '-o', 'name'], env());
    assert.equal(left.out.trim(), '', 'the check left its namespace behind');
  };
  /** Podnet's uninstall signal, and until every agent has withdrawn its routes. */
  const signalRemove = async (): Promise<void> => {
    const patched = await exec('kubectl', [
      'patch',
      'configmap',
      'podnet-bridge-cni',
      '-n',
      'kube-system',
      '--type',
      'merge',
      '-p',
      '{"data":{"state":"remove"}}',
    ], env());
    assert.equal(patched.code, 0, patched.err);
    for (let i = 0; i < 300; i++) {
      const routes = await Promise.all(['node-1', 'node-2', 'node-3'].map((n) => dp().exec(n, ['ip', 'route', 'show', 'proto', '154'])));
      if (routes.every((r) => r.trim() === '')) return;
      await sleep(200);
    }
    assert.fail('the agents did not withdraw their routes within 60 s');
  };

  before(async function() {
    this.timeout(180_000);
    // Not a skip: the dataplane tier (scripts/test.mjs) says loudly when it cannot run here.
    assert.equal(dataplaneUnavailable(), undefined);
    assert.ok(existsSync(cli), `${cli} is missing: npm run build`);
    dir = mkdtempSync(join(tmpdir(), 'podnet-check-lab-'));
    lab = await startLab({ scenario: 'no-cni', dataplane: true, kubeconfigPath: join(dir, 'kubeconfig') });
    const install = await exec(process.execPath, [cli, 'cni', 'install', '--yes', '--cluster-cidr', '198.19.0.0/16'], env());
    assert.equal(install.code, 0, install.out + install.err);
  });

  after(async function() {
    this.timeout(60_000);
    await lab?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("passes every pair, same-node and cross-node, with the sender's own IP seen by the receiver", async function() {
    this.timeout(240_000);
    const { code, report, err } = await check();
    assert.equal(code, 0, `${err}\n${JSON.stringify(report.pairs.filter((r) => !r.ok || r.sourcePreserved === false), null, 1)}`);
    assert.equal(report.summary.failed, 0);
    const kinds = new Set(report.pairs.map((r) => r.kind));
    for (const kind of ['same-node', 'cross-node', 'pod-node', 'node-pod', 'service', 'dns', 'mtu'] as const) {
      assert.ok(kinds.has(kind), `no ${kind} probe in ${[...kinds].join(', ')}`);
    }
    const podToPod = report.pairs.filter((r) => (r.kind === 'same-node' || r.kind === 'cross-node') && r.protocol !== 'icmp');
    assert.ok(podToPod.length > 0 && podToPod.every((r) => r.sourcePreserved === true && r.sourceSeen === r.from.ip), "every receiver saw the sender pod's IP");
    // Every ordered pair of nodes was probed.
    const nodePairs = new Set(report.pairs.filter(crossNode).map((r) => `${r.from.node}>${r.to.node}`));
    assert.equal(nodePairs.size, 6, [...nodePairs].join(' '));
    assert.ok(report.pairs.filter(crossNode).every((r) => r.from.ip?.startsWith('198.19.') && r.to.ip?.startsWith('198.19.')));
  });

  it("a masquerade rule for pod → pod traffic on one node: the receivers see the node's address (sourcePreserved false)", async function() {
    this.timeout(240_000);
    const rule = ['-s', '198.19.0.0/24', '-d', '198.19.0.0/16', '!', '-o', 'cni0', '-j', 'MASQUERADE'];
    await dp().exec('node-1', ['iptables', '-t', 'nat', '-I', 'POSTROUTING', '1', ...rule]);
    try {
      const { code, report } = await check();
      assert.equal(code, 1);
      const natted = report.pairs.filter((r) => r.sourcePreserved === false);
      assert.ok(natted.length > 0, 'NAT between pods went unseen');
      assert.ok(natted.some((r) => r.kind === 'cross-node'));
      assert.ok(
        natted.every((r) => r.from.node === 'node-1' && r.to.node !== 'node-1' && (r.kind === 'cross-node' || r.kind === 'mtu')),
        JSON.stringify(natted.map((r) => [r.kind, r.from.node, r.to.node])),
      );
      assert.ok(natted.every((r) => r.sourceSeen === '198.18.0.11'), "the receiver saw node-1's InternalIP");
      assert.deepEqual(failedPairs(report, (r) => r.from.node !== 'node-1' && r.kind === 'cross-node'), [], 'the other nodes are untouched');
    } finally {
      await dp().exec('node-1', ['iptables', '-t', 'nat', '-D', 'POSTROUTING', ...rule]);
    }
  });

  it('a lowered LAN MTU: the MTU probe fails across nodes while the small probes pass', async function() {
    this.timeout(240_000);
    // The LAN side only: the nodes keep 1500, so no agent lowers its pods' MTU to match (a real
    // black hole; with the nodes' eth0 lowered too the agents adapt and the probe rightly passes).
    await dp().setLanMtu(1300, { nodes: false });
    try {
      const { code, report } = await check();
      assert.equal(code, 1);
      const mtu = failedPairs(report, (r) => r.kind === 'mtu');
      assert.ok(mtu.length > 0, 'the MTU probe did not see the black hole');
      assert.ok(mtu.every((r) => r.from.node !== r.to.node), 'same-node paths do not cross the LAN');
      assert.deepEqual(
        failedPairs(report, (r) => r.kind === 'cross-node' || r.kind === 'same-node').map((r) =>
          `${r.kind} ${r.protocol} ${r.from.node}>${r.to.node}: ${r.error}`
        ),
        [],
        'small probes pass',
      );
    } finally {
      await dp().setLanMtu(1500);
    }
  });

  it("a route withdrawn on one node: the check names that node's cross-node failures, the rest pass", async function() {
    this.timeout(240_000);
    // node-1's route to node-2's block, as an agent that stopped serving it would leave things — kept
    // withdrawn while the check runs (the live agent puts it back at its next resync, as it should).
    const withdraw = () => dp().exec('node-1', ['ip', 'route', 'del', '198.19.1.0/24', 'proto', '154']).catch(() => '');
    await withdraw();
    let running = true;
    const keepWithdrawn = (async () => {
      while (running) {
        await withdraw();
        await sleep(200);
      }
    })();
    let ran: Awaited<ReturnType<typeof check>>;
    try {
      ran = await check();
    } finally {
      running = false;
      await keepWithdrawn;
      // Back as the agent had it (node-2 is 198.18.0.12), so the next tests start from a working network.
      await dp().exec('node-1', ['ip', 'route', 'replace', '198.19.1.0/24', 'via', '198.18.0.12', 'proto', '154']);
    }
    const { code, report } = ran;
    assert.equal(code, 1);
    const broken = failedPairs(report, crossNode);
    assert.ok(broken.length > 0, 'the missing route went unseen');
    // The request leaves node-1 by its default route, or the reply cannot come back: only pairs between node-1 and node-2.
    assert.ok(
      broken.every((r) => [r.from.node, r.to.node].sort().join() === 'node-1,node-2'),
      JSON.stringify(broken.map((r) => [r.protocol, r.from.node, r.to.node])),
    );
    assert.deepEqual(failedPairs(report, (r) => r.kind === 'same-node'), []);
  });

  it('--keep leaves Ready probe pods (their exec readiness probe finds the marker); one whose marker goes turns not Ready, and the adopting check names it (exit 2)', async function() {
    this.timeout(300_000);
    const kept = await keptCheck();
    assert.equal(kept.code, 0, kept.err);
    const pods = await probePods();
    assert.equal(pods.length, 9);
    assert.ok(pods.every((p) => ready(p)), JSON.stringify(pods.map((p) => [p.metadata.name, p.status?.conditions])));
    const victim = pods.find((p) => p.metadata.name.startsWith('podnet-check-a-'));
    assert.ok(victim);
    // What a probe whose listeners went away would look like: no marker.
    await dp().execInContainer('podnet-check', victim.metadata.name, 'probe', ['rm', '/run/podnet-check/ready']);
    for (let i = 0; i < 100 && ready((await probePods()).find((p) => p.metadata.name === victim.metadata.name)); i++) await sleep(200);
    assert.equal(ready((await probePods()).find((p) => p.metadata.name === victim.metadata.name)), false, 'the lab ran the readiness probe');
    const run = await exec(process.execPath, [cli, 'check', '--yes', '--format', 'json', '--timeout', '15'], env());
    assert.equal(run.code, 2, run.err);
    assert.equal(run.out, '', 'no plan, no report, while a probe pod is not Ready');
    assert.match(run.err, /Adopting the probe pods of run/);
    assert.match(run.err, new RegExp(`${victim.metadata.name} on node node-\\d: Running but not Ready`));
    assert.match(run.err, /8 of 9 Ready/);
    await gone();
  });

  it("Podnet's uninstall signal (state: remove), routes withdrawn: kept probe pods keep running, and the check adopting them names the cross-node failures with routes withdrawn as the cause (exit 1)", async function() {
    this.timeout(300_000);
    const kept = await keptCheck();
    assert.equal(kept.code, 0, kept.err);
    const before = JSON.parse(kept.out) as CheckReport;
    assert.deepEqual(failedPairs(before, crossNode), []);
    await signalRemove();
    const run = await exec(process.execPath, [cli, 'check', '--yes', '--format', 'json', '--timeout', '120'], env());
    assert.equal(run.code, 1, run.err);
    const report = JSON.parse(run.out) as CheckReport;
    assert.ok(report.adoptedProbes, 'the kept probe pods were adopted');
    assert.match(report.routesWithdrawn ?? '', /state: remove/);
    // Without Podnet's masquerade the pods cannot reach the API: their results came through their node's host probe.
    assert.deepEqual(report.missing ?? [], [], run.err);
    const podToPod = report.pairs.filter((r) => crossNode(r) && r.protocol !== 'icmp');
    assert.ok(podToPod.length > 0 && podToPod.every((r) => !r.ok), JSON.stringify(podToPod.filter((r) => r.ok).slice(0, 3)));
    assert.deepEqual(failedPairs(report, (r) => r.kind === 'same-node' && r.protocol !== 'icmp'), [], 'the bridge on each node still works');
    const text = formatReportText(report);
    assert.match(
      text,
      /Likely cause of \d+ cross-node failures: Routes withdrawn: Podnet's settings ConfigMap kube-system\/podnet-bridge-cni says state: remove/,
    );
    await gone();
  });

  it("after the uninstall signal the nodes are NotReady: a fresh check's probe pods cannot start there (exit 2, no invented results)", async function() {
    this.timeout(240_000);
    await signalRemove();
    const run = await exec(process.execPath, [cli, 'check', '--yes', '--format', 'json', '--timeout', '30'], env());
    assert.equal(run.code, 2, run.err);
    assert.equal(run.out, '', 'no report without probes');
    assert.match(run.err, /did not all start/);
    assert.match(run.err, /NotReady/);
    await gone();
  });
});
