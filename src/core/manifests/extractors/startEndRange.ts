// Pools written as a first and a last address in two fields (Antrea ipRanges start/end, Cilium
// LB-IPAM blocks start/stop): one range spanning both, at the first field.
import type { RangeEntry } from '../addressRange';
import type { ExtractContext, RangeOptions } from '../extractContext';
import type { YNode } from '../yamlTree';

/**
 * Reads `first` and `last` as addresses and keeps one entry for the span they make (`field` is the
 * pair's path); a missing `last` with `singleWithoutLast` is the one address (Cilium's `start` alone).
 */
export function startEndRange(
  ctx: ExtractContext,
  first: YNode | undefined,
  last: YNode | undefined,
  o: RangeOptions & { readonly firstKey: string; readonly lastKey: string; readonly singleWithoutLast?: boolean },
): void {
  const { firstKey, lastKey, singleWithoutLast, ...base } = o;
  if (first === undefined && last !== undefined) {
    ctx.problem('PN101', `${o.field}.${lastKey} is set without ${firstKey} (${o.component})`, ctx.headSpan(last));
    return;
  }
  const a = ctx.ranges(first, { ...base, field: `${o.field}.${firstKey}`, form: 'address' });
  if (last === undefined && singleWithoutLast) return;
  const b = ctx.ranges(last, { ...base, field: `${o.field}.${lastKey}`, form: 'address' });
  const lo = a[0];
  const hi = b[0];
  if (!lo?.value.ok || !hi?.value.ok) return;
  ctx.out.ranges.splice(ctx.out.ranges.indexOf(lo), 1);
  ctx.out.ranges.splice(ctx.out.ranges.indexOf(hi), 1);
  const span: RangeEntry = {
    ...lo,
    field: o.field,
    text: `${lo.text}-${hi.text}`,
    value: lo.value.family !== hi.value.family
      ? { ok: false, error: `${firstKey} ${lo.text} and ${lastKey} ${hi.text} are of different IP families` }
      : lo.value.start <= hi.value.start
      ? { ok: true, form: 'span', family: lo.value.family, start: lo.value.start, end: hi.value.end, hostBits: false }
      : { ok: false, error: `${firstKey} ${lo.text} is after ${lastKey} ${hi.text}` },
  };
  ctx.out.ranges.push(span);
}
