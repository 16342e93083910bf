// The data plane's pure parts, without root: the address plan, CNI config selection, the
// kubelet's env/volume rules, the container script's quoting, the kube-proxy rules, pod phases.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstNetworkConfig, readNetworkConfig } from '../../../src/lab/dataplane/cniRuntime';
import type { PodContext } from '../../../src/lab/dataplane/containerConfig';
import {
  ContainerConfigError,
  containerArgv,
  containerEnv,
  containerMounts,
  expand,
  podEtcFiles,
  prepareVolumes,
} from '../../../src/lab/dataplane/containerConfig';
import { containerScript, q } from '../../../src/lab/dataplane/containerRunner';
import { adaptScenario, apiServiceNames, dataplanePlan } from '../../../src/lab/dataplane/dataplaneScenario';
import { ownerPid } from '../../../src/lab/dataplane/labNetns';
import { podStatus } from '../../../src/lab/dataplane/podStatus';
import { servicesRules } from '../../../src/lab/dataplane/serviceProxy';
import { findScenario } from '../../../src/lab/scenarios/scenarioCatalog';
import type { StoredObject } from '../../../src/lab/store/storedObject';
import { ObjectStore } from '../../../src/lab/store/objectStore';

const pod = (spec: Record<string, unknown>, extra: Partial<StoredObject['metadata']> = {}): StoredObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns1', uid: 'uid-1', labels: { app: 'x' }, ...extra },
  spec: { nodeName: 'node-2', ...spec },
});

describe('lab data plane: configuration (no root needed)', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-dp-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const ctx = (p: StoredObject, store = new ObjectStore()): PodContext => ({
    pod: p,
    nodeName: 'node-2',
    nodeRoot: join(dir, 'root'),
    podDir: join(dir, 'pod'),
    hostIP: '198.18.0.12',
    podIPs: ['198.19.1.5'],
    store,
    apiHost: '198.18.0.1',
    apiPort: 6443,
    token: 'tok',
    caPem: 'CA',
  });

  it('plans nodes on 198.18.0.0/24 from .11 and the pod network inside 198.19.0.0/16; kubeadm-config agrees', () => {
    assert.deepEqual(dataplanePlan('no-cni', undefined, undefined), { clusterCidr: '198.19.0.0/16', nodeMaskSize: 24, dualStack: false });
    assert.deepEqual(dataplanePlan('empty', '198.19.128.0/17', 25), { clusterCidr: '198.19.128.0/17', nodeMaskSize: 25, dualStack: false });
    assert.throws(() => dataplanePlan('seed', undefined, undefined), /use --scenario no-cni or empty/);
    assert.throws(() => dataplanePlan('no-cni', '10.244.0.0/16', undefined), /inside 198\.19\.0\.0\/16/);
    assert.deepEqual(dataplanePlan('no-cni', '198.19.0.0/16,2001:2:0:100::/56', undefined), {
      clusterCidr: '198.19.0.0/16,2001:2:0:100::/56',
      nodeMaskSize: 24,
      dualStack: true,
    });
    assert.throws(() => dataplanePlan('no-cni', '198.19.0.0/16,2001:2::/56', undefined), /off the LAN's 2001:2::\/64/);
    assert.throws(() => dataplanePlan('no-cni', '198.19.0.0/16,2001:db8::/56', undefined), /inside 2001:2::\/48/);
    assert.throws(() => dataplanePlan('no-cni', '198.19.0.0/16,2001:2:1::/56', undefined), /inside 2001:2::\/48/);
    assert.throws(() => dataplanePlan('no-cni', '2001:2:0:100::/56', undefined), /needs an IPv4 pod network/);
    const dual = dataplanePlan('no-cni', '198.19.0.0/16,2001:2:0:100::/56', undefined);
    const dualNodes = adaptScenario(findScenario('no-cni').build(dual), dual).objects.filter((o) => o.kind === 'Node');
    assert.deepEqual(
      dualNodes.map((n) =>
        (n.status as { addresses: { type: string; address: string }[] }).addresses.filter((a) => a.type === 'InternalIP').map((a) => a.address)
      ),
      [['198.18.0.11', '2001:2::11'], ['198.18.0.12', '2001:2::12'], ['198.18.0.13', '2001:2::13']],
    );
    const plan = dataplanePlan('no-cni', undefined, undefined);
    const data = adaptScenario(findScenario('no-cni').build({ clusterCidr: plan.clusterCidr, nodeMaskSize: plan.nodeMaskSize }), plan);
    const nodes = data.objects.filter((o) => o.kind === 'Node');
    assert.deepEqual(nodes.map((n) => (n.status as { addresses: { type: string; address: string }[] }).addresses[0]?.address), [
      '198.18.0.11',
      '198.18.0.12',
      '198.18.0.13',
    ]);
    assert.ok(nodes.every((n) => n.metadata.annotations?.['podnet.dev/lab-dataplane'] === 'true'));
    // kube-proxy's pods (hostNetwork) moved with their nodes.
    const proxies = data.objects.filter((o) => o.kind === 'Pod' && o.metadata.name.startsWith('kube-proxy'));
    assert.ok(proxies.length === 3 && proxies.every((p) => /^198\.18\.0\.1[1-3]$/.test((p.status as { podIP: string }).podIP)));
    const kubeadm = data.objects.find((o) => o.metadata.name === 'kubeadm-config') as unknown as { data: { ClusterConfiguration: string } };
    assert.match(kubeadm.data.ClusterConfiguration, /podSubnet: 198\.19\.0\.0\/16\n {2}serviceSubnet: 10\.96\.0\.0\/12/);
    assert.deepEqual(data.clusterCidrs, ['198.19.0.0/16']);
    assert.deepEqual(apiServiceNames(data).slice(0, 2), ['10.96.0.1', 'kubernetes']);
  });

  it('picks the first network config by file name, as libcni does, and reads a .conf as a one-plugin list', () => {
    assert.equal(firstNetworkConfig(join(dir, 'missing')), undefined);
    mkdirSync(join(dir, 'net.d'));
    writeFileSync(join(dir, 'net.d', 'README'), 'not a config');
    assert.equal(firstNetworkConfig(join(dir, 'net.d')), undefined);
    writeFileSync(join(dir, 'net.d', '10-podnet.conflist'), JSON.stringify({ cniVersion: '1.0.0', name: 'podnet', plugins: [{ type: 'bridge' }] }));
    writeFileSync(join(dir, 'net.d', '05-old.conf'), JSON.stringify({ cniVersion: '0.4.0', name: 'old', type: 'bridge' }));
    const first = firstNetworkConfig(join(dir, 'net.d')) as string;
    assert.match(first, /05-old\.conf$/);
    assert.deepEqual(readNetworkConfig(first), { cniVersion: '0.4.0', name: 'old', plugins: [{ cniVersion: '0.4.0', name: 'old', type: 'bridge' }] });
    writeFileSync(join(dir, 'net.d', '01-empty.conflist'), JSON.stringify({ name: 'x', plugins: [] }));
    assert.throws(() => readNetworkConfig(firstNetworkConfig(join(dir, 'net.d')) as string), /no plugins/);
  });

  it('resolves env like the kubelet: values with $(VAR), downward-API fieldRefs, ConfigMap refs; missing refs are config errors', () => {
    const store = new ObjectStore();
    store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1' } });
    store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'ns1' }, data: { mode: 'fast', other: 'o' } });
    const c = {
      name: 'c',
      command: ['node', '$(SCRIPT)', '$$(SCRIPT)'],
      args: ['--node=$(NODE_NAME)', '$(UNSET)'],
      env: [
        { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cm', key: 'mode' } } },
        { name: 'SCRIPT', value: '/opt/$(NODE_NAME).js' },
      ],
      envFrom: [{ prefix: 'CM_', configMapRef: { name: 'cm' } }],
    };
    const env = containerEnv(ctx(pod({}), store), c);
    assert.equal(env.NODE_NAME, 'node-2');
    assert.equal(env.POD_IP, '198.19.1.5');
    assert.equal(env.APP, 'x');
    assert.equal(env.MODE, 'fast');
    assert.equal(env.CM_other, 'o');
    assert.equal(env.SCRIPT, '/opt/node-2.js');
    assert.equal(env.KUBERNETES_SERVICE_HOST, '198.18.0.1');
    assert.deepEqual(containerArgv(c, env), ['node', '/opt/node-2.js', '$(SCRIPT)', '--node=node-2', '$(UNSET)']);
    assert.equal(containerArgv({ name: 'no-command' }, env), undefined);
    assert.equal(expand('$$$(NODE_NAME)', env), '$node-2');
    assert.throws(
      () => containerEnv(ctx(pod({}), store), { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] }),
      (e: unknown) => e instanceof ContainerConfigError && /configmap "nope" not found/.test(e.message),
    );
    assert.deepEqual(
      containerEnv(ctx(pod({}), store), { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } }] }).X,
      undefined,
    );
    assert.throws(
      () => containerEnv(ctx(pod({}), store), { name: 'c', env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } }] }),
      /unsupported fieldRef "spec\.bogus"/,
    );
  });

  it('makes volumes into directories: hostPath under the node root, configMap items, the token; mounts follow volumeMounts', () => {
    const store = new ObjectStore();
    store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1' } });
    store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'files', namespace: 'ns1' }, data: { 'agent.js': 'A', 'firewall.sh': 'F' } });
    const p = pod({
      volumes: [
        { name: 'net', hostPath: { path: '/etc/cni/net.d', type: 'DirectoryOrCreate' } },
        { name: 'lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
        { name: 'files', configMap: { name: 'files', items: [{ key: 'agent.js', path: 'sub/agent.js' }] } },
        { name: 'run', emptyDir: {} },
      ],
    });
    const volumes = prepareVolumes(ctx(p, store));
    assert.equal(volumes.get('net'), join(dir, 'root/etc/cni/net.d'));
    assert.equal(readFileSync(join(dir, 'root/run/xtables.lock'), 'utf8'), '');
    assert.equal(readFileSync(join(volumes.get('files') as string, 'sub/agent.js'), 'utf8'), 'A');
    assert.equal(readFileSync(join(volumes.get('.kube-api-access') as string, 'token'), 'utf8'), 'tok');
    const mounts = containerMounts({
      name: 'c',
      volumeMounts: [{ name: 'net', mountPath: '/host/etc/cni/net.d' }, { name: 'lock', mountPath: '/run/xtables.lock' }, {
        name: 'files',
        mountPath: '/opt/podnet',
        readOnly: true,
      }],
    }, volumes);
    assert.deepEqual(mounts.map((m) => [m.target, m.readOnly, m.file]), [
      ['/host/etc/cni/net.d', false, false],
      ['/run/xtables.lock', false, true],
      ['/opt/podnet', true, false],
      ['/var/run/secrets/kubernetes.io/serviceaccount', true, false],
    ]);
    assert.throws(
      () => prepareVolumes(ctx(pod({ volumes: [{ name: 'x', hostPath: { path: '/nope', type: 'Directory' } }] }), store)),
      /hostPath type check failed: \/nope is not a directory/,
    );
    assert.throws(() => prepareVolumes(ctx(pod({ volumes: [{ name: 'x', nfs: { server: 'a', path: '/' } }] }), store)), /the lab cannot provide nfs/);
    assert.throws(
      () => prepareVolumes(ctx(pod({ volumes: [{ name: 'x', configMap: { name: 'files', items: [{ key: 'agent.js', path: '../escape' }] } }] }), store)),
      /leaves its volume/,
    );
    assert.ok(!prepareVolumes(ctx(pod({ automountServiceAccountToken: false }), store)).has('.kube-api-access'));
  });

  it("writes /etc/hosts and a ClusterFirst resolv.conf naming kube-dns; hostNetwork pods get the node's", () => {
    const store = new ObjectStore();
    store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } });
    store.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: 'kube-system' },
      spec: { clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'UDP' }] },
    });
    const files = new Map(podEtcFiles(ctx(pod({}), store)).map((f) => [f.target, f.source]));
    assert.equal(
      readFileSync(files.get('/etc/resolv.conf') as string, 'utf8'),
      'search ns1.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
    assert.match(readFileSync(files.get('/etc/hosts') as string, 'utf8'), /198\.19\.1\.5\tp\n/);
    const host = new Map(podEtcFiles(ctx(pod({ hostNetwork: true }), store)).map((f) => [f.target, f.source]));
    assert.equal(host.get('/etc/resolv.conf'), join(dir, 'root/etc/resolv.conf'));
    const withHostNet = new Map(podEtcFiles(ctx(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), store)).map((f) => [f.target, f.source]));
    assert.match(readFileSync(withHostNet.get('/etc/resolv.conf') as string, 'utf8'), /nameserver 10\.96\.0\.10/);
  });

  it('quotes every argument and env value of the container script for sh', () => {
    const tricky = `it's $(not) "run" \`here\``;
    assert.equal(execFileSync('sh', ['-c', `printf %s ${q(tricky)}`], { encoding: 'utf8' }), tricky);
    const script = containerScript({
      netns: 'n',
      rootDir: '/r',
      hostname: 'h',
      argv: ['echo', tricky],
      env: { A: tricky },
      mounts: [{ source: '/s', target: '/t', readOnly: true, file: false }],
      readOnlyProcSys: true,
      logFile: '/l',
    });
    assert.ok(script.includes(`exec chroot "$R" /usr/bin/env -i -C '/' ${q(`A=${tricky}`)} 'echo' ${q(tricky)}`), script);
    assert.match(script, /mount -o remount,bind,ro "\$R\/proc\/sys"/);
    assert.equal(execFileSync('sh', ['-n', '-c', script]).length, 0, 'the script parses');
  });

  it('proxies Services like kube-proxy: Ready endpoints by selector and named port, random spread, the API for default/kubernetes', () => {
    const store = new ObjectStore();
    for (const ns of ['default', 'app']) store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    store.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default' },
      spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }] },
    });
    store.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'app' },
      spec: {
        clusterIP: '10.96.0.20',
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 'http' }, { port: 53, protocol: 'UDP', targetPort: 5353 }],
      },
    });
    store.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'headless', namespace: 'app' },
      spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    const webPod = (name: string, ip: string, ready: boolean): StoredObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'app', labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] },
      status: { podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
    store.create(webPod('a', '198.19.1.2', true));
    store.create(webPod('b', '198.19.2.2', true));
    store.create(webPod('c', '198.19.3.2', false));
    const rules = servicesRules(store, { ip: '198.18.0.1', port: 6443 }).split('\n');
    const strip = (r: string): string => r.replace(/ -m comment --comment "[^"]+"/, '');
    assert.deepEqual(rules.filter((r) => r.includes('-d 10.96.0.1/32')).map(strip), [
      '-A PNLAB-SERVICES -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j DNAT --to-destination 198.18.0.1:6443',
    ]);
    // In order: the random pick first, the last endpoint catches the rest.
    assert.deepEqual(rules.filter((r) => r.includes('-d 10.96.0.20/32')).map(strip), [
      '-A PNLAB-SERVICES -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -m statistic --mode random --probability 0.5000000000 -j DNAT --to-destination 198.19.1.2:8080',
      '-A PNLAB-SERVICES -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 198.19.2.2:8080',
      '-A PNLAB-SERVICES -d 10.96.0.20/32 -p udp -m udp --dport 53 -m statistic --mode random --probability 0.5000000000 -j DNAT --to-destination 198.19.1.2:5353',
      '-A PNLAB-SERVICES -d 10.96.0.20/32 -p udp -m udp --dport 53 -j DNAT --to-destination 198.19.2.2:5353',
    ]);
    assert.equal(rules.filter((r) => r.startsWith('-A')).length, 5, 'nothing for the headless Service');
    assert.deepEqual(rules.slice(0, 2), ['*nat', ':PNLAB-SERVICES - [0:0]']);
  });

  it('reports pod phases like the kubelet: Pending without a sandbox, Running, Succeeded/Failed by restartPolicy', () => {
    const c = (
      state: Record<string, unknown>,
      ready = false,
    ): {
      name: string;
      image: string;
      state: Record<string, unknown>;
      lastState: Record<string, unknown>;
      ready: boolean;
      restartCount: number;
      started: boolean;
    } => ({ name: 'c', image: 'i', state, lastState: {}, ready, restartCount: 0, started: true });
    const base = { hostIP: '198.18.0.11', hostIPs: ['198.18.0.11'], startTime: 'now', restartPolicy: 'Always' };
    assert.equal(podStatus(undefined, { ...base, containers: [c({ waiting: {} })] }).phase, 'Pending');
    const running = podStatus(undefined, { ...base, podIPs: ['198.19.0.2'], containers: [c({ running: {} }, true)] });
    assert.equal(running.phase, 'Running');
    assert.equal(running.podIP, '198.19.0.2');
    assert.ok((running.conditions as { type: string; status: string }[]).some((x) => x.type === 'Ready' && x.status === 'True'));
    const done = { ...base, podIPs: ['198.19.0.2'] };
    assert.equal(podStatus(undefined, { ...done, restartPolicy: 'Never', containers: [c({ terminated: { exitCode: 0 } })] }).phase, 'Succeeded');
    assert.equal(podStatus(undefined, { ...done, restartPolicy: 'Never', containers: [c({ terminated: { exitCode: 1 } })] }).phase, 'Failed');
    assert.equal(podStatus(undefined, { ...done, restartPolicy: 'Always', containers: [c({ terminated: { exitCode: 0 } })] }).phase, 'Running');
  });

  it('recognises its namespaces and directories by the owner pid in the name', () => {
    assert.equal(ownerPid('pnlab-1234-1-n-node-1'), 1234);
    assert.equal(ownerPid('pnlab-x-lan'), undefined);
    assert.equal(ownerPid('other-1234'), undefined);
    assert.equal(ownerPid('pncni-99-lan', 'pncni-'), 99);
  });
});
