import assert from 'node:assert/strict';
import { buildMapModel } from '../../../src/core/map/buildMapModel';
import { isWebviewMessage } from '../../../src/core/map/mapMessages';
import { decodeModel, encodeModel, plainWire } from '../../../src/core/map/mapWire';
import { seedInput } from './mapFixtures';

describe('map wire format and messages', () => {
  it('round-trips the model column-wise, through a structured clone (postMessage) and through JSON (plainWire)', () => {
    const input = seedInput();
    const model = buildMapModel({
      ...input,
      pods: [...input.pods, { namespace: 'kube-system', name: 'agent', ip: '172.31.0.11', node: 'node-1', hostNetwork: true }],
    });
    const wire = encodeModel(model);
    assert.deepEqual(wire.pods.namespaces, ['default', 'kube-system']);
    assert.deepEqual(Array.from(wire.pods.hostNetwork), [6]);
    // Every pod column is a typed array: VS Code passes their buffers without a per-value JSON replacer.
    for (const key of ['ns', 'nodes', 'nameLengths', 'ipLengths', 'hostNetwork', 'text'] as const) assert.ok(ArrayBuffer.isView(wire.pods[key]), key);
    assert.deepEqual(decodeModel(structuredClone(wire)), model);
    assert.deepEqual(decodeModel(JSON.parse(JSON.stringify(plainWire(wire))) as typeof wire), model);
  });

  it('keeps names apart by length, so no character in a name (newline, tab, non-BMP, a lone surrogate) shifts the next pod', () => {
    const input = seedInput();
    const odd = ['a\nb', 't\tx', 'emoji-\u{1F600}', 'lone-\uD800-x', ''];
    const model = buildMapModel({
      ...input,
      pods: odd.map((name, i) => ({ namespace: 'default', name, ip: `10.244.1.${i + 2}`, node: 'node-1', hostNetwork: false })),
    });
    const back = decodeModel(structuredClone(encodeModel(model)));
    assert.deepEqual(back.pods.map((p) => p.ip), model.pods.map((p) => p.ip));
    // A lone surrogate is not valid UTF-16: it comes back as U+FFFD, one code unit as before.
    assert.deepEqual(back.pods.map((p) => p.name), ['a\nb', 't\tx', 'emoji-\u{1F600}', 'lone-\uFFFD-x', '']);
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
