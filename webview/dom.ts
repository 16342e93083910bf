// DOM building without innerHTML: every string becomes a text node, so a pod called
// "<img src=x onerror=…>" is shown, never parsed. Event-handler attributes are refused outright.
type Child = Node | string | undefined | false;

export interface Props {
  readonly class?: string;
  readonly title?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly onClick?: (e: MouseEvent) => void;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.title !== undefined) node.title = props.title;
  for (const [k, v] of Object.entries(props.attrs ?? {})) {
    if (/^on/i.test(k) || k.toLowerCase() === 'style' || k.toLowerCase() === 'srcdoc') throw new Error(`refusing attribute ${k}`);
    node.setAttribute(k, v);
  }
  if (props.onClick) node.addEventListener('click', props.onClick as EventListener);
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** A focusable element that acts on click, Enter and Space. */
export function button(label: string, onActivate: () => void, props: Props = {}, ...children: Child[]): HTMLButtonElement {
  const b = el('button', { ...props, attrs: { type: 'button', ...props.attrs } }, ...(children.length > 0 ? children : [label]));
  if (children.length > 0) b.setAttribute('aria-label', label);
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    onActivate();
  });
  return b;
}
