// `podnet inspect` against a misbehaving lab: 20 % of resource requests answer 500/503/429
// (429 and 503 with Retry-After: 1) and 10 % are reset. Every run must succeed and print the same
// model as the lab without faults (retries like client-go's, not luck).
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main';
import { parseFaults } from '../../src/lab/labFaults';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';

async function inspect(lab: RunningLab): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['inspect', '--format', 'json', '--kubeconfig', lab.kubeconfigPath], {
    out: (t) => (out += t),
    err: (t) => (err += t),
    isInteractive: false,
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

describe('lab: podnet inspect through server faults', function() {
  this.timeout(300_000);
  let lab: RunningLab;
  before(async () => {
    lab = await startLab({ scenario: 'seed' });
  });
  after(async () => lab?.stop());

  it('error-rate=0.2,codes=500/503/429,retry-after=1,reset-rate=0.1: 10 of 10 runs succeed with the fault-free model', async () => {
    const clean = await inspect(lab);
    assert.equal(clean.code, 0, clean.err);
    lab.faults.set(parseFaults('error-rate=0.2,codes=500/503/429,retry-after=1,reset-rate=0.1'));
    let retried = 0;
    try {
      for (let run = 1; run <= 10; run++) {
        const r = await inspect(lab);
        assert.equal(r.code, 0, `run ${run}: ${r.err}`);
        assert.equal(r.out, clean.out, `run ${run} printed another model`);
        if (/retrying in/.test(r.err)) retried++;
      }
    } finally {
      lab.faults.clear();
    }
    // The faults were real: runs met them and said so while retrying.
    assert.ok(retried >= 5, `only ${retried} of 10 runs retried anything`);
  });
});
