import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main';

describe('sanity', () => {
  it('runs', async () => {
    let out = '';
    const code = await runCli(['--help'], { out: (t) => (out += t), err: () => {}, isInteractive: false, signal: new AbortController().signal });
    assert.equal(code, 0);
    assert.match(out, /Usage: podnet/);
  });
});
