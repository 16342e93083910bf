import assert from 'node:assert/strict';
import { LabFaults, parseFaults } from '../../../src/lab/labFaults';

describe('lab faults', () => {
  it('parses the --faults flag', () => {
    assert.deepEqual(parseFaults('latency=200,error-rate=0.2,codes=500/429,retry-after=3,reset-rate=0.05,watch-cut=10,watch-gone=1,token-expired'), {
      latencyMs: 200,
      errorRate: 0.2,
      errorCodes: [500, 429],
      retryAfterSeconds: 3,
      resetRate: 0.05,
      watchCutSeconds: 10,
      watchGone: 1,
      tokenExpired: true,
    });
    assert.throws(() => parseFaults('latency=-1'), /non-negative number/);
    assert.throws(() => parseFaults('chaos=1'), /unknown fault "chaos"/);
  });
  it('hands out forced 410s one at a time and tells listeners about changes', () => {
    const f = new LabFaults();
    let changes = 0;
    f.onChange(() => changes++);
    f.set({ watchGone: 2 });
    assert.deepEqual([f.takeWatchGone(), f.takeWatchGone(), f.takeWatchGone()], [true, true, false]);
    f.clear();
    assert.equal(changes, 2);
  });
});
