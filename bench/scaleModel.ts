// The cluster model at 65,000 nodes / ~1,000,000 pods, loaded over the protobuf path WITHOUT the
// lab's HTTP server (which cannot hold a million stored pods on this machine): the scale
// scenario's objects, generated one at a time (src/lab/scenarios/scaleScenario.ts), are encoded
// as the lab encodes its protobuf list pages (500 per page) and each page is decoded by Podnet's
// decoder (src/kube/protobuf), stripped and applied to the model as ListWatch does. Prints:
//   - retained memory of the complete model: heap + ArrayBuffers (--expose-gc; after load; target ≤ 600 MB)
//   - findings time on it
//   - the tree's node-group levels (siblings per level)
//   - the network map: model build + wire encoding time and the postMessage payload size
//   - churn at --rate pod events a second (half DELETED+ADDED pairs, half MODIFIED) in 100 ms
//     windows, each followed by what a refresh of the views reads from the core (the tree's changes
//     and finding index, the map's live overview): the worst and median window, against the
//     JSON.parse of the same window's watch events measured in the same run (the decode floor)
// Baseline in the same run: the same pages only decoded (no strip, no model), for the load time.
// Usage: node --expose-gc --import tsx bench/scaleModel.ts [--nodes 65000] [--pods-per-node 15]
import { performance } from 'node:perf_hooks';
import { ClusterModel } from '../src/core/cluster/clusterModel';
import { nodeGroupLevels } from '../src/core/cluster/nodeGroups';
import { buildMapModel } from '../src/core/map/buildMapModel';
import { inputFromClusterModel } from '../src/core/map/fromClusterModel';
import { encodeModel } from '../src/core/map/mapWire';
import { FindingIndex } from '../src/core/cluster/findingIndex';
import { LiveOverview } from '../src/core/map/liveOverview';
import { runToEnd } from '../src/core/steps';
import type { PodInfo } from '../src/core/cluster/clusterTypes';
import { clusterResources } from '../src/kube/clusterResources';
import { protobufKindFor } from '../src/kube/protobuf/negotiation';
import { readList } from '../src/kube/protobuf/k8sProtobuf';
import { encodeListParts } from '../src/lab/api/protobufEncoding';
import { scaleCluster } from '../src/lab/scenarios/scaleScenario';
import type { StoredObject } from '../src/lab/store/storedObject';
import { heldBytes } from './_memory';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

function* pages(objects: Iterable<StoredObject>, size: number): Generator<StoredObject[]> {
  let page: StoredObject[] = [];
  for (const o of objects) {
    page.push(o);
    if (page.length === size) {
      yield page;
      page = [];
    }
  }
  if (page.length) yield page;
}

void main();

async function main(): Promise<void> {
  const nodes = arg('nodes', 65_000);
  const perNode = arg('pods-per-node', 15);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const collect = () => {
    gc();
    gc();
  };

  collect();
  const heapBefore = heldBytes();
  const cluster = scaleCluster({ nodes, podsPerNode: perNode });
  const { base } = cluster;
  const model = new ClusterModel();
  const resources = clusterResources(model);
  const byId = new Map(resources.map((r) => [r.spec.id, r]));
  const apply = (id: string, raw: unknown) => {
    const r = byId.get(id)!;
    const item = r.spec.strip(raw);
    if (item) r.sink.upsert(item);
  };
  // Small kinds as JSON objects (they are JSON on a real server too, or tiny).
  for (const o of base) {
    if (o.kind === 'DaemonSet') apply('daemonsets', o);
    else if (o.kind === 'ConfigMap' && (o.metadata.namespace === 'kube-system' || o.metadata.namespace === 'kube-flannel')) {
      apply(`configmaps/${o.metadata.namespace}`, o);
    } else if (o.kind === 'ServiceCIDR') apply('servicecidrs', o);
    else if (o.kind === 'Service' && o.metadata.namespace === 'default' && o.metadata.name === 'kubernetes') apply('kubernetes-service', o);
  }
  const nodeObjects = base.filter((o) => o.kind === 'Node');
  const daemonPods = base.filter((o) => o.kind === 'Pod');
  const podObjects = function*(): Generator<StoredObject> {
    yield* daemonPods;
    yield* cluster.pods();
  };
  base.length = 0;
  let encodeMs = 0;
  let decodeMs = 0;
  let applyMs = 0;
  let bytes = 0;
  let listed = 0;
  for (const [path, objects] of [['/api/v1/nodes', nodeObjects], ['/api/v1/pods', podObjects()]] as const) {
    const kind = protobufKindFor(path)!;
    const r = byId.get(path === '/api/v1/nodes' ? 'nodes' : 'pods')!;
    for (const page of pages(objects, 500)) {
      let t = performance.now();
      const body = Buffer.concat(encodeListParts(kind.listKind.replace(/List$/, ''), { resourceVersion: '1' }, page as unknown as Record<string, unknown>[]));
      encodeMs += performance.now() - t;
      bytes += body.length;
      t = performance.now();
      const items = readList(body, kind.listKind, kind.read).items as unknown[];
      const t2 = performance.now();
      decodeMs += t2 - t;
      for (let i = 0; i < items.length; i++) {
        const item = r.spec.strip(items[i]);
        items[i] = null;
        if (item) r.sink.upsert(item);
      }
      applyMs += performance.now() - t2;
      listed += items.length;
    }
  }
  nodeObjects.length = 0;
  daemonPods.length = 0;
  collect();
  const heapModel = heldBytes() - heapBefore;
  console.log(
    `scale: ${nodes} nodes × ${perNode} pods (+ 2 daemon pods per node) = ${model.nodeNames().length} nodes, ${model.podCount} pods in the model (${listed} objects, ${
      (bytes / 1e6).toFixed(0)
    } MB of protobuf pages)`,
  );
  console.log(
    `load: encode (the lab's share, not Podnet's) ${(encodeMs / 1000).toFixed(1)} s; decode ${(decodeMs / 1000).toFixed(1)} s; strip + apply ${
      (applyMs / 1000).toFixed(1)
    } s`,
  );
  console.log(
    `retained heap + ArrayBuffers of the complete model: ${mb(heapModel)} above the process's before generating (heap + ArrayBuffers after gc: ${
      mb(heldBytes())
    }; the generator's 65,000-entry node list is still held)   (target ≤ 600 MB)`,
  );

  let t = performance.now();
  const findings = model.findings();
  console.log(`findings: ${(performance.now() - t).toFixed(0)} ms → ${findings.length} findings`);

  t = performance.now();
  const levels = nodeGroupLevels(model.nodeNames());
  console.log(
    `tree node groups: ${levels ? levels.map((l) => l.length).join(' → ') : 'flat'} groups per level, top level ${levels?.at(-1)?.length ?? 0} siblings (${
      (performance.now() - t).toFixed(0)
    } ms)`,
  );

  t = performance.now();
  const map = buildMapModel(inputFromClusterModel('bench', model));
  const buildMs = performance.now() - t;
  t = performance.now();
  const wire = encodeModel(map);
  const wireMs = performance.now() - t;
  let buffers = 0;
  const json = JSON.stringify(wire, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      buffers += v.byteLength;
      return null;
    }
    return v;
  }).length;
  console.log(
    `network map (the whole model, not aggregated): build ${buildMs.toFixed(0)} ms + wire ${wireMs.toFixed(0)} ms; payload ${
      (json / 1e6).toFixed(1)
    } MB JSON + ${(buffers / 1e6).toFixed(1)} MB typed arrays   (first frame target ≤ 1 s)`,
  );
  churn(model, arg('rate', 2000), arg('seconds', 5));
  process.exit(0);
}

function churn(model: ClusterModel, rate: number, seconds: number): void {
  const pods: PodInfo[] = [];
  for (const p of model.pods()) {
    if (!p.hostNetwork && p.podIPs.length > 0) pods.push(p);
    if (pods.length === 20_000) break;
  }
  const index = new FindingIndex();
  const overview = new LiveOverview('bench', model);
  const groups = new Map<string, number>();
  (nodeGroupLevels(model.nodeNames())?.[0] ?? []).forEach((g, i) => {
    for (const n of g.names) groups.set(n, i);
  });
  let cursor = model.clock.any;
  index.update(model.findings(), model.clock.changesSince(cursor), (n) => groups.get(n));
  runToEnd(overview.updateSteps());
  const perWindow = Math.round(rate / 10);
  const windows: { applyMs: number; refreshMs: number; floorMs: number }[] = [];
  let next = 0;
  for (let w = 0; w < seconds * 10; w++) {
    const events: string[] = [];
    for (let i = 0; i < perWindow; i++) {
      const p = pods[next++ % pods.length]!;
      events.push(JSON.stringify({ type: i % 2 ? 'MODIFIED' : 'DELETED', object: p }));
    }
    let t = performance.now();
    for (const e of events) JSON.parse(e);
    const floorMs = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < perWindow; i++) {
      const p = pods[(next - perWindow + i) % pods.length]!;
      if (i % 2 === 0) model.deletePod(p.namespace, p.name);
      model.upsertPod(i % 2 ? { ...p, phase: p.phase === 'Running' ? 'Pending' : 'Running' } : p);
    }
    const t2 = performance.now();
    const changes = model.clock.changesSince(cursor);
    cursor = model.clock.any;
    index.update(model.findings(), changes, (n) => groups.get(n));
    runToEnd(overview.updateSteps());
    windows.push({ applyMs: t2 - t, refreshMs: performance.now() - t2, floorMs });
  }
  const sorted = (k: 'applyMs' | 'refreshMs' | 'floorMs') => windows.map((w) => w[k]).sort((a, b) => a - b);
  const worst = (k: 'applyMs' | 'refreshMs' | 'floorMs') => sorted(k).at(-1)!;
  const median = (k: 'applyMs' | 'refreshMs' | 'floorMs') => sorted(k)[Math.floor(windows.length / 2)]!;
  const floor = median('floorMs');
  console.log(
    `churn: ${rate} pod events/s in ${windows.length} windows of 100 ms; per window: apply median ${median('applyMs').toFixed(1)} ms (worst ${
      worst('applyMs').toFixed(1)
    }), refresh median ${median('refreshMs').toFixed(1)} ms (worst ${worst('refreshMs').toFixed(1)}); JSON.parse floor median ${
      floor.toFixed(1)
    } ms → apply+refresh ${
      ((median('applyMs') + median('refreshMs')) / floor).toFixed(2)
    }× the floor (the extension host's 50 ms target is measured by bench/extensionHostChurn.ts)`,
  );
}
