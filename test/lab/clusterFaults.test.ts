import assert from 'node:assert/strict';
import { startLab } from '../../src/lab/startLab';
import type { RunningLab } from '../../src/lab/startLab';
import type { FaultSettings } from '../../src/lab/labFaults';
import { ClusterWatcher } from '../../src/kube/clusterWatcher';
import { loadKubeconfig } from '../../src/kube/kubeconfigLoader';
import { clonePod, converge, sleep } from './clusterSupport';

// Each fault is on for a while during which the cluster changes; after it ends the model must
// equal the server's state within 5 s (reconnect with backoff, resume, re-list on 410).
// `expect`: a connection status the watcher must have reported during the fault (proof that
// the fault bit: "connecting" means a kind went back to listing, i.e. a re-list).
const faults: { name: string; settings: Partial<FaultSettings>; compact?: boolean; expect?: string }[] = [
  { name: 'latency 300 ms', settings: { latencyMs: 300 } },
  {
    name: 'every request fails with 500/503/429, watches cut',
    settings: { errorRate: 1, errorCodes: [500, 503, 429], watchCutSeconds: 1 },
    expect: 'unreachable',
  },
  { name: 'connections reset, watches cut', settings: { resetRate: 1, watchCutSeconds: 1 }, expect: 'unreachable' },
  { name: 'watches cut every second', settings: { watchCutSeconds: 1 } },
  { name: 'history compacted: resumed watches get 410 Gone', settings: { watchGone: 3, watchCutSeconds: 1 }, compact: true, expect: 'connecting' },
  { name: 'token refused (401)', settings: { tokenExpired: true, watchCutSeconds: 1 }, expect: 'unauthorized' },
];

describe('cluster view against the lab: faults', () => {
  let lab: RunningLab;
  let watcher: ClusterWatcher;
  let serial = 0;
  let seen: string[] = [];

  before(async () => {
    lab = await startLab({ scenario: 'seed' });
    const loaded = loadKubeconfig({ files: [lab.kubeconfigPath], origin: '--kubeconfig' });
    if (loaded.kind !== 'ok') throw new Error(loaded.message);
    // Watches re-open every 2 s (as real ones do every few minutes) so they meet the faults.
    watcher = new ClusterWatcher(loaded.kubeConfig, { onStatus: (st) => seen.push(st.kind), watchTimeoutSeconds: 2 });
    watcher.start();
    await watcher.synced();
  });
  after(async () => {
    watcher?.stop();
    await lab?.stop();
  });

  for (const fault of faults) {
    it(`recovers within 5 s after: ${fault.name}`, async () => {
      await converge(watcher.model, lab.store, 5_000);
      seen = [];
      lab.faults.set(fault.settings);
      if (fault.compact) lab.faults.compact();
      // The cluster changes while the fault is on: pods come and go.
      const template = lab.store.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'db-0' });
      for (let i = 0; i < 3; i++) {
        serial++;
        lab.store.create(clonePod(template, `churn-${serial}`, `10.32.3.${100 + (serial % 100)}`));
        await sleep(400);
      }
      const victims = lab.store.list('v1', 'Pod').filter((p) => p.metadata.name.startsWith('churn-')).slice(0, 2);
      for (const v of victims) lab.store.delete({ apiVersion: 'v1', kind: 'Pod', namespace: v.metadata.namespace!, name: v.metadata.name });
      await sleep(1_000);
      lab.faults.clear();
      const ended = Date.now();
      await converge(watcher.model, lab.store, 5_000);
      while (watcher.status.kind !== 'connected' && Date.now() - ended < 5_000) await sleep(50);
      assert.equal(watcher.status.kind, 'connected', `still ${watcher.status.kind} 5 s after the fault ended`);
      await converge(watcher.model, lab.store, Math.max(0, 5_000 - (Date.now() - ended)));
      if (fault.expect) assert.ok(seen.includes(fault.expect), `statuses seen: ${seen.join(', ')}`);
      assert.equal(watcher.model.pod('shop', `churn-${serial}`)?.podIPs[0], `10.32.3.${100 + (serial % 100)}`);
    });
  }
});
