import assert from 'node:assert/strict';
import { parseAddress, parseCidr } from '../../../src/core/net/cidr';
import { fastParseAddress } from '../../../src/core/net/fastAddress';
import { IntervalIndex } from '../../../src/core/net/intervalIndex';
import { overlappingPairs } from '../../../src/core/net/overlap';

const c = (t: string) => {
  const r = parseCidr(t);
  if (!r.ok) throw new Error(r.error);
  return r.cidr;
};

describe('core/net interval index and overlapping pairs', () => {
  it('finds every interval holding an address, as brute force does (IPv4 and IPv6)', () => {
    const ranges = ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.2.0.0/16', '192.168.0.0/16', 'fd00::/64', 'fd00::/48'].map(c);
    const index = new IntervalIndex(ranges);
    for (const ip of ['10.1.2.3', '10.2.9.9', '10.9.9.9', '11.0.0.0', '192.168.1.1', 'fd00::1', 'fd00:0:0:1::1', 'fe80::1']) {
      const a = parseAddress(ip)!;
      const brute = ranges.filter((r) => r.family === a.family && r.start <= a.value && a.value <= r.end).map((r) => r.text).sort();
      assert.deepEqual(index.containing(a.family, a.value).map((r) => r.text).sort(), brute, ip);
    }
  });
  it('gives pairs of the intervals themselves, the one starting first first, capped', () => {
    const ranges = ['10.1.0.0/16', '10.0.0.0/8', '10.1.0.0/24'].map(c);
    assert.deepEqual(overlappingPairs(ranges).map(([a, b]) => `${a.text} ${b.text}`).sort(), [
      '10.0.0.0/8 10.1.0.0/16',
      '10.0.0.0/8 10.1.0.0/24',
      '10.1.0.0/16 10.1.0.0/24',
    ]);
    assert.equal(overlappingPairs(ranges, 2).length, 2);
  });
  it('the fast parser agrees with parseAddress, IPv6 through its memo too', () => {
    for (const t of ['10.32.1.2', '0.0.0.0', 'fd00::1', 'fd00::1', '::ffff:10.0.0.1', 'x', '10.0.0.256', '']) {
      assert.deepEqual(fastParseAddress(t), parseAddress(t), t);
    }
  });
});
