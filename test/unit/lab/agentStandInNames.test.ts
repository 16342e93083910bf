import assert from 'node:assert/strict';
import { agentComponent, agentReasons } from '../../../src/core/cluster/agentReports';
import { appName, cniNamespace, eventReasons, settingsConfigMap } from '../../../src/cni/names';
import { standInNames } from '../../../src/lab/controllers/agentStandIn';
import { describeLabExit } from '../../../src/lab/labChildProcess';
import { labContextNames } from '../../../src/lab/labKubeconfig';

describe('lab: the agent stand-in and core speak the agent’s names', () => {
  it('stand-in, core and the agent (src/cni/names.ts) use the same Event reasons, namespace and ConfigMap', () => {
    assert.deepEqual(agentReasons, eventReasons);
    assert.deepEqual(standInNames.reasons, { ready: eventReasons.ready, problem: eventReasons.problem, conflict: eventReasons.conflict, removed: eventReasons.removed });
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
});
