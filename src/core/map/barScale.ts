// Bar lengths for the address plan. Networks of one family are compared: linear while sizes are
// within 2^6 of each other, log2 beyond (a /56 pod network next to a /112 service network would
// otherwise draw the service bar as nothing).
import type { IpFamily } from '../net/cidr';

export const LOG_SCALE_THRESHOLD_BITS = 6;
/** Shortest bar, so a tiny network stays visible and clickable. */
export const MIN_BAR = 0.04;

export function barScale(log2Sizes: readonly number[]): 'linear' | 'log' {
  if (log2Sizes.length < 2) return 'linear';
  return Math.max(...log2Sizes) - Math.min(...log2Sizes) > LOG_SCALE_THRESHOLD_BITS ? 'log' : 'linear';
}

/** Bar widths in (0, 1], the largest network being 1. */
export function barWidths(log2Sizes: readonly number[], scale: 'linear' | 'log'): number[] {
  if (log2Sizes.length === 0) return [];
  const max = Math.max(...log2Sizes);
  return log2Sizes.map((l) => {
    const w = scale === 'log' ? (max === 0 ? 1 : (l + 1) / (max + 1)) : 2 ** (l - max);
    return Math.max(MIN_BAR, Math.min(1, w));
  });
}

export interface FamilyScale {
  readonly family: IpFamily;
  readonly scale: 'linear' | 'log';
}
