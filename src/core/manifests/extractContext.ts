// The toolkit extractors use: where a node sits in the document (through any number of embedded
// strings), splitting list fields, skipping placeholders, emitting ranges, block sizes and problems.
import type { IpFamily } from '../net/cidr';
import type { Agreement, BlockEntry, ExtractResult, RangeEntry, RangeRole, RangeValue, Span } from './addressRange';
import { parseJsonTree } from './jsonTree';
import { defaultListItems, isPlaceholder, parseRangeValue } from './rangeValue';
import type { DecodedScalar } from './scalarDecode';
import { decodeScalar } from './scalarDecode';
import type { YamlParse, YNode, YScalar } from './yamlTree';
import { MAX_ALIAS_NODES, parseYamlDocument } from './yamlTree';

const hostBitsAllowed = (v: RangeValue, allow?: boolean): RangeValue => (allow && v.ok ? { ...v, hostBits: false } : v);

/** A text being read (a document, or a string embedded in one) and how its offsets map to the document. */
export interface Layer {
  readonly text: string;
  readonly toDoc: (offset: number) => number;
}

export interface RangeOptions {
  readonly role: RangeRole;
  readonly component: string;
  readonly source: string;
  readonly field: string;
  readonly owner: string;
  readonly form?: 'cidr' | 'cidr-or-span' | 'address';
  /** `dual`: "a,b" dual-stack list; `words`: space- or comma-separated list; `single`: one value. */
  readonly list?: 'single' | 'dual' | 'words';
  readonly agreement?: Agreement;
  /** Interface addresses in CIDR form (static IPAM) carry host bits on purpose. */
  readonly allowHostBits?: boolean;
  readonly allocatorSubnet?: string;
}

export interface Flags {
  /** Inside a kind Cluster's kubeadmConfigPatches: kind supplies the defaults, not kubeadm. */
  readonly inKind?: boolean;
  /** Inside a Cluster API KubeadmControlPlane/KubeadmConfig: the Cluster's clusterNetwork supplies networking. */
  readonly networkingFromCluster?: boolean;
}

/**
 * A one-line scalar written as its value (no escape, doubled quote or fold in it): each character
 * sits at its own offset, found without re-decoding (most CIDR fields of a manifest).
 */
function verbatimAt(src: string, node: YScalar): number {
  const v = node.value;
  if (typeof v !== 'string') return -1;
  const quoted = node.style === 'single' || node.style === 'double';
  if (!quoted && node.style !== 'plain') return -1;
  const at = quoted ? node.start + 1 : node.start;
  if (!src.startsWith(v, at) || /[\n\r]/.test(v)) return -1;
  if (node.style === 'double' && (v.includes('\\') || src[at + v.length] !== '"')) return -1;
  if (node.style === 'single' && (v.includes("'") || src[at + v.length] !== "'")) return -1;
  return at;
}

function verbatim(src: string, node: YScalar): DecodedScalar | null {
  const at = verbatimAt(src, node);
  if (at < 0) return null;
  const v = node.value as string;
  const quoted = node.style !== 'plain';
  const map = new Int32Array(v.length + 1);
  for (let k = 0; k < v.length; k++) map[k] = at + k;
  map[v.length] = quoted ? at + v.length + 1 : at + v.length;
  return { text: v, map };
}

export class ExtractContext {
  private readonly decoded = new WeakMap<YScalar, DecodedScalar | null>();

  constructor(readonly layer: Layer, readonly out: ExtractResult, readonly flags: Flags = {}) {}

  span(node: YNode): Span {
    return { start: this.layer.toDoc(node.start), end: this.layer.toDoc(Math.max(node.start, node.end - 1)) + 1 };
  }

  owner(node: YNode, label: string): string {
    return `${label}@${this.layer.toDoc(node.start)}`;
  }

  /** The decoded value with a per-character source map, when it can be trusted. */
  private decode(node: YScalar): DecodedScalar | null {
    let d = this.decoded.get(node);
    if (d !== undefined) return d;
    d = null;
    if (typeof node.value === 'string') {
      d = verbatim(this.layer.text, node);
      if (!d) {
        const r = decodeScalar(this.layer.text, node.start, node.end, node.style);
        if (r && r.text === node.value) d = r;
      }
    } else if (node.value !== null && node.value !== undefined) {
      const text = String(node.value);
      if (this.layer.text.startsWith(text, node.start)) {
        const map = new Int32Array(text.length + 1);
        for (let k = 0; k <= text.length; k++) map[k] = node.start + k;
        d = { text, map };
      }
    }
    this.decoded.set(node, d);
    return d;
  }

  /** Where characters [a, b) of the scalar's value sit in the document. */
  valueSpan(node: YScalar, a: number, b: number): Span {
    const at = b > a ? verbatimAt(this.layer.text, node) : -1;
    if (at >= 0) return { start: this.layer.toDoc(at + a), end: this.layer.toDoc(at + b - 1) + 1 };
    const d = this.decode(node);
    if (!d || b <= a) return this.span(node);
    return { start: this.layer.toDoc(d.map[a]), end: this.layer.toDoc(d.map[b - 1]) + 1 };
  }

  /**
   * Emits one range per list element of a scalar field; placeholders and empty values give none.
   * A list or map where a string belongs is a wrong-type range (PN101), never silently skipped.
   */
  ranges(node: YNode | undefined, o: RangeOptions, from = 0, to?: number): RangeEntry[] {
    if (node?.kind === 'seq' || node?.kind === 'map') return [this.wrongType(node, o)];
    if (node?.kind !== 'scalar' || node.value === null || node.value === undefined) return [];
    const value = String(node.value);
    const sep = from > 0 || to !== undefined ? null : o.list === 'dual' ? /,/g : o.list === 'words' ? /[\s,]+/g : null;
    // The list's parts [at, end) of the value; one part for a single value (most fields).
    const bounds: number[] = [];
    if (sep) {
      let last = 0;
      for (const m of value.matchAll(sep)) {
        bounds.push(last, m.index ?? 0);
        last = (m.index ?? 0) + m[0].length;
      }
      bounds.push(last, value.length);
    } else bounds.push(from, to ?? value.length);
    // The value is parsed as written (Go rejects " 10.0.0.0/8"); the span and text are the trimmed part.
    const kept: number[] = [];
    for (let k = 0; k < bounds.length; k += 2) if (!isPlaceholder(value.slice(bounds[k], bounds[k + 1]))) kept.push(bounds[k], bounds[k + 1]);
    const listed = kept.length > 2 || o.list === 'dual';
    const listId = listed ? `${o.owner}/${o.field}` : '';
    const made: RangeEntry[] = [];
    for (let k = 0; k < kept.length; k += 2) {
      const raw = value.slice(kept[k], kept[k + 1]);
      const text = raw.trim();
      const at = kept[k] + raw.length - raw.trimStart().length;
      const entry: { -readonly [K in keyof RangeEntry]: RangeEntry[K] } = {
        role: o.role,
        component: o.component,
        source: o.source,
        field: o.field,
        text,
        span: this.valueSpan(node, at, at + text.length),
        value: hostBitsAllowed(parseRangeValue(raw, o.form ?? 'cidr'), o.allowHostBits),
        owner: o.owner,
      };
      if (o.agreement) entry.agreement = o.agreement;
      if (o.allocatorSubnet) entry.allocatorSubnet = o.allocatorSubnet;
      if (listed) entry.list = { id: listId, index: k / 2, dualStack: o.list === 'dual' };
      made.push(entry);
    }
    for (const m of made) this.out.ranges.push(m);
    return made;
  }

  /**
   * A YAML list of CIDRs (Cluster API cidrBlocks, OpenShift serviceNetwork, RKE2 cluster-cidr as a
   * list): one range per item; `dualStack` makes it one dual-stack field (PN103 checks it). A single
   * string is accepted as a one-item list when `scalarOk`, else it is a wrong type.
   */
  rangeList(node: YNode | undefined, o: RangeOptions & { readonly dualStack?: boolean; readonly scalarOk?: boolean }): RangeEntry[] {
    if (node?.kind === 'scalar' && o.scalarOk) return this.ranges(node, o);
    // A template standing for the whole list (clusterctl's `${SERVICE_CIDR:=["10.128.0.0/12"]}`):
    // its default list, which is what the template gives when the variable is unset, is read.
    const template = node?.kind === 'scalar' && typeof node.value === 'string' && isPlaceholder(node.value) ? node : undefined;
    if (node?.kind !== 'seq' && !template) {
      return node?.kind === 'map' || node?.kind === 'scalar' && node.value !== null
        ? [this.wrongType(node, { ...o, list: 'single' }, 'a list of CIDR strings')]
        : [];
    }
    const made: RangeEntry[] = [];
    const add = (rs: RangeEntry[]) => {
      for (const r of rs) {
        const entry: RangeEntry = o.dualStack ? { ...r, list: { id: `${o.owner}/${o.field}`, index: made.length, dualStack: true } } : r;
        this.out.ranges[this.out.ranges.lastIndexOf(r)] = entry;
        made.push(entry);
      }
    };
    if (template) {
      defaultListItems(String(template.value)).forEach(([a, b], i) => add(this.ranges(template, { ...o, field: `${o.field}[${i}]`, list: 'single' }, a, b)));
    } else if (node?.kind === 'seq') node.items.forEach((item, i) => add(this.ranges(item, { ...o, field: `${o.field}[${i}]`, list: o.list ?? 'single' })));
    return made;
  }

  private wrongType(node: YNode, o: RangeOptions, expected?: string): RangeEntry {
    const found = node.kind === 'seq' ? 'a list' : node.kind === 'map' ? 'a map' : `the single value "${String((node as YScalar).value)}"`;
    const want = expected ?? (o.form === 'address' ? 'an IP address' : o.list === 'dual' ? 'a string (one CIDR, or "IPv4,IPv6" for dual-stack)' : 'a string');
    const entry: RangeEntry = {
      role: o.role,
      component: o.component,
      source: o.source,
      field: o.field,
      text: found,
      span: this.headSpan(node),
      owner: o.owner,
      value: { ok: false, error: `the value must be ${want}, but it is ${found}` },
    };
    this.out.ranges.push(entry);
    return entry;
  }

  /** The node's first line: where a wrong-type finding sits without covering a whole block. */
  headSpan(node: YNode): Span {
    const nl = this.layer.text.indexOf('\n', node.start);
    const end = nl < 0 || nl > node.end ? node.end : nl;
    return this.span({ ...node, end: Math.max(node.start + 1, end) } as YNode);
  }

  /** A range the manifest leaves out but a documented default supplies, reported at `at`. */
  defaultRange(text: string, at: YNode, o: RangeOptions, note: string): RangeEntry {
    const entry: RangeEntry = {
      role: o.role,
      component: o.component,
      source: o.source,
      field: o.field,
      text,
      span: this.span(at),
      value: parseRangeValue(text, o.form ?? 'cidr'),
      owner: o.owner,
      defaultNote: note,
      ...(o.agreement ? { agreement: o.agreement } : {}),
    };
    this.out.ranges.push(entry);
    return entry;
  }

  block(
    node: YNode | undefined,
    o: {
      component: string;
      source: string;
      field: string;
      owner: string;
      kind: BlockEntry['kind'];
      family: IpFamily;
      fallback?: { prefix: number; at: YNode; note: string };
    },
  ): void {
    if (node?.kind === 'seq' || node?.kind === 'map') {
      this.problem('PN101', `${o.field} must be a prefix length, but it is ${node.kind === 'seq' ? 'a list' : 'a map'} (${o.component})`, this.headSpan(node));
      return;
    }
    const raw = node?.kind === 'scalar' && node.value !== null && node.value !== '' ? String(node.value).trim() : undefined;
    if (raw !== undefined && node) {
      const prefix = /^\/?\d{1,3}$/.test(raw) ? Number(raw.replace('/', '')) : NaN;
      if (Number.isNaN(prefix)) {
        if (!isPlaceholder(raw)) this.problem('PN101', `${o.field} "${raw}" is not a prefix length`, this.span(node));
        return;
      }
      this.out.blocks.push(blockEntry(o, prefix, raw, this.span(node)));
      return;
    }
    if (o.fallback) {
      this.out.blocks.push({ ...blockEntry(o, o.fallback.prefix, String(o.fallback.prefix), this.span(o.fallback.at)), defaultNote: o.fallback.note });
    }
  }

  /** A node count the configuration asks for; templated or non-numeric values are not counts. */
  nodeCount(node: YNode | undefined, what: string): void {
    if (node?.kind !== 'scalar' || typeof node.value !== 'number' || !Number.isInteger(node.value) || node.value < 0) return;
    this.out.nodeCounts?.push({ value: node.value, what, span: this.span(node) });
  }

  problem(code: string, message: string, span: Span): void {
    this.out.problems.push({ code, message, span });
  }

  /** Parses JSON or YAML held in a string scalar; syntax errors are reported at their exact position. */
  embed(node: YNode | undefined, as: 'json' | 'yaml', what: string, flags: Flags = this.flags): { root: YNode; ctx: ExtractContext } | undefined {
    if (node?.kind !== 'scalar' || typeof node.value !== 'string' || node.value.trim() === '') return undefined;
    const d = this.decode(node);
    const start = node.start;
    const parent = this.layer;
    const layer: Layer = d
      ? { text: d.text, toDoc: (o) => parent.toDoc(d.map[Math.min(o, d.text.length)]) }
      : { text: node.value, toDoc: () => parent.toDoc(start) };
    const parsed = as === 'json' ? parseJsonTree(layer.text) : parseYamlDocument(layer.text);
    const ctx = new ExtractContext(layer, this.out, flags);
    if (parsed.error) {
      const at = layer.toDoc(parsed.error.offset);
      this.problem('PN150', `${what} is not valid ${as === 'json' ? 'JSON' : 'YAML'}: ${parsed.error.message}`, { start: at, end: at + 1 });
      return undefined;
    }
    const cut = as === 'yaml' ? (parsed as YamlParse).aliasesCut : undefined;
    if (cut) {
      const at = layer.toDoc(cut.offset);
      this.problem(
        'PN155',
        `${what}: YAML aliases stand for more than ${MAX_ALIAS_NODES.toLocaleString('en-US')} nodes (an alias bomb?): the rest were not followed`,
        { start: at, end: at + 1 },
      );
    }
    return parsed.root ? { root: parsed.root, ctx } : undefined;
  }
}

/** A node block size as read (or defaulted) for the field `o` names. */
function blockEntry(
  o: { component: string; source: string; field: string; owner: string; kind: BlockEntry['kind']; family: IpFamily },
  prefix: number,
  text: string,
  span: Span,
): BlockEntry {
  return { component: o.component, source: o.source, field: o.field, kind: o.kind, family: o.family, prefix, text, span, owner: o.owner };
}
