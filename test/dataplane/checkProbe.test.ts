// The connectivity check's probe script (dist/probe.js), for real: two "pod" namespaces on
// 198.19.1.0/24 and 198.19.2.0/24 routed by the LAN namespace (which is also the "node" of the
// hostNetwork probe and holds a DNS responder), each running the bundled probe as a process. The
// probes get their plan and hand back their outcomes through files (PODNET_CHECK_PLAN_FILE /
// PODNET_CHECK_RESULT_FILE) and, in the last test, through the lab API in the LAN namespace as in a
// cluster; the report is built by the same code as `podnet check`'s.
// Then one thing is broken at a time: a MASQUERADE rule between the pods, a lowered MTU on the
// path, and a black hole (the lowered MTU with ICMP "fragmentation needed" dropped).
// Needs root, iproute2, iptables, ping.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import type { CheckPlan } from '../../src/core/check/checkPlan';
import type { PodOutcome } from '../../src/core/check/checkOutcome';
import { buildReport } from '../../src/core/check/checkOutcome';
import type { CheckReport, ProbeResult } from '../../src/core/check/checkReport';
import { load } from 'js-yaml';
import { checkNamespace, planConfigMap, planKey } from '../../src/check/checkNames';
import type { ListedConfigMap } from '../../src/check/resultObjects';
import { readResultConfigMaps } from '../../src/check/resultObjects';
import { LabClient } from './support/labClient';
import { cleanStale, inNs, ip } from './support/netns';
import { Topology, lanGateway } from './support/topology';

const runId = `${process.pid}-${Date.now().toString(36)}`;
const probeScript = 'dist/probe.js';
const pods = [
  { name: 'probe-a', node: 'n1', ip: '198.19.1.2', gateway: '198.19.1.1', dev: 'va' },
  { name: 'probe-b', node: 'n2', ip: '198.19.2.2', gateway: '198.19.2.1', dev: 'vb' },
];
const dnsServer = '198.19.2.53';
const serviceIp = '198.18.1.1';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('dataplane: the connectivity check probe in network namespaces', function() {
  this.timeout(120_000);
  const topo = new Topology(runId);
  const nsOf = new Map<string, string>();
  let running: ChildProcess[] = [];
  let dns: ChildProcess | undefined;
  let service: ChildProcess | undefined;
  let round = 0;
  let lab: LabClient | undefined;

  const plan = (): CheckPlan => ({
    runId: `${runId}-${round}`,
    pods: pods.map(({ name, node, ip: address }) => ({ name, node, ip: address })),
    hosts: [{ name: 'probe-host-n1', node: 'n1', ip: lanGateway }],
    port: 8470,
    hostPort: 31470,
    service: { ip: serviceIp, port: 443 },
    dns: { domain: 'cluster.local' },
    external: { host: lanGateway, port: 31470 },
    bulkBytes: 2 * 1024 * 1024,
    probeTimeoutMs: 2000,
  });

  /** Starts every probe, writes the plan, waits for every outcome; the report as `podnet check` builds it. */
  async function runCheck(channel?: { lab: LabClient; env: NodeJS.ProcessEnv }, extraEnv: NodeJS.ProcessEnv = {}): Promise<CheckReport> {
    round++;
    const dir = `${topo.runDir}/round-${round}`;
    mkdirSync(dir, { recursive: true });
    const resolvConf = `${dir}/resolv.conf`;
    writeFileSync(resolvConf, `nameserver ${dnsServer}\nsearch podnet-check.svc.cluster.local svc.cluster.local cluster.local\n`);
    const thePlan = plan();
    const sources = [...thePlan.pods, ...thePlan.hosts];
    running = sources.map((p) =>
      topo.spawnIn(nsOf.get(p.name) ?? topo.lan, process.execPath, [probeScript], {
        POD_NAME: p.name,
        POD_IP: p.ip,
        NODE_NAME: p.node,
        PODNET_CHECK_PORT: String(thePlan.hosts.includes(p) ? thePlan.hostPort : thePlan.port),
        PODNET_CHECK_RUN: thePlan.runId,
        PODNET_CHECK_RESOLV_CONF: resolvConf,
        PODNET_CHECK_READY_FILE: `${dir}/${p.name}.ready`,
        ...extraEnv,
        ...(channel
          ? { ...channel.env, POD_NAMESPACE: checkNamespace }
          : { PODNET_CHECK_PLAN_FILE: `${dir}/plan.json`, PODNET_CHECK_RESULT_FILE: `${dir}/${p.name}.json` }),
      }, `${dir}/${p.name}.log`)
    );
    // The readiness gate: the plan is written once every probe's marker says its echo listens.
    const deadline = Date.now() + 60_000;
    while (!sources.every((p) => existsSync(`${dir}/${p.name}.ready`))) {
      if (Date.now() > deadline) {
        throw new Error(`probes never ready: ${sources.filter((p) => !existsSync(`${dir}/${p.name}.ready`)).map((p) => p.name).join(', ')}`);
      }
      await sleep(50);
    }
    let outcomes: Map<string, PodOutcome>;
    if (channel) {
      await channel.lab.send({
        op: 'create',
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: planConfigMap, namespace: checkNamespace },
          data: { [planKey]: JSON.stringify(thePlan) },
        },
      });
      const read = async (): Promise<Map<string, PodOutcome>> => {
        const maps = await channel.lab.send<ListedConfigMap[]>({ op: 'list', apiVersion: 'v1', kind: 'ConfigMap', namespace: checkNamespace });
        // The runner's own reader: parts merged by pod, other runs' results ignored.
        return readResultConfigMaps(maps, thePlan.runId).outcomes;
      };
      while ((outcomes = await read()).size < sources.length) {
        if (Date.now() > deadline) throw new Error(`probes did not report through the API: ${[...outcomes.keys()].join(', ')} of ${sources.length}`);
        await sleep(300);
      }
    } else {
      writeFileSync(`${dir}/plan.json`, JSON.stringify(thePlan));
      while (!sources.every((p) => existsSync(`${dir}/${p.name}.json`))) {
        if (Date.now() > deadline) {
          throw new Error(`probes did not report: ${sources.filter((p) => !existsSync(`${dir}/${p.name}.json`)).map((p) => p.name).join(', ')}`);
        }
        await sleep(200);
      }
      outcomes = new Map(sources.map((p) => [p.name, JSON.parse(readFileSync(`${dir}/${p.name}.json`, 'utf8')) as PodOutcome]));
    }
    for (const child of running) topo.kill(child);
    running = [];
    await sleep(200);
    return buildReport({ context: 'netns', startedAt: new Date().toISOString(), durationMs: 0, plan: thePlan, outcomes });
  }

  const find = (report: CheckReport, from: string, kind: string, protocol: string, to?: string): ProbeResult => {
    const r = report.pairs.find((p) => p.from.pod === from && p.kind === kind && p.protocol === protocol && (to === undefined || p.to.pod === to));
    assert.ok(
      r,
      `no ${kind} ${protocol} result from ${from}${to ? ` to ${to}` : ''}; got ${report.pairs.map((p) => `${p.from.pod}:${p.kind}/${p.protocol}`).join(' ')}`,
    );
    return r;
  };

  before(function() {
    if (!existsSync(probeScript)) throw new Error('dist/probe.js is missing: run `npm run build` first');
    cleanStale();
    topo.createLan();
    inNs(topo.lan, 'sh', ['-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward']);
    for (const p of pods) {
      const ns = topo.createPodNs(p.name);
      nsOf.set(p.name, ns);
      ip('-n', topo.lan, 'link', 'add', p.dev, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
      ip('-n', topo.lan, 'addr', 'add', `${p.gateway}/24`, 'dev', p.dev);
      ip('-n', topo.lan, 'link', 'set', p.dev, 'up');
      ip('-n', ns, 'addr', 'add', `${p.ip}/24`, 'dev', 'eth0');
      ip('-n', ns, 'link', 'set', 'eth0', 'up');
      ip('-n', ns, 'route', 'add', 'default', 'via', p.gateway);
    }
    // The cluster DNS: a responder on a second address of probe-b's namespace.
    ip('-n', nsOf.get('probe-b') ?? '', 'addr', 'add', `${dnsServer}/32`, 'dev', 'eth0');
    ip('-n', topo.lan, 'route', 'add', `${dnsServer}/32`, 'via', '198.19.2.2');
    dns = topo.spawnIn(nsOf.get('probe-b') ?? '', process.execPath, [
      'test/dataplane/support/dnsResponder.mjs',
      dnsServer,
      'kubernetes.default.svc.cluster.local',
      serviceIp,
    ]);
    // The "kubernetes Service": a TLS-like server that drops the connection on anything it does not
    // understand, as the API server does with the echo's line; the probe must pass on connect alone.
    ip('-n', topo.lan, 'addr', 'add', `${serviceIp}/32`, 'dev', 'lan0');
    service = topo.spawnIn(topo.lan, process.execPath, [
      '-e',
      `require('node:net').createServer((s) => s.on('data', () => s.destroy()).on('error', () => {})).listen(443, '${serviceIp}')`,
    ]);
  });

  after(function() {
    lab?.stop();
    for (const child of running) topo.kill(child);
    if (dns) topo.kill(dns);
    if (service) topo.kill(service);
    topo.dispose();
    for (const ns of [...nsOf.values(), topo.lan]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // already gone
      }
    }
    rmSync(topo.runDir, { recursive: true, force: true });
  });

  it('every pod pair passes over TCP, UDP and ICMP with the source preserved; node ↔ pod, DNS and the MTU probes too', async () => {
    const report = await runCheck();
    for (const [from, to] of [['probe-a', 'probe-b'], ['probe-b', 'probe-a']]) {
      for (const protocol of ['tcp', 'udp']) {
        const r = find(report, from, 'cross-node', protocol, to);
        assert.equal(r.ok, true, `${from} → ${to} ${protocol}: ${r.error}`);
        assert.equal(r.sourcePreserved, true);
        assert.equal(r.sourceSeen, pods.find((p) => p.name === from)?.ip);
        assert.ok(typeof r.latencyMs === 'number' && r.latencyMs >= 0);
      }
      const icmp = find(report, from, 'cross-node', 'icmp', to);
      assert.equal(icmp.ok, true, icmp.error);
      assert.equal(icmp.sourcePreserved, null);
      const mtuUdp = find(report, from, 'mtu', 'udp', to);
      assert.equal(mtuUdp.ok, true, mtuUdp.error);
      assert.equal(mtuUdp.bytes, 1500 - 28);
      const bulk = find(report, from, 'mtu', 'tcp', to);
      assert.equal(bulk.ok, true, bulk.error);
      for (const protocol of ['tcp', 'udp']) {
        const r = find(report, from, 'pod-node', protocol);
        assert.equal(r.ok, true, `pod-node ${protocol}: ${r.error}`);
      }
      const dnsResult = find(report, from, 'dns', 'dns');
      assert.equal(dnsResult.ok, true, dnsResult.error);
      assert.equal(dnsResult.to.ip, dnsServer);
      const external = find(report, from, 'external', 'tcp');
      assert.equal(external.ok, true);
      assert.equal(external.masqueraded, false, 'the far end (a Podnet echo) saw the pod IP');
      const svc = find(report, from, 'service', 'tcp');
      assert.equal(svc.ok, true, svc.error);
    }
    const nodeToPod = report.pairs.filter((p) => p.kind === 'node-pod');
    assert.equal(nodeToPod.length, 4);
    assert.ok(nodeToPod.every((p) => p.ok), JSON.stringify(nodeToPod));
    assert.equal(report.missing, undefined);
    assert.equal(report.summary.failed, 0, JSON.stringify(report.pairs.filter((p) => !p.ok)));
  });

  it('a MASQUERADE rule between the pods turns sourcePreserved false, naming the address the receiver saw', async () => {
    inNs(topo.lan, 'iptables', ['-t', 'nat', '-A', 'POSTROUTING', '-s', '198.19.1.0/24', '-d', '198.19.2.0/24', '-j', 'MASQUERADE']);
    try {
      const report = await runCheck();
      for (const protocol of ['tcp', 'udp']) {
        const ab = find(report, 'probe-a', 'cross-node', protocol, 'probe-b');
        assert.equal(ab.ok, true, ab.error);
        assert.equal(ab.sourcePreserved, false);
        assert.equal(ab.sourceSeen, '198.19.2.1');
        const ba = find(report, 'probe-b', 'cross-node', protocol, 'probe-a');
        assert.equal(ba.sourcePreserved, true, 'the other direction is not rewritten');
      }
    } finally {
      inNs(topo.lan, 'iptables', ['-t', 'nat', '-F', 'POSTROUTING']);
      execFileSync('ip', ['netns', 'exec', topo.lan, 'sh', '-c', 'command -v conntrack >/dev/null && conntrack -F || true']);
    }
  });

  it('a lowered MTU on the path fails the MTU probe (DF datagram, ICMP fragmentation needed) while the small probes pass', async () => {
    // Both ends of probe-b's link: the router's side and the pod's (its pod MTU becomes 1300).
    ip('-n', topo.lan, 'link', 'set', 'vb', 'mtu', '1300');
    ip('-n', nsOf.get('probe-b') ?? '', 'link', 'set', 'eth0', 'mtu', '1300');
    try {
      const report = await runCheck();
      const mtu = find(report, 'probe-a', 'mtu', 'udp', 'probe-b');
      assert.equal(mtu.ok, false);
      assert.match(mtu.error ?? '', /1300/, mtu.error);
      for (const protocol of ['tcp', 'udp', 'icmp']) assert.equal(find(report, 'probe-a', 'cross-node', protocol, 'probe-b').ok, true);
      // The reverse direction: probe-b's full size is its own (lower) MTU, which fits the whole path.
      const reverse = find(report, 'probe-b', 'mtu', 'udp', 'probe-a');
      assert.equal(reverse.ok, true, reverse.error);
      assert.equal(reverse.bytes, 1300 - 28);
    } finally {
      ip('-n', topo.lan, 'link', 'set', 'vb', 'mtu', '1500');
      ip('-n', nsOf.get('probe-b') ?? '', 'link', 'set', 'eth0', 'mtu', '1500');
      for (const p of pods) ip('-n', nsOf.get(p.name) ?? '', 'route', 'flush', 'cache');
    }
  });

  it("without `ip route get` (no cached path MTU to read), the connected socket's EMSGSIZE from ICMP fragmentation-needed still fails the MTU probe", async () => {
    // An `ip` that refuses `route get` and runs the real one otherwise, first on the probes' PATH.
    const bin = `${topo.runDir}/no-route-get`;
    mkdirSync(bin, { recursive: true });
    const realIp = execFileSync('sh', ['-c', 'command -v ip'], { encoding: 'utf8' }).trim();
    writeFileSync(`${bin}/ip`, `#!/bin/sh\n[ "$1 $2" = "route get" ] && exit 1\nexec ${realIp} "$@"\n`, { mode: 0o755 });
    ip('-n', topo.lan, 'link', 'set', 'vb', 'mtu', '1300');
    ip('-n', nsOf.get('probe-b') ?? '', 'link', 'set', 'eth0', 'mtu', '1300');
    try {
      const report = await runCheck(undefined, { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` });
      const mtu = find(report, 'probe-a', 'mtu', 'udp', 'probe-b');
      assert.equal(mtu.ok, false);
      assert.match(mtu.error ?? '', /message too long for the path \(ICMP fragmentation needed/, mtu.error);
      assert.equal(find(report, 'probe-a', 'cross-node', 'udp', 'probe-b').ok, true);
    } finally {
      ip('-n', topo.lan, 'link', 'set', 'vb', 'mtu', '1500');
      ip('-n', nsOf.get('probe-b') ?? '', 'link', 'set', 'eth0', 'mtu', '1500');
      for (const p of pods) ip('-n', nsOf.get(p.name) ?? '', 'route', 'flush', 'cache');
    }
  });

  it('a black hole (lowered MTU, ICMP fragmentation-needed dropped) fails the DF datagram and the 2 MB transfer in time, small probes pass', async () => {
    ip('-n', topo.lan, 'link', 'set', 'vb', 'mtu', '1300');
    inNs(topo.lan, 'iptables', ['-A', 'OUTPUT', '-p', 'icmp', '--icmp-type', 'fragmentation-needed', '-j', 'DROP']);
    try {
      const started = Date.now();
      const report = await runCheck();
      assert.equal(find(report, 'probe-a', 'mtu', 'udp', 'probe-b').ok, false);
      const bulk = find(report, 'probe-a', 'mtu', 'tcp', 'probe-b');
      assert.equal(bulk.ok, false);
      assert.match(bulk.error ?? '', /did not complete/);
      for (const protocol of ['tcp', 'udp', 'icmp']) assert.equal(find(report, 'probe-a', 'cross-node', protocol, 'probe-b').ok, true);
      assert.ok(Date.now() - started < 45_000, 'bounded by the per-probe timeouts');
    } finally {
      inNs(topo.lan, 'iptables', ['-F', 'OUTPUT']);
      ip('-n', topo.lan, 'link', 'set', 'vb', 'mtu', '1500');
    }
  });

  it('through the Kubernetes API: each probe reads the plan ConfigMap and creates its result ConfigMap (TLS verified against the CA)', async () => {
    lab = await LabClient.start(topo.lan, lanGateway, `${topo.runDir}/kubeconfig`);
    const kubeconfig = load(readFileSync(`${topo.runDir}/kubeconfig`, 'utf8')) as {
      clusters: { cluster: { 'certificate-authority-data': string } }[];
      users: { name: string; user: { token?: string } }[];
    };
    const tokenFile = `${topo.runDir}/token`;
    const caFile = `${topo.runDir}/ca.crt`;
    writeFileSync(tokenFile, kubeconfig.users.find((u) => u.name === 'podnet-lab-admin')?.user.token ?? '', { mode: 0o600 });
    writeFileSync(caFile, Buffer.from(kubeconfig.clusters[0].cluster['certificate-authority-data'], 'base64'));
    await lab.send({ op: 'create', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: checkNamespace } } });
    const report = await runCheck({ lab, env: { PODNET_API_SERVER: lab.server, PODNET_TOKEN_FILE: tokenFile, PODNET_CA_FILE: caFile } });
    for (const [from, to] of [['probe-a', 'probe-b'], ['probe-b', 'probe-a']]) {
      for (const protocol of ['tcp', 'udp']) {
        const r = find(report, from, 'cross-node', protocol, to);
        assert.equal(r.ok, true, r.error);
        assert.equal(r.sourcePreserved, true);
      }
    }
    assert.equal(report.missing, undefined, JSON.stringify(report.missing));
  });
});
