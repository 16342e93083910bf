// The lab's own data plane (`podnet lab up --dataplane`): a no-cni lab whose nodes are network
// namespaces, the bridge CNI installed by the real CLI, the real agent making nodes Ready, pods of a
// Deployment plugged in by the real host-local/bridge plugins, pods' commands as processes talking
// across nodes without NAT, DEL on delete, nothing left after stop, and a killed lab swept.
// Needs root, iproute2, util-linux, iptables and containernetworking-plugins.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dataplaneUnavailable } from '../../src/lab/dataplane/labDataplane';
import { listNamespaces, pidAlive } from '../../src/lab/dataplane/labNetns';
import { startLabChild } from '../../src/lab/labChildProcess';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';

const cli = 'dist/cli.js';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  explain?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${explain ? `\n${explain()}` : ''}`);
    await sleep(200);
  }
}

function exec(command: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string, cwd?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { env: { ...process.env, ...env }, cwd, timeout: 120_000, maxBuffer: 8 * 1024 * 1024 },
      (error, out, err) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

interface PodRow {
  metadata: { name: string; namespace: string; uid: string; labels?: Record<string, string> };
  spec: { nodeName?: string };
  status: { phase?: string; podIP?: string; podIPs?: { ip: string }[]; hostIP?: string; conditions?: { type: string; status: string }[] };
}

// The echo server the pods run: it answers with what the downward API told it and who called.
const echoJs = `const net = require('node:net');
const e = process.env;
net.createServer((s) => s.end([e.POD_NAME, e.POD_NAMESPACE, e.POD_IP, e.NODE_NAME, e.HOST_IP, s.remoteAddress].join(' ') + '\\n')).listen(7000, '0.0.0.0');
`;
// The client: asks TARGET:7000 until it answers (the server may still be starting), prints the answer.
const askJs = `const net = require('node:net');
const target = process.argv[process.argv.length - 1];
let tries = 0;
const ask = () => {
  let text = '';
  const s = net.connect(7000, target);
  s.setTimeout(2000, () => s.destroy(new Error('timeout')));
  s.on('data', (d) => (text += d));
  s.on('end', () => { process.stdout.write(text); process.exit(0); });
  s.on('error', (err) => { if (++tries > 40) { console.error(String(err)); process.exit(1); } setTimeout(ask, 250); });
};
ask();
`;

const downwardEnv = [
  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
  { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
  { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
  { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
];

const manifest = (replicas: number): string =>
  [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'echo', namespace: 'default' }, data: { 'echo.js': echoJs, 'ask.js': askJs } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'echo', namespace: 'default' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'echo' } },
        template: {
          metadata: { labels: { app: 'echo' } },
          spec: {
            tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
            containers: [{
              name: 'echo',
              image: 'docker.io/library/node:20-alpine',
              command: ['node', '/app/echo.js'],
              env: downwardEnv,
              volumeMounts: [{ name: 'app', mountPath: '/app', readOnly: true }],
            }],
            volumes: [{ name: 'app', configMap: { name: 'echo' } }],
          },
        },
      },
    },
  ].map((o) => JSON.stringify(o)).join('\n---\n');

describe('dataplane: the lab runs real pods (podnet lab up --dataplane)', function() {
  let lab: RunningLab | undefined;
  let dir = '';
  const env = (): NodeJS.ProcessEnv => ({ KUBECONFIG: lab?.kubeconfigPath ?? '' });
  const kubectl = (...args: string[]): Promise<{ code: number; out: string; err: string }> => exec('kubectl', args, env());
  const kubectlJson = async <T>(...args: string[]): Promise<T> => {
    const r = await kubectl(...args, '-o', 'json');
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as T;
  };
  const pods = async (selector: string): Promise<PodRow[]> => (await kubectlJson<{ items: PodRow[] }>('get', 'pods', '-n', 'default', '-l', selector)).items;
  const dp = (): NonNullable<RunningLab['dataplane']> => {
    assert.ok(lab?.dataplane, 'the lab has no data plane');
    return lab.dataplane;
  };
  const ipamDir = (node: string): string => join(dp().node(node)?.root ?? '', 'var/lib/cni/networks/podnet');
  const ipamFiles = (node: string): string[] => (existsSync(ipamDir(node)) ? readdirSync(ipamDir(node)).filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f)) : []);

  before(async function() {
    this.timeout(60_000);
    // Not a skip: the dataplane tier (scripts/test.mjs) says loudly when it cannot run here.
    assert.equal(dataplaneUnavailable(), undefined);
    assert.ok(existsSync(cli), `${cli} is missing: npm run build`);
    dir = mkdtempSync(join(tmpdir(), 'podnet-dataplane-test-'));
  });

  after(async function() {
    this.timeout(30_000);
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses without root, saying what it needs; refuses a scenario whose pods a CNI never plugged in', async function() {
    this.timeout(30_000);
    // The bundled CLI where user nobody can read it (the checkout may not be), run from there.
    const open = mkdtempSync(join(tmpdir(), 'podnet-nobody-'));
    try {
      chmodSync(open, 0o755);
      // cli.js runs cliMain.js, whose cluster commands are a bundle of their own: all three sit side by side.
      for (const bundle of ['cli.js', 'cliMain.js', 'clusterCommands.js']) {
        copyFileSync(join(dirname(cli), bundle), join(open, bundle));
        chmodSync(join(open, bundle), 0o644);
      }
      const kubeconfig = join(open, 'refused.kubeconfig');
      const asNobody = await exec(
        'setpriv',
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          join(open, 'cli.js'),
          'lab',
          'up',
          '--scenario',
          'no-cni',
          '--dataplane',
          '--kubeconfig',
          kubeconfig,
        ],
        {},
        undefined,
        open,
      );
      assert.equal(asNobody.code, 2, asNobody.out + asNobody.err);
      assert.match(asNobody.err, /data plane needs root \(CAP_SYS_ADMIN and CAP_NET_ADMIN/);
      assert.ok(!existsSync(kubeconfig));
    } finally {
      rmSync(open, { recursive: true, force: true });
    }
    await assert.rejects(startLab({ scenario: 'seed', dataplane: true }), /the data plane starts from a cluster without a CNI: use --scenario no-cni or empty/);
    await assert.rejects(startLab({ scenario: 'no-cni', dataplane: true, clusterCidr: '10.244.0.0/16' }), /keeps its pod network inside 198\.19\.0\.0\/16/);
  });

  it('starts no-cni with nodes on the LAN, the pod network in 198.19.0.0/16, nodes NotReady and CoreDNS Pending', async function() {
    this.timeout(60_000);
    lab = await startLab({ scenario: 'no-cni', dataplane: true, kubeconfigPath: join(dir, 'kubeconfig') });
    const nodes = await kubectlJson<
      {
        items: {
          metadata: { name: string };
          spec: { podCIDR?: string };
          status: { addresses: { type: string; address: string }[]; conditions: { type: string; status: string }[] };
        }[];
      }
    >('get', 'nodes');
    assert.deepEqual(nodes.items.map((n) => n.status.addresses.find((a) => a.type === 'InternalIP')?.address), ['198.18.0.11', '198.18.0.12', '198.18.0.13']);
    assert.deepEqual(nodes.items.map((n) => n.spec.podCIDR), ['198.19.0.0/24', '198.19.1.0/24', '198.19.2.0/24']);
    assert.ok(nodes.items.every((n) => n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'False')));
    const kubeadm = await kubectlJson<{ data: { ClusterConfiguration: string } }>('get', 'configmap', '-n', 'kube-system', 'kubeadm-config');
    assert.match(kubeadm.data.ClusterConfiguration, /podSubnet: 198\.19\.0\.0\/16/);
    const dns = await kubectlJson<{ items: PodRow[] }>('get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns');
    assert.ok(dns.items.length > 0 && dns.items.every((p) => p.status.phase === 'Pending' && !p.status.podIP));
    // One namespace for the LAN and one per node; the node's eth0 has its InternalIP.
    const mine = listNamespaces().filter((n) => n.startsWith(dp().network.ns('')));
    assert.deepEqual(mine.sort(), [dp().network.lan, ...['node-1', 'node-2', 'node-3'].map((n) => dp().nodeNamespace(n) as string)].sort());
    assert.match(await dp().exec('node-2', ['ip', '-4', 'addr', 'show', 'eth0']), /inet 198\.18\.0\.12\/24/);
    // The API on the LAN, verified against the lab CA (its certificate names 198.18.0.1).
    const ca = join(dir, 'ca.crt');
    writeFileSync(ca, lab.caPem);
    const fromNode = await exec('ip', [
      'netns',
      'exec',
      dp().nodeNamespace('node-3') as string,
      'kubectl',
      '--server',
      'https://198.18.0.1:6443',
      '--certificate-authority',
      ca,
      '--token',
      lab.token,
      'get',
      'nodes',
      '-o',
      'name',
    ], { KUBECONFIG: '/dev/null' });
    assert.equal(fromNode.code, 0, fromNode.err);
    assert.equal(fromNode.out.trim().split('\n').length, 3);
  });

  it('podnet cni install (the real CLI): the real agent in each node namespace makes the nodes Ready', async function() {
    this.timeout(120_000);
    const install = await exec(process.execPath, [cli, 'cni', 'install', '--yes', '--cluster-cidr', '198.19.0.0/16'], env());
    assert.equal(install.code, 0, install.out + install.err);
    assert.match(install.out, /Podnet bridge CNI is ready on all 3 node\(s\)/);
    const nodes = await kubectlJson<{ items: { metadata: { name: string }; status: { conditions: { type: string; status: string }[] } }[] }>('get', 'nodes');
    assert.ok(
      nodes.items.every((n) => n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True')),
      JSON.stringify(nodes.items.map((n) => n.status.conditions)),
    );
    for (const node of ['node-1', 'node-2', 'node-3']) {
      // The agent (node agent.js from the ConfigMap) and the firewall script run in the node's namespace.
      const cmdlines = dp().processes().map((
        pid,
      ) => (existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ') : ''));
      assert.ok(cmdlines.some((c) => /node \/opt\/podnet\/agent\.js/.test(c)), cmdlines.join('\n'));
      assert.ok(cmdlines.some((c) => /sh \/opt\/podnet\/firewall\.sh/.test(c)));
      // What the agent wrote: the conflist in the node's /etc/cni/net.d, routes to both peers, its firewall chains.
      const conflist = JSON.parse(readFileSync(join(dp().node(node)?.cniDir ?? '', '10-podnet.conflist'), 'utf8')) as { podnetNode?: string };
      assert.equal(conflist.podnetNode, node);
      const routes = (await dp().exec(node, ['ip', 'route', 'show', 'proto', '154'])).trim().split('\n');
      assert.equal(routes.length, 2, routes.join('\n'));
      assert.match(await dp().exec(node, ['iptables-save', '-t', 'nat']), /PODNET/);
    }
  });

  it('pods of a Deployment get IPs from the real host-local plugin, in the pod namespace and in the API alike', async function() {
    this.timeout(90_000);
    const applied = await exec('kubectl', ['apply', '-f', '-'], env(), manifest(4));
    assert.equal(applied.code, 0, applied.err);
    const running = await until('4 echo pods Running with IPs', async () => {
      const list = await pods('app=echo');
      return list.length === 4 && list.every((p) => p.status.phase === 'Running' && p.status.podIP) && list;
    }, 60_000);
    const wide = (await kubectl('get', 'pods', '-n', 'default', '-l', 'app=echo', '-o', 'wide', '--no-headers')).out.trim().split('\n');
    const blocks: Record<string, string> = { 'node-1': '198.19.0.', 'node-2': '198.19.1.', 'node-3': '198.19.2.' };
    for (const p of running) {
      const node = p.spec.nodeName as string;
      const ip = p.status.podIP as string;
      assert.ok(ip.startsWith(blocks[node] as string), `${p.metadata.name} on ${node} has ${ip}`);
      assert.ok(wide.some((l) => l.startsWith(p.metadata.name) && l.includes(` ${ip} `) && l.includes(` ${node} `)), wide.join('\n'));
      const ns = dp().podNamespace('default', p.metadata.name) as string;
      assert.match(await exec('ip', ['-n', ns, '-4', 'addr', 'show', 'eth0']).then((r) => r.out), new RegExp(`inet ${ip.replace(/\./g, '\\.')}/24`));
      // host-local's reservation on that node: a file named by the IP holding the container id (the pod uid).
      assert.match(readFileSync(join(ipamDir(node), ip), 'utf8'), new RegExp(`^${p.metadata.uid}`));
    }
    assert.equal(new Set(running.map((p) => p.status.podIP)).size, 4, 'IPs unique');
    assert.ok(new Set(running.map((p) => p.spec.nodeName)).size >= 2, 'pods on at least two nodes');
  });

  it("pods' commands run in their namespaces and reach a pod on another node by its IP, source preserved", async function() {
    this.timeout(90_000);
    const list = await pods('app=echo');
    const server = list[0] as PodRow;
    const other = list.find((p) => p.spec.nodeName !== server.spec.nodeName) as PodRow;
    assert.ok(other, 'a pod on another node');
    // The client is a pod too (restartPolicy Never), pinned to the other node, its command from the ConfigMap.
    const client = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'ask', namespace: 'default', labels: { app: 'ask' } },
      spec: {
        nodeName: other.spec.nodeName,
        restartPolicy: 'Never',
        tolerations: [{ operator: 'Exists' }],
        containers: [{
          name: 'ask',
          image: 'docker.io/library/node:20-alpine',
          command: ['node', '/app/ask.js', server.status.podIP],
          volumeMounts: [{ name: 'app', mountPath: '/app' }],
        }],
        volumes: [{ name: 'app', configMap: { name: 'echo' } }],
      },
    };
    const created = await exec('kubectl', ['create', '-f', '-'], env(), JSON.stringify(client));
    assert.equal(created.code, 0, created.err);
    const done = await until(
      'the client pod Succeeded',
      async () => {
        const p = (await pods('app=ask'))[0];
        return (p?.status.phase === 'Succeeded' || p?.status.phase === 'Failed') && p;
      },
      60_000,
      () => readFileSync(dp().runtime.logPath('default', 'ask', 'ask') ?? '/dev/null', 'utf8'),
    );
    const log = readFileSync(dp().runtime.logPath('default', 'ask', 'ask') as string, 'utf8').trim();
    assert.equal(done.status.phase, 'Succeeded', log);
    // The server's downward API (its name, namespace, IP, node, host IP) and the client pod's own IP as the source.
    assert.equal(log, [server.metadata.name, 'default', server.status.podIP, server.spec.nodeName, server.status.hostIP, done.status.podIP].join(' '));
    // The same pair from a pod's namespace by hand, the other way round.
    const back = await dp().execInPod('default', server.metadata.name, [process.execPath, '-e', askJs, other.status.podIP as string]);
    assert.equal(back.trim(), [other.metadata.name, 'default', other.status.podIP, other.spec.nodeName, other.status.hostIP, server.status.podIP].join(' '));
    // The masquerade hook (a rule added by hand in a node namespace): the receiver now sees the node, not the pod.
    const masq = ['-t', 'nat', '-I', 'POSTROUTING', '1', '-s', '198.19.0.0/16', '-d', '198.19.0.0/16', '-j', 'MASQUERADE'];
    await dp().exec(server.spec.nodeName as string, ['iptables', ...masq]);
    try {
      const natted = await dp().execInPod('default', server.metadata.name, [process.execPath, '-e', askJs, other.status.podIP as string]);
      assert.equal(natted.trim().split(' ').pop(), server.status.hostIP);
    } finally {
      await dp().exec(server.spec.nodeName as string, ['iptables', ...masq.map((a) => (a === '-I' ? '-D' : a)).filter((a) => a !== '1')]);
    }
    // Withdrawing the route to the other node's block (what `state: remove` does everywhere) cuts the pair.
    const block = `${(other.status.podIP as string).split('.').slice(0, 3).join('.')}.0/24`;
    const route = (await dp().exec(server.spec.nodeName as string, ['ip', 'route', 'show', block])).trim();
    assert.match(route, /via 198\.18\.0\.1\d/);
    await dp().exec(server.spec.nodeName as string, ['ip', 'route', 'del', block]);
    const quick = askJs.replace('++tries > 40', '++tries > 2');
    await assert.rejects(dp().execInPod('default', server.metadata.name, [process.execPath, '-e', quick, other.status.podIP as string]));
    // Put back as it was (the agent would only on its next resync, a minute later).
    await dp().exec(server.spec.nodeName as string, ['ip', 'route', 'add', ...route.split(/\s+/)]);
    assert.equal(
      (await dp().execInPod('default', server.metadata.name, [process.execPath, '-e', askJs, other.status.podIP as string])).trim().split(' ').pop(),
      server.status.podIP,
    );
  });

  it("pods reach the kubernetes Service and cluster DNS (the lab's kube-proxy and CoreDNS stand-in); other names are refused", async function() {
    this.timeout(90_000);
    const nodeList = await kubectlJson<{ items: { metadata: { annotations?: Record<string, string> } }[] }>('get', 'nodes');
    assert.ok(nodeList.items.every((n) => n.metadata.annotations?.['podnet.dev/lab-dataplane'] === 'true'), 'nodes say their pods are real');
    const dnsPods = await kubectlJson<{ items: PodRow[] }>('get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns');
    assert.ok(
      dnsPods.items.every((p) => p.status.phase === 'Running' && p.status.podIP?.startsWith('198.19.')),
      JSON.stringify(dnsPods.items.map((p) => p.status)),
    );
    const kubeDns = await kubectlJson<{ spec: { clusterIP: string } }>('get', 'service', '-n', 'kube-system', 'kube-dns');
    const apiSvc = await kubectlJson<{ spec: { clusterIP: string } }>('get', 'service', '-n', 'default', 'kubernetes');
    const nat = await dp().exec('node-3', ['iptables-save', '-t', 'nat']);
    assert.match(
      nat,
      new RegExp(`-A PNLAB-SERVICES -d ${apiSvc.spec.clusterIP.replace(/\./g, '\\.')}/32 -p tcp .*-j DNAT --to-destination 198\\.18\\.0\\.1:6443`),
    );
    const probe = `const dns = require('node:dns').promises; const https = require('node:https'); const fs = require('node:fs');
const sa = '/var/run/secrets/kubernetes.io/serviceaccount/';
(async () => {
  const viaSearch = (await dns.lookup('kubernetes.default', { family: 4 })).address;
  const kubeDns = await dns.resolve4('kube-dns.kube-system.svc.cluster.local');
  const outside = await dns.resolve4('example.com').then(() => 'answered', (e) => e.code);
  const version = await new Promise((resolve, reject) => https.get({ host: viaSearch, port: 443, path: '/version', ca: fs.readFileSync(sa + 'ca.crt'), headers: { Authorization: 'Bearer ' + fs.readFileSync(sa + 'token', 'utf8') } }, (r) => { let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => resolve(r.statusCode + ' ' + JSON.parse(b).gitVersion)); }).on('error', reject));
  console.log(JSON.stringify({ viaSearch, kubeDns, outside, version, resolv: fs.readFileSync('/etc/resolv.conf', 'utf8') }));
})().catch((e) => { console.error(String(e)); process.exit(1); });`;
    // From the pod network, and from a hostNetwork pod (dnsPolicy ClusterFirstWithHostNet) through OUTPUT.
    const probes = [{ name: 'dns-probe', node: 'node-3', host: false }, { name: 'dns-probe-host', node: 'node-1', host: true }];
    for (const p of probes) {
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: p.name, namespace: 'default', labels: { app: p.name } },
        spec: {
          nodeName: p.node,
          restartPolicy: 'Never',
          ...(p.host ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
          tolerations: [{ operator: 'Exists' }],
          containers: [{ name: 'probe', image: 'docker.io/library/node:20-alpine', command: ['node', '-e', probe] }],
        },
      };
      assert.equal((await exec('kubectl', ['create', '-f', '-'], env(), JSON.stringify(pod))).code, 0);
    }
    for (const p of probes) {
      const logOf = (): string => readFileSync(dp().runtime.logPath('default', p.name, 'probe') ?? '/dev/null', 'utf8');
      const done = await until(
        `${p.name} finished`,
        async () => {
          const x = (await pods(`app=${p.name}`))[0];
          return (x?.status.phase === 'Succeeded' || x?.status.phase === 'Failed') && x;
        },
        60_000,
        logOf,
      );
      assert.equal(done.status.phase, 'Succeeded', `${p.name}: ${logOf()}`);
      const result = JSON.parse(logOf().trim().split('\n').pop() as string) as {
        viaSearch: string;
        kubeDns: string[];
        outside: string;
        version: string;
        resolv: string;
      };
      assert.equal(result.viaSearch, apiSvc.spec.clusterIP, p.name);
      assert.deepEqual(result.kubeDns, [kubeDns.spec.clusterIP], p.name);
      assert.equal(result.outside, 'EREFUSED', p.name);
      assert.match(result.version, /^200 v1\.\d+/, p.name);
      assert.match(
        result.resolv,
        new RegExp(
          `search default\\.svc\\.cluster\\.local svc\\.cluster\\.local cluster\\.local\\nnameserver ${
            kubeDns.spec.clusterIP.replace(/\./g, '\\.')
          }\\noptions ndots:5`,
        ),
      );
      assert.equal((await kubectl('delete', 'pod', p.name, '-n', 'default')).code, 0);
    }
  });

  it('test hooks: the LAN MTU and a rule in a node namespace', async function() {
    this.timeout(30_000);
    await dp().setLanMtu(1400);
    assert.match(await dp().exec('node-1', ['ip', 'link', 'show', 'eth0']), /mtu 1400 /);
    assert.match((await exec('ip', ['-n', dp().network.lan, 'link', 'show', 'lan0'])).out, /mtu 1400 /);
    await assert.rejects(dp().setLanMtu(100), /LAN MTU 100: must be an integer from 1280/);
    await dp().setLanMtu(1500);
    await dp().exec('node-2', ['iptables', '-t', 'filter', '-A', 'OUTPUT', '-d', '198.18.0.250', '-j', 'DROP']);
    assert.match(await dp().exec('node-2', ['iptables-save', '-t', 'filter']), /-A OUTPUT -d 198\.18\.0\.250\/32 -j DROP/);
    assert.doesNotMatch(await dp().exec('node-1', ['iptables-save', '-t', 'filter']), /198\.18\.0\.250/);
    await dp().exec('node-2', ['iptables', '-t', 'filter', '-D', 'OUTPUT', '-d', '198.18.0.250', '-j', 'DROP']);
  });

  it('deleting pods calls CNI DEL: host-local reservations and pod namespaces go', async function() {
    this.timeout(60_000);
    const before = await pods('app=echo');
    const ask = (await pods('app=ask'))[0] as PodRow;
    const gone = [...before, ask];
    const namespaces = gone.map((p) => dp().podNamespace('default', p.metadata.name) as string);
    const reserved = (): string[] =>
      gone.filter((p) => ipamFiles(p.spec.nodeName as string).includes(p.status.podIP as string)).map((p) => p.status.podIP as string);
    assert.equal(reserved().length, 5);
    assert.equal((await kubectl('delete', 'deployment', 'echo', '-n', 'default')).code, 0);
    assert.equal((await kubectl('delete', 'pod', 'ask', '-n', 'default')).code, 0);
    await until('their host-local reservations released', () => reserved().length === 0, 30_000, () => JSON.stringify(reserved()));
    const left = listNamespaces();
    for (const ns of namespaces) assert.ok(!left.includes(ns), `${ns} still exists`);
  });

  it("the agent's uninstall signal (state: remove): it removes its conflist and the nodes turn NotReady again", async function() {
    this.timeout(60_000);
    const patched = await kubectl('patch', 'configmap', '-n', 'kube-system', 'podnet-bridge-cni', '--type', 'merge', '-p', '{"data":{"state":"remove"}}');
    assert.equal(patched.code, 0, patched.err);
    await until('every node NotReady once its conflist is gone', async () => {
      const nodes = await kubectlJson<{ items: { status: { conditions: { type: string; status: string }[] } }[] }>('get', 'nodes');
      return nodes.items.every((n) => n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'False'));
    }, 45_000);
    for (const node of ['node-1', 'node-2', 'node-3']) {
      assert.ok(!existsSync(join(dp().node(node)?.cniDir ?? '', '10-podnet.conflist')));
      assert.equal((await dp().exec(node, ['ip', 'route', 'show', 'proto', '154'])).trim(), '');
    }
  });

  it('stop removes every namespace, link, process and file it made', async function() {
    this.timeout(60_000);
    const plane = dp();
    const prefix = plane.network.ns('');
    const pids = plane.processes();
    assert.ok(pids.length >= 7, `agents, firewalls and the forwarder run (${pids.length})`);
    await lab?.stop();
    lab = undefined;
    assert.deepEqual(listNamespaces().filter((n) => n.startsWith(prefix)), []);
    await until('every process gone', () => pids.every((p) => !pidAlive(p)), 10_000);
    assert.ok(!existsSync(plane.runDir), `${plane.runDir} left`);
    // Nothing in the namespace the lab ran in: no bridge, veth or route of the lab's.
    const links = (await exec('ip', ['-o', 'link'])).out;
    assert.doesNotMatch(links, /\b(lan0|cni0|v-n\d+)\b/);
    assert.doesNotMatch((await exec('ip', ['route'])).out, /198\.1[89]\./);
  });

  it('startLabChild({ dataplane: true }) (how VS Code and the demo start it) brings the data plane up and down with the child', async function() {
    this.timeout(60_000);
    const child = await startLabChild({ cliPath: cli, scenario: 'no-cni', kubeconfigPath: join(dir, 'child.kubeconfig'), dataplane: true });
    const prefix = `pnlab-${child.pid}-`;
    assert.equal(listNamespaces().filter((n) => n.startsWith(prefix)).length, 4);
    const nodes = await exec('kubectl', ['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.annotations.podnet\\.dev/lab-dataplane}'], {
      KUBECONFIG: child.kubeconfigPath,
    });
    assert.equal(nodes.out, 'true true true', nodes.err);
    await child.stop();
    assert.deepEqual(listNamespaces().filter((n) => n.startsWith(prefix)), []);
  });

  it("a killed lab's namespaces and processes are swept by the next start", async function() {
    this.timeout(90_000);
    const kubeconfig = join(dir, 'killed.kubeconfig');
    const child = spawn(process.execPath, [cli, 'lab', 'up', '--scenario', 'no-cni', '--dataplane', '--kubeconfig', kubeconfig], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await until('the killed-to-be lab up', () => out.includes('podnet-lab-ready'), 30_000, () => out);
    // A hostNetwork pod with a command: a process in a node namespace that outlives the lab.
    const sleeper = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'sleeper', namespace: 'default' },
      spec: { hostNetwork: true, nodeName: 'node-2', containers: [{ name: 's', image: 'debian', command: ['sleep', '600'] }] },
    };
    assert.equal((await exec('kubectl', ['create', '-f', '-'], { KUBECONFIG: kubeconfig }, JSON.stringify(sleeper))).code, 0);
    await until(
      'the sleeper running',
      async () => (await exec('kubectl', ['get', 'pod', 'sleeper', '-o', 'jsonpath={.status.phase}'], { KUBECONFIG: kubeconfig })).out === 'Running',
      20_000,
    );
    const prefix = `pnlab-${child.pid}-`;
    const theirs = listNamespaces().filter((n) => n.startsWith(prefix));
    assert.equal(theirs.length, 4, theirs.join(', '));
    const sleeperPids = (await exec('ip', ['netns', 'pids', `${prefix}1-n-node-2`])).out.trim().split('\n').filter(Boolean).map(Number);
    assert.ok(sleeperPids.length >= 1);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    assert.equal(listNamespaces().filter((n) => n.startsWith(prefix)).length, 4, 'a SIGKILL leaves them behind');
    assert.ok(sleeperPids.some(pidAlive), "and the pod's process");
    lab = await startLab({ scenario: 'empty', dataplane: true, kubeconfigPath: join(dir, 'kubeconfig') });
    assert.ok(dp().swept.some((n) => n.startsWith(prefix)), JSON.stringify(dp().swept));
    assert.deepEqual(listNamespaces().filter((n) => n.startsWith(prefix)), []);
    await until("the killed lab's processes gone", () => sleeperPids.every((p) => !pidAlive(p)), 5000);
    assert.deepEqual(readdirSync(tmpdir()).filter((d) => d.startsWith(prefix)), []);
  });

  it('dual-stack on request: IPv6 InternalIPs on the LAN, v4+v6 pod IPs from host-local, IPv6 across nodes unNATed', async function() {
    this.timeout(120_000);
    await lab?.stop();
    lab = await startLab({ scenario: 'no-cni', dataplane: true, clusterCidr: '198.19.0.0/16,2001:2:0:100::/56', kubeconfigPath: join(dir, 'kubeconfig') });
    assert.match(await dp().exec('node-2', ['ip', '-6', 'addr', 'show', 'eth0']), /inet6 2001:2::12\/64/);
    // `podnet cni install` takes one --cluster-cidr: the IPv6 range goes into its settings, and the agents restart to read it.
    const install = await exec(process.execPath, [cli, 'cni', 'install', '--yes', '--cluster-cidr', '198.19.0.0/16'], env());
    assert.equal(install.code, 0, install.out + install.err);
    assert.equal(
      (await kubectl(
        '-n',
        'kube-system',
        'patch',
        'configmap',
        'podnet-bridge-cni',
        '--type',
        'merge',
        '-p',
        '{"data":{"cluster-cidr":"198.19.0.0/16,2001:2:0:100::/56"}}',
      )).code,
      0,
    );
    assert.equal((await kubectl('-n', 'kube-system', 'delete', 'pods', '-l', 'app.kubernetes.io/name=podnet-bridge-cni')).code, 0);
    await until('every conflist serving both families', () =>
      ['node-1', 'node-2', 'node-3'].every((n) => {
        const path = join(dp().node(n)?.cniDir ?? '', '10-podnet.conflist');
        return existsSync(path) && /2001:2:0:10\d::\/64/.test(readFileSync(path, 'utf8'));
      }), 60_000);
    const server = `require('node:net').createServer((s) => s.end(s.remoteAddress + '\\n')).listen(7000, '::')`;
    for (const [name, node] of [['web6', 'node-2'], ['cli6', 'node-3']]) {
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default', labels: { app: name } },
        spec: { nodeName: node, containers: [{ name: 'c', image: 'docker.io/library/node:20-alpine', command: ['node', '-e', server] }] },
      };
      assert.equal((await exec('kubectl', ['create', '-f', '-'], env(), JSON.stringify(pod))).code, 0);
    }
    const ips = async (name: string): Promise<string[]> => ((await pods(`app=${name}`))[0]?.status.podIPs ?? []).map((x) => x.ip);
    const web = await until('web6 with two IPs', async () => ((await ips('web6')).length === 2 ? ips('web6') : undefined), 30_000);
    const cli6 = await until('cli6 with two IPs', async () => ((await ips('cli6')).length === 2 ? ips('cli6') : undefined), 30_000);
    assert.match(web[0] as string, /^198\.19\.1\./);
    assert.match(web[1] as string, /^2001:2:0:101::/);
    assert.match(cli6[1] as string, /^2001:2:0:102::/);
    const ask6 =
      `const s = require('node:net').connect(7000, process.argv[1]); let t = ''; s.on('data', (d) => (t += d)); s.on('end', () => console.log(t.trim())); s.on('error', (e) => { console.error(String(e)); process.exit(1); });`;
    const seen = await until(
      'an IPv6 answer across nodes',
      async () => dp().execInPod('default', 'cli6', [process.execPath, '-e', ask6, web[1] as string]).catch(() => undefined),
      20_000,
    );
    assert.equal(seen.trim(), cli6[1]);
  });
});
