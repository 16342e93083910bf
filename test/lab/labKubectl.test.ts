import assert from 'node:assert/strict';
import { startLab } from '../../src/lab/startLab';
import type { RunningLab } from '../../src/lab/startLab';
import { Kubectl, killGroup, parseTable, until } from './labKubectlSupport';

// Real kubectl is the oracle: what it prints against the lab is what it prints against a cluster.
describe('lab fidelity: real kubectl against the seed scenario', () => {
  let lab: RunningLab;
  let kubectl: Kubectl;
  before(async () => {
    lab = await startLab({ scenario: 'seed', bookmarkIntervalMs: 200 });
    kubectl = new Kubectl(lab.kubeconfigPath);
  });
  after(async () => {
    kubectl?.dispose();
    await lab?.stop();
  });

  it('get nodes -o wide shows status, roles, version and each InternalIP', async () => {
    const rows = parseTable(await kubectl.ok(['get', 'nodes', '-o', 'wide']));
    assert.deepEqual(rows.map((r) => [r.NAME, r.STATUS, r.ROLES, r['INTERNAL-IP'], r['EXTERNAL-IP'], r['CONTAINER-RUNTIME']]), [
      ['node-1', 'Ready', 'control-plane', '172.31.1.10', '<none>', 'containerd://1.7.24'],
      ['node-2', 'Ready', '<none>', '172.31.1.11', '<none>', 'containerd://1.7.24'],
      ['node-3', 'Ready', '<none>', '172.31.1.12', '<none>', 'containerd://1.7.24'],
    ]);
  });

  it('get pods -A -o wide shows every pod with its IP and node', async () => {
    const rows = parseTable(await kubectl.ok(['get', 'pods', '-A', '-o', 'wide']));
    const byName = new Map(rows.map((r) => [`${r.NAMESPACE}/${r.NAME}`, r]));
    assert.equal(rows.length, lab.store.list('v1', 'Pod').length);
    assert.deepEqual([byName.get('shop/app-7c5ddbdf54-8xk2p')?.IP, byName.get('shop/app-7c5ddbdf54-8xk2p')?.NODE], ['10.32.1.10', 'node-1']);
    assert.deepEqual([byName.get('shop/db-0')?.IP, byName.get('shop/db-0')?.NODE, byName.get('shop/db-0')?.READY], ['10.32.3.15', 'node-3', '2/2']);
    const weave = rows.filter((r) => r.NAME.startsWith('weave-net-'));
    assert.deepEqual(weave.map((r) => `${r.NODE}=${r.IP}`).sort(), ['node-1=172.31.1.10', 'node-2=172.31.1.11', 'node-3=172.31.1.12']);
    // paging: kubectl follows continue tokens (limit 2 forces several pages)
    const paged = parseTable(await kubectl.ok(['get', 'pods', '-A', '--chunk-size=2']));
    assert.equal(paged.length, rows.length);
  });

  it('apply --server-side of a multi-document manifest creates, re-applies without changes, and reports conflicts', async () => {
    const manifest = `apiVersion: v1
kind: Namespace
metadata:
  name: ssa
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: ssa
  labels: {owner: ssa-test}
data:
  mode: fast
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: ssa
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        ports:
        - containerPort: 9100
`;
    const first = await kubectl.ok(['apply', '--server-side', '-f', '-'], manifest);
    assert.deepEqual(first.trim().split('\n'), [
      'namespace/ssa serverside-applied',
      'configmap/settings serverside-applied',
      'daemonset.apps/agent serverside-applied',
    ]);
    const rv = lab.store.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ssa', name: 'settings' })?.metadata.resourceVersion;
    const dsRv = lab.store.get({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'ssa', name: 'agent' })?.metadata.resourceVersion;
    const second = await kubectl.ok(['apply', '--server-side', '-f', '-'], manifest);
    assert.equal(second, first);
    // an apply that changes nothing is a no-op on the server: same resourceVersion
    assert.equal(lab.store.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ssa', name: 'settings' })?.metadata.resourceVersion, rv);
    assert.equal(lab.store.get({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'ssa', name: 'agent' })?.metadata.resourceVersion, dsRv);
    const cm = JSON.parse(await kubectl.ok(['get', 'cm', 'settings', '-n', 'ssa', '-o', 'json', '--show-managed-fields'])) as {
      metadata: { managedFields: { manager: string; operation: string; fieldsV1: Record<string, unknown> }[] };
    };
    assert.deepEqual(cm.metadata.managedFields.map((m) => [m.manager, m.operation]), [['kubectl', 'Apply']]);
    assert.deepEqual(cm.metadata.managedFields[0].fieldsV1, { 'f:data': { 'f:mode': {} }, 'f:metadata': { 'f:labels': { 'f:owner': {} } } });
    // another manager changes a field kubectl owns: kubectl's next apply conflicts, --force-conflicts takes it back
    await kubectl.ok(['patch', 'cm', 'settings', '-n', 'ssa', '--type=merge', '-p', '{"data":{"mode":"slow"}}']);
    const conflict = await kubectl.run(['apply', '--server-side', '-f', '-'], manifest);
    assert.notEqual(conflict.code, 0);
    assert.match(conflict.stderr, /^error: Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: \.data\.mode\n/);
    await kubectl.ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], manifest);
    assert.equal(await kubectl.ok(['get', 'cm', 'settings', '-n', 'ssa', '-o', 'jsonpath={.data.mode}']), 'fast');
    // a field dropped from the applied manifest is removed
    await kubectl.ok(['apply', '--server-side', '-f', '-'], manifest.replace('  labels: {owner: ssa-test}\n', ''));
    assert.equal(lab.store.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ssa', name: 'settings' })?.metadata.labels, undefined);
  });

  it('rollout status ds/X completes, also after a template change', async () => {
    const manifest = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: rollme, namespace: default}
spec:
  selector: {matchLabels: {app: rollme}}
  template:
    metadata: {labels: {app: rollme}}
    spec:
      tolerations: [{operator: Exists}]
      containers: [{name: c, image: "busybox:1.36"}]
`;
    await kubectl.ok(['apply', '-f', '-'], manifest);
    assert.match(await kubectl.ok(['rollout', 'status', 'ds/rollme', '--timeout=20s']), /daemon set "rollme" successfully rolled out/);
    const before = lab.store.list('v1', 'Pod', 'default').filter((p) => p.metadata.labels?.app === 'rollme').map((p) => p.metadata.name).sort();
    assert.equal(before.length, 3);
    await kubectl.ok(['set', 'image', 'ds/rollme', 'c=busybox:1.37']);
    assert.match(await kubectl.ok(['rollout', 'status', 'ds/rollme', '--timeout=20s']), /successfully rolled out/);
    const after = lab.store.list('v1', 'Pod', 'default').filter((p) => p.metadata.labels?.app === 'rollme');
    assert.equal(after.length, 3);
    assert.ok(after.every((p) => (p.spec as { containers: { image: string }[] }).containers[0].image === 'busybox:1.37' && !before.includes(p.metadata.name)));
    const ds = parseTable(await kubectl.ok(['get', 'ds', 'rollme']))[0];
    assert.deepEqual([ds.DESIRED, ds.CURRENT, ds.READY, ds['UP-TO-DATE'], ds.AVAILABLE], ['3', '3', '3', '3', '3']);
  });

  it('a Deployment gets a ReplicaSet and Running pods with IPs; rollout status deploy/X completes; scaling follows', async () => {
    await kubectl.ok(
      ['apply', '-f', '-'],
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
`,
    );
    assert.match(await kubectl.ok(['rollout', 'status', 'deploy/web', '--timeout=20s']), /deployment "web" successfully rolled out/);
    const pods = parseTable(await kubectl.ok(['get', 'pods', '-l', 'app=web', '-o', 'wide']));
    assert.equal(pods.length, 3);
    assert.ok(pods.every((p) => p.STATUS === 'Running' && /^10\.32\.[123]\.\d+$/.test(p.IP) && ['node-2', 'node-3'].includes(p.NODE)), JSON.stringify(pods));
    assert.equal(new Set(pods.map((p) => p.IP)).size, 3);
    await kubectl.ok(['scale', 'deploy/web', '--replicas=1']);
    await until('scaled to 1', async () => parseTable(await kubectl.ok(['get', 'deploy', 'web']))[0].READY === '1/1');
  });

  it('delete -l removes exactly the labelled objects', async () => {
    for (const [name, team] of [['a1', 'a'], ['a2', 'a'], ['b1', 'b']]) {
      await kubectl.ok(['create', 'configmap', name, '--from-literal=k=v']).then(() => kubectl.ok(['label', 'cm', name, `team=${team}`]));
    }
    const out = await kubectl.ok(['delete', 'cm', '-l', 'team=a']);
    assert.deepEqual(out.trim().split('\n').sort(), ['configmap "a1" deleted', 'configmap "a2" deleted']);
    const left = lab.store.list('v1', 'ConfigMap', 'default').map((c) => c.metadata.name);
    assert.ok(left.includes('b1') && !left.includes('a1') && !left.includes('a2'));
  });

  it('get --raw streams watch events from a resourceVersion, with bookmarks; too old gives an ERROR 410', async () => {
    const rv = lab.store.currentRv;
    const child = kubectl.spawn(['get', '--raw', `/api/v1/namespaces/shop/pods?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=10`]);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const template = lab.store.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'db-0' });
      lab.store.create({ ...structuredClone(template as object), metadata: { name: 'watched', namespace: 'shop', labels: { app: 'watched' } } } as never);
      lab.store.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'watched' });
      await until('ADDED, DELETED and a BOOKMARK', () => /"DELETED"/.test(out) && /"BOOKMARK"/.test(out), 10_000);
      const events = out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { name?: string; resourceVersion: string } } });
      const named = events.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.object.metadata.name}`);
      assert.deepEqual(named.filter((n) => n.endsWith(' watched')), ['ADDED watched', 'DELETED watched']);
      assert.ok(Number(events.find((e) => e.type === 'BOOKMARK')?.object.metadata.resourceVersion) >= rv + 2);
    } finally {
      killGroup(child);
    }
    lab.faults.compact();
    const gone = await kubectl.ok(['get', '--raw', `/api/v1/namespaces/shop/pods?watch=1&resourceVersion=${rv}`]);
    const error = JSON.parse(gone.trim()) as { type: string; object: { kind: string; code: number; reason: string; message: string } };
    assert.deepEqual([error.type, error.object.kind, error.object.code, error.object.reason], ['ERROR', 'Status', 410, 'Expired']);
    assert.match(error.object.message, /too old resource version/);
  });

  it('says Unauthorized for a wrong token and Forbidden (403) for the restricted context on nodes', async () => {
    const bad = await kubectl.run(['--token', 'not-the-token', 'get', 'pods']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /error: You must be logged in to the server \(Unauthorized\)/);
    const forbidden = await kubectl.run(['--context', lab.restrictedContextName, 'get', 'nodes']);
    assert.notEqual(forbidden.code, 0);
    assert.match(
      forbidden.stderr,
      /Error from server \(Forbidden\): nodes is forbidden: User "podnet-lab-restricted" cannot list resource "nodes" in API group "" at the cluster scope/,
    );
    const pods = parseTable(await kubectl.ok(['--context', lab.restrictedContextName, 'get', 'pods', '-n', 'shop']));
    assert.ok(pods.some((p) => p.NAME === 'db-0'));
  });

  it('label and field selectors filter like the apiserver; unknown fields are a 400', async () => {
    const onNode3 = parseTable(await kubectl.ok(['get', 'pods', '-A', '--field-selector', 'spec.nodeName=node-3', '-o', 'wide']));
    assert.ok(onNode3.length >= 3 && onNode3.every((r) => r.NODE === 'node-3'));
    const web = parseTable(await kubectl.ok(['get', 'pods', '-n', 'shop', '-l', 'tier in (web),app!=api']));
    assert.deepEqual(web.map((r) => r.NAME), ['app-7c5ddbdf54-8xk2p']);
    const bad = await kubectl.run(['get', 'pods', '--field-selector', 'spec.bogus=1']);
    assert.match(bad.stderr, /field label not supported: spec\.bogus/);
  });
});

describe('lab fidelity: the no-cni scenario comes alive when a CNI DaemonSet lands', () => {
  it('nodes NotReady and CoreDNS Pending until a hostNetwork DaemonSet mounting /etc/cni/net.d runs; then pods get IPs from the node blocks', async () => {
    const lab = await startLab({ scenario: 'no-cni' });
    const kubectl = new Kubectl(lab.kubeconfigPath);
    try {
      const nodes = parseTable(await kubectl.ok(['get', 'nodes']));
      assert.deepEqual(nodes.map((n) => n.STATUS), ['NotReady', 'NotReady', 'NotReady']);
      const cidrs = (await kubectl.ok(['get', 'nodes', '-o', 'jsonpath={.items[*].spec.podCIDR}'])).split(' ');
      assert.deepEqual(cidrs, ['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
      const dns = parseTable(await kubectl.ok(['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns', '-o', 'wide']));
      assert.deepEqual(dns.map((p) => [p.STATUS, p.IP]), [['Pending', '<none>'], ['Pending', '<none>']]);
      await kubectl.ok(
        ['apply', '-f', '-'],
        `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: bridge-cni, namespace: kube-system}
spec:
  selector: {matchLabels: {app: bridge-cni}}
  template:
    metadata: {labels: {app: bridge-cni}}
    spec:
      hostNetwork: true
      tolerations: [{operator: Exists}]
      containers: [{name: install, image: "busybox:1.36"}]
      volumes: [{name: cni, hostPath: {path: /etc/cni/net.d}}]
`,
      );
      await kubectl.ok(['rollout', 'status', '-n', 'kube-system', 'ds/bridge-cni', '--timeout=20s']);
      await until('nodes Ready', async () => parseTable(await kubectl.ok(['get', 'nodes'])).every((n) => n.STATUS === 'Ready'));
      const running = await until('CoreDNS running', async () => {
        const rows = parseTable(await kubectl.ok(['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns', '-o', 'wide']));
        return rows.every((r) => r.STATUS === 'Running') ? rows : undefined;
      });
      for (const r of running) {
        const block = cidrs[Number(r.NODE.slice(-1)) - 1];
        assert.ok(r.IP.startsWith(block.replace(/0\/24$/, '')), `${r.IP} in ${block}`);
      }
      // A rolling restart of the CNI keeps nodes Ready (its config stays on disk); removing it does not.
      const flaps: string[] = [];
      const unsubscribe = lab.store.subscribe((e) => {
        const ready = (e.entry.object.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.find((c) => c.type === 'Ready');
        if (e.entry.object.kind === 'Node' && ready?.status !== 'True') flaps.push(e.entry.object.metadata.name);
      });
      await kubectl.ok(['rollout', 'restart', '-n', 'kube-system', 'ds/bridge-cni']);
      await kubectl.ok(['rollout', 'status', '-n', 'kube-system', 'ds/bridge-cni', '--timeout=20s']);
      unsubscribe();
      assert.deepEqual(flaps, []);
      assert.ok(parseTable(await kubectl.ok(['get', 'nodes'])).every((n) => n.STATUS === 'Ready'));
      await kubectl.ok(['delete', '-n', 'kube-system', 'ds/bridge-cni']);
      await until('nodes NotReady again', async () => parseTable(await kubectl.ok(['get', 'nodes'])).every((n) => n.STATUS === 'NotReady'));
    } finally {
      kubectl.dispose();
      await lab.stop();
    }
  });
});
