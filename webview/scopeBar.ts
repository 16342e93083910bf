// A big cluster's way around: where the view is among the node groups (each level back is a
// button) and a search over every pod of the cluster, which the host answers (no view holds them).
import type { PodMatch } from '../src/core/map/mapMessages';
import { MAX_QUERY_LENGTH } from '../src/core/map/mapMessages';
import type { MapGroupRef, MapScope } from '../src/core/map/mapOverview';
import { append, button, clear, el } from './dom';

export interface ScopeCallbacks {
  openScope(group: MapGroupRef | undefined): void;
  searchPods(query: string): void;
  openPod(namespace: string, name: string): void;
}

/** Keystrokes closer together than this are one search. */
const SEARCH_DELAY_MS = 200;

export class ScopeBar {
  readonly root: HTMLElement;
  private readonly trail: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly results: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly cb: ScopeCallbacks) {
    this.trail = el('nav', { class: 'scope-trail', attrs: { 'aria-label': 'Node groups' } });
    this.input = el('input', {
      class: 'scope-search',
      attrs: {
        type: 'search',
        placeholder: 'Find a pod anywhere in the cluster (namespace/name, name or IP)',
        'aria-label': 'Find a pod in the cluster',
        maxlength: String(MAX_QUERY_LENGTH),
      },
    });
    this.results = el('ul', { class: 'scope-results', attrs: { 'aria-label': 'Pods found' } });
    this.root = el('div', { class: 'scope-bar', attrs: { hidden: '' } }, this.trail, this.input, this.results);
    this.input.addEventListener('input', () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.search(), SEARCH_DELAY_MS);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.search();
    });
  }

  /** Shown for a big cluster's views only (undefined: a plain map of a small cluster). */
  render(scope: MapScope | undefined): void {
    clear(this.trail);
    if (!scope) {
      this.root.setAttribute('hidden', '');
      return;
    }
    this.root.removeAttribute('hidden');
    for (const p of scope.parents) {
      append(
        this.trail,
        button(p.label, () => this.cb.openScope(p.group), { class: 'link' }),
        el('span', { class: 'hint' }, ' › '),
      );
    }
    append(this.trail, el('strong', { attrs: { 'aria-current': 'location' } }, scope.label));
  }

  /** The host's answer; an answer to an older query than the box holds is dropped. */
  showMatches(query: string, pods: readonly PodMatch[]): void {
    if (query !== this.input.value.trim()) return;
    clear(this.results);
    if (pods.length === 0) {
      append(this.results, el('li', { class: 'hint' }, `No pod matches "${query}".`));
      return;
    }
    for (const p of pods) {
      append(
        this.results,
        el(
          'li',
          {},
          button(`${p.namespace}/${p.name}`, () => this.cb.openPod(p.namespace, p.name), { class: 'link' }),
          el('span', { class: 'hint' }, ` ${p.ip || 'no IP'} · ${p.node || 'unscheduled'}`),
        ),
      );
    }
  }

  private search(): void {
    const q = this.input.value.trim();
    clear(this.results);
    if (q !== '') this.cb.searchPods(q);
  }
}
