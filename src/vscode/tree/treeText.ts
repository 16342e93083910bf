// The tree's wording that needs no `vscode` (unit-tested as is): node descriptions that mark
// guessed blocks as guesses, pod badges and their legend, container lists without "app (app)".
import type { ContainerInfo } from '../../core/cluster/clusterTypes';
import type { NodeView } from '../../core/cluster/clusterModel';

/** Blocks Podnet derived from the node's pod IPs (no object states them): shown as guesses. */
export const guessedFromPodIps = 'guessed from pod IPs';

export function nodeBlockText(view: NodeView): string {
  const family = view.blocks[0]?.family;
  const primary = view.blocks.filter((b) => b.family === family);
  if (primary.length === 0) return 'no block';
  const guessed = primary.every((b) => b.source === 'derived-pod-ips');
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
export const podBadgeLegend = 'Badges: H = hostNetwork (the node’s IP), a number = containers sharing the pod’s network namespace, H2 = both, 9+ = more than nine';

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
