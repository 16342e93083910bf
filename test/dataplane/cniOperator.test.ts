// What an operator needs from the bridge CNI, on a real data plane: a dual-stack LAN at MTU 1450 in
// namespaces, the agent and the firewall container's script (as the manifest ships them) on each
// node, the real bridge plugin, and an "external host" with no route back to the pod network.
// Overlap safety, egress masquerade, MTU, firewall and kernel prerequisites, readiness per node.
// Needs root, iproute2, iptables and containernetworking-plugins (/usr/lib/cni).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { load } from 'js-yaml';
import { firewallScript } from '../../src/cni/manifest/firewallScript';
import { cniAdd, cniDel } from './support/cniExec';
import { LabClient } from './support/labClient';
import { cleanStale, deleteNs, inNs, ip } from './support/netns';
import { Topology, lanGateway } from './support/topology';

interface NodeSpec {
  name: string;
  address: string;
  address6?: string;
  blocks: string[];
  /** How the Node object spells its IPv6 InternalIP (defaults to address6). */
  internal6?: string;
}
interface PodInfo {
  name: string;
  node: string;
  ns: string;
  ips: string[];
  containerId: string;
}

const runId = `${process.pid}-${Date.now().toString(36)}`;
const echoScript = 'test/dataplane/support/echo.mjs';
const lanMtu = 1450;
const ext = { address: '198.18.0.200', address6: '2001:2::200' };
const nodes: NodeSpec[] = [
  { name: 'n1', address: '198.18.0.11', address6: '2001:2::11', blocks: ['198.19.1.0/24', '2001:2:0:101::/64'] },
  { name: 'n2', address: '198.18.0.12', address6: '2001:2::12', blocks: ['198.19.2.0/24', '2001:2:0:102::/64'] },
  // The API may hold an IPv6 address in any valid spelling; `ip` prints the short one.
  { name: 'n3', address: '198.18.0.13', address6: '2001:2::13', internal6: '2001:2:0:0:0:0:0:13', blocks: ['198.19.3.0/24', '2001:2:0:103::/64'] },
];
const late: NodeSpec = { name: 'n5', address: '198.18.0.15', address6: '2001:2::15', blocks: [] };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000, explain?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${explain ? `\n${explain()}` : ''}`);
    await sleep(100);
  }
}

const nodeObject = (n: NodeSpec): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name } },
  spec: n.blocks.length ? { podCIDR: n.blocks[0], podCIDRs: n.blocks } : {},
  status: {
    addresses: [
      { type: 'InternalIP', address: n.address },
      ...(n.internal6 ?? n.address6 ? [{ type: 'InternalIP', address: n.internal6 ?? n.address6 }] : []),
      { type: 'Hostname', address: n.name },
    ],
  },
});

describe('dataplane: what an operator needs from the bridge CNI (dual-stack, egress, MTU, firewall, overlaps)', function() {
  const topo = new Topology(runId);
  let lab: LabClient;
  let agentScript = '';
  let tokenFile = '';
  let caFile = '';
  const agents = new Map<string, ChildProcess[]>();
  const pods = new Map<string, PodInfo>();

  const dir = (node: string): string => `${topo.runDir}/${node}`;
  const conflistPath = (node: string): string => `${dir(node)}/net.d/10-podnet.conflist`;
  const log = (node: string): string => (existsSync(`${dir(node)}.log`) ? readFileSync(`${dir(node)}.log`, 'utf8') : '');
  const ready = (node: string): boolean => existsSync(`${dir(node)}/ready`);
  const logs = (): string => [...agents.keys()].map((n) => `--- ${n}\n${log(n).slice(-3000)}`).join('\n');
  const routes = (node: string, family: 4 | 6): string[] =>
    ip('-n', topo.ns(node), `-${family}`, 'route', 'show', 'proto', '154')
      .split('\n')
      .map((l) => l.trim().replace(/\s+dev eth0/, '').replace(/\s+metric \d+/, '').replace(/\s+pref medium/, ''))
      .filter(Boolean)
      .sort();
  const conflist = (node: string): { podnetNode?: string; plugins: { type: string; mtu?: number; ipam?: { ranges: { subnet: string }[][] } }[] } =>
    JSON.parse(readFileSync(conflistPath(node), 'utf8'));

  /** A namespace on the LAN, every link at the LAN's MTU. */
  function wire(name: string, address: string, address6: string): void {
    topo.createNode(name, address, address6);
    ip('-n', topo.lan, 'link', 'set', `v-${name}`, 'mtu', String(lanMtu));
    ip('-n', topo.ns(name), 'link', 'set', 'eth0', 'mtu', String(lanMtu));
  }

  /** Nodes cannot change their status through a plain update: re-register under the same name. */
  async function reRegister(n: NodeSpec): Promise<void> {
    await lab.send({ op: 'delete', ref: { apiVersion: 'v1', kind: 'Node', name: n.name } }).catch(() => undefined);
    await lab.send({ op: 'create', object: nodeObject(n) });
  }

  async function setSettings(data: Record<string, string>): Promise<void> {
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'podnet-bridge-cni' };
    const current = await lab.send<{ data: Record<string, string> } | null>({ op: 'get', ref });
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: ref.name, namespace: ref.namespace, labels: { 'app.kubernetes.io/name': 'podnet-bridge-cni' } },
      data: { ...(current?.data ?? {}), ...data },
    };
    await lab.send({ op: current ? 'update' : 'create', object });
  }

  /** The agent and the firewall container's script, as the kubelet would run the DaemonSet pod. */
  function startAgent(node: string, options: { ns?: string; netDir?: string; readOnlyProcSys?: boolean; key?: string } = {}): void {
    const key = options.key ?? node;
    mkdirSync(`${dir(key)}/fw`, { recursive: true });
    const ns = options.ns ?? topo.ns(node);
    const env = {
      NODE_NAME: node,
      POD_NAME: `agent-${node}`,
      POD_NAMESPACE: 'kube-system',
      PODNET_API_SERVER: lab.server,
      PODNET_TOKEN_FILE: tokenFile,
      PODNET_CA_FILE: caFile,
      PODNET_CNI_NET_DIR: options.netDir ?? `${dir(key)}/net.d`,
      PODNET_CNI_BIN_DIRS: '/opt/cni/bin:/usr/lib/cni',
      PODNET_IPAM_DATA_DIR: `${dir(key)}/ipam`,
      PODNET_READY_FILE: `${dir(key)}/ready`,
      PODNET_FIREWALL_DIR: `${dir(key)}/fw`,
      PODNET_RESYNC_SECONDS: '2',
    };
    // A container's /proc/sys is read-only: the same, in a mount namespace of the agent's own.
    const agent = options.readOnlyProcSys
      ? topo.spawnIn(
        ns,
        'unshare',
        [
          '-m',
          '--propagation',
          'private',
          'sh',
          '-c',
          `mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys && exec ${process.execPath} ${agentScript}`,
        ],
        env,
        `${dir(key)}.log`,
      )
      : topo.spawnIn(ns, process.execPath, [agentScript], env, `${dir(key)}.log`);
    const firewall = topo.spawnIn(ns, 'sh', [`${topo.runDir}/firewall.sh`], {
      PODNET_FIREWALL_DIR: `${dir(key)}/fw`,
      PODNET_FIREWALL_INTERVAL_SECONDS: '1',
      PODNET_FIREWALL_VERIFY_SECONDS: '3',
    });
    agents.set(key, [agent, firewall]);
  }

  function stopAgent(key: string): void {
    for (const child of agents.get(key) ?? []) topo.kill(child);
    agents.delete(key);
  }

  async function addPod(name: string, node: string): Promise<PodInfo> {
    const ns = topo.createPodNs(name);
    const containerId = `${runId}-${name}`;
    const result = await cniAdd(topo.ns(node), conflistPath(node), containerId, ns);
    const ips = (result.ips ?? []).map((i) => i.address.split('/')[0]);
    assert.ok(ips.length > 0, `pod ${name} got no IP: ${JSON.stringify(result)}`);
    const pod = { name, node, ns, ips, containerId };
    pods.set(name, pod);
    topo.spawnIn(ns, process.execPath, [echoScript, 'serve', name, '7000']);
    return pod;
  }

  async function removePod(name: string): Promise<void> {
    const pod = pods.get(name);
    if (!pod) return;
    try {
      await cniDel(topo.ns(pod.node), conflistPath(pod.node), pod.containerId, pod.ns);
    } catch {
      // the conflist may be gone already; the namespace goes anyway
    }
    deleteNs(pod.ns);
    pods.delete(name);
  }

  const ipOf = (pod: string, family: 4 | 6): string => {
    const found = pods.get(pod)?.ips.find((a) => a.includes(':') === (family === 6));
    assert.ok(found, `${pod} has no IPv${family} address`);
    return found;
  };

  /** Sends from a namespace to HOST:7000 and returns "<answering identity> <source address it saw>". */
  async function ask(proto: 'tcp' | 'udp' | 'bulk', fromNs: string, host: string, attempts = 20): Promise<string> {
    let last = '';
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        return inNs(fromNs, process.execPath, [echoScript, proto, host, '7000']).trim();
      } catch (error) {
        last = String((error as { stderr?: string }).stderr ?? error);
        await sleep(150); // the echo server may still be starting
      }
    }
    throw new Error(`${proto} → ${host}: ${last}`);
  }

  async function expectPath(from: string, to: string, family: 4 | 6): Promise<void> {
    const src = pods.get(from) as PodInfo;
    assert.equal(await ask('tcp', src.ns, ipOf(to, family)), `${to} ${ipOf(from, family)}`, `TCP IPv${family} ${from} → ${to}`);
    assert.equal(await ask('udp', src.ns, ipOf(to, family)), `${to} ${ipOf(from, family)}`, `UDP IPv${family} ${from} → ${to}`);
  }

  async function events(pod: string): Promise<{ reason: string; message: string; type: string }[]> {
    const all = await lab.send<{ reason: string; message: string; type: string; involvedObject: { name: string } }[]>({
      op: 'list',
      apiVersion: 'v1',
      kind: 'Event',
      namespace: 'kube-system',
    });
    return all.filter((e) => e.involvedObject.name === pod);
  }

  before(async function() {
    this.timeout(90_000);
    // The firewall container's script runs the node's iptables: say so rather than time out later.
    assert.ok(
      spawnSync('sh', ['-c', 'command -v iptables-restore && command -v ip6tables-restore']).status === 0,
      'iptables is not installed (apt-get install iptables): the firewall script needs iptables-restore and ip6tables-restore',
    );
    cleanStale();
    topo.createLan(true);
    await build({
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
      entryPoints: ['src/cni/agent/main.ts'],
      outfile: `${topo.runDir}/agent.js`,
    });
    agentScript = `${topo.runDir}/agent.js`;
    writeFileSync(`${topo.runDir}/firewall.sh`, firewallScript);
    lab = await LabClient.start(topo.lan, lanGateway, `${topo.runDir}/kubeconfig`);
    const kubeconfig = load(readFileSync(`${topo.runDir}/kubeconfig`, 'utf8')) as {
      clusters: { cluster: { 'certificate-authority-data': string } }[];
      users: { name: string; user: { token?: string } }[];
      contexts: { name: string; context: { user: string } }[];
      'current-context': string;
    };
    // The lab's admin context (named after its scenario) is the current one.
    const context = kubeconfig.contexts.find((c) => c.name === kubeconfig['current-context']);
    tokenFile = `${topo.runDir}/token`;
    caFile = `${topo.runDir}/ca.crt`;
    writeFileSync(tokenFile, kubeconfig.users.find((u) => u.name === context?.context.user)?.user.token ?? '', { mode: 0o600 });
    writeFileSync(caFile, Buffer.from(kubeconfig.clusters[0].cluster['certificate-authority-data'], 'base64'));
    await setSettings({
      'cluster-cidr': '198.19.0.0/16,2001:2:0:100::/56',
      'node-mask-size': '24',
      state: 'active',
      masquerade: 'true',
      'non-masquerade-cidrs': '',
      mtu: '',
    });
    // The LAN runs at 1450 (e.g. a cloud VPC or a tunnel underneath): every link on it.
    ip('-n', topo.lan, 'link', 'set', 'lan0', 'mtu', String(lanMtu));
    for (const n of nodes) {
      await lab.send({ op: 'create', object: nodeObject(n) });
      await lab.send({
        op: 'create',
        object: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `agent-${n.name}`, namespace: 'kube-system' },
          spec: { nodeName: n.name, containers: [{ name: 'agent', image: 'x' }] },
        },
      });
      wire(n.name, n.address, n.address6 as string);
    }
    // The external host: on the LAN, no route to the pod network, an echo server telling who called.
    wire('ext', ext.address, ext.address6);
    topo.spawnIn(topo.ns('ext'), process.execPath, [echoScript, 'serve', 'ext', '7000']);
    // Path-MTU discovery must not rescue a wrong pod MTU: nodes drop their "fragmentation needed".
    for (const n of nodes) {
      inNs(topo.ns(n.name), 'iptables', ['-A', 'OUTPUT', '-p', 'icmp', '--icmp-type', 'fragmentation-needed', '-j', 'DROP']);
      inNs(topo.ns(n.name), 'ip6tables', ['-A', 'OUTPUT', '-p', 'icmpv6', '--icmpv6-type', 'packet-too-big', '-j', 'DROP']);
    }
  });

  after(async function() {
    this.timeout(30_000);
    for (const name of [...pods.keys()]) await removePod(name);
    for (const key of [...agents.keys()]) stopAgent(key);
    lab?.stop();
    topo.dispose();
    for (const ns of [...topo.namespaces].reverse()) deleteNs(ns);
    rmSync(topo.runDir, { recursive: true, force: true });
  });

  it('dual-stack: every node serves both blocks at the uplink MTU and routes both families; pods talk un-NATed', async function() {
    this.timeout(90_000);
    for (const n of nodes) startAgent(n.name);
    for (const n of nodes) await until(`agent on ${n.name} ready`, () => ready(n.name), 30_000, logs);
    for (const n of nodes) {
      const c = conflist(n.name);
      assert.deepEqual(c.plugins[0].ipam?.ranges, n.blocks.map((subnet) => [{ subnet }]));
      assert.equal(c.plugins[0].mtu, lanMtu, `the pod MTU on ${n.name} is the uplink's`);
      assert.equal(c.podnetNode, n.name);
      const peers = nodes.filter((p) => p !== n);
      assert.deepEqual(routes(n.name, 4), peers.map((p) => `${p.blocks[0]} via ${p.address}`).sort());
      assert.deepEqual(routes(n.name, 6), peers.map((p) => `${p.blocks[1]} via ${p.address6}`).sort());
    }
    for (const [name, node] of [['p1', 'n1'], ['p1b', 'n1'], ['p2', 'n2'], ['p3', 'n3']] as const) await addPod(name, node);
    assert.match(ip('-n', pods.get('p2')?.ns ?? '', 'link', 'show', 'eth0'), new RegExp(`mtu ${lanMtu} `));
    for (const family of [4, 6] as const) {
      await expectPath('p1', 'p1b', family);
      await expectPath('p1', 'p2', family);
      await expectPath('p2', 'p3', family);
      await expectPath('p3', 'p1', family);
    }
  });

  it('resyncs with a non-canonical IPv6 InternalIP change no route (and no firewall rule)', async function() {
    this.timeout(30_000);
    const before = nodes.map((n) => (log(n.name).match(/routes: /g) ?? []).length);
    const applied = (n: string): string =>
      ['ipv4', 'ipv6'].map((f) => (existsSync(`${dir(n)}/fw/${f}.applied`) ? readFileSync(`${dir(n)}/fw/${f}.applied`, 'utf8').trim() : '0')).join('/');
    const appliedBefore = nodes.map((n) => applied(n.name));
    await sleep(7000); // three resyncs and two firewall verifications
    assert.deepEqual(nodes.map((n) => (log(n.name).match(/routes: /g) ?? []).length), before, 'route changes on an unchanged cluster');
    assert.deepEqual(nodes.map((n) => applied(n.name)), appliedBefore, 'firewall rewrites on an unchanged node');
    assert.deepEqual(appliedBefore, ['1/1', '1/1', '1/1']);
  });

  it('egress: pods reach an external host that has no route back, masqueraded to the node address (IPv4 and IPv6)', async function() {
    this.timeout(60_000);
    assert.equal(await ask('tcp', pods.get('p1')?.ns ?? '', ext.address), `ext ${nodes[0].address}`);
    assert.equal(await ask('udp', pods.get('p2')?.ns ?? '', ext.address), `ext ${nodes[1].address}`);
    assert.equal(await ask('tcp', pods.get('p1')?.ns ?? '', ext.address6), `ext ${nodes[0].address6}`);
    assert.equal(await ask('tcp', pods.get('p3')?.ns ?? '', ext.address6), `ext ${nodes[2].address6}`);
    // pod ↔ pod keeps the sender's address (checked again after the NAT rules are in), and so does pod → own node.
    await expectPath('p2', 'p1', 4);
    await expectPath('p2', 'p1', 6);
    topo.spawnIn(topo.ns('n1'), process.execPath, [echoScript, 'serve', 'node-n1', '7000']);
    assert.equal(await ask('tcp', pods.get('p1')?.ns ?? '', nodes[0].address), `node-n1 ${ipOf('p1', 4)}`);
    // A routed range declared non-masquerade: the external host (given a route back) sees the pod.
    ip('-n', topo.ns('ext'), 'route', 'add', nodes[0].blocks[0], 'via', nodes[0].address);
    try {
      await setSettings({ 'non-masquerade-cidrs': '198.18.0.192/26' });
      await until(
        'n1 firewall rules with the non-masquerade range',
        () => /-d 198\.18\.0\.192\/26 -j RETURN/.test(inNs(topo.ns('n1'), 'iptables-save', ['-t', 'nat'])),
        20_000,
        logs,
      );
      assert.equal(await ask('tcp', pods.get('p1')?.ns ?? '', ext.address), `ext ${ipOf('p1', 4)}`);
    } finally {
      await setSettings({ 'non-masquerade-cidrs': '' });
      ip('-n', topo.ns('ext'), 'route', 'del', nodes[0].blocks[0]);
    }
    await until('n1 back to masquerading', () => !/198\.18\.0\.192/.test(inNs(topo.ns('n1'), 'iptables-save', ['-t', 'nat'])), 20_000, logs);
    assert.equal(await ask('tcp', pods.get('p1')?.ns ?? '', ext.address), `ext ${nodes[0].address}`);
  });

  it('MTU: a 2 MB transfer completes at the uplink MTU with "fragmentation needed" filtered, and stalls at 1500', async function() {
    this.timeout(120_000);
    for (const family of [4, 6] as const) {
      assert.equal(await ask('bulk', pods.get('p1')?.ns ?? '', ipOf('p2', family), 3), String(2 * 1024 * 1024), `IPv${family} bulk`);
    }
    // The control: force 1500 (what Podnet used to write) and the same transfer stalls, small probes pass.
    await setSettings({ mtu: '1500' });
    for (const n of ['n1', 'n2']) await until(`conflist MTU 1500 on ${n}`, () => conflist(n).plugins[0].mtu === 1500, 20_000, logs);
    await addPod('big1', 'n1');
    await addPod('big2', 'n2');
    assert.equal(await ask('tcp', pods.get('big1')?.ns ?? '', ipOf('big2', 4)), `big2 ${ipOf('big1', 4)}`);
    await assert.rejects(ask('bulk', pods.get('big1')?.ns ?? '', ipOf('big2', 4), 1), /no bulk answer/);
    await removePod('big1');
    await removePod('big2');
    await setSettings({ mtu: '' });
    for (const n of ['n1', 'n2']) await until(`conflist MTU back to ${lanMtu} on ${n}`, () => conflist(n).plugins[0].mtu === lanMtu, 20_000, logs);
    // The conflist follows the uplink.
    ip('-n', topo.ns('n3'), 'link', 'set', 'eth0', 'mtu', '1400');
    await until('conflist MTU 1400 on n3', () => conflist('n3').plugins[0].mtu === 1400, 20_000, logs);
    ip('-n', topo.ns('n3'), 'link', 'set', 'eth0', 'mtu', String(lanMtu));
    await until(`conflist MTU ${lanMtu} on n3`, () => conflist('n3').plugins[0].mtu === lanMtu, 20_000, logs);
  });

  it("FORWARD policy DROP (Docker): Podnet's accept rules keep pods connected, and come back when flushed", async function() {
    this.timeout(60_000);
    for (const n of ['n1', 'n2']) inNs(topo.ns(n), 'iptables', ['-P', 'FORWARD', 'DROP']);
    inNs(topo.ns('n2'), 'ip6tables', ['-P', 'FORWARD', 'DROP']);
    try {
      await expectPath('p1', 'p2', 4);
      await expectPath('p1', 'p1b', 4); // bridged, through br_netfilter's FORWARD
      await expectPath('p2', 'p3', 6);
      // The control: without the accept rules (firewall container stopped, chain flushed) it is dropped.
      const [agent, firewall] = agents.get('n2') ?? [];
      topo.kill(firewall);
      inNs(topo.ns('n2'), 'iptables', ['-F', 'PODNET-FORWARD']);
      await assert.rejects(ask('tcp', pods.get('p1')?.ns ?? '', ipOf('p2', 4), 1), /no tcp answer|ETIMEDOUT|EHOSTUNREACH/);
      agents.set('n2', [
        agent,
        topo.spawnIn(topo.ns('n2'), 'sh', [`${topo.runDir}/firewall.sh`], {
          PODNET_FIREWALL_DIR: `${dir('n2')}/fw`,
          PODNET_FIREWALL_INTERVAL_SECONDS: '1',
          PODNET_FIREWALL_VERIFY_SECONDS: '3',
        }),
      ]);
      await until(
        'the firewall container restoring PODNET-FORWARD on n2',
        () => /-A PODNET-FORWARD -s 198\.19\.0\.0\/16 -j ACCEPT/.test(inNs(topo.ns('n2'), 'iptables-save', ['-t', 'filter'])),
        20_000,
        logs,
      );
      await expectPath('p1', 'p2', 4);
    } finally {
      for (const n of ['n1', 'n2']) inNs(topo.ns(n), 'iptables', ['-P', 'FORWARD', 'ACCEPT']);
      inNs(topo.ns('n2'), 'ip6tables', ['-P', 'FORWARD', 'ACCEPT']);
    }
  });

  it('br_netfilter settings: set back by an agent that may, reported (unready) by one in a read-only /proc/sys', async function() {
    this.timeout(60_000);
    // The module cannot be unloaded from inside a namespace; its per-namespace switch can be turned off.
    const sysctl = (n: string, value?: string): string =>
      inNs(topo.ns(n), 'sh', [
        '-c',
        value === undefined ? 'cat /proc/sys/net/bridge/bridge-nf-call-iptables' : `echo ${value} > /proc/sys/net/bridge/bridge-nf-call-iptables`,
      ]).trim();
    sysctl('n2', '0');
    await until(
      'n2 setting bridge-nf-call-iptables back',
      () => sysctl('n2') === '1' && /set net\.bridge\.bridge-nf-call-iptables=1/.test(log('n2')),
      20_000,
      logs,
    );
    stopAgent('n3');
    startAgent('n3', { readOnlyProcSys: true });
    await until('n3 restarted under a read-only /proc/sys', () => (log('n3').match(/podnet agent starting/g) ?? []).length === 2, 20_000, logs);
    await sleep(2500);
    assert.ok(ready('n3'), 'n3 ready with a read-only /proc/sys while every setting is right');
    sysctl('n3', '0');
    // The agent's log reaches this process through a pipe, after its readiness file has changed:
    // wait for both rather than read the log the moment the file goes.
    await until(
      'n3 unready for bridge-nf-call-iptables, and saying so',
      () => !ready('n3') && /net\.bridge\.bridge-nf-call-iptables is 0, must be 1: bridged pod traffic must pass iptables/.test(log('n3')),
      20_000,
      logs,
    );
    assert.ok(ready('n1') && ready('n2'), "one node's kernel problem is not the others'");
    sysctl('n3', '1');
    await until('n3 ready again', () => ready('n3'), 20_000, logs);
  });

  it('a late joiner with a taken block (identical, then nested) never hands out an address; both nodes report it; the rest keep working', async function() {
    this.timeout(120_000);
    wire(late.name, late.address, late.address6 as string);
    await lab.send({
      op: 'create',
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `agent-${late.name}`, namespace: 'kube-system' },
        spec: { nodeName: late.name, containers: [{ name: 'agent', image: 'x' }] },
      },
    });
    await sleep(1100); // a later creationTimestamp than n1's, to the second
    const join = (blocks: string[]): Promise<void> => reRegister({ ...late, blocks });
    await join(['198.19.1.0/24', '2001:2:0:105::/64']);
    startAgent(late.name);
    for (const blocks of [['198.19.1.0/24', '2001:2:0:105::/64'], ['198.19.1.128/25', '2001:2:0:105::/64'], ['198.19.5.0/24', '2001:2:0:101:8000::/65']]) {
      if (blocks[0] !== '198.19.1.0/24') await join(blocks);
      const [contested, kind] = blocks[0] === '198.19.1.0/24'
        ? [blocks[0], 'is the same block as']
        : blocks[0] === '198.19.1.128/25'
        ? [blocks[0], 'lies inside']
        : [blocks[1], 'lies inside'];
      await until(`n5 refusing ${contested}`, () => log('n5').includes(`block ${contested} of node n5 ${kind} block`), 20_000, logs);
      assert.ok(!ready('n5'), 'n5 must be unready');
      assert.ok(!existsSync(conflistPath('n5')), 'n5 must not hand out addresses');
      const probe = topo.createPodNs(`probe-${blocks[0].replace(/[./:]/g, '-')}`);
      await assert.rejects(cniAdd(topo.ns('n5'), conflistPath('n5'), `${runId}-probe`, probe), /ENOENT|no such file/i);
      for (const n of nodes) {
        assert.ok(ready(n.name), `${n.name} stays ready`);
        assert.ok(
          ![...routes(n.name, 4), ...routes(n.name, 6)].some((r) => r.endsWith(`via ${late.address}`) || r.endsWith(`via ${late.address6}`)),
          `${n.name} routes nothing to n5`,
        );
      }
      await expectPath('p2', 'p1', 4);
      await expectPath('p2', 'p1', 6);
    }
    // Reported on both sides, with a reason of its own on the late joiner.
    const n5Events = await events('agent-n5');
    assert.ok(n5Events.some((e) => e.reason === 'PodnetBlockConflict' && e.type === 'Warning' && /claimed first/.test(e.message)), JSON.stringify(n5Events));
    const n1Events = await events('agent-n1');
    assert.ok(
      n1Events.some((e) => e.reason === 'PodnetAgentWarning' && e.type === 'Warning' && /of node n5: node n5 registered later/.test(e.message)),
      JSON.stringify(n1Events.map((e) => e.message)),
    );
    // A block of its own: n5 serves, and everyone routes it.
    await join(['198.19.5.0/24', '2001:2:0:105::/64']);
    await until('n5 ready with a free block', () => ready('n5'), 20_000, logs);
    for (const n of nodes) {
      await until(
        `${n.name} routing n5`,
        () => routes(n.name, 4).includes(`198.19.5.0/24 via ${late.address}`) && routes(n.name, 6).includes(`2001:2:0:105::/64 via ${late.address6}`),
        20_000,
        logs,
      );
    }
    await addPod('p5', late.name);
    assert.ok(ipOf('p5', 4).startsWith('198.19.5.'));
    assert.equal(conflist('n5').plugins[0].mtu, lanMtu);
    await expectPath('p5', 'p1', 4);
    await expectPath('p1', 'p5', 6);
  });

  it('a dual-stack node without an IPv6 InternalIP is unready for exactly that; peers route its IPv4 block and report the rest', async function() {
    this.timeout(60_000);
    await reRegister({ ...late, address6: undefined, blocks: ['198.19.5.0/24', '2001:2:0:105::/64'] });
    await until(
      'n5 unready for its missing IPv6 InternalIP',
      () => !ready('n5') && /IPv6 block 2001:2:0:105::\/64 but no IPv6 InternalIP/.test(log('n5')),
      20_000,
      logs,
    );
    for (const n of nodes) {
      await until(`${n.name} withdrawing the IPv6 route to n5`, () => !routes(n.name, 6).some((r) => r.startsWith('2001:2:0:105::')), 20_000, logs);
      assert.ok(routes(n.name, 4).includes(`198.19.5.0/24 via ${late.address}`));
      assert.ok(ready(n.name), `${n.name} stays ready`);
      await until(
        `${n.name} reporting n5's missing IPv6 InternalIP`,
        () => /node n5 has no IPv6 InternalIP for its block 2001:2:0:105::\/64/.test(log(n.name)),
        10_000,
        logs,
      );
    }
    await expectPath('p5', 'p2', 4);
    await reRegister({ ...late, blocks: ['198.19.5.0/24', '2001:2:0:105::/64'] });
    await until('n5 ready again', () => ready('n5'), 20_000, logs);
    for (const n of nodes) {
      await until(
        `${n.name} routing n5's IPv6 block again`,
        () => routes(n.name, 6).includes(`2001:2:0:105::/64 via ${late.address6}`),
        20_000,
        logs,
      );
    }
  });

  it('an off-link peer (InternalIP on no shared network) is reported and leaves every other agent ready', async function() {
    this.timeout(60_000);
    await lab.send({ op: 'create', object: nodeObject({ name: 'n6', address: '198.18.77.6', blocks: ['198.19.6.0/24'] }) });
    for (const n of nodes) {
      await until(
        `${n.name} reporting the off-link n6`,
        () => /gateway 198\.18\.77\.6 for 198\.19\.6\.0\/24 is on no directly connected network/.test(log(n.name)),
        20_000,
        logs,
      );
    }
    await sleep(2500);
    for (const n of [...nodes, late]) assert.ok(ready(n.name), `${n.name} stays ready\n${logs()}`);
    await expectPath('p1', 'p2', 4);
    await lab.send({ op: 'delete', ref: { apiVersion: 'v1', kind: 'Node', name: 'n6' } });
  });

  it('a node re-registered with a new block: the stale cni0 address goes, new pods get the new block, peers route it', async function() {
    this.timeout(60_000);
    await removePod('p2');
    await reRegister({ ...nodes[1], blocks: ['198.19.12.0/24', '2001:2:0:112::/64'] });
    await until(
      'n2 clearing the old gateway address from cni0',
      () => !/198\.19\.2\.1\//.test(ip('-n', topo.ns('n2'), 'addr', 'show', 'dev', 'cni0')),
      20_000,
      logs,
    );
    await until('n2 ready with its new block', () => ready('n2') && conflist('n2').plugins[0].ipam?.ranges[0][0].subnet === '198.19.12.0/24', 20_000, logs);
    assert.doesNotMatch(ip('-n', topo.ns('n2'), 'addr', 'show', 'dev', 'cni0'), /2001:2:0:102::1\//);
    await addPod('p2', 'n2');
    assert.ok(ipOf('p2', 4).startsWith('198.19.12.'), ipOf('p2', 4));
    for (const n of ['n1', 'n3']) {
      await until(
        `${n} routing n2's new block`,
        () => routes(n, 4).includes(`198.19.12.0/24 via ${nodes[1].address}`) && !routes(n, 4).some((r) => r.startsWith('198.19.2.0/24')),
        20_000,
        logs,
      );
    }
    await expectPath('p1', 'p2', 4);
    await expectPath('p2', 'p3', 6);
  });

  it('two agents on one node: the second (another node name) stands down and the first keeps its routes', async function() {
    this.timeout(60_000);
    const before = { v4: routes('n1', 4), v6: routes('n1', 6) };
    startAgent('n3', { ns: topo.ns('n1'), netDir: `${dir('n1')}/net.d`, key: 'stray' });
    await until(
      'the stray agent standing down',
      () => /belongs to the Podnet agent of node n1, which is in the cluster: two agents run on one node/.test(log('stray')),
      20_000,
      logs,
    );
    await sleep(4500); // resyncs of both
    assert.deepEqual({ v4: routes('n1', 4), v6: routes('n1', 6) }, before, 'n1 routes unchanged');
    assert.equal(conflist('n1').podnetNode, 'n1');
    assert.ok(ready('n1') && !ready('stray'));
    stopAgent('stray');
    await expectPath('p1', 'p3', 4);
  });

  it('a leftover CNI config that sorts first makes that node unready with the file named; it recovers once the file goes', async function() {
    this.timeout(60_000);
    const leftover = `${dir('n3')}/net.d/10-containerd-net.conflist`;
    writeFileSync(leftover, JSON.stringify({ cniVersion: '1.0.0', name: 'containerd-net', plugins: [{ type: 'bridge', bridge: 'cni0' }] }));
    await until(
      'n3 unready for the leftover',
      () => !ready('n3') && /10-containerd-net\.conflist in .* sort\(s\) before 10-podnet\.conflist/.test(log('n3')),
      20_000,
      logs,
    );
    assert.ok(ready('n1') && ready('n2'));
    rmSync(leftover);
    await until('n3 ready again', () => ready('n3'), 20_000, logs);
  });

  it('state: remove — every agent removes its firewall rules, routes and conflist', async function() {
    this.timeout(60_000);
    for (const name of [...pods.keys()]) await removePod(name);
    await setSettings({ state: 'remove' });
    for (const n of [...nodes, late]) {
      await until(`${n.name} cleaned up`, () => /removed \d+ route\(s\)/.test(log(n.name)), 30_000, logs);
      assert.deepEqual([...routes(n.name, 4), ...routes(n.name, 6)], [], `routes left on ${n.name}`);
      assert.ok(!existsSync(conflistPath(n.name)), `conflist left on ${n.name}`);
      const rules = execFileSync('ip', ['netns', 'exec', topo.ns(n.name), 'sh', '-c', 'iptables-save; ip6tables-save'], { encoding: 'utf8' });
      assert.doesNotMatch(rules, /PODNET/, `firewall rules left on ${n.name}`);
    }
  });
});
