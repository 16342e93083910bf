import assert from 'node:assert/strict';
import { formatLabReadyLine, parseLabReadyLine } from '../../../src/lab/labReadyLine';

describe('the lab ready line', () => {
  const ready = { server: 'https://127.0.0.1:40123', kubeconfig: "/tmp/a dir/it's kubeconfig" };
  it('round-trips among the human lines around it, whatever the path holds', () => {
    const out = `Lab cluster "seed" is up at x\nKubeconfig: y\n${formatLabReadyLine(ready)}Press Ctrl+C to stop.\n`;
    assert.deepEqual(parseLabReadyLine(out), ready);
  });
  it('is not read before its line is complete, nor from text that only looks like it', () => {
    const line = formatLabReadyLine(ready);
    assert.equal(parseLabReadyLine(line.slice(0, line.length - 5)), undefined);
    assert.equal(parseLabReadyLine('podnet-lab-ready {"server": 1}\n'), undefined);
    assert.equal(parseLabReadyLine('podnet-lab-ready not json\n'), undefined);
    assert.equal(parseLabReadyLine('Lab cluster "seed" is up at https://127.0.0.1:1\n'), undefined);
  });
});
