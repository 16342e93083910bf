import assert from 'node:assert/strict';
import { formatAddress, hasHostBits, overlaps, parseAddress, parseCidr, usableAddresses } from '../../../src/core/net/cidr';

const cidr = (t: string) => {
  const r = parseCidr(t);
  if (!r.ok) throw new Error(r.error);
  return r.cidr;
};

describe('core/net/cidr', () => {
  it('parses IPv4 and IPv6 networks to bigint intervals', () => {
    const a = cidr('10.32.0.0/12');
    assert.equal(formatAddress(4, a.start), '10.32.0.0');
    assert.equal(formatAddress(4, a.end), '10.47.255.255');
    // The hand-written IPv4 formatter agrees with ip-address at the edges and across the range.
    for (const text of ['0.0.0.0', '255.255.255.255', '1.2.3.4', '192.168.0.255', '10.0.1.0', '128.0.0.1']) {
      assert.equal(formatAddress(4, parseAddress(text)!.value), text);
    }
    const b = cidr('fd00::/104');
    assert.equal(b.family, 6);
    assert.equal(formatAddress(6, b.end), 'fd00::ff:ffff');
  });
  it('flags host bits and rejects bad syntax with a reason', () => {
    assert.equal(hasHostBits(cidr('10.32.1.5/24')), true);
    assert.equal(hasHostBits(cidr('10.32.1.0/24')), false);
    for (const bad of ['10.0.0.0', '10.0.0.256/8', '10.0.0.0/33', 'fd00::/129', '10.1/16', 'abc/8', '10.0.0.0/x']) {
      const r = parseCidr(bad);
      assert.equal(r.ok, false, bad);
    }
  });
  it('detects overlap only within one family', () => {
    assert.equal(overlaps(cidr('10.32.1.0/24'), cidr('10.32.1.128/25')), true);
    assert.equal(overlaps(cidr('10.32.1.0/24'), cidr('10.32.2.0/24')), false);
    assert.equal(overlaps(cidr('0.0.0.0/0'), cidr('::/0')), false);
  });
  it('counts usable addresses', () => {
    assert.equal(usableAddresses(cidr('10.32.1.0/24')), 254n);
    assert.equal(usableAddresses(cidr('10.32.1.0/26')), 62n);
    assert.equal(parseAddress('10.32.3.15')?.family, 4);
    assert.equal(parseAddress('10.32.3'), undefined);
  });
});
