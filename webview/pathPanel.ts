// The packet path between two pods, as an ordered list of hops, with what would go wrong.
import type { MapTarget, NetworkMapModel } from '../src/core/map/mapModel';
import type { PacketPath } from '../src/core/map/packetPath';
import { append, button, clear, el } from './dom';

export interface PathCallbacks {
  clear(): void;
  findPod(query: string): void;
  goTo(target: MapTarget): void;
}

export class PathPanel {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly input: HTMLInputElement;

  constructor(private readonly cb: PathCallbacks) {
    this.input = el('input', { class: 'pod-search', attrs: { type: 'search', placeholder: 'namespace/pod or pod IP, Enter', 'aria-label': 'Pick a pod for the packet path by name or IP' } });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && this.input.value.trim() !== '') {
        this.cb.findPod(this.input.value.trim());
        this.input.value = '';
      }
    });
    this.body = el('div', { class: 'path-body', attrs: { 'aria-live': 'polite' } });
    this.root = el('section', { class: 'path', attrs: { 'aria-label': 'Packet path' } }, el('div', { class: 'path-head' }, el('strong', {}, 'Packet path'), this.input), this.body);
  }

  render(model: NetworkMapModel, from: number | undefined, to: number | undefined, path: PacketPath | undefined, note?: string): void {
    clear(this.body);
    const name = (i: number | undefined) => (i === undefined ? '—' : `${model.pods[i].namespace}/${model.pods[i].name}`);
    append(this.body, el('p', {}, `From ${name(from)} to ${name(to)} `, from !== undefined ? button('Clear path', () => this.cb.clear(), { class: 'link' }) : undefined));
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
        ...path.hops.map((h) => {
          const target = h.target;
          const label = target ? button(`${h.label}: show it`, () => this.cb.goTo(target), { class: 'link hop-label' }, h.label) : el('span', { class: 'hop-label' }, h.label);
          return el('li', { class: `hop hop-${h.kind}` }, label, el('span', { class: 'hop-detail' }, ` ${h.detail}`));
        }),
      ),
      ...path.problems.map((p) => el('p', { class: 'problem', attrs: { role: 'alert' } }, p)),
    );
    if (path.problems.length === 0) append(this.body, el('p', { class: 'ok' }, 'Delivered without NAT.'));
  }
}
