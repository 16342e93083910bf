import assert from 'node:assert/strict';
import { IntervalKeyed } from '../../../src/core/lint/intervalKeyed';

describe('IntervalKeyed (values keyed by family, interval and tag)', () => {
  it('keeps families, intervals and tags apart, and knows a key set to undefined', () => {
    const m = new IntervalKeyed<string | undefined>();
    m.set(4, 10n, 20n, 'v4');
    m.set(6, 10n, 20n, 'v6');
    m.set(4, 10n, 21n, 'longer');
    m.set(4, 10n, 20n, 'tagged', 'pod-network');
    m.set(4, 0n, 255n, undefined);
    assert.deepEqual(
      [m.get(4, 10n, 20n), m.get(6, 10n, 20n), m.get(4, 10n, 21n), m.get(4, 10n, 20n, 'pod-network'), m.get(4, 11n, 20n), m.get(4, 10n, 20n, 'lb-pool')],
      ['v4', 'v6', 'longer', 'tagged', undefined, undefined],
    );
    assert.deepEqual([m.has(4, 0n, 255n), m.has(6, 0n, 255n), m.has(4, 0n, 254n)], [true, false, false]);
    // Bigints are keys by value, not by identity.
    assert.equal(m.get(4, BigInt('10'), BigInt(20)), 'v4');
  });
});
