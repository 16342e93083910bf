// The lab's Kubernetes protobuf and watch-list, checked against clients that are not Podnet's
// (real kubectl, protobufjs with the real generated.proto), then Podnet's list/watch on both
// paths: protobuf + watch-list, and the JSON + paged LIST fallbacks.
import assert from 'node:assert/strict';
import { ClusterWatcher } from '../../src/kube/clusterWatcher';
import { loadKubeconfig } from '../../src/kube/kubeconfigLoader';
import { encodeListParts } from '../../src/lab/api/protobufEncoding';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';
import { type } from '../unit/kube/protobufEncoder';
import { clonePod, converge, sleep } from './clusterSupport';
import { Kubectl } from './labKubectlSupport';

interface Call {
  method: string;
  path: string;
  query: string;
  status: number;
  /** Content-Type of a streamBytes answer. */
  contentType?: string;
}

/** A watcher whose transport records every request (method, collection path, query, outcome). */
function recordedWatcher(lab: RunningLab, options: ConstructorParameters<typeof ClusterWatcher>[1] = {}): { watcher: ClusterWatcher; calls: Call[] } {
  const loaded = loadKubeconfig({ files: [lab.kubeconfigPath], origin: '--kubeconfig' });
  if (loaded.kind !== 'ok') throw new Error(loaded.message);
  const watcher = new ClusterWatcher(loaded.kubeConfig, options);
  const calls: Call[] = [];
  const t = watcher.transport as unknown as Record<string, (path: string, ...rest: unknown[]) => Promise<unknown>>;
  for (const method of ['get', 'stream', 'getBytes', 'streamBytes']) {
    const original = t[method]!;
    t[method] = async (path: string, ...rest: unknown[]) => {
      const [p, query = ''] = path.split('?');
      const call = { method, path: p!, query, status: 0 };
      calls.push(call);
      if (method === 'streamBytes') {
        const onChunk = rest[1] as (chunk: Buffer, contentType: string) => void;
        rest[1] = (chunk: Buffer, contentType: string) => {
          (call as Call).contentType = contentType;
          onChunk(chunk, contentType);
        };
      }
      try {
        const r = await original.call(watcher.transport, path, ...rest);
        call.status = 200;
        return r;
      } catch (error) {
        call.status = (error as { status?: number }).status ?? -1;
        throw error;
      }
    };
  }
  return { watcher, calls };
}

const podCalls = (calls: Call[]) => calls.filter((c) => c.path === '/api/v1/pods');

describe('lab: Kubernetes protobuf and watch-list', () => {
  let lab: RunningLab;
  let kubectl: Kubectl;
  let watcher: ClusterWatcher | undefined;
  before(async () => {
    lab = await startLab({ scenario: 'seed' });
    kubectl = new Kubectl(lab.kubeconfigPath);
  });
  afterEach(() => {
    watcher?.stop();
    watcher = undefined;
    lab.faults.clear();
  });
  after(async () => {
    kubectl?.dispose();
    await lab?.stop();
  });

  it("kubectl describe (which asks for protobuf) reads the lab's protobuf exactly as its JSON", async () => {
    const pod = lab.store.list('v1', 'Pod').find((p) => p.spec && (p.spec as { nodeName?: string }).nodeName === 'node-1');
    assert.ok(pod, 'a pod on node-1');
    const args = [['describe', 'node', 'node-1'], ['describe', 'pod', '-n', pod.metadata.namespace!, pod.metadata.name]];
    const verbose = await kubectl.run([...args[0]!, '-v=8']);
    assert.equal(verbose.code, 0, verbose.stderr);
    // The node and the pods on it (a PodList) came back as protobuf.
    assert.match(verbose.stderr, /Accept: application\/vnd\.kubernetes\.protobuf,application\/json/);
    assert.ok((verbose.stderr.match(/Content-Type: application\/vnd\.kubernetes\.protobuf\n/g) ?? []).length >= 2, 'node and pod list served as protobuf');
    const viaProtobuf = await Promise.all(args.map((a) => kubectl.ok(a)));
    lab.faults.set({ jsonOnly: true });
    const viaJson = await Promise.all(args.map((a) => kubectl.ok(a)));
    assert.match(viaProtobuf[0]!, /PodCIDR:\s+10\.32\.1\.0\/24/);
    assert.match(viaProtobuf[0]!, new RegExp(`${pod.metadata.name}`), 'the node lists its pods');
    assert.match(viaProtobuf[1]!, /Containers:/);
    assert.deepEqual(viaProtobuf, viaJson);
  });

  it("protobufjs with the real generated.proto decodes the lab's PodList to the stored objects", () => {
    const pods = lab.store.list('v1', 'Pod');
    const bytes = Buffer.concat(encodeListParts('Pod', { resourceVersion: '12', continue: 'c' }, pods as unknown as Record<string, unknown>[]));
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'k8s\0');
    const unknown = type('k8s.io.apimachinery.pkg.runtime.Unknown').toObject(type('k8s.io.apimachinery.pkg.runtime.Unknown').decode(bytes.subarray(4))) as {
      typeMeta: { apiVersion: string; kind: string };
      raw: Uint8Array;
    };
    assert.deepEqual(unknown.typeMeta, { apiVersion: 'v1', kind: 'PodList' });
    const list = type('k8s.io.api.core.v1.PodList').toObject(type('k8s.io.api.core.v1.PodList').decode(unknown.raw), { longs: Number, defaults: false }) as {
      metadata: { resourceVersion: string; continue: string };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      items: Record<string, any>[];
    };
    assert.deepEqual(list.metadata, { resourceVersion: '12', continue: 'c' });
    assert.equal(list.items.length, pods.length);
    pods.forEach((p, i) => {
      const d = list.items[i]!;
      const s = p as unknown as {
        metadata: { labels?: object; uid?: string };
        spec: { containers: { name: string; image: string; command?: string[] }[]; nodeName?: string; hostNetwork?: boolean };
        status: { podIPs?: { ip: string }[]; phase?: string; startTime?: string };
      };
      assert.equal(d.metadata.name, p.metadata.name);
      assert.equal(d.metadata.uid, s.metadata.uid);
      assert.deepEqual(d.metadata.labels ?? {}, s.metadata.labels ?? {});
      assert.deepEqual(
        d.spec.containers.map((c: { name: string; image: string; command?: string[] }) => [c.name, c.image, c.command ?? []]),
        s.spec.containers.map((c) => [c.name, c.image, c.command ?? []]),
      );
      assert.equal(d.spec.nodeName ?? undefined, s.spec.nodeName);
      assert.equal(Boolean(d.spec.hostNetwork), Boolean(s.spec.hostNetwork));
      assert.deepEqual((d.status.podIPs ?? []).map((x: { ip: string }) => x.ip), (s.status.podIPs ?? []).map((x) => x.ip));
      assert.equal(d.status.phase, s.status.phase);
      if (s.status.startTime) assert.equal(d.status.startTime.seconds * 1000, Date.parse(s.status.startTime));
    });
  });

  it('Podnet starts nodes and pods from a protobuf watch-list, never LISTs them, and follows changes', async () => {
    const r = recordedWatcher(lab);
    watcher = r.watcher;
    watcher.start();
    await watcher.synced();
    await converge(watcher.model, lab.store, 10_000);
    const pods = podCalls(r.calls);
    assert.deepEqual(pods.map((c) => c.method), ['streamBytes'], JSON.stringify(pods));
    assert.match(pods[0]!.query, /sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true/);
    assert.equal(pods[0]!.contentType, 'application/vnd.kubernetes.protobuf;stream=watch');
    assert.equal(watcher.status.kind, 'connected');
    // The same stream goes on as the watch: a new pod and a deletion arrive without another request.
    const template = lab.store.list('v1', 'Pod').find((p) =>
      (p.spec as { nodeName?: string }).nodeName === 'node-1' && !(p.spec as { hostNetwork?: boolean }).hostNetwork
    );
    lab.store.create(clonePod(template, 'pb-added', '10.32.1.200'));
    const victim = lab.store.list('v1', 'Pod').find((p) => p.metadata.name !== 'pb-added')!;
    lab.store.delete({ apiVersion: 'v1', kind: 'Pod', namespace: victim.metadata.namespace!, name: victim.metadata.name });
    await converge(watcher.model, lab.store, 10_000);
    assert.ok([...watcher.model.pods()].some((p) => p.name === 'pb-added'));
    assert.equal(podCalls(r.calls).length, 1);
  });

  it('falls back to paged LIST where watch-list is refused, and to JSON where protobuf is not served', async () => {
    lab.faults.set({ jsonOnly: true, noWatchList: true });
    const r = recordedWatcher(lab);
    watcher = r.watcher;
    watcher.start();
    await watcher.synced();
    await converge(watcher.model, lab.store, 10_000);
    await sleep(200);
    const pods = podCalls(r.calls);
    // Watch-list refused with 422 → a paged LIST (asked as protobuf, answered JSON) → then JSON only.
    assert.equal(pods[0]!.status, 422);
    assert.match(pods[0]!.query, /sendInitialEvents=true/);
    assert.equal(pods[1]!.method, 'getBytes');
    assert.match(pods[1]!.query, /^limit=\d+/);
    assert.ok(pods.slice(2).every((c) => c.method === 'get' || c.method === 'stream'), JSON.stringify(pods));
    assert.ok(pods.some((c) => c.method === 'stream' && /resourceVersion=\d+/.test(c.query)), 'then watches from the list');
    assert.equal(watcher.status.kind, 'connected');
    // CRDs stay JSON from the start.
    assert.ok(r.calls.filter((c) => c.path.startsWith('/apis/')).every((c) => c.method === 'get' || c.method === 'stream'));
  });

  it('a protobuf paged LIST (watch-list refused) gives the same model, page by page', async () => {
    lab.faults.set({ noWatchList: true });
    const r = recordedWatcher(lab, { podPageSize: 4 });
    watcher = r.watcher;
    watcher.start();
    await watcher.synced();
    await converge(watcher.model, lab.store, 10_000);
    const pods = podCalls(r.calls);
    assert.equal(pods[1]!.method, 'getBytes');
    assert.ok(pods.slice(1).every((c) => c.method === 'getBytes' || c.method === 'streamBytes'), JSON.stringify(pods));
    // Pages of 4 pods, each continue token read ahead of decoding its page.
    const pages = pods.filter((c) => c.method === 'getBytes');
    assert.ok(pages.length >= Math.ceil(lab.store.list('v1', 'Pod').length / 4), `${pages.length} pages`);
    assert.ok(pages.slice(1).every((c) => /continue=/.test(c.query)));
  });
});
