import assert from 'node:assert/strict';
import type { IpFamily } from '../../../src/core/net/cidr';
import { familyBits } from '../../../src/core/net/cidr';
import type { CidrKey } from '../../../src/core/net/cidrContainment';
import { CidrContainment } from '../../../src/core/net/cidrContainment';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

interface Entry extends CidrKey {
  readonly id: number;
}

/** A CIDR in a small corner of each family, so that many nest and many repeat. */
function cidr(next: () => number, id: number): Entry {
  const family: IpFamily = next() % 4 === 0 ? 6 : 4;
  const bits = familyBits(family);
  // Prefixes bits-10 … bits, and a few far shorter (the whole family, a /8 or /32 of it).
  const prefix = next() % 9 === 0 ? [0, 8, bits - 24][next() % 3]! : bits - 10 + (next() % 11);
  const base = family === 4 ? 0x0a000000n : 0xfd000000000000000000000000000000n;
  const host = BigInt(next() % 1024);
  const hostBits = BigInt(bits - prefix);
  const start = ((base + host) >> hostBits) << hostBits;
  return { id, family, prefix, start };
}

const end = (c: CidrKey) => c.start + (1n << BigInt(familyBits(c.family) - c.prefix)) - 1n;
const ids = (list: Iterable<Entry>) => [...list].map((e) => e.id).sort((a, b) => a - b);

describe('CidrContainment (CIDRs holding and inside a CIDR)', () => {
  it('agrees with brute force through 6,000 random adds and removes, both families', () => {
    const next = random(7);
    const index = new CidrContainment<Entry>();
    let held: Entry[] = [];
    let queries = 0;
    let nonEmpty = 0;
    for (let step = 0; step < 6000; step++) {
      if (held.length > 0 && next() % 3 === 0) {
        const i = next() % held.length;
        index.remove(held[i]!);
        held = held.filter((_, k) => k !== i);
      } else {
        const e = cidr(next, step);
        index.add(e);
        held.push(e);
      }
      const q = next() % 2 && held.length ? held[next() % held.length]! : cidr(next, -1);
      const holding = held.filter((e) => e.family === q.family && e.prefix <= q.prefix && e.start <= q.start && end(q) <= end(e));
      const inside = held.filter((e) => e.family === q.family && e.prefix > q.prefix && q.start <= e.start && end(e) <= end(q));
      assert.deepEqual(ids(index.holding(q)), ids(holding), `holding ${q.family} ${q.start}/${q.prefix} at step ${step}`);
      assert.deepEqual(ids(index.inside(q)), ids(inside), `inside ${q.family} ${q.start}/${q.prefix} at step ${step}`);
      queries++;
      if (holding.length + inside.length > 0) nonEmpty++;
    }
    assert.ok(nonEmpty > queries / 2, `most queries meet something (${nonEmpty} of ${queries})`);
  });

  it('ignores removing an entry it does not hold, and equal CIDRs are held apart', () => {
    const index = new CidrContainment<Entry>();
    const a: Entry = { id: 1, family: 4, prefix: 24, start: 0x0a000100n };
    const b: Entry = { id: 2, family: 4, prefix: 24, start: 0x0a000100n };
    index.add(a);
    index.remove(b);
    assert.deepEqual(ids(index.holding(b)), [1]);
    index.add(b);
    index.remove(a);
    assert.deepEqual(ids(index.holding(a)), [2]);
    assert.deepEqual(ids(index.inside({ family: 4, prefix: 16, start: 0x0a000000n })), [2]);
  });
});
