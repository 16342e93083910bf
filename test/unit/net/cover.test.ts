import assert from 'node:assert/strict';
import { parseCidr } from '../../../src/core/net/cidr';
import type { Cidr } from '../../../src/core/net/cidr';
import { coveringCidr, smallestCover } from '../../../src/core/net/cover';

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text);
  assert.ok(parsed.ok, text);
  return parsed.cidr;
};

describe('core/net/cover: the smallest network holding a set of ranges', () => {
  it('covers node blocks with the one aligned network that holds them all', () => {
    assert.equal(smallestCover([cidr('10.244.1.0/24'), cidr('10.244.2.0/24')]), '10.244.0.0/22');
    assert.equal(smallestCover([cidr('10.244.3.0/24')]), '10.244.3.0/24');
    assert.equal(smallestCover([cidr('10.0.0.0/24'), cidr('192.168.0.0/24')]), '0.0.0.0/0');
    assert.equal(smallestCover([cidr('2001:2:0:1::/64'), cidr('2001:2:0:2::/64')]), '2001:2::/62');
    assert.equal(smallestCover([]), undefined);
  });
  it('keeps at least the host bits asked for (a LAN drawn from InternalIPs)', () => {
    const ips = [cidr('198.18.0.11/32'), cidr('198.18.0.12/32')];
    assert.equal(coveringCidr(4, ips), '198.18.0.8/29');
    assert.equal(coveringCidr(4, ips, 8), '198.18.0.0/24');
    assert.equal(coveringCidr(6, [cidr('2001:2::1/128')], 64), '2001:2::/64');
  });
});
