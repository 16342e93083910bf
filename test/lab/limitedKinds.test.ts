// Optional kinds the credentials may not read (403 from the lab's `forbid` fault) are named in
// limited[] with the API's reason, and no finding rests on what could not be read.
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main';
import type { InspectReport } from '../../src/core/cluster/inspectReport';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';

async function inspect(lab: RunningLab): Promise<InspectReport> {
  let out = '';
  let err = '';
  const code = await runCli(['inspect', '--format', 'json', '--kubeconfig', lab.kubeconfigPath], {
    out: (t) => (out += t),
    err: (t) => (err += t),
    isInteractive: false,
    signal: new AbortController().signal,
  });
  assert.ok(code === 0 || code === 1, err);
  return JSON.parse(out) as InspectReport;
}

const findingKeys = (r: InspectReport) => r.findings.map((f) => `${f.code} ${f.message}`);

describe('lab: optional kinds that answer 403', function() {
  this.timeout(120_000);
  const cases: { scenario: string; forbid: string; kind: string; check?: (r: InspectReport) => void }[] = [
    { scenario: 'calico', forbid: 'ipamblocks', kind: 'ipamblocks' },
    { scenario: 'cilium', forbid: 'ciliumnodes', kind: 'ciliumnodes' },
    { scenario: 'seed', forbid: 'daemonsets', kind: 'daemonsets', check: (r) => assert.notEqual(r.cni.name, 'none', 'unread DaemonSets are not "no CNI"') },
    { scenario: 'flannel', forbid: 'configmaps', kind: 'configmaps/kube-system' },
    { scenario: 'seed', forbid: 'servicecidrs', kind: 'servicecidrs' },
    { scenario: 'seed', forbid: 'services', kind: 'kubernetes-service' },
  ];
  for (const c of cases) {
    it(`${c.scenario}, 403 on ${c.forbid}: limited names ${c.kind}, no finding that the full read lacks`, async () => {
      const lab = await startLab({ scenario: c.scenario });
      try {
        const full = await inspect(lab);
        assert.deepEqual(full.limited, []);
        lab.faults.set({ forbidden: [c.forbid] });
        const r = await inspect(lab);
        assert.ok(r.limited.includes(c.kind), `limited: ${JSON.stringify(r.limited)}`);
        const reason = r.limitedReasons.find((l) => l.kind === c.kind)?.reason ?? '';
        assert.match(reason, /403.*forbidden/i);
        const baseline = new Set(findingKeys(full));
        const extra = findingKeys(r).filter((f) => !baseline.has(f));
        assert.deepEqual(extra, [], 'findings raised from what could not be read');
        c.check?.(r);
      } finally {
        await lab.stop();
      }
    });
  }

  it('control: without the limited[] guard, calico with 403 on IPAMBlocks would lack every block (the case is real)', async () => {
    const lab = await startLab({ scenario: 'calico' });
    try {
      lab.faults.set({ forbidden: ['ipamblocks'] });
      const r = await inspect(lab);
      assert.ok(r.nodes.length > 0 && r.nodes.every((n) => n.blocks.length === 0), 'blocks came from somewhere else');
    } finally {
      await lab.stop();
    }
  });
});
