// Turns the text of a CIDR-bearing field into a range value, and tells placeholders from mistakes.
import { fastParseAddress as parseAddress, fastParseCidr as parseCidr } from '../net/fastAddress';
import type { RangeValue } from './addressRange';

/**
 * Template syntax, which a tool fills in before the value is used: Helm/Jinja `{{ }}`, shell and
 * envsubst `${ }`, Kubernetes' `$(VAR)`, `%CLUSTERCIDR%` (Calico's install-cni), `__CNI_MTU__`-style
 * tokens, and canal/Calico's `usePodCidr` sentinels. Anything else in a CIDR field is a value and is
 * checked: `10.O.0.0/16` or `none` are mistakes, not templates.
 */
const TEMPLATE = /\{\{[^]*?\}\}|\$\{[^}]*\}|\$\([^)]*\)|%[A-Za-z_][A-Za-z0-9_]*%|__[A-Za-z0-9_]+__/;
const SENTINELS = new Set(['usePodCidr', 'usePodCidrIPv6']);

export function isPlaceholder(text: string): boolean {
  const t = text.trim();
  return t === '' || SENTINELS.has(t) || TEMPLATE.test(t);
}

/**
 * The items of an envsubst template's default list (`${VAR:=["a", "b"]}`, also `:-`, `=` and `-`:
 * clusterctl's templates write lists so) as [start, end) offsets into `text`; none for any other
 * value.
 */
export function defaultListItems(text: string): [number, number][] {
  const m = /^\s*\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]\s*\[([^\]]*)\]\s*\}\s*$/.exec(text);
  if (!m) return [];
  // A variable name holds no `[`: the first one opens the list.
  const open = text.indexOf('[') + 1;
  const items: [number, number][] = [];
  for (const item of m[1].matchAll(/"([^"]*)"|'([^']*)'|([^,\s"']+)/g)) {
    const content = item[1] ?? item[2] ?? item[3] ?? '';
    const start = open + (item.index ?? 0) + (item[3] === undefined ? 1 : 0);
    items.push([start, start + content.length]);
  }
  return items;
}

/** Dotted IPv4 by the fast parsers (the same results; a manifest has thousands of ranges). Whitespace is not trimmed: Go's parsers (and so Kubernetes) reject it, except around a span's dash (MetalLB trims there). */
export function parseRangeValue(text: string, form: 'cidr' | 'cidr-or-span' | 'address'): RangeValue {
  const t = text;
  if (form === 'address') {
    const a = parseAddress(t);
    if (!a) {
      return {
        ok: false,
        error: /\s/.test(t) ? `"${t}" contains whitespace, which Go's net.ParseIP (Kubernetes) rejects` : `"${t}" is not a valid IP address`,
      };
    }
    return { ok: true, form: 'address', family: a.family, start: a.value, end: a.value, hostBits: false };
  }
  if (form === 'cidr-or-span' && t.includes('-') && !t.includes('/')) {
    const [a, b] = t.trim().split('-').map((s) => s.trim());
    const from = parseAddress(a);
    const to = parseAddress(b ?? '');
    if (!from || !to) return { ok: false, error: `"${t}" is not a valid address range (expected start-end)` };
    if (from.family !== to.family) return { ok: false, error: `"${t}" mixes IPv4 and IPv6` };
    if (from.value > to.value) return { ok: false, error: `"${t}": the start address is after the end address` };
    return { ok: true, form: 'span', family: from.family, start: from.value, end: to.value, hostBits: false };
  }
  const r = parseCidr(t);
  if (!r.ok) return { ok: false, error: r.error };
  const c = r.cidr;
  return { ok: true, form: 'cidr', family: c.family, start: c.start, end: c.end, prefix: c.prefix, hostBits: c.address !== c.start };
}
