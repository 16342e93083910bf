import assert from 'node:assert/strict';
import { CoreV1Api, KubeConfig, ListWatch, Watch } from '@kubernetes/client-node';
import type { V1Pod } from '@kubernetes/client-node';
import { startLab } from '../../src/lab/startLab';
import type { RunningLab } from '../../src/lab/startLab';
import type { FaultSettings } from '../../src/lab/labFaults';
import type { StoredObject } from '../../src/lab/store/storedObject';
import { sleep, until } from './labKubectlSupport';

// @kubernetes/client-node's ListWatch (the informer behind most Node.js tools) against each
// injected fault: while the fault is on, pods come and go; once it is off the informer's cache
// must equal the server's pods again. A ListWatch stops on errors; like every caller of it we
// restart it after a short pause.
const faults: { name: string; settings: Partial<FaultSettings>; compact?: boolean; check?: (seen: Seen) => void }[] = [
  { name: 'latency 250 ms', settings: { latencyMs: 250 } },
  {
    name: '500/503/429 with Retry-After on every request',
    settings: { errorRate: 1, errorCodes: [500, 503, 429], watchCutSeconds: 0.5 },
    check: (s) => assert.ok(s.errors.some((c) => [500, 503, 429].includes(c))),
  },
  { name: 'connection resets', settings: { resetRate: 1, watchCutSeconds: 0.5 }, check: (s) => assert.ok(s.errors.includes(-1)) },
  { name: 'watch streams cut every 0.3 s', settings: { watchCutSeconds: 0.3 } },
  {
    name: 'forced 410 Gone on resumed watches (compacted history)',
    settings: { watchGone: 2, watchCutSeconds: 0.3 },
    compact: true,
    check: (s) => assert.ok(s.relists > 0),
  },
  { name: 'token expiry (401)', settings: { tokenExpired: true, watchCutSeconds: 0.3 }, check: (s) => assert.ok(s.errors.includes(401)) },
];

interface Seen {
  errors: number[];
  relists: number;
}

describe('lab fidelity: @kubernetes/client-node ListWatch survives injected faults', () => {
  let lab: RunningLab;
  let informer: ListWatch<V1Pod>;
  let stopped = false;
  const seen: Seen = { errors: [], relists: 0 };
  let serial = 0;

  before(async () => {
    lab = await startLab({ scenario: 'seed', bookmarkIntervalMs: 200 });
    const kc = new KubeConfig();
    kc.loadFromFile(lab.kubeconfigPath);
    const api = kc.makeApiClient(CoreV1Api);
    informer = new ListWatch<V1Pod>('/api/v1/pods', new Watch(kc), async () => {
      seen.relists++;
      return api.listPodForAllNamespaces();
    }, false);
    informer.on('error', (err: unknown) => {
      const e = err as { statusCode?: number; code?: number | string; cause?: { code?: string } };
      seen.errors.push(typeof e.statusCode === 'number' ? e.statusCode : typeof e.code === 'number' ? e.code : -1);
      if (!stopped) setTimeout(() => void informer.start().catch(() => undefined), 100);
    });
    await informer.start();
  });
  after(async () => {
    stopped = true;
    await informer?.stop();
    await lab?.stop();
  });

  const serverPods = (): string[] => lab.store.list('v1', 'Pod').map((p) => `${p.metadata.namespace}/${p.metadata.name}@${p.metadata.resourceVersion}`).sort();
  const cachedPods = (): string[] => informer.list().map((p) => `${p.metadata?.namespace}/${p.metadata?.name}@${p.metadata?.resourceVersion}`).sort();

  for (const fault of faults) {
    it(`converges after: ${fault.name}`, async () => {
      await until('initial sync', () => JSON.stringify(cachedPods()) === JSON.stringify(serverPods()), 10_000);
      seen.errors = [];
      seen.relists = 0;
      lab.faults.set(fault.settings);
      if (fault.compact) lab.faults.compact();
      const template = lab.store.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'db-0' }) as StoredObject;
      for (let i = 0; i < 4; i++) {
        serial++;
        lab.store.create({ ...structuredClone(template), metadata: { name: `churn-${serial}`, namespace: 'shop', labels: { app: 'churn' } } });
        await sleep(150);
      }
      const victims = lab.store.list('v1', 'Pod', 'shop').filter((p) => p.metadata.name.startsWith('churn-')).slice(0, 2);
      for (const v of victims) lab.store.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: v.metadata.name });
      await sleep(700);
      lab.faults.clear();
      await until(`cache equals server after ${fault.name}`, () => JSON.stringify(cachedPods()) === JSON.stringify(serverPods()), 8_000);
      fault.check?.(seen);
    });
  }
});
