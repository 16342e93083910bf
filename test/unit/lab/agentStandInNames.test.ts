import assert from 'node:assert/strict';
import { agentComponent } from '../../../src/core/cluster/agentReports';
import { appName, cniNamespace, eventReasons, settingsConfigMap } from '../../../src/cni/names';
import { standInNames } from '../../../src/lab/controllers/agentStandIn';
import { describeLabExit } from '../../../src/lab/labChildProcess';
import { labContextNames } from '../../../src/lab/labKubeconfig';
import { LabKubelet } from '../../../src/lab/controllers/kubelet';
import { ObjectStore } from '../../../src/lab/store/objectStore';
import type { StoredObject } from '../../../src/lab/store/storedObject';

/** A store with one node and Podnet's agent pod Running on it. */
function storeWithAgent(): ObjectStore {
  const store = new ObjectStore();
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } } as StoredObject);
  store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] } } as StoredObject);
  store.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'podnet-bridge-cni-abcde', namespace: 'kube-system', labels: { 'app.kubernetes.io/name': 'podnet-bridge-cni' } },
    spec: { nodeName: 'n1', hostNetwork: true },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  } as unknown as StoredObject);
  return store;
}
const settle = (): Promise<void> => new Promise((r) => setImmediate(() => setImmediate(r)));
const reasons = (store: ObjectStore): string[] => store.list('v1', 'Event', 'kube-system').map((e) => String((e as unknown as { reason: string }).reason));

describe('lab: the agent stand-in and core speak the agent’s names', () => {
  it('stand-in, core and the agent (src/cni/names.ts) use the same Event reasons, namespace and ConfigMap', () => {
    assert.deepEqual(standInNames.reasons, {
      ready: eventReasons.ready,
      problem: eventReasons.problem,
      conflict: eventReasons.conflict,
      removed: eventReasons.removed,
    });
    assert.equal(standInNames.namespace, cniNamespace);
    assert.equal(standInNames.appLabel, appName);
    assert.equal(standInNames.settingsConfigMap, settingsConfigMap);
    assert.equal(standInNames.component, agentComponent);
  });

  it('a lab child’s end is said as an exit code or a signal, never "code null"', () => {
    assert.equal(describeLabExit({ code: 2, signal: null }), 'exited with code 2');
    assert.equal(describeLabExit({ code: null, signal: 'SIGTERM' }), 'was killed by SIGTERM');
  });

  it('lab contexts are named after the scenario', () => {
    assert.deepEqual(labContextNames('seed'), { admin: 'podnet-lab-seed', restricted: 'podnet-lab-seed-restricted', cert: 'kubernetes-admin@podnet-lab-seed' });
  });

  it('the kubelet plays the agent (a Ready Event) unless the lab runs the real agents (LabKubelet option dataplane)', async () => {
    const normal = storeWithAgent();
    const kubelet = new LabKubelet(normal);
    await settle();
    kubelet.dispose();
    assert.deepEqual(reasons(normal), ['PodnetAgentReady']);
    const dataplane = storeWithAgent();
    const real = new LabKubelet(dataplane, { dataplane: true });
    await settle();
    real.dispose();
    assert.deepEqual(reasons(dataplane), []);
  });
});
