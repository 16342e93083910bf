import assert from 'node:assert/strict';
import { ClusterWatcher } from '../../src/kube/clusterWatcher';
import { KubeHttpError } from '../../src/kube/kubeErrors';
import { loadKubeconfig } from '../../src/kube/kubeconfigLoader';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';
import { converge, sleep } from './clusterSupport';

// The lab answers every resource request with 429 + Retry-After: 2 (header and Status details).
// Every kind's ListWatch must wait those 2 s before asking again (its own backoff starts at
// 250 ms), report why, and catch up once the server is well again.
describe('cluster view against the lab: Retry-After', () => {
  let lab: RunningLab;
  let watcher: ClusterWatcher | undefined;
  before(async () => {
    lab = await startLab({ scenario: 'seed' });
  });
  after(async () => {
    watcher?.stop();
    await lab?.stop();
  });

  it('waits the 2 s a 429 asks for before re-requesting, then recovers', async () => {
    lab.faults.set({ errorRate: 1, errorCodes: [429], retryAfterSeconds: 2 });
    const loaded = loadKubeconfig({ files: [lab.kubeconfigPath], origin: '--kubeconfig' });
    if (loaded.kind !== 'ok') throw new Error(loaded.message);
    const errors: string[] = [];
    const w = new ClusterWatcher(loaded.kubeConfig, { onStatus: (s) => 'error' in s && errors.push(s.error) });
    watcher = w;
    // Every request by collection path, with when it was sent and how it ended.
    const log: { path: string; at: number; status: number }[] = [];
    const record = async <R>(path: string, call: () => Promise<R>): Promise<R> => {
      const entry = { path: path.split('?')[0]!, at: Date.now(), status: 0 };
      log.push(entry);
      try {
        const r = await call();
        entry.status = 200;
        return r;
      } catch (error) {
        entry.status = error instanceof KubeHttpError ? error.status : -1;
        throw error;
      }
    };
    const { get, stream } = w.transport;
    w.transport.get = (path, ...rest) => record(path, () => get.call(w.transport, path, ...rest));
    w.transport.stream = (path, ...rest) => record(path, () => stream.call(w.transport, path, ...rest));
    const { getBytes, streamBytes } = w.transport;
    w.transport.getBytes = (path, ...rest) => record(path, () => getBytes.call(w.transport, path, ...rest));
    w.transport.streamBytes = (path, ...rest) => record(path, () => streamBytes.call(w.transport, path, ...rest));
    w.start();
    await sleep(5_000);

    const paths = [...new Set(log.map((e) => e.path))];
    assert.ok(paths.includes('/api/v1/nodes') && paths.includes('/api/v1/pods'), `paths: ${paths.join(' ')}`);
    let retries = 0;
    for (const path of paths) {
      const sent = log.filter((e) => e.path === path);
      // The 250 ms backoff alone would have sent ~5 requests in 5 s.
      assert.ok(sent.length <= 3, `${path}: ${sent.length} requests in 5 s`);
      for (let i = 1; i < sent.length; i++) {
        assert.equal(sent[i - 1]!.status, 429);
        const gap = sent[i]!.at - sent[i - 1]!.at;
        assert.ok(gap >= 1_990, `${path}: re-requested ${gap} ms after a 429 with Retry-After: 2`);
        retries++;
      }
    }
    assert.ok(retries >= paths.length, `only ${retries} retries seen`);
    assert.ok(errors.some((e) => /the server asked to retry after 2 s/.test(e)), `errors: ${errors.slice(0, 3).join(' | ')}`);

    lab.faults.clear();
    const ended = Date.now();
    // At most one more 2 s wait, then the lists go through.
    await converge(w.model, lab.store, 5_000);
    while (w.status.kind !== 'connected' && Date.now() - ended < 5_000) await sleep(50);
    assert.equal(w.status.kind, 'connected');
    assert.ok(w.model.nodes().length >= 3, `${w.model.nodes().length} nodes`);
  });
});
