// An independent encoder for the decoder's tests: protobufjs loaded with the real generated.proto
// files of k8s.io/api and k8s.io/apimachinery v0.32.0 (test/fixtures/k8s-proto/SOURCES.md).
import * as path from 'node:path';
import protobuf from 'protobufjs';

const fixtureDir = path.resolve(__dirname, '../../fixtures/k8s-proto');

let root: protobuf.Root | undefined;
/** Loads the schemas (inside a test, so a broken fixture fails that test only). */
export function k8sRoot(): protobuf.Root {
  if (root) return root;
  const r = new protobuf.Root();
  r.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(fixtureDir, target));
  r.loadSync(path.join(fixtureDir, 'k8s.io/api/core/v1/generated.proto'), { keepCase: true });
  root = r;
  return r;
}

export const type = (name: string): protobuf.Type => k8sRoot().lookupType(name);

/** Encodes a message of the named type from a protobufjs object. */
export function encode(name: string, value: Record<string, unknown>): Buffer {
  const t = type(name);
  const err = t.verify(value);
  if (err) throw new Error(`${name}: ${err}`);
  return Buffer.from(t.encode(t.fromObject(value)).finish());
}

/** `k8s\0` + runtime.Unknown around an encoded object. */
export function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const unknown = encode('k8s.io.apimachinery.pkg.runtime.Unknown', { typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' });
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}

/** One length-prefixed watch frame: a raw WatchEvent whose object is enveloped. */
export function watchFrame(eventType: string, objectEnvelope: Buffer): Buffer {
  const ev = encode('k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent', { type: eventType, object: { raw: objectEnvelope } });
  const head = Buffer.alloc(4);
  head.writeUInt32BE(ev.length);
  return Buffer.concat([head, ev]);
}

const time = { seconds: 1_700_000_000, nanos: 0 };

/** A node with every kind of field a real kubelet writes, most of which Podnet skips. */
export function sampleNode(name: string, i: number): Record<string, unknown> {
  return {
    metadata: {
      name,
      uid: `uid-${i}`,
      resourceVersion: String(100 + i),
      generation: 3,
      creationTimestamp: time,
      labels: { 'kubernetes.io/hostname': name, 'node-role.kubernetes.io/worker': '' },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
      managedFields: [{
        manager: 'kubelet',
        operation: 'Update',
        apiVersion: 'v1',
        time,
        fieldsType: 'FieldsV1',
        fieldsV1: { Raw: Buffer.from('{"f:status":{}}') },
      }],
    },
    spec: {
      podCIDR: `10.244.${i}.0/24`,
      podCIDRs: [`10.244.${i}.0/24`, `fd00:${i}::/64`],
      providerID: `lab://${name}`,
      taints: [{ key: 'k', value: 'v', effect: 'NoSchedule', timeAdded: time }],
    },
    status: {
      capacity: { cpu: { string: '8' }, pods: { string: '110' } },
      allocatable: { cpu: { string: '7800m' }, pods: { string: String(100 + i) } },
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: time, lastTransitionTime: time, reason: 'KubeletHasSufficientMemory', message: 'ok' },
        {
          type: 'Ready',
          status: i % 2 ? 'False' : 'True',
          lastHeartbeatTime: time,
          lastTransitionTime: time,
          reason: i % 2 ? 'KubeletNotReady' : 'KubeletReady',
          message: 'm',
        },
      ],
      addresses: [{ type: 'InternalIP', address: `198.18.0.${i}` }, { type: 'Hostname', address: name }, { type: 'InternalIP', address: `2001:2::${i}` }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: { machineID: 'm', kernelVersion: '6.1', osImage: 'Debian', kubeletVersion: 'v1.32.0', architecture: 'amd64' },
      images: [{ names: ['registry.k8s.io/pause:3.10'], sizeBytes: 320000 }],
    },
  };
}

/** A pod with app, init and sidecar containers and the status fields a kubelet writes. */
export function samplePod(namespace: string, name: string, i: number): Record<string, unknown> {
  return {
    metadata: {
      name,
      namespace,
      uid: `p-${i}`,
      resourceVersion: String(1000 + i),
      creationTimestamp: time,
      labels: { app: 'web' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs', controller: true }],
    },
    spec: {
      volumes: [{ name: 'data', volumeSource: { emptyDir: {} } }],
      initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }, { name: 'proxy', image: 'envoy:1.30', restartPolicy: 'Always' }],
      containers: [{
        name: 'app',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        env: [{ name: 'A', value: 'b' }],
        resources: { requests: { cpu: { string: '100m' } } },
      }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      nodeName: i % 3 ? `node-${i % 7}` : '',
      hostNetwork: i % 5 === 0,
      schedulerName: 'default-scheduler',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    },
    status: {
      phase: i % 4 ? 'Running' : 'Pending',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: time }],
      hostIP: '198.18.0.1',
      podIP: `10.244.0.${i % 250}`,
      podIPs: [{ ip: `10.244.0.${i % 250}` }, { ip: `fd00::${i}` }],
      startTime: time,
      initContainerStatuses: [{
        name: 'init',
        ready: false,
        restartCount: 0,
        image: 'busybox:1.36',
        imageID: 'x',
        state: { terminated: { exitCode: 0, reason: 'Completed' } },
      }, { name: 'proxy', ready: true, restartCount: 2, image: 'envoy:1.30', imageID: 'y', started: true }],
      containerStatuses: [{
        name: 'app',
        ready: i % 2 === 0,
        restartCount: i % 6,
        image: 'nginx:1.27',
        imageID: 'z',
        containerID: 'containerd://abc',
        started: true,
        state: { running: { startedAt: time } },
      }],
      qosClass: 'Burstable',
    },
  };
}
