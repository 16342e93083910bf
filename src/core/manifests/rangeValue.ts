// Turns the text of a CIDR-bearing field into a range value, and tells placeholders from mistakes.
import { parseAddress, parseCidr } from '../net/cidr';
import type { RangeValue } from './addressRange';

/** Template tokens and sentinels (usePodCidr, %CLUSTERCIDR%, __X__, {{ }}, ${}) are not ranges. */
export function isPlaceholder(text: string): boolean {
  const t = text.trim();
  return t === '' || /[g-zG-Z%{}$<>_]/.test(t);
}

export function parseRangeValue(text: string, form: 'cidr' | 'cidr-or-span' | 'address'): RangeValue {
  const t = text.trim();
  if (form === 'address') {
    const a = parseAddress(t);
    if (!a) return { ok: false, error: `"${t}" is not a valid IP address` };
    return { ok: true, form: 'address', family: a.family, start: a.value, end: a.value, hostBits: false };
  }
  if (form === 'cidr-or-span' && t.includes('-') && !t.includes('/')) {
    const [a, b] = t.split('-').map((s) => s.trim());
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
