// Numbers for people: an IPv6 /64 has 18,446,744,073,709,551,615 usable addresses; "~2^64" reads better.
import type { MapBlock } from '../src/core/map/mapModel';

export function formatCount(decimal: string): string {
  if (decimal.length <= 9) return decimal;
  const bits = BigInt(decimal).toString(2).length;
  return `~2^${bits}`;
}

/** "used/usable" as the tree shows it (IPv6 capacities abbreviated). */
export const useText = (b: Pick<MapBlock, 'used' | 'usable'>): string => `${b.used}/${formatCount(b.usable)}`;
