// The tree's wording that needs no `vscode` (unit-tested as is): node descriptions that mark
// guessed blocks as guesses, pod badges and their legend, container lists without "app (app)".
import type { ContainerInfo } from '../../core/cluster/clusterTypes';
import type { NodeView } from '../../core/cluster/clusterModel';
import { isJudged } from '../../core/cluster/podBlock';
import type { LiveComparison } from '../../core/lint/lintEngine';

/** Blocks Podnet derived from the node's pod IPs (no object states them): shown as guesses. */
export const guessedFromPodIps = 'guessed from pod IPs';

export function nodeBlockText(view: NodeView): string {
  const family = view.blocks[0]?.family;
  const primary = view.blocks.filter((b) => b.family === family);
  if (primary.length === 0) return 'no block';
  const guessed = primary.every((b) => !isJudged(b));
  return `${primary.map((b) => b.cidr).join(', ')}${guessed ? ` (${guessedFromPodIps})` : ''}`;
}

export function nodeDescription(view: NodeView): string {
  const ip = view.info?.internalIPs[0] ?? '?';
  return `${ip} · ${nodeBlockText(view)} · ${view.used}/${view.usable ?? '?'}`;
}

export interface PodBadge {
  /** "H", "2", "H2", "9+", "H+". */
  readonly text: string;
  /** What this badge means. */
  readonly meaning: string;
}

/** The badge a pod gets: H for hostNetwork, the count of containers sharing its network namespace when more than one. */
export function podBadge(hostNetwork: boolean, containers: number): PodBadge | undefined {
  const multi = containers > 1;
  if (!hostNetwork && !multi) return undefined;
  const count = containers > 9 ? '+' : String(containers);
  const text = hostNetwork ? (multi ? `H${count}` : 'H') : containers > 9 ? '9+' : count;
  const parts = [hostNetwork ? "hostNetwork: uses the node's IP" : '', multi ? `${containers} containers sharing the pod's network namespace` : ''];
  return { text, meaning: parts.filter(Boolean).join(' · ') };
}

/** Said in a pod's tooltip: every badge the tree can show. */
export const podBadgeLegend =
  'Badges: H = hostNetwork (the node’s IP), a number = containers sharing the pod’s network namespace, H2 = both, 9+ = more than nine';

/** "web, envoy (sidecar), setup (init)": app containers need no kind. */
export function containerList(containers: readonly ContainerInfo[]): string {
  return containers.map((c) => (c.kind === 'app' ? c.name : `${c.name} (${c.kind})`)).join(', ') || 'none';
}

/** The status bar's tooltip title, by connection state: a warning sign only when something is wrong. */
export function statusTitleIcon(kind: string, limited: boolean): string {
  if (kind === 'connected') return limited ? 'lock' : 'pass';
  if (kind === 'connecting') return 'sync';
  if (kind === 'idle') return 'debug-disconnect';
  if (kind === 'no-kubeconfig' || kind === 'no-context' || kind === 'invalid-kubeconfig') return 'warning';
  return 'error';
}

/** The Cluster row's "Manifests" line: which workspace manifests the live lint rules compared with. */
export function manifestComparisonText(c: LiveComparison): { description: string; rows: [string, string][] } | undefined {
  if (c.clusters.length === 0) return undefined;
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  if (c.byName) {
    const names = c.clusters.map((x) => x.name).join(', ');
    return {
      description: `cluster ${names} · ${files(c.clusters.reduce((n, x) => n + x.files, 0))}`,
      rows: [
        ['Compared with', `the workspace manifests of cluster ${names}, named like context ${c.context}`],
        ...c.clusters.map((x): [string, string] => [x.name, files(x.files)]),
      ],
    };
  }
  return {
    description: `every manifest cluster (none is named ${c.context})`,
    rows: [
      ['Compared with', `every cluster of the workspace manifests: none is named ${c.context} (or kind-${c.context.replace(/^kind-/, '')})`],
      ...c.clusters.map((x): [string, string] => [x.name, files(x.files)]),
    ],
  };
}
