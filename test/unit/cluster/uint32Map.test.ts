import assert from 'node:assert/strict';
import { Uint32Map } from '../../../src/core/cluster/uint32Map';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

describe('Uint32Map (typed-array hash table)', () => {
  it('agrees with a Map through 200,000 random sets and deletes over keys that collide (the whole uint32 range)', () => {
    const next = random(7);
    const map = new Uint32Map();
    const reference = new Map<number, number>();
    // Few distinct keys so deletes hit, many near each other so runs form.
    const keys = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? next() : (0xfffff000 + i) >>> 0));
    for (let step = 0; step < 200_000; step++) {
      const key = keys[next() % keys.length]!;
      if (next() % 3 === 0) assert.equal(map.delete(key), reference.delete(key));
      else {
        const value = next() % 1_000_000;
        map.set(key, value);
        reference.set(key, value);
      }
      if (step % 997 === 0) { for (const k of keys) assert.equal(map.get(k), reference.get(k) ?? -1, `key ${k} at step ${step}`); }
    }
    assert.equal(map.size, reference.size);
  });
  it('refuses a negative value (-1 means absent)', () => {
    assert.throws(() => new Uint32Map().set(1, -1), /values ≥ 0/);
  });
});
