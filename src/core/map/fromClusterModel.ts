// The adapter from the live ClusterModel to the map's input: the blocks that really apply (with
// their source, as the model parsed them), the same used/usable numbers the tree shows, pods by
// primary IP, the model's consistency findings with their nodes and pods as targets, and its
// block overlaps (the map draws them, it does not look for them again).
import type { ClusterModel, NodeView } from '../cluster/clusterModel';
import { blockSourceLabels, isJudged } from '../cluster/podBlock';
import type { MapInput, MapInputBlock, MapInputFinding, MapInputNetwork, MapInputNode, MapInputPod } from './mapInput';
import type { Steps } from '../steps';
import { itemsPerStep, runToEnd } from '../steps';

/** What part of the cluster: every node (default) or some, with their pods or none (the aggregated overview reads none). */
export interface AdapterScope {
  readonly nodes?: readonly string[];
  readonly pods?: boolean;
}

export function inputFromClusterModel(context: string, model: ClusterModel, scope: AdapterScope = {}): MapInput {
  return runToEnd(inputFromClusterModelSteps(context, model, scope));
}

/**
 * Run in slices, the model may take watch events between two steps: a pod may then point at a
 * node already gone (drawn unplaced). The next update, a moment later, is exact again.
 */
export function* inputFromClusterModelSteps(context: string, model: ClusterModel, scope: AdapterScope = {}): Steps<MapInput> {
  const nodes: MapInputNode[] = [];
  const names = scope.nodes ?? model.nodeNames();
  for (const name of names) {
    const view = model.node(name);
    if (!view) continue;
    nodes.push(mapInputNode(view));
    if (nodes.length % 256 === 0) yield;
  }
  const pods: MapInputPod[] = [];
  const source = scope.pods === false ? [] : scope.nodes ? scope.nodes.flatMap((n) => model.podsOn(n)) : model.pods();
  for (const p of source) {
    pods.push({ namespace: p.namespace, name: p.name, ip: p.podIPs[0] ?? '', node: p.nodeName ?? '', hostNetwork: p.hostNetwork });
    if (pods.length % itemsPerStep === 0) yield;
  }
  const findings = yield* clusterFindingsInputSteps(model);
  const all = model.findings();
  return {
    context,
    networks: clusterNetworksInput(model),
    nodes,
    pods,
    findings,
    blockOverlaps: all.flatMap((f) => (f.code === 'node-block-overlap' && f.blocks ? [f.blocks] : [])),
    dataPath: model.dataPath,
  };
}

/** One node as the map reads it. Built without spreads or copies: at 65,000 nodes this is most of the aggregated map's first message. */
export function mapInputNode(view: NodeView): MapInputNode {
  const primary = view.blocks[0]?.family;
  let primaries = 0;
  for (const b of view.blocks) if (b.family === primary) primaries++;
  const blocks: MapInputBlock[] = [];
  for (const b of view.blocks) {
    const block: { -readonly [K in keyof MapInputBlock]: MapInputBlock[K] } = { cidr: b.cidr, source: blockSourceLabels[b.source], parsed: b };
    if (!isJudged(b)) block.guessed = true;
    // One primary block: reuse the tree's counts so both views agree to the address.
    if (primaries === 1 && b.family === primary) {
      block.used = view.used;
      if (view.usable !== undefined) block.usable = String(view.usable);
    }
    blocks.push(block);
  }
  const node: { -readonly [K in keyof MapInputNode]: MapInputNode[K] } = {
    name: view.name,
    internalIPs: view.info?.internalIPs ?? [],
    blocks,
    podCount: view.podCount,
  };
  if (view.info) node.ready = view.info.ready;
  return node;
}

/** The cluster's declared pod and service networks. */
export function clusterNetworksInput(model: ClusterModel): MapInputNetwork[] {
  return [
    ...model.networks.podNetworks.map((n) => ({ cidr: n.cidr, role: 'pod' as const, source: n.source })),
    ...model.networks.serviceNetworks.map((n) => ({ cidr: n.cidr, role: 'service' as const, source: n.source })),
  ];
}

/** The model's consistency findings, their nodes and pods as targets (a pod with its node); sliced, as a big cluster has tens of thousands (one per node when a pod network holds the service range). */
export function* clusterFindingsInputSteps(model: ClusterModel): Steps<MapInputFinding[]> {
  const out: MapInputFinding[] = [];
  for (const f of model.findings()) {
    out.push({
      code: f.code,
      severity: f.severity,
      message: f.message,
      origin: 'cluster',
      targets: f.subjects.map((s) => {
        if (s.kind === 'node') return { kind: 'node', name: s.name };
        const node = model.podNode(s.namespace, s.name);
        return { kind: 'pod', namespace: s.namespace, name: s.name, ...(node ? { node } : {}) };
      }),
    });
    if (out.length % itemsPerStep === 0) yield;
  }
  return out;
}
