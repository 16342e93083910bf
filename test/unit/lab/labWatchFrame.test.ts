// The lab's one-copy protobuf watch frame against protobufjs with the real generated.proto.
import assert from 'node:assert/strict';
import { encodeObject, envelope as labEnvelope, objectWatchFrame, watchFrame as labWatchFrame } from '../../../src/lab/api/protobufEncoding';
import { scenarioObjects } from '../../../src/lab/scenarios/scenario';
import { scaleScenario } from '../../../src/lab/scenarios/scaleScenario';
import { envelope, watchFrame } from '../kube/protobufEncoder';

describe('lab: protobuf watch frames', () => {
  it('objectWatchFrame is byte for byte the independent encoder’s WatchEvent frame, for pods and nodes', () => {
    const objects = scenarioObjects(scaleScenario.build({ nodes: 3, podsPerNode: 2 })).filter((o) => o.kind === 'Pod' || o.kind === 'Node');
    assert.ok(objects.length >= 9);
    for (const o of objects) {
      const bytes = encodeObject(o.kind, o as unknown as Record<string, unknown>);
      for (const type of ['ADDED', 'MODIFIED', 'DELETED']) {
        const frame = objectWatchFrame(type, 'v1', o.kind, bytes);
        assert.deepEqual(frame, watchFrame(type, envelope('v1', o.kind, bytes)), `${type} ${o.kind} ${o.metadata.name}`);
        assert.deepEqual(frame, labWatchFrame(type, labEnvelope('v1', o.kind, bytes)));
      }
    }
  });
});
