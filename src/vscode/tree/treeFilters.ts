// What the tree hides: namespaces, hostNetwork pods. Changing a filter refreshes the whole tree.
import type { PodInfo } from '../../core/cluster/clusterTypes';

export class TreeFilters {
  namespaces: ReadonlySet<string> | undefined;
  hideHostNetwork = false;

  accepts(pod: PodInfo): boolean {
    if (this.hideHostNetwork && pod.hostNetwork) return false;
    return !this.namespaces || this.namespaces.has(pod.namespace);
  }

  get active(): boolean {
    return this.hideHostNetwork || this.namespaces !== undefined;
  }

  describe(): string {
    const parts: string[] = [];
    if (this.namespaces) parts.push(`namespaces: ${[...this.namespaces].join(', ') || 'none'}`);
    if (this.hideHostNetwork) parts.push('hostNetwork pods hidden');
    return parts.join(' · ');
  }
}
