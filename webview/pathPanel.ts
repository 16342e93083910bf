// The packet path between two pods, as an ordered list of hops, with what would go wrong. The
// search box completes pods by name or IP as you type (core/map/podSearch).
import type { MapTarget, NetworkMapModel } from '../src/core/map/mapModel';
import type { PacketPath } from '../src/core/map/packetPath';
import { matchPods } from '../src/core/map/podSearch';
import { append, button, clear, el } from './dom';

export interface PathCallbacks {
  clear(): void;
  /** A pod picked from the completions (index), or a query with no completion (shown as not found). */
  pickPod(pod: number): void;
  notFound(query: string): void;
  goTo(target: MapTarget): void;
}

const SUGGESTIONS = 12;

export class PathPanel {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly suggestions: HTMLElement;
  private model: NetworkMapModel | undefined;
  private matches: number[] = [];
  private active = 0;

  /** `search: false`: a path shown for something else (a check's failing pair), no pod picking. */
  constructor(
    private readonly cb: PathCallbacks,
    opts: { readonly search?: boolean; readonly title?: string; readonly className?: string } = {},
  ) {
    this.suggestions = el('ul', { class: 'suggestions', attrs: { role: 'listbox', id: 'pod-suggestions', 'aria-label': 'Matching pods', hidden: '' } });
    this.input = el('input', {
      class: 'pod-search',
      attrs: {
        type: 'search',
        placeholder: 'pod name, namespace/name or IP (prefix or part)',
        'aria-label': 'Pick a pod for the packet path by name or IP',
        role: 'combobox',
        'aria-autocomplete': 'list',
        'aria-controls': 'pod-suggestions',
        'aria-expanded': 'false',
        autocomplete: 'off',
      },
    });
    this.input.addEventListener('input', () => this.complete());
    this.input.addEventListener('keydown', (e) => this.key(e));
    this.input.addEventListener('blur', () => setTimeout(() => this.hideSuggestions(), 150));
    this.body = el('div', { class: 'path-body', attrs: { 'aria-live': 'polite' } });
    const title = opts.title ?? 'Packet path';
    this.root = el(
      'section',
      { class: opts.className ?? 'path', attrs: { 'aria-label': title } },
      el(
        'div',
        { class: 'path-head' },
        el('strong', {}, title),
        opts.search === false ? undefined : el('div', { class: 'search-box' }, this.input, this.suggestions),
      ),
      this.body,
    );
  }

  private complete(): void {
    const m = this.model;
    this.matches = m ? matchPods(m.pods, this.input.value, SUGGESTIONS) : [];
    this.active = 0;
    this.drawSuggestions();
  }

  private drawSuggestions(): void {
    const m = this.model;
    clear(this.suggestions);
    if (!m || this.matches.length === 0) {
      this.hideSuggestions();
      return;
    }
    append(
      this.suggestions,
      ...this.matches.map((i, k) => {
        const p = m.pods[i];
        const li = el(
          'li',
          { class: `suggestion${k === this.active ? ' active' : ''}`, attrs: { role: 'option', 'aria-selected': String(k === this.active) } },
          `${p.namespace}/${p.name}`,
          el('span', { class: 'ip' }, ` ${p.ip || 'no IP'}`),
        );
        li.addEventListener('mousedown', (e) => {
          e.preventDefault();
          this.pick(i);
        });
        return li;
      }),
    );
    this.suggestions.removeAttribute('hidden');
    this.input.setAttribute('aria-expanded', 'true');
  }

  private hideSuggestions(): void {
    this.suggestions.setAttribute('hidden', '');
    this.input.setAttribute('aria-expanded', 'false');
  }

  private key(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (this.matches.length === 0) return;
      e.preventDefault();
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : this.matches.length - 1)) % this.matches.length;
      this.drawSuggestions();
    } else if (e.key === 'Escape') {
      this.hideSuggestions();
    } else if (e.key === 'Enter' && this.input.value.trim() !== '') {
      if (this.matches.length === 0) this.complete();
      const i = this.matches[this.active];
      if (i === undefined) this.cb.notFound(this.input.value.trim());
      else this.pick(i);
    }
  }

  private pick(pod: number): void {
    this.input.value = '';
    this.matches = [];
    this.hideSuggestions();
    this.cb.pickPod(pod);
  }

  /** `failingHop`: the hop a connectivity check's failure most likely happened at (marked, and said). */
  render(model: NetworkMapModel, from: number | undefined, to: number | undefined, path: PacketPath | undefined, note?: string, failingHop?: number): void {
    this.model = model;
    clear(this.body);
    const name = (i: number | undefined) => (i === undefined ? '—' : `${model.pods[i].namespace}/${model.pods[i].name}`);
    append(
      this.body,
      el(
        'p',
        {},
        `From ${name(from)} to ${name(to)} `,
        from !== undefined && failingHop === undefined
          ? button('Clear path', () => this.cb.clear(), { class: 'link' })
          : undefined,
      ),
    );
    if (note) append(this.body, el('p', { class: 'problem' }, note));
    if (from === undefined) {
      append(this.body, el('p', { class: 'hint' }, 'Pick a source pod, then a destination pod.'));
      return;
    }
    if (!path) {
      append(this.body, el('p', { class: 'hint' }, 'Now pick the destination pod.'));
      return;
    }
    append(
      this.body,
      el(
        'ol',
        { class: 'hops', attrs: { 'aria-label': 'Hops' } },
        ...path.hops.map((h, i) => {
          const target = h.target;
          const label = target
            ? button(`${h.label}: show it`, () => this.cb.goTo(target), { class: 'link hop-label' }, h.label)
            : el('span', { class: 'hop-label' }, h.label);
          const failing = i === failingHop;
          return el(
            'li',
            {
              class: `hop hop-${h.kind}${h.inferred ? ' inferred' : ''}${failing ? ' hop-failing' : ''}`,
              title: h.inferred ? 'inferred from the CNI and its settings, not read from the node' : '',
              ...(failing ? { attrs: { 'aria-current': 'step' } } : {}),
            },
            failing ? el('span', { class: 'failing-tag' }, '✗ likely fails here: ') : undefined,
            label,
            el('span', { class: 'hop-detail' }, ` ${h.detail}`),
            h.inferred ? el('span', { class: 'inferred-tag' }, ' (inferred)') : undefined,
          );
        }),
      ),
      ...path.problems.map((p) => el('p', { class: 'problem', attrs: { role: 'alert' } }, p)),
    );
    if (path.problems.length === 0 && failingHop === undefined) append(this.body, el('p', { class: 'ok' }, path.verdict));
  }
}
