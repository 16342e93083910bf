// kind's kubeadmConfigPatchesJSON6902: RFC 6902 operations on the kubeadm config kind generates.
// The values that `add` and `replace` operations write are gathered into one tree shaped like the
// patched object, so the kubeadm extractors read each value where its operation puts it, at its own
// position. `remove`, `move`, `copy` and `test` write no value of their own and add nothing.
import type { YNode } from '../yamlTree';
import { get, items, str } from '../yamlTree';

interface Draft {
  readonly pairs: Map<string, Draft | YNode>;
  readonly items: (Draft | YNode)[];
  isSeq: boolean;
}

const draft = (): Draft => ({ pairs: new Map(), items: [], isSeq: false });
const isDraft = (n: Draft | YNode): n is Draft => (n as Draft).pairs instanceof Map;
/** An array position (RFC 6901): an index, or `-` for the end. */
const isIndex = (segment: string) => segment === '-' || /^\d+$/.test(segment);

/** The tree the operations write, or undefined when none writes a value (or `ops` is not a list of operations). */
export function json6902Tree(ops: YNode, at: YNode): YNode | undefined {
  const root = draft();
  let wrote = false;
  for (const op of items(ops)) {
    const kind = str(get(op, 'op'));
    const path = str(get(op, 'path'));
    const value = get(op, 'value');
    if ((kind !== 'add' && kind !== 'replace') || path === undefined || !path.startsWith('/') || value === undefined) continue;
    const segments = path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let parent = root;
    segments.slice(0, -1).forEach((segment, i) => {
      const next = isIndex(segments[i + 1]);
      const existing = parent.isSeq ? undefined : parent.pairs.get(segment);
      const child = existing && isDraft(existing) ? existing : draft();
      child.isSeq ||= next;
      if (parent.isSeq) parent.items.push(child);
      else parent.pairs.set(segment, child);
      parent = child;
    });
    const last = segments[segments.length - 1];
    if (parent.isSeq || isIndex(last)) parent.items.push(value);
    else parent.pairs.set(last, value);
    wrote = true;
  }
  return wrote ? freeze(root, at) : undefined;
}

function freeze(d: Draft, at: YNode): YNode {
  const node = (n: Draft | YNode): YNode => (isDraft(n) ? freeze(n, at) : n);
  if (d.isSeq) return { kind: 'seq', start: at.start, end: at.end, items: d.items.map(node) };
  return {
    kind: 'map',
    start: at.start,
    end: at.end,
    pairs: [...d.pairs].map(([keyText, value]) => ({ key: at, keyText, value: node(value) })),
  };
}
