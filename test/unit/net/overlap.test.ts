import assert from 'node:assert/strict';
import { parseCidr } from '../../../src/core/net/cidr';
import { nearestFreeCidr } from '../../../src/core/net/freeRange';
import type { Interval } from '../../../src/core/net/overlap';
import { findOverlaps } from '../../../src/core/net/overlap';

const c = (t: string): Interval => {
  const r = parseCidr(t);
  if (!r.ok) throw new Error(r.error);
  return r.cidr;
};

describe('core/net overlap sweep and free ranges', () => {
  it('finds exactly the pairs brute force finds (IPv4 and IPv6, random)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ranges: Interval[] = [];
    for (let i = 0; i < 400; i++) {
      const prefix = 16 + Math.floor(rnd() * 12);
      const v6 = rnd() < 0.3;
      const base = v6
        ? `fd00:${Math.floor(rnd() * 4).toString(16)}:${Math.floor(rnd() * 65536).toString(16)}::/${prefix + 32}`
        : `10.${Math.floor(rnd() * 4)}.${Math.floor(rnd() * 256)}.0/${prefix}`;
      const p = parseCidr(base);
      if (p.ok) ranges.push(p.cidr);
    }
    const brute: string[] = [];
    for (let i = 0; i < ranges.length; i++) {
      for (let j = i + 1; j < ranges.length; j++) {
        const a = ranges[i];
        const b = ranges[j];
        if (a.family === b.family && a.start <= b.end && b.start <= a.end) brute.push(`${i},${j}`);
      }
    }
    assert.deepEqual(findOverlaps(ranges).map(([i, j]) => `${i},${j}`).sort(), brute.sort());
  });
  it('suggests the nearest free block of the same size inside the same private block', () => {
    assert.equal(nearestFreeCidr(4, 16, c('10.96.0.0/16').start, [c('10.96.0.0/12')]), '10.95.0.0/16');
    assert.equal(nearestFreeCidr(4, 16, c('10.0.0.0/16').start, [c('10.0.0.0/15')]), '10.2.0.0/16');
    assert.equal(nearestFreeCidr(4, 8, c('10.0.0.0/8').start, [c('10.0.0.0/8')]), undefined);
    assert.equal(nearestFreeCidr(6, 64, c('fd00::/64').start, [c('fd00::/63')]), 'fcff:ffff:ffff:ffff::/64');
  });
});
