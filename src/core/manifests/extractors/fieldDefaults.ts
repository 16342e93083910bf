// What every cluster-tool extractor does with a field: read it, and when the file leaves it out,
// put in the range or node block size the tool documents as its default, marked as a default.
import type { IpFamily } from '../../net/cidr';
import type { RangeEntry } from '../addressRange';
import type { ExtractContext, RangeOptions } from '../extractContext';
import type { YNode } from '../yamlTree';

/** The default a tool applies when the field is absent, reported at `at` (the field is nowhere to point to). */
export interface DefaultRange {
  readonly cidr: string;
  readonly at: YNode;
  readonly note: string;
}

/** The field's ranges as written; its default only when the field is absent (an empty value is not absent). */
export function rangesOrDefault(ctx: ExtractContext, node: YNode | undefined, o: RangeOptions, fallback?: DefaultRange): RangeEntry[] {
  const made = ctx.ranges(node, o);
  if (node === undefined && fallback) ctx.defaultRange(fallback.cidr, fallback.at, o, fallback.note);
  return made;
}

/** As rangesOrDefault for a YAML list of CIDRs (see ExtractContext.rangeList). */
export function rangeListOrDefault(
  ctx: ExtractContext,
  node: YNode | undefined,
  o: Parameters<ExtractContext['rangeList']>[1],
  fallback?: DefaultRange,
): RangeEntry[] {
  const made = ctx.rangeList(node, o);
  if (node === undefined && fallback) ctx.defaultRange(fallback.cidr, fallback.at, o, fallback.note);
  return made;
}

/** kube-controller-manager's node-cidr-mask-size defaults, which most tools keep: a /24 per node for IPv4, a /64 for IPv6. */
export const defaultNodeMask = (family: IpFamily): number => (family === 4 ? 24 : 64);

interface Declarer {
  readonly component: string;
  readonly source: string;
  readonly owner: string;
}

/** The node block size (kube-controller-manager's node-cidr-mask-size and its equivalents), with the tool's default. */
export function nodeMask(
  ctx: ExtractContext,
  node: YNode | undefined,
  base: Declarer,
  field: string,
  family: IpFamily,
  fallback?: { prefix: number; at: YNode; note: string },
): void {
  ctx.block(node, { ...base, field, kind: 'node-mask', family, ...(fallback ? { fallback } : {}) });
}
