// The adapter from the live ClusterModel to the map's input: the blocks that really apply (with
// their source, as the model parsed them), the same used/usable numbers the tree shows, pods by
// primary IP, the model's consistency findings with their nodes and pods as targets, and its
// block overlaps (the map draws them, it does not look for them again).
import type { ClusterModel } from '../cluster/clusterModel';
import { blockSourceLabels, isJudged } from '../cluster/podBlock';
import type { MapInput, MapInputFinding, MapInputNode, MapInputPod } from './mapInput';
import type { Steps } from '../steps';
import { itemsPerStep, runToEnd } from '../steps';

export function inputFromClusterModel(context: string, model: ClusterModel): MapInput {
  return runToEnd(inputFromClusterModelSteps(context, model));
}

/**
 * Run in slices, the model may take watch events between two steps: a pod may then point at a
 * node already gone (drawn unplaced). The next update, a moment later, is exact again.
 */
export function* inputFromClusterModelSteps(context: string, model: ClusterModel): Steps<MapInput> {
  const nodes: MapInputNode[] = [];
  for (const view of model.nodes()) {
    const primary = view.blocks[0]?.family;
    const primaries = view.blocks.filter((b) => b.family === primary);
    nodes.push({
      name: view.name,
      internalIPs: [...(view.info?.internalIPs ?? [])],
      ...(view.info ? { ready: view.info.ready } : {}),
      blocks: view.blocks.map((b) => ({
        cidr: b.cidr,
        source: blockSourceLabels[b.source],
        parsed: b,
        ...(isJudged(b) ? {} : { guessed: true }),
        // One primary block: reuse the tree's counts so both views agree to the address.
        ...(primaries.length === 1 && b === primaries[0] ? { used: view.used, ...(view.usable !== undefined ? { usable: String(view.usable) } : {}) } : {}),
      })),
    });
    if (nodes.length % 256 === 0) yield;
  }
  const pods: MapInputPod[] = [];
  for (const p of model.pods()) {
    pods.push({ namespace: p.namespace, name: p.name, ip: p.podIPs[0] ?? '', node: p.nodeName ?? '', hostNetwork: p.hostNetwork });
    if (pods.length % itemsPerStep === 0) yield;
  }
  const all = model.findings();
  const findings: MapInputFinding[] = all.map((f) => ({
    code: f.code,
    severity: f.severity,
    message: f.message,
    origin: 'cluster',
    targets: f.subjects.map((s) => (s.kind === 'node' ? { kind: 'node', name: s.name } : { kind: 'pod', namespace: s.namespace, name: s.name })),
  }));
  return {
    context,
    networks: [
      ...model.networks.podNetworks.map((n) => ({ cidr: n.cidr, role: 'pod' as const, source: n.source })),
      ...model.networks.serviceNetworks.map((n) => ({ cidr: n.cidr, role: 'service' as const, source: n.source })),
    ],
    nodes,
    pods,
    findings,
    blockOverlaps: all.flatMap((f) => (f.code === 'node-block-overlap' && f.blocks ? [f.blocks] : [])),
    dataPath: model.dataPath,
  };
}
