// YAML documents as a small position-keeping tree, built from js-yaml's `listener` events (open and
// close carry the parser position). js-yaml stays the parser of record; this only remembers where
// each node sits. Aliases stay leaves, so alias bombs cannot expand here.
import { load } from 'js-yaml';
import type { ScalarStyle } from './scalarDecode';
import { scalarStyleAt } from './scalarDecode';

export interface YScalar { readonly kind: 'scalar'; readonly value: unknown; readonly start: number; readonly end: number; readonly style: ScalarStyle }
export interface YMap { readonly kind: 'map'; readonly start: number; readonly end: number; readonly pairs: readonly YPair[] }
export interface YSeq { readonly kind: 'seq'; readonly start: number; readonly end: number; readonly items: readonly YNode[] }
export interface YAlias { readonly kind: 'alias'; readonly start: number; readonly end: number }
export type YNode = YScalar | YMap | YSeq | YAlias;
export interface YPair { readonly key: YNode; readonly keyText: string; readonly value: YNode | undefined }

export interface YamlParse {
  readonly root: YNode | undefined;
  /** js-yaml's message and the offset it points at, when the text does not parse. */
  readonly error?: { readonly message: string; readonly offset: number };
}

interface Frame { open: number; close: number; kind: string | null; result: unknown; children: Frame[] }
interface ListenerState { position: number; kind: string | null; result: unknown }

const MAX_DEPTH = 200;

/** Parses ONE document (the caller splits at `---`); positions are offsets into `text`. */
export function parseYamlDocument(text: string): YamlParse {
  const stack: Frame[] = [];
  const roots: Frame[] = [];
  const listener = (event: 'open' | 'close', st: ListenerState): void => {
    if (event === 'open') {
      stack.push({ open: st.position, close: st.position, kind: null, result: null, children: [] });
      return;
    }
    let f = stack.pop();
    if (!f) return;
    f.kind = st.kind;
    f.result = st.result;
    f.close = st.position;
    // A failed implicit-key attempt leaves an empty frame: drop it.
    if (f.kind === null && f.result == null && f.children.length === 0) return;
    // js-yaml nests a frame around the same node (value position, then the node): keep the inner one.
    while (f.children.length === 1 && f.children[0].kind === f.kind && f.children[0].result === f.result) f = f.children[0];
    (stack.length ? stack[stack.length - 1].children : roots).push(f);
  };
  try {
    load(text, { listener, maxDepth: MAX_DEPTH } as Parameters<typeof load>[1]);
  } catch (error) {
    const mark = (error as { mark?: { position?: number } }).mark;
    const message = (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : String(error));
    return { root: undefined, error: { message, offset: Math.min(text.length, mark?.position ?? 0) } };
  }
  const root = roots.length ? toNode(text, roots[roots.length - 1], 0) : undefined;
  return { root };
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
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '#') { const nl = src.indexOf('\n', i); if (nl < 0) return src.length; i = nl + 1; continue; }
    if ((c === '!' || c === '&') && i < src.length) {
      while (i < src.length && !/\s/.test(src[i])) i++;
      continue;
    }
    return i;
  }
}

function toNode(src: string, f: Frame, depth: number): YNode {
  const start = Math.min(contentStart(src, f.open), Math.max(f.open, f.close));
  if (depth > MAX_DEPTH) return { kind: 'alias', start, end: f.close };
  if (f.kind === 'scalar') return { kind: 'scalar', value: f.result, start, end: f.close, style: scalarStyleAt(src, start) };
  if (f.kind === 'sequence') return { kind: 'seq', start, end: f.close, items: f.children.map((c) => toNode(src, c, depth + 1)) };
  if (f.kind === 'mapping') return { kind: 'map', start, end: f.close, pairs: pairUp(src, f, depth) };
  return { kind: 'alias', start, end: f.close };
}

function pairUp(src: string, f: Frame, depth: number): YPair[] {
  const result = (f.result ?? {}) as Record<string, unknown>;
  const pairs: YPair[] = [];
  const ch = f.children;
  for (let i = 0; i < ch.length; ) {
    const key = ch[i];
    const keyText = String(key.result);
    const value = ch[i + 1];
    const matches = value !== undefined && Object.prototype.hasOwnProperty.call(result, keyText) &&
      (result[keyText] === value.result || (Number.isNaN(result[keyText]) && Number.isNaN(value.result)));
    pairs.push({ key: toNode(src, key, depth + 1), keyText, value: matches ? toNode(src, value, depth + 1) : undefined });
    i += matches ? 2 : 1;
  }
  return pairs;
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
