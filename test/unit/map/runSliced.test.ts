import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { buildMapModel, buildMapModelSteps } from '../../../src/core/map/buildMapModel';
import { encodeModel, encodeModelSteps } from '../../../src/core/map/mapWire';
import type { Steps } from '../../../src/core/steps';
import { runToEnd } from '../../../src/core/steps';
import { runSliced } from '../../../src/vscode/perf/runSliced';
import { seedInput } from './mapFixtures';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin: stands for a step of real work
  }
};

function* work(steps: number, msPerStep: number): Steps<number> {
  for (let i = 0; i < steps; i++) {
    busy(msPerStep);
    yield;
  }
  return steps;
}

describe('Steps run in slices (the extension host) or straight through (CLI, tests)', () => {
  it('runSliced lets timers run between its slices, and returns the result', async () => {
    let ran = 0;
    const timer = setInterval(() => ran++, 1);
    const result = await runSliced(work(60, 2), 8); // 120 ms of work
    clearInterval(timer);
    assert.equal(result, 60);
    // About one run per slice (120 ms / 8 ms); straight through it would be none (next test).
    assert.ok(ran >= 5, `the timer ran only ${ran} times during 120 ms of sliced work`);
  });

  it('runToEnd blocks until done: the same work without a single timer run', () => {
    let ran = 0;
    const timer = setInterval(() => ran++, 1);
    assert.equal(runToEnd(work(20, 1)), 20);
    clearInterval(timer);
    assert.equal(ran, 0);
  });

  it('the map builder and the wire encoder give the same result sliced and straight through', async () => {
    const input = seedInput();
    const sliced = await runSliced(buildMapModelSteps(input), 0);
    assert.deepEqual(sliced, buildMapModel(input));
    assert.deepEqual(await runSliced(encodeModelSteps(sliced), 0), encodeModel(sliced));
  });
});
