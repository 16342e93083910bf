import assert from 'node:assert/strict';
import { abortOnSignals, exitCodeOf } from '../../../src/cli/interrupts';
import type { StopSignal } from '../../../src/cli/interrupts';

function fakeHost() {
  const listeners = new Map<StopSignal, () => void>();
  const exits: number[] = [];
  const errs: string[] = [];
  return {
    host: { on: (s: StopSignal, l: () => void) => listeners.set(s, l), exit: (c: number) => exits.push(c), err: (t: string) => errs.push(t) },
    send: (s: StopSignal) => listeners.get(s)!(),
    exits,
    errs,
  };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cli interrupts: abort, then a bounded clean-up', () => {
  it('reports a signal as shells do: 128 + its number', () => {
    assert.equal(exitCodeOf('SIGINT'), 130);
    assert.equal(exitCodeOf('SIGTERM'), 143);
  });

  it('the first signal aborts the command and does not exit; a second exits at once with its code', () => {
    const c = new AbortController();
    const f = fakeHost();
    abortOnSignals(c, f.host, 60_000);
    f.send('SIGTERM');
    assert.equal(c.signal.aborted, true);
    assert.equal(c.signal.reason, 'SIGTERM');
    assert.deepEqual(f.exits, []);
    f.send('SIGINT');
    assert.deepEqual(f.exits, [130]);
    assert.match(f.errs.join(''), /SIGINT again: exiting without finishing the clean-up/);
  });

  it('a clean-up that outlasts the grace ends the process with the first signal’s code', async () => {
    const c = new AbortController();
    const f = fakeHost();
    abortOnSignals(c, f.host, 30);
    f.send('SIGINT');
    await sleep(10);
    assert.deepEqual(f.exits, []);
    await sleep(80);
    assert.deepEqual(f.exits, [130]);
    assert.match(f.errs.join(''), /clean-up after SIGINT took more than 0.03 s/);
  });
});
