// Ranges of every file in the lint set, each knowing its file, plus how to describe one in a message.
import type { RangeEntry } from '../manifests/addressRange';
import { roleLabel } from '../manifests/addressRange';
import { formatAddress } from '../net/cidr';

export interface WRange extends RangeEntry {
  readonly file: string;
  /** Index in the workspace list; stable within one lint run. */
  readonly index: number;
}

/**
 * A file's range in the lint set. Every one has the same fields in the same order (absent optional
 * ones undefined), whichever extractor made it: the rules read these objects thousands of times,
 * mostly before the JIT optimises them, and one object shape keeps each of those reads a cache hit.
 */
export const workspaceRange = (r: RangeEntry, file: string, index: number): WRange => ({
  role: r.role,
  component: r.component,
  source: r.source,
  field: r.field,
  text: r.text,
  span: r.span,
  value: r.value,
  defaultNote: r.defaultNote,
  list: r.list,
  agreement: r.agreement,
  owner: r.owner,
  allocatorSubnet: r.allocatorSubnet,
  file,
  index,
});

export type OkRange = WRange & { readonly value: Extract<WRange['value'], { ok: true }> };

export const isOk = (r: WRange): r is OkRange => r.value.ok;

export function describeRange(r: WRange): string {
  const what = `${roleLabel[r.role]} ${r.text}`;
  const where = `${r.component}, ${r.field}`;
  return r.defaultNote ? `${what} (${where}; default)` : `${what} (${where})`;
}

export function relation(a: OkRange, b: OkRange): string {
  const va = a.value;
  const vb = b.value;
  if (va.start === vb.start && va.end === vb.end) return 'is the same range as';
  if (va.start >= vb.start && va.end <= vb.end) return 'lies inside';
  if (vb.start >= va.start && vb.end <= va.end) return 'contains';
  const s = va.start > vb.start ? va.start : vb.start;
  const e = va.end < vb.end ? va.end : vb.end;
  return `shares ${formatAddress(va.family, s)}–${formatAddress(va.family, e)} with`;
}

export const sameInterval = (a: OkRange, b: OkRange): boolean =>
  a.value.family === b.value.family && a.value.start === b.value.start && a.value.end === b.value.end;
