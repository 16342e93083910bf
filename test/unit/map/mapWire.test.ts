import assert from 'node:assert/strict';
import { buildMapModel } from '../../../src/core/map/buildMapModel';
import { isWebviewMessage } from '../../../src/core/map/mapMessages';
import { decodeModel, encodeModel } from '../../../src/core/map/mapWire';
import { seedInput } from './mapFixtures';

describe('map wire format and messages', () => {
  it('round-trips the model through JSON column-wise', () => {
    const input = seedInput();
    const model = buildMapModel({ ...input, pods: [...input.pods, { namespace: 'kube-system', name: 'agent', ip: '172.31.0.11', node: 'node-1', hostNetwork: true }] });
    const wire = JSON.parse(JSON.stringify(encodeModel(model)));
    assert.deepEqual(wire.pods.namespaces, ['default', 'kube-system']);
    assert.deepEqual(wire.pods.hostNetwork, [6]);
    assert.deepEqual(decodeModel(wire), model);
  });

  it('accepts only well-formed webview messages', () => {
    assert.ok(isWebviewMessage({ type: 'ready' }));
    assert.ok(isWebviewMessage({ type: 'openFile', uri: 'file:///a.yaml', line: 3, character: 0 }));
    assert.ok(!isWebviewMessage({ type: 'openFile', uri: 'file:///a.yaml', line: '3', character: 0 }));
    assert.ok(!isWebviewMessage({ type: 'revealNode' }));
    assert.ok(!isWebviewMessage({ type: 'runCommand', command: 'x' }));
    assert.ok(!isWebviewMessage(null));
  });
});
