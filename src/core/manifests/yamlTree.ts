// YAML documents as a small position-keeping tree, built from js-yaml's `listener` events (open and
// close carry the parser position). js-yaml stays the parser of record; this only remembers where
// each node sits. An alias is the anchored node itself (shared, never copied), and merge keys
// (`<<: *base`) add the anchored map's pairs, so ranges reached through them are read at the
// anchor's position. Alias bombs cannot expand: once aliases would stand for more than
// MAX_ALIAS_NODES nodes, the rest stay leaves and the parse says so.
import { load } from 'js-yaml';
import type { ScalarStyle } from './scalarDecode';
import { scalarStyleAt } from './scalarDecode';

export interface YScalar {
  readonly kind: 'scalar';
  readonly value: unknown;
  readonly start: number;
  readonly end: number;
  readonly style: ScalarStyle;
}
export interface YMap {
  readonly kind: 'map';
  readonly start: number;
  readonly end: number;
  readonly pairs: readonly YPair[];
}
export interface YSeq {
  readonly kind: 'seq';
  readonly start: number;
  readonly end: number;
  readonly items: readonly YNode[];
}
export interface YAlias {
  readonly kind: 'alias';
  readonly start: number;
  readonly end: number;
  readonly name?: string;
}
export type YNode = YScalar | YMap | YSeq | YAlias;
export interface YPair {
  readonly key: YNode;
  readonly keyText: string;
  readonly value: YNode | undefined;
}

export interface YamlParse {
  readonly root: YNode | undefined;
  /** js-yaml's message and the offset it points at, when the text does not parse. */
  readonly error?: { readonly message: string; readonly offset: number };
  /** Set when aliases stood for more than MAX_ALIAS_NODES nodes and the rest were not followed. */
  readonly aliasesCut?: { readonly offset: number };
}

interface Frame {
  open: number;
  close: number;
  kind: string | null;
  result: unknown;
  anchor: string | null;
  children: Frame[];
}
interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
  anchor?: string | null;
}

const MAX_DEPTH = 200;
/** A frame's children until its first child (most frames are scalars): no array per node. */
const NO_CHILDREN: Frame[] = Object.freeze([]) as unknown as Frame[];
/** Nodes all resolved aliases of one document may stand for (a billion-laughs document stops here). */
export const MAX_ALIAS_NODES = 200_000;

/** Parses ONE document (the caller splits at `---`); positions are offsets into `text`. */
export function parseYamlDocument(text: string): YamlParse {
  const stack: Frame[] = [];
  const roots: Frame[] = [];
  const listener = (event: 'open' | 'close', st: ListenerState): void => {
    if (event === 'open') {
      stack.push({ open: st.position, close: st.position, kind: null, result: null, anchor: null, children: NO_CHILDREN });
      return;
    }
    let f = stack.pop();
    if (!f) return;
    f.kind = st.kind;
    f.result = st.result;
    f.close = st.position;
    f.anchor = st.anchor ?? null;
    // A failed implicit-key attempt leaves an empty frame: drop it.
    if (f.kind === null && f.result == null && f.children.length === 0) return;
    // js-yaml nests a frame around the same node (value position, then the node): keep the inner one.
    while (f.children.length === 1 && f.children[0].kind === f.kind && f.children[0].result === f.result) {
      const anchor = f.anchor;
      f = f.children[0];
      f.anchor ??= anchor;
    }
    if (!stack.length) roots.push(f);
    else {
      const parent = stack[stack.length - 1];
      if (parent.children === NO_CHILDREN) parent.children = [f];
      else parent.children.push(f);
    }
  };
  try {
    load(text, { listener, maxDepth: MAX_DEPTH } as Parameters<typeof load>[1]);
  } catch (error) {
    const mark = (error as { mark?: { position?: number } }).mark;
    const message = (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : String(error));
    return { root: undefined, error: { message, offset: Math.min(text.length, mark?.position ?? 0) } };
  }
  if (!roots.length) return { root: undefined };
  const builder = new TreeBuilder(text);
  const root = builder.node(roots[roots.length - 1], 0);
  return builder.cutAt === undefined ? { root } : { root, aliasesCut: { offset: builder.cutAt } };
}

/** Only whether the document parses (no listener, no tree): for documents that hold no range. */
export function yamlSyntaxError(text: string): { message: string; offset: number } | undefined {
  try {
    load(text, { maxDepth: MAX_DEPTH } as Parameters<typeof load>[1]);
    return undefined;
  } catch (error) {
    const mark = (error as { mark?: { position?: number } }).mark;
    const message = (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : String(error));
    return { message, offset: Math.min(text.length, mark?.position ?? 0) };
  }
}

function contentStart(src: string, pos: number): number {
  let i = pos;
  for (;;) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      const nl = src.indexOf('\n', i);
      if (nl < 0) return src.length;
      i = nl + 1;
      continue;
    }
    if ((c === '!' || c === '&') && i < src.length) {
      while (i < src.length && !/\s/.test(src[i])) i++;
      continue;
    }
    return i;
  }
}

const aliasName = (src: string, at: number): string => /^\*([^\s,[\]{}]+)/.exec(src.slice(at, at + 1024))?.[1] ?? '';

class TreeBuilder {
  private readonly anchors = new Map<string, YNode>();
  /** Each node's size with its aliases expanded, to charge an alias what it stands for. */
  private readonly sizes = new WeakMap<YNode, number>();
  private expanded = 0;
  cutAt: number | undefined;
  /** Without an anchor (`&`) there can be no alias: skip the bookkeeping (most documents). */
  private readonly tracking: boolean;

  constructor(private readonly src: string) {
    this.tracking = src.includes('&');
  }

  node(f: Frame, depth: number): YNode {
    const src = this.src;
    const start = Math.min(contentStart(src, f.open), Math.max(f.open, f.close));
    let n: YNode;
    let size = 1;
    if (depth > MAX_DEPTH) n = { kind: 'alias', start, end: f.close };
    else if (f.kind === 'scalar') n = { kind: 'scalar', value: f.result, start, end: f.close, style: scalarStyleAt(src, start) };
    else if (f.kind === 'sequence') {
      const items = f.children.map((c) => this.node(c, depth + 1));
      if (this.tracking) { for (const i of items) size += this.size(i); }
      n = { kind: 'seq', start, end: f.close, items };
    } else if (f.kind === 'mapping') {
      const pairs = this.pairs(f, depth);
      if (this.tracking) { for (const p of pairs) size += this.size(p.key) + (p.value ? this.size(p.value) : 0); }
      n = { kind: 'map', start, end: f.close, pairs };
    } else return this.alias(f, start);
    if (this.tracking) {
      this.sizes.set(n, size);
      if (f.anchor) this.anchors.set(f.anchor, n);
    }
    return n;
  }

  private size(n: YNode): number {
    return this.sizes.get(n) ?? 1;
  }

  private alias(f: Frame, start: number): YNode {
    const name = aliasName(this.src, start);
    const leaf: YAlias = { kind: 'alias', start, end: f.close, name };
    const target = this.anchors.get(name);
    if (!target) return leaf;
    const size = this.size(target);
    if (this.expanded + size > MAX_ALIAS_NODES) {
      this.cutAt ??= start;
      return leaf;
    }
    this.expanded += size;
    return target;
  }

  private pairs(f: Frame, depth: number): YPair[] {
    const src = this.src;
    const result = (f.result ?? {}) as Record<string, unknown>;
    const own: YPair[] = [];
    const merges: YNode[] = [];
    const ch = f.children;
    for (let i = 0; i < ch.length;) {
      const key = ch[i];
      const keyText = String(key.result);
      const value = ch[i + 1];
      // A plain `<<` key is a merge: js-yaml folds the source's keys into the result instead.
      if (keyText === '<<' && key.kind === 'scalar' && value !== undefined && src[contentStart(src, key.open)] === '<') {
        merges.push(this.node(value, depth + 1));
        i += 2;
        continue;
      }
      const matches = value !== undefined && Object.prototype.hasOwnProperty.call(result, keyText) &&
        (result[keyText] === value.result || (Number.isNaN(result[keyText]) && Number.isNaN(value.result)));
      own.push({ key: this.node(key, depth + 1), keyText, value: matches ? this.node(value, depth + 1) : undefined });
      i += matches ? 2 : 1;
    }
    if (!merges.length) return own;
    // Explicit keys win over merged ones, and earlier merge sources over later ones (YAML merge key spec).
    const present = new Set(own.map((p) => p.keyText));
    const merged: YPair[] = [];
    for (const m of merges) {
      for (const source of m.kind === 'seq' ? m.items : [m]) {
        for (const p of pairsOf(source)) {
          if (present.has(p.keyText)) continue;
          present.add(p.keyText);
          merged.push(p);
        }
      }
    }
    return [...merged, ...own];
  }
}

// Small accessors extractors use.
export function get(node: YNode | undefined, key: string): YNode | undefined {
  if (node?.kind !== 'map') return undefined;
  for (let i = node.pairs.length - 1; i >= 0; i--) if (node.pairs[i].keyText === key) return node.pairs[i].value;
  return undefined;
}
export function getPath(node: YNode | undefined, ...keys: string[]): YNode | undefined {
  let n = node;
  for (const k of keys) n = get(n, k);
  return n;
}
export function str(node: YNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'string' ? node.value : String(node.value);
}
export const items = (node: YNode | undefined): readonly YNode[] => (node?.kind === 'seq' ? node.items : []);
export const pairsOf = (node: YNode | undefined): readonly YPair[] => (node?.kind === 'map' ? node.pairs : []);
