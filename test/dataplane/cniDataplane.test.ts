// The bridge CNI's data plane, for real: three node namespaces on a LAN, the Podnet agent running in
// each against the lab API, pods plugged in by Debian's bridge plugin with the conflist the agent
// wrote, and traffic checked for the right answering pod and the sender's own IP (no NAT).
// Needs root, iproute2 and containernetworking-plugins (/usr/lib/cni).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { load } from 'js-yaml';
import { cniAdd, cniDel } from './support/cniExec';
import { LabClient } from './support/labClient';
import { cleanStale, deleteNs, inNs, ip } from './support/netns';
import { Topology, lanGateway } from './support/topology';

interface PodInfo {
  name: string;
  node: string;
  ns: string;
  ip: string;
  containerId: string;
}

const runId = `${process.pid}-${Date.now().toString(36)}`;
const echoScript = 'test/dataplane/support/echo.mjs';
const nodes = [
  { name: 'n1', address: '198.18.0.11', block: '198.19.1.0/24' },
  { name: 'n2', address: '198.18.0.12', block: '198.19.2.0/24' },
  { name: 'n3', address: '198.18.0.13', block: '198.19.3.0/24' },
];
const late = { name: 'n4', address: '198.18.0.14', block: '198.19.4.0/24' };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const nodeObject = (n: { name: string; address: string; block: string }): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name } },
  spec: { podCIDR: n.block, podCIDRs: [n.block] },
  status: { addresses: [{ type: 'InternalIP', address: n.address }, { type: 'Hostname', address: n.name }] },
});

describe('dataplane: Podnet bridge CNI across node namespaces', function() {
  const topo = new Topology(runId);
  let lab: LabClient;
  let agentScript = '';
  let tokenFile = '';
  let caFile = '';
  const agents = new Map<string, ChildProcess>();
  const firewalls = new Map<string, ChildProcess>();
  const agentPods = new Map<string, string>();
  const pods = new Map<string, PodInfo>();

  const podnetRoutes = (node: string): string[] =>
    ip('-n', topo.ns(node), 'route', 'show', 'proto', '154')
      .split('\n')
      .map((l) => l.trim().replace(/\s+dev eth0/, '').replace(/\s+metric \d+\s*$/, ''))
      .filter(Boolean)
      .sort();
  const dir = (node: string): string => `${topo.runDir}/${node}`;
  const conflistPath = (node: string): string => `${dir(node)}/net.d/10-podnet.conflist`;

  /** n3 runs with busybox's `ip` (the Alpine image's): no batch mode, no protocol in listings. */
  const busyboxIp = (): string => {
    const path = `${topo.runDir}/busybox/ip`;
    if (!existsSync(path)) {
      mkdirSync(`${topo.runDir}/busybox`, { recursive: true });
      symlinkSync(execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim(), path);
    }
    return path;
  };

  /** Runs the real `podnet` CLI inside the `lan` namespace, where the lab API listens. */
  function podnet(args: string[]): Promise<{ code: number; out: string; err: string }> {
    return new Promise((resolve) => {
      execFile(
        'ip',
        ['netns', 'exec', topo.lan, process.execPath, `${topo.runDir}/cli.js`, ...args],
        { timeout: 90_000 },
        (error, out, err) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }),
      );
    });
  }

  /** The DaemonSet pod the lab scheduled on `node` (the agent posts its Events on it). */
  async function agentPodOn(node: string): Promise<string> {
    let name = '';
    for (let i = 0; i < 100 && !name; i++) {
      const pods = await lab.send<{ metadata: { name: string; labels?: Record<string, string> }; spec: { nodeName?: string } }[]>({
        op: 'list',
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: 'kube-system',
      });
      name = pods.find((p) => p.spec.nodeName === node && p.metadata.labels?.['app.kubernetes.io/name'] === 'podnet-bridge-cni')?.metadata.name ?? '';
      if (!name) await sleep(150);
    }
    assert.ok(name, `no agent pod on ${node}`);
    agentPods.set(node, name);
    return name;
  }

  async function startAgent(node: string): Promise<void> {
    const podName = await agentPodOn(node);
    const child = topo.spawnIn(topo.ns(node), process.execPath, [agentScript], {
      ...(node === 'n3' ? { PODNET_IP_COMMAND: busyboxIp() } : {}),
      NODE_NAME: node,
      POD_NAME: podName,
      PODNET_CONFLIST_TEMPLATE: `${topo.runDir}/installed/conflist.template.json`,
      POD_NAMESPACE: 'kube-system',
      PODNET_API_SERVER: lab.server,
      PODNET_TOKEN_FILE: tokenFile,
      PODNET_CA_FILE: caFile,
      PODNET_CNI_NET_DIR: `${dir(node)}/net.d`,
      PODNET_CNI_BIN_DIRS: '/opt/cni/bin:/usr/lib/cni',
      PODNET_IPAM_DATA_DIR: `${dir(node)}/ipam`,
      PODNET_READY_FILE: `${dir(node)}/ready`,
      PODNET_FIREWALL_DIR: `${dir(node)}/fw`,
      PODNET_RESYNC_SECONDS: '2',
    }, `${dir(node)}.log`);
    agents.set(node, child);
    // The DaemonSet's second container: the firewall script from the same ConfigMap.
    mkdirSync(`${dir(node)}/fw`, { recursive: true });
    firewalls.set(
      node,
      topo.spawnIn(topo.ns(node), 'sh', [`${topo.runDir}/installed/firewall.sh`], {
        PODNET_FIREWALL_DIR: `${dir(node)}/fw`,
        PODNET_FIREWALL_INTERVAL_SECONDS: '1',
      }),
    );
  }

  async function addPod(name: string, node: string): Promise<PodInfo> {
    const ns = topo.createPodNs(name);
    const containerId = `${runId}-${name}`;
    const result = await cniAdd(topo.ns(node), conflistPath(node), containerId, ns);
    const address = result.ips?.[0]?.address.split('/')[0];
    assert.ok(address, `pod ${name} got no IP: ${JSON.stringify(result)}`);
    const pod = { name, node, ns, ip: address, containerId };
    pods.set(name, pod);
    topo.spawnIn(ns, process.execPath, [echoScript, 'serve', name, '7000']);
    return pod;
  }

  async function removePod(name: string): Promise<void> {
    const pod = pods.get(name);
    if (!pod) return;
    await cniDel(topo.ns(pod.node), conflistPath(pod.node), pod.containerId, pod.ns);
    deleteNs(pod.ns);
    pods.delete(name);
  }

  /** Sends from pod `from` to pod `to` and returns "<answering pod> <source address it saw>". */
  async function talk(proto: 'tcp' | 'udp', from: string, to: string): Promise<string> {
    const src = pods.get(from) as PodInfo;
    const dst = pods.get(to) as PodInfo;
    let last = '';
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        return inNs(src.ns, process.execPath, [echoScript, proto, dst.ip, '7000']).trim();
      } catch (error) {
        last = String((error as { stderr?: string }).stderr ?? error);
        await sleep(150); // the echo server may still be starting
      }
    }
    throw new Error(`${proto} ${from} → ${to}: ${last}`);
  }

  async function expectPath(from: string, to: string): Promise<void> {
    const sender = pods.get(from) as PodInfo;
    assert.equal(await talk('tcp', from, to), `${to} ${sender.ip}`, `TCP ${from} → ${to}`);
    assert.equal(await talk('udp', from, to), `${to} ${sender.ip}`, `UDP ${from} → ${to}`);
  }

  before(async function() {
    this.timeout(90_000);
    // The firewall container's script runs the node's iptables: say so rather than time out later.
    assert.ok(
      spawnSync('sh', ['-c', 'command -v iptables-restore && command -v ip6tables-restore']).status === 0,
      'iptables is not installed (apt-get install iptables): the firewall script needs iptables-restore and ip6tables-restore',
    );
    cleanStale();
    topo.createLan();
    // The real artefacts: dist-like cli.js with agent.js next to it (the CLI embeds that agent).
    const node: BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', mainFields: ['module', 'main'] };
    await build({ ...node, entryPoints: ['src/cni/agent/main.ts'], outfile: `${topo.runDir}/agent.js` });
    await build({ ...node, entryPoints: ['src/cli/bin.ts'], outfile: `${topo.runDir}/cli.js`, external: ['vscode'], define: { PODNET_VERSION: '"test"' } });
    agentScript = `${topo.runDir}/installed/agent.js`;
    lab = await LabClient.start(topo.lan, lanGateway, `${topo.runDir}/kubeconfig`);
    const kubeconfig = load(readFileSync(`${topo.runDir}/kubeconfig`, 'utf8')) as {
      clusters: { cluster: { 'certificate-authority-data': string; server: string } }[];
      users: { name: string; user: { token?: string } }[];
      contexts: { name: string; context: { user: string } }[];
      'current-context': string;
    };
    // The lab's admin context (named after its scenario) is the current one.
    const context = kubeconfig.contexts.find((c) => c.name === kubeconfig['current-context']);
    const user = kubeconfig.users.find((u) => u.name === context?.context.user);
    tokenFile = `${topo.runDir}/token`;
    caFile = `${topo.runDir}/ca.crt`;
    writeFileSync(tokenFile, user?.user.token ?? '', { mode: 0o600 });
    writeFileSync(caFile, Buffer.from(kubeconfig.clusters[0].cluster['certificate-authority-data'], 'base64'));
    for (const n of nodes) {
      await lab.send({ op: 'create', object: nodeObject(n) });
      topo.createNode(n.name, n.address);
    }
    // Routes Podnet does not own (must survive everything), and a stale Podnet route (must go).
    ip('-n', topo.ns('n1'), 'route', 'add', '198.19.250.0/24', 'via', '198.18.0.13', 'proto', 'static');
    ip('-n', topo.ns('n1'), 'route', 'add', '198.19.99.0/24', 'via', '198.18.0.12', 'proto', '154');
    // The same on n3, whose agent uses busybox ip (it cannot see protocols in listings).
    ip('-n', topo.ns('n3'), 'route', 'add', '198.19.250.0/24', 'via', '198.18.0.11', 'proto', 'static');
    ip('-n', topo.ns('n3'), 'route', 'add', '198.19.99.0/24', 'via', '198.18.0.12', 'proto', '154');
    ip('-n', topo.ns('n3'), 'route', 'add', '198.19.77.0/24', 'via', '198.18.0.11', 'proto', 'static');
  });

  after(async function() {
    this.timeout(30_000);
    for (const name of [...pods.keys()]) {
      try {
        await removePod(name);
      } catch {
        // best effort; the namespace goes anyway
      }
    }
    for (const child of agents.values()) topo.kill(child);
    lab?.stop();
    topo.dispose();
    for (const ns of [...topo.namespaces].reverse()) deleteNs(ns);
    rmSync(topo.runDir, { recursive: true, force: true });
  });

  it('removes the leftovers of a killed run (by name prefix and dead pid), and only those', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const stale = `pncni-${dead}-x-lan`;
    ip('netns', 'add', stale);
    mkdirSync(`/tmp/pncni-${dead}-x`, { recursive: true });
    const removed = cleanStale();
    assert.ok(removed.includes(stale), `not removed: ${stale}`);
    assert.ok(!ip('netns', 'list').includes(stale));
    assert.ok(!existsSync(`/tmp/pncni-${dead}-x`));
    assert.ok(ip('netns', 'list').includes(topo.lan), 'the live run must survive');
  });

  it('installs with `podnet cni install`: the agent embedded in the manifest runs on every node', async function() {
    this.timeout(90_000);
    const install = podnet(['cni', 'install', '--kubeconfig', `${topo.runDir}/kubeconfig`, '--cluster-cidr', '198.19.0.0/16', '--yes', '--timeout', '60']);
    // What a kubelet would do with the DaemonSet: run the ConfigMap's agent.js with its template.
    let files: { data: Record<string, string> } | null = null;
    for (let i = 0; i < 200 && !files; i++) {
      files = await lab.send<{ data: Record<string, string> } | null>({
        op: 'get',
        ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'podnet-bridge-cni-agent' },
      });
      if (!files) await sleep(150);
    }
    assert.ok(files, 'install created no agent ConfigMap');
    mkdirSync(`${topo.runDir}/installed`, { recursive: true });
    writeFileSync(agentScript, files.data['agent.js']);
    writeFileSync(`${topo.runDir}/installed/conflist.template.json`, files.data['conflist.template.json']);
    writeFileSync(`${topo.runDir}/installed/firewall.sh`, files.data['firewall.sh']);
    assert.equal(files.data['agent.js'], readFileSync(`${topo.runDir}/agent.js`, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
    for (const n of nodes) await startAgent(n.name);
    const result = await install;
    assert.equal(result.code, 0, `${result.out}\n${result.err}`);
    assert.match(result.out, /Podnet bridge CNI is ready on all 3 node\(s\)/);
    try {
      for (const n of nodes) await until(`agent on ${n.name} ready`, () => existsSync(`${dir(n.name)}/ready`), 20_000);
    } catch (error) {
      const logs = nodes.map((n) => `--- ${n.name}\n${existsSync(`${dir(n.name)}.log`) ? readFileSync(`${dir(n.name)}.log`, 'utf8') : '(no log)'}`).join('\n');
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logs}\nlab: ${lab.stderr.join('').slice(-2000)}`);
    }
  });

  it('writes each node conflist over its own block and one route per peer, tagged proto 154', () => {
    for (const n of nodes) {
      const conflist = JSON.parse(readFileSync(conflistPath(n.name), 'utf8')) as { plugins: { type: string; ipam?: { ranges: unknown } }[] };
      assert.deepEqual(conflist.plugins[0].ipam?.ranges, [[{ subnet: n.block }]]);
      const expected = nodes.filter((p) => p !== n).map((p) => `${p.block} via ${p.address}`).sort();
      assert.deepEqual(podnetRoutes(n.name), expected, `routes on ${n.name}`);
    }
    assert.match(readFileSync(`${dir('n1')}/ready`, 'utf8'), /node n1: ready, block 198\.19\.1\.0\/24, 2 peer route/);
  });

  it('gives pods addresses from their node block through the real bridge plugin', async () => {
    for (const [name, node] of [['p1a', 'n1'], ['p1b', 'n1'], ['p2a', 'n2'], ['p3a', 'n3']] as const) {
      const pod = await addPod(name, node);
      const block = nodes.find((n) => n.name === node)?.block.replace(/0\/24$/, '') ?? '';
      assert.ok(pod.ip.startsWith(block), `${name} ${pod.ip} not in ${block}0/24`);
    }
    assert.notEqual(pods.get('p1a')?.ip, pods.get('p1b')?.ip);
  });

  it('carries pod-to-pod traffic on one node, with the sender IP intact', async function() {
    this.timeout(30_000);
    await expectPath('p1a', 'p1b');
    await expectPath('p1b', 'p1a');
  });

  it('carries pod-to-pod traffic across nodes both ways without NAT, answered by the right pod', async function() {
    this.timeout(60_000);
    await expectPath('p1a', 'p2a');
    await expectPath('p2a', 'p1a');
    await expectPath('p3a', 'p1b');
    await expectPath('p2a', 'p3a');
  });

  it('routes to a node added later from every other node', async function() {
    this.timeout(60_000);
    topo.createNode(late.name, late.address);
    await lab.send({ op: 'create', object: nodeObject(late) });
    await startAgent(late.name);
    for (const n of nodes) await until(`route to ${late.name} on ${n.name}`, () => podnetRoutes(n.name).includes(`${late.block} via ${late.address}`));
    await until(`agent on ${late.name} ready`, () => existsSync(`${dir(late.name)}/ready`), 20_000);
    await addPod('p4a', late.name);
    await expectPath('p1a', 'p4a');
    await expectPath('p4a', 'p2a');
  });

  it('keeps the last good routes while the API is unreachable, then withdraws a removed node route', async function() {
    this.timeout(60_000);
    await removePod('p4a');
    topo.kill(agents.get(late.name) as ChildProcess);
    topo.kill(firewalls.get(late.name) as ChildProcess);
    // Cut n1 off the API only (a route that is not Podnet's), then delete n4 from the cluster.
    ip('-n', topo.ns('n1'), 'route', 'add', 'prohibit', `${lanGateway}/32`);
    await sleep(2500);
    await lab.send({ op: 'delete', ref: { apiVersion: 'v1', kind: 'Node', name: late.name } });
    for (const n of ['n2', 'n3']) await until(`route to ${late.name} withdrawn on ${n}`, () => !podnetRoutes(n).some((r) => r.startsWith(late.block)));
    await until('n1 noticing the outage', () => /API trouble, keeping the last good state/.test(readFileSync(`${dir('n1')}.log`, 'utf8')));
    await sleep(2500); // a few more resync periods without the API
    assert.ok(podnetRoutes('n1').includes(`${late.block} via ${late.address}`), 'n1 changed routes without the API');
    assert.equal(podnetRoutes('n1').length, 3);
    assert.ok(existsSync(conflistPath('n1')) && existsSync(`${dir('n1')}/ready`));
    await expectPath('p1a', 'p2a'); // the data plane did not notice
    ip('-n', topo.ns('n1'), 'route', 'del', 'prohibit', `${lanGateway}/32`);
    await until('n1 withdraws the removed node route after reconnecting', () => !podnetRoutes('n1').some((r) => r.startsWith(late.block)), 40_000);
    assert.deepEqual(podnetRoutes('n1'), ['198.19.2.0/24 via 198.18.0.12', '198.19.3.0/24 via 198.18.0.13']);
  });

  it('never touches routes it did not create (and removes its own stale ones), with iproute2 and with busybox ip', () => {
    for (const node of ['n1', 'n3']) {
      const all = ip('-n', topo.ns(node), 'route', 'show');
      assert.match(all, /198\.19\.250\.0\/24 via 198\.18\.0\.1[13] dev eth0 proto static/, node);
      assert.doesNotMatch(all, /198\.19\.99\.0\/24/, node);
    }
    assert.match(ip('-n', topo.ns('n3'), 'route', 'show'), /198\.19\.77\.0\/24 via 198\.18\.0\.11 dev eth0 proto static/);
  });

  it('`podnet cni uninstall`: every agent removes its routes and conflist and confirms, then no Podnet object is left', async function() {
    this.timeout(90_000);
    for (const name of [...pods.keys()]) await removePod(name);
    const result = await podnet(['cni', 'uninstall', '--kubeconfig', `${topo.runDir}/kubeconfig`, '--yes', '--cleanup-timeout', '30']);
    assert.equal(result.code, 0, `${result.out}\n${result.err}`);
    for (const n of nodes) assert.match(result.out, new RegExp(`✓ ${n.name}: agent removed its routes, firewall rules and conflist`));
    assert.match(result.out, /No Podnet object is left\./);
    await sleep(3000); // past a resync: with the settings gone, nothing may come back
    for (const n of nodes) {
      assert.deepEqual(podnetRoutes(n.name), [], `routes left on ${n.name}`);
      assert.ok(!existsSync(conflistPath(n.name)) && !existsSync(`${dir(n.name)}/ready`), `files left on ${n.name}`);
    }
    assert.match(ip('-n', topo.ns('n1'), 'route', 'show'), /198\.19\.250\.0\/24 via 198\.18\.0\.13/);
    const events = await lab.send<{ reason: string; involvedObject: { name: string } }[]>({
      op: 'list',
      apiVersion: 'v1',
      kind: 'Event',
      namespace: 'kube-system',
    });
    for (const n of nodes) {
      assert.ok(events.some((e) => e.reason === 'PodnetAgentRemoved' && e.involvedObject.name === agentPods.get(n.name)), `removal event for ${n.name}`);
    }
    assert.ok(events.some((e) => e.reason === 'PodnetAgentReady'));
    // Only 198.18.0.0/15 and loopback were ever used: nothing outside those ranges in any node table.
    for (const n of nodes) {
      for (const line of ip('-n', topo.ns(n.name), 'route', 'show').split('\n').filter(Boolean)) assert.match(line, /^(198\.1[89]\.|prohibit 198\.18\.)/);
    }
  });
});
