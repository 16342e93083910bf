// `podnet check` end to end on a hand-wired data plane: the real CLI runs in the LAN namespace
// against the lab API there, and this test plays the kubelet for the check's probe pods only —
// for each pod the DaemonSets create it makes a network namespace on its node's bridge (or, for
// the hostNetwork probe, uses the node's namespace), reports the IP in the pod's status, and runs
// the probe script taken from the check's ConfigMap with the env the pod spec asks for. So the
// runner, the manifests' env, the plan, the probes and the results through the API all run for
// real; only the kubelet is the test's. Then a MASQUERADE rule between the nodes' pod networks
// is added and the check names it. Needs root, iproute2, iptables, ping.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { load } from 'js-yaml';
import type { CheckReport } from '../../src/core/check/checkReport';
import { checkNamespace, scriptConfigMap, scriptKey } from '../../src/check/checkNames';
import { labDataplaneAnnotation } from '../../src/core/labMarks';
import { LabClient } from './support/labClient';
import { cleanStale, deleteNs, inNs, ip } from './support/netns';
import { Topology, lanGateway } from './support/topology';

const runId = `${process.pid}-${Date.now().toString(36)}`;
const nodes = [
  { name: 'n1', index: 1, address: '198.18.0.11', block: '198.19.1.0/24' },
  { name: 'n2', index: 2, address: '198.18.0.12', block: '198.19.2.0/24' },
];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface PodObj {
  metadata: { name: string; namespace: string; uid?: string };
  spec: { nodeName?: string; hostNetwork?: boolean; containers: { env?: { name: string; value?: string }[] }[] };
  status?: Record<string, unknown>;
}

describe('dataplane: podnet check end to end (the test plays the kubelet for the probe pods)', function() {
  this.timeout(180_000);
  const topo = new Topology(runId);
  let lab: LabClient;
  let tokenFile = '';
  let caFile = '';
  const podNamespaces: string[] = [];
  const probes: ChildProcess[] = [];
  const readyWatches: Promise<void>[] = [];
  let podCount = 0;

  async function startProbe(pod: PodObj, script: string): Promise<void> {
    const node = nodes.find((n) => n.name === pod.spec.nodeName);
    if (!node) return;
    let ns = topo.ns(node.name);
    let address = node.address;
    if (!pod.spec.hostNetwork) {
      podCount++;
      ns = topo.createPodNs(`p${podCount}`);
      podNamespaces.push(ns);
      address = `198.19.${node.index}.${10 + podCount}`;
      const hostSide = `vp${podCount}`;
      ip('-n', topo.ns(node.name), 'link', 'add', hostSide, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
      ip('-n', topo.ns(node.name), 'link', 'set', hostSide, 'master', 'cni0');
      ip('-n', topo.ns(node.name), 'link', 'set', hostSide, 'up');
      ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      ip('-n', ns, 'link', 'set', 'eth0', 'up');
      ip('-n', ns, 'route', 'add', 'default', 'via', `198.19.${node.index}.1`);
    }
    const ref = { apiVersion: 'v1', kind: 'Pod', namespace: checkNamespace, name: pod.metadata.name };
    const setStatus = async (ready: boolean): Promise<void> => {
      const current = await lab.send<PodObj>({ op: 'get', ref });
      const now = new Date().toISOString();
      await lab.send({
        op: 'update',
        subresource: 'status',
        object: {
          ...current,
          status: {
            ...(current.status ?? {}),
            phase: 'Running',
            conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now }],
            containerStatuses: [{ name: 'probe', ready, started: true, state: { running: { startedAt: now } } }],
            hostIP: node.address,
            hostIPs: [{ ip: node.address }],
            podIP: address,
            podIPs: [{ ip: address }],
            startTime: now,
          },
        },
      });
    };
    // Running at once, as a kubelet reports a started container — before its echo listens.
    await setStatus(false);
    const marker = `${topo.runDir}/${pod.metadata.name}.ready`;
    const env = Object.fromEntries((pod.spec.containers[0].env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string]));
    probes.push(
      topo.spawnIn(ns, process.execPath, [script], {
        ...env,
        POD_NAME: pod.metadata.name,
        POD_NAMESPACE: checkNamespace,
        POD_IP: address,
        NODE_NAME: node.name,
        HOST_IP: node.address,
        PODNET_API_SERVER: lab.server,
        PODNET_TOKEN_FILE: tokenFile,
        PODNET_CA_FILE: caFile,
        // The pod spec's marker path is inside the container's emptyDir; this kubelet has no mount namespace.
        PODNET_CHECK_READY_FILE: marker,
      }, `${topo.runDir}/${pod.metadata.name}.log`),
    );
    readyWatches.push((async () => {
      // The readiness probe, as the spec's `test -f <marker>` every second would find it.
      for (let i = 0; i < 300 && !existsSync(marker); i++) await sleep(100);
      if (existsSync(marker)) await setStatus(true);
    })());
  }

  /** Runs `podnet check` in the LAN namespace while starting every probe pod it creates. */
  async function check(): Promise<{ code: number; report?: CheckReport; err: string }> {
    const cli = new Promise<{ code: number; out: string; err: string }>((resolve) =>
      execFile(
        'ip',
        [
          'netns',
          'exec',
          topo.lan,
          process.execPath,
          'dist/cli.js',
          'check',
          '--kubeconfig',
          `${topo.runDir}/kubeconfig`,
          '--yes',
          '--format',
          'json',
          '--timeout',
          '90',
        ],
        { timeout: 150_000 },
        (error, out, err) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }),
      )
    );
    let done = false;
    void cli.then(() => (done = true));
    const started = new Set<string>();
    let script = '';
    while (!done) {
      const pods = await lab.send<PodObj[]>({ op: 'list', apiVersion: 'v1', kind: 'Pod', namespace: checkNamespace });
      for (const pod of pods.filter((p) => p.spec.nodeName && !started.has(p.metadata.name))) {
        if (!script) {
          const cm = await lab.send<{ data?: Record<string, string> } | null>({
            op: 'get',
            ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: checkNamespace, name: scriptConfigMap },
          });
          if (!cm?.data?.[scriptKey]) break;
          script = `${topo.runDir}/probe-${Date.now()}.js`;
          writeFileSync(script, cm.data[scriptKey]);
        }
        started.add(pod.metadata.name);
        await startProbe(pod, script);
      }
      await sleep(200);
    }
    const r = await cli;
    await Promise.all(readyWatches.splice(0).map((w) => w.catch(() => undefined)));
    for (const child of probes.splice(0)) topo.kill(child);
    for (const ns of podNamespaces.splice(0)) deleteNs(ns);
    return { code: r.code, err: r.err, ...(r.out.trim() ? { report: JSON.parse(r.out) as CheckReport } : {}) };
  }

  before(async function() {
    if (!existsSync('dist/cli.js')) throw new Error('dist/cli.js is missing: run `npm run build` first');
    cleanStale();
    topo.createLan();
    for (const n of nodes) {
      const ns = topo.createNode(n.name, n.address);
      ip('-n', ns, 'link', 'add', 'cni0', 'type', 'bridge');
      ip('-n', ns, 'addr', 'add', `198.19.${n.index}.1/24`, 'dev', 'cni0');
      ip('-n', ns, 'link', 'set', 'cni0', 'up');
      for (const other of nodes.filter((o) => o !== n)) ip('-n', ns, 'route', 'add', other.block, 'via', other.address);
      // The API's side of the LAN routes each node's block to it, so the probes' answers find their way back.
      ip('-n', topo.lan, 'route', 'add', n.block, 'via', n.address);
    }
    mkdirSync(topo.runDir, { recursive: true });
    lab = await LabClient.start(topo.lan, lanGateway, `${topo.runDir}/kubeconfig`);
    const kubeconfig = load(readFileSync(`${topo.runDir}/kubeconfig`, 'utf8')) as {
      clusters: { cluster: { 'certificate-authority-data': string } }[];
      users: { name: string; user: { token?: string } }[];
    };
    tokenFile = `${topo.runDir}/token`;
    caFile = `${topo.runDir}/ca.crt`;
    writeFileSync(tokenFile, kubeconfig.users.find((u) => u.name === 'podnet-lab-admin')?.user.token ?? '', { mode: 0o600 });
    writeFileSync(caFile, Buffer.from(kubeconfig.clusters[0].cluster['certificate-authority-data'], 'base64'));
    for (const n of nodes) {
      await lab.send({
        op: 'create',
        object: {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name }, annotations: { [labDataplaneAnnotation]: 'true' } },
          spec: { podCIDR: n.block, podCIDRs: [n.block] },
          status: { addresses: [{ type: 'InternalIP', address: n.address }, { type: 'Hostname', address: n.name }] },
        },
      });
    }
    // No kube-proxy here: a ClusterIP would lead nowhere (and outside the test's ranges).
    await lab.send({ op: 'delete', ref: { apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'kubernetes' } });
  });

  after(() => {
    for (const child of probes) topo.kill(child);
    lab?.stop();
    topo.dispose();
    for (const ns of [...podNamespaces, ...topo.namespaces]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // already gone
      }
    }
    if (!process.env.PODNET_KEEP_RUN_DIR) rmSync(topo.runDir, { recursive: true, force: true });
  });

  it('passes every pod pair with the source preserved, node ↔ pod and the MTU probes; exit 0; nothing left behind', async () => {
    const { code, report, err } = await check();
    assert.ok(report, err);
    const failures = report.pairs.filter((p) => !p.ok || p.sourcePreserved === false);
    assert.deepEqual(failures, [], err);
    assert.equal(code, 0, err);
    const kinds = (k: string) => report.pairs.filter((p) => p.kind === k).length;
    // 4 pod probes (2 per node), 2 hostNetwork probes.
    assert.equal(kinds('same-node'), 4 * 3);
    assert.equal(kinds('cross-node'), 8 * 3);
    assert.equal(kinds('pod-node'), 4 * 2 * 2);
    assert.equal(kinds('node-pod'), 2 * 4 * 2);
    assert.equal(kinds('mtu'), 12 * 2);
    assert.ok(report.pairs.filter((p) => p.kind === 'cross-node' && p.protocol !== 'icmp').every((p) => p.sourcePreserved === true));
    assert.equal(report.missing, undefined);
    assert.match(err, /Removed namespace podnet-check/);
    assert.equal(await lab.send({ op: 'get', ref: { apiVersion: 'v1', kind: 'Namespace', name: checkNamespace } }), null);
  });

  it('a MASQUERADE rule for pod → pod traffic on n1 fails n1 → n2 with sourcePreserved false; exit 1', async () => {
    inNs(topo.ns('n1'), 'iptables', ['-t', 'nat', '-A', 'POSTROUTING', '-s', '198.19.1.0/24', '-d', '198.19.2.0/24', '-j', 'MASQUERADE']);
    try {
      const { code, report, err } = await check();
      assert.ok(report, err);
      assert.equal(code, 1, err);
      const natted = report.pairs.filter((p) => p.kind === 'cross-node' && p.from.node === 'n1' && p.protocol !== 'icmp');
      assert.equal(natted.length, 8);
      assert.ok(natted.every((p) => p.ok && p.sourcePreserved === false && p.sourceSeen === '198.18.0.11'), JSON.stringify(natted.slice(0, 2)));
      assert.ok(report.pairs.filter((p) => p.kind === 'cross-node' && p.from.node === 'n2' && p.protocol !== 'icmp').every((p) => p.sourcePreserved === true));
      assert.equal(await lab.send({ op: 'get', ref: { apiVersion: 'v1', kind: 'Namespace', name: checkNamespace } }), null);
    } finally {
      inNs(topo.ns('n1'), 'iptables', ['-t', 'nat', '-F', 'POSTROUTING']);
    }
  });
});
