// The map of a big cluster (more than AGGREGATE_MAP_ABOVE nodes): the tree's node groups
// (core/cluster/nodeGroups), an overview per group of groups, a plain map per group of nodes
// (those nodes and their pods), and pod search over the whole cluster, since no overview holds pods.
import type { ClusterModel } from '../../core/cluster/clusterModel';
import { nodeGroupLevels } from '../../core/cluster/nodeGroups';
import { buildMapModelSteps } from '../../core/map/buildMapModel';
import { overviewOfSteps } from '../../core/map/buildOverview';
import { inputFromClusterModelSteps } from '../../core/map/fromClusterModel';
import { LiveOverview } from '../../core/map/liveOverview';
import type { ManifestFinding } from '../../core/map/manifestFindings';
import { mapFindingsOf } from '../../core/map/manifestFindings';
import type { FocusRequest, PodMatch } from '../../core/map/mapMessages';
import type { MapGroupRef } from '../../core/map/mapOverview';
import { AGGREGATE_MAP_ABOVE } from '../../core/map/mapOverview';
import { leafGroupOf, resolveScope, scopedInput } from '../../core/map/mapScope';
import { searchPodsSteps } from '../../core/map/podSearch';
import { runSliced } from '../perf/runSliced';
import type { MapView } from './mapSource';

/** Pods listed per search. */
const MATCHES = 20;

export const isBigCluster = (model: ClusterModel): boolean => model.nodeNames().length > AGGREGATE_MAP_ABOVE;

export class AggregatedMap {
  /** The live picture of the cluster the overviews are drawn from (updated by what changed, core/map/liveOverview). */
  private live: LiveOverview | undefined;
  /** The last view built and from what: an unchanged cluster gives the very same object (not sent again). */
  private last: { live: LiveOverview; version: number; key: string; view: MapView } | undefined;

  /** The view of a group (undefined: the whole cluster); a group gone since falls back to the whole cluster. */
  async view(context: string, model: ClusterModel, lint: readonly ManifestFinding[], group?: MapGroupRef): Promise<MapView> {
    const live = await this.liveOf(context, model);
    const manifest = mapFindingsOf(lint, live.targets);
    const manifestKey = JSON.stringify(manifest);
    const { names, levels } = live;
    const leaf = group?.level === 0 ? resolveScope(levels, names, group) : undefined;
    const key = `${manifestKey}\n${group ? `${group.level}/${group.index}` : 'all'}`;
    const last = this.last;
    if (last && last.live === live && last.version === live.version && last.key === key) return last.view;
    const version = live.version;
    let view: MapView;
    if (leaf) {
      const own = await runSliced(inputFromClusterModelSteps(context, model, { nodes: leaf.names }));
      const input = scopedInput({ ...own, findings: [...own.findings, ...manifest] }, live.networks);
      view = { kind: 'model', model: await runSliced(buildMapModelSteps(input)), scope: leaf.scope };
    } else {
      const base = live.base;
      const withManifest = { ...base, findings: [...base.findings, ...manifest] };
      const overview = (await runSliced(overviewOfSteps(withManifest, levels, group))) ?? (await runSliced(overviewOfSteps(withManifest, levels)));
      if (!overview) throw new Error('a cluster of more than 200 nodes has node groups');
      view = { kind: 'overview', overview };
    }
    this.last = { live, version, key, view };
    return view;
  }

  /** The group of nodes a node (or a pod's node) is in. */
  groupOf(model: ClusterModel, focus: FocusRequest): MapGroupRef | undefined {
    const node = focus.kind === 'node' ? focus.name : model.podNode(focus.namespace, focus.name);
    if (node === undefined) return undefined;
    const names = model.nodeNames();
    // The live picture's groups when it is of this node list (focus comes after the map was drawn).
    const live = this.live?.model === model && this.live.names === names ? this.live : undefined;
    return leafGroupOf(live?.levels ?? nodeGroupLevels(names) ?? [], names.indexOf(node));
  }

  /** Pods anywhere in the cluster, ranked as the packet-path box ranks them (core/map/podSearch). */
  async searchPods(model: ClusterModel, query: string): Promise<PodMatch[]> {
    const found = await runSliced(searchPodsSteps(model.pods(), (p) => p.podIPs[0] ?? '', query, MATCHES));
    return found.map((p) => ({ namespace: p.namespace, name: p.name, ip: p.podIPs[0] ?? '', node: p.nodeName ?? '' }));
  }

  private async liveOf(context: string, model: ClusterModel): Promise<LiveOverview> {
    if (this.live?.model !== model || this.live.context !== context) this.live = new LiveOverview(context, model);
    const live = this.live;
    await runSliced(live.updateSteps());
    return live;
  }
}
