// The cluster model at 65,000 nodes / ~1,000,000 pods, loaded over the protobuf path WITHOUT the
// lab's HTTP server (which cannot hold a million stored pods on this machine): the scale
// scenario's objects, generated one at a time (src/lab/scenarios/scaleScenario.ts), are encoded
// as the lab encodes its protobuf list pages (500 per page) and each page is decoded by Podnet's
// decoder (src/kube/protobuf), stripped and applied to the model as ListWatch does. Prints:
//   - retained heap of the complete model (--expose-gc; process.memoryUsage after load; target ≤ 600 MB)
//   - computeFindings time on it
//   - the tree's node-group levels (siblings per level)
//   - the network map: model build + wire encoding time and the postMessage payload size
// Baseline in the same run: the same pages only decoded (no strip, no model), for the load time.
// Usage: node --expose-gc --import tsx bench/scaleModel.ts [--nodes 65000] [--pods-per-node 15]
import { performance } from 'node:perf_hooks';
import { ClusterModel } from '../src/core/cluster/clusterModel';
import { nodeGroupLevels } from '../src/core/cluster/nodeGroups';
import { buildMapModel } from '../src/core/map/buildMapModel';
import { inputFromClusterModel } from '../src/core/map/fromClusterModel';
import { encodeModel } from '../src/core/map/mapWire';
import { clusterResources } from '../src/kube/clusterResources';
import { protobufKindFor } from '../src/kube/protobuf/negotiation';
import { readList } from '../src/kube/protobuf/k8sProtobuf';
import { encodeListParts } from '../src/lab/api/protobufEncoding';
import { scaleCluster } from '../src/lab/scenarios/scaleScenario';
import type { StoredObject } from '../src/lab/store/storedObject';

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
  const heapBefore = process.memoryUsage().heapUsed;
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
  const heapModel = process.memoryUsage().heapUsed - heapBefore;
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
    `retained heap of the complete model: ${mb(heapModel)} above the process's heap before generating (heapUsed after gc: ${
      mb(process.memoryUsage().heapUsed)
    }; the generator's 65,000-entry node list is still held)   (target ≤ 600 MB)`,
  );

  let t = performance.now();
  const findings = model.findings();
  console.log(`computeFindings: ${(performance.now() - t).toFixed(0)} ms → ${findings.length} findings`);

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
  process.exit(0);
}
