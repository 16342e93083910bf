import assert from 'node:assert/strict';
import { stripCalicoBlock, stripCiliumNode, stripConfigMap, stripDaemonSet, stripNode, stripPod } from '../../../src/kube/strip';
import { peekContinue } from '../../../src/kube/listContinue';
import { summarise } from '../../../src/kube/clusterWatcher';

describe('kube/strip', () => {
  it('keeps only what the model needs from a node', () => {
    const n = stripNode({
      metadata: { name: 'n1', labels: { big: 'x' }, managedFields: [{}] },
      spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24', 'fd00:1::/64'] },
      status: {
        addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '172.18.0.2' }],
        allocatable: { pods: '110' },
        conditions: [{ type: 'Ready', status: 'False', reason: 'NetworkPluginNotReady' }],
        images: [{ names: ['x'], sizeBytes: 1 }],
      },
    });
    assert.deepEqual(n, {
      name: 'n1',
      internalIPs: ['172.18.0.2'],
      ready: false,
      podCIDRs: ['10.244.1.0/24', 'fd00:1::/64'],
      readyReason: 'NetworkPluginNotReady',
      maxPods: 110,
    });
    assert.deepEqual(stripNode({ metadata: { name: 'old' }, spec: { podCIDR: '10.0.0.0/24' } })?.podCIDRs, ['10.0.0.0/24']);
    assert.equal(stripNode({ metadata: {} }), undefined);
  });

  it('keeps pod IPs, hostNetwork, phase and containers with init / sidecar / app kinds', () => {
    const p = stripPod({
      metadata: { namespace: 'default', name: 'web', annotations: { a: 'b' } },
      spec: {
        nodeName: 'n1',
        initContainers: [{ name: 'setup', image: 'busybox' }, { name: 'proxy', image: 'envoy', restartPolicy: 'Always' }],
        containers: [{ name: 'app', image: 'nginx', env: [{ name: 'X', value: 'Y' }] }],
      },
      status: {
        phase: 'Running',
        podIP: '10.244.1.5',
        podIPs: [{ ip: '10.244.1.5' }, { ip: 'fd00:1::5' }],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 2 }],
      },
    });
    assert.deepEqual(p, {
      namespace: 'default',
      name: 'web',
      nodeName: 'n1',
      podIPs: ['10.244.1.5', 'fd00:1::5'],
      hostNetwork: false,
      phase: 'Running',
      containers: [
        { name: 'setup', kind: 'init', image: 'busybox', ready: undefined, restarts: undefined },
        { name: 'proxy', kind: 'sidecar', image: 'envoy', ready: undefined, restarts: undefined },
        { name: 'app', kind: 'app', image: 'nginx', ready: true, restarts: 2 },
      ],
    });
    const pending = stripPod({ metadata: { namespace: 'd', name: 'p' }, spec: { hostNetwork: true, containers: [] }, status: { podIP: '172.18.0.2' } });
    assert.equal(pending?.nodeName, undefined);
    assert.deepEqual(pending?.podIPs, ['172.18.0.2']);
    assert.equal(pending?.hostNetwork, true);
    assert.equal(pending?.phase, 'Unknown');
    // Replicas with identical containers share one (frozen) container list.
    const twin = (name: string) =>
      stripPod({
        metadata: { namespace: 'd', name },
        spec: { containers: [{ name: 'c', image: 'i' }] },
        status: { containerStatuses: [{ name: 'c', ready: true }] },
      });
    assert.equal(twin('a')?.containers, twin('b')?.containers);
    assert.ok(Object.isFrozen(twin('a')?.containers));
  });

  it('reads Calico host affinity, CiliumNode podCIDRs, DaemonSet env/args/CNI mount, ConfigMap data only when it matters', () => {
    assert.deepEqual(stripCalicoBlock({ metadata: { name: 'b' }, spec: { cidr: '192.168.1.0/26', affinity: 'host:n1' } }), {
      name: 'b',
      cidr: '192.168.1.0/26',
      node: 'n1',
    });
    assert.deepEqual(stripCalicoBlock({ metadata: { name: 'b' }, spec: { cidr: '192.168.1.0/26', affinity: 'virtual:x' } }), {
      name: 'b',
      cidr: '192.168.1.0/26',
    });
    assert.deepEqual(stripCiliumNode({ metadata: { name: 'n1' }, spec: { ipam: { podCIDRs: ['10.0.1.0/24'] } } }), { name: 'n1', podCIDRs: ['10.0.1.0/24'] });
    const ds = stripDaemonSet({
      metadata: { namespace: 'kube-system', name: 'weave-net' },
      spec: {
        template: {
          spec: {
            containers: [{
              image: 'weaveworks/weave-kube:2.8.1',
              env: [{ name: 'IPALLOC_RANGE', value: '10.40.0.0/16' }, { name: 'S', valueFrom: {} }],
              command: ['/home/weave/launch.sh'],
            }],
            volumes: [{ hostPath: { path: '/etc/cni/net.d/' } }],
          },
        },
      },
    });
    assert.deepEqual(ds, {
      namespace: 'kube-system',
      name: 'weave-net',
      images: ['weaveworks/weave-kube:2.8.1'],
      env: { IPALLOC_RANGE: '10.40.0.0/16' },
      args: ['/home/weave/launch.sh'],
      mountsCniConfig: true,
    });
    assert.deepEqual(stripConfigMap({ metadata: { namespace: 'kube-system', name: 'coredns' }, data: { Corefile: 'x' } })?.data, {});
    assert.deepEqual(stripConfigMap({ metadata: { namespace: 'kube-system', name: 'cilium-config' }, data: { ipam: 'kubernetes' } })?.data, {
      ipam: 'kubernetes',
    });
  });

  it("peeks the list's continue token before the items, not an item's", () => {
    assert.equal(peekContinue('{"kind":"PodList","metadata":{"resourceVersion":"5","continue":"abc"},"items":[]}'), 'abc');
    assert.equal(peekContinue('{"kind":"PodList","metadata":{"resourceVersion":"5"},"items":[{"continue":"x"}]}'), undefined);
  });

  it('summarises the connection from the required kinds', () => {
    const w = { phase: 'watching' } as const;
    assert.deepEqual(summarise([{ id: 'nodes', state: w }, { id: 'pods', state: w }]), { kind: 'connected', limited: [], reasons: [] });
    const forbidden = { phase: 'unavailable', error: 'HTTP 403', kind: 'forbidden' } as const;
    assert.deepEqual(summarise([{ id: 'nodes', state: forbidden }, { id: 'pods', state: w }]), {
      kind: 'connected',
      limited: ['nodes'],
      reasons: [{ kind: 'nodes', reason: 'HTTP 403' }],
    });
    const ipam = [{ kind: 'ipamblocks', reason: 'HTTP 403 Forbidden' }];
    assert.deepEqual(summarise([{ id: 'nodes', state: w }, { id: 'pods', state: w }], ipam), { kind: 'connected', limited: ['ipamblocks'], reasons: ipam });
    assert.equal(summarise([{ id: 'nodes', state: forbidden }, { id: 'pods', state: forbidden }]).kind, 'forbidden');
    assert.equal(
      summarise([{ id: 'nodes', state: { phase: 'retrying', error: 'HTTP 401', kind: 'unauthorized' } }, { id: 'pods', state: w }]).kind,
      'unauthorized',
    );
    assert.equal(
      summarise([{ id: 'nodes', state: { phase: 'retrying', error: 'ECONNREFUSED', kind: 'unreachable' } }, { id: 'pods', state: w }]).kind,
      'unreachable',
    );
    assert.equal(summarise([{ id: 'nodes', state: { phase: 'listing' } }, { id: 'pods', state: w }]).kind, 'connecting');
    // A request still being retried is shown as trouble, marked transient (connectCluster does not give up on it).
    const busy = { phase: 'retrying', error: 'pods: server busy', kind: 'server', transient: true } as const;
    assert.deepEqual(summarise([{ id: 'nodes', state: w }, { id: 'pods', state: busy }]), { kind: 'unreachable', error: 'pods: server busy', transient: true });
    const refused = { phase: 'retrying', error: 'connection refused', kind: 'unreachable' } as const;
    assert.deepEqual(summarise([{ id: 'nodes', state: refused }, { id: 'pods', state: busy }]), { kind: 'unreachable', error: 'connection refused' });
    assert.equal(summarise([{ id: 'nodes', state: { phase: 'listed' } }, { id: 'pods', state: w }]).kind, 'connected');
  });
});
