import assert from 'node:assert/strict';
import { scaleCluster, scaleScenario } from '../../../src/lab/scenarios/scaleScenario';
import { podBuilder, templatedObjects } from '../../../src/lab/scenarios/generatedTemplates';
import type { PodSpec } from '../../../src/lab/scenarios/clusterObjects';
import { ObjectStore } from '../../../src/lab/store/objectStore';
import type { GeneratedObjects } from '../../../src/lab/store/storedEntry';
import { generatedObject, GeneratedSource } from '../../../src/lab/store/storedEntry';
import { encodeMessage } from '../../../src/lab/api/protobufEncoding';

/** What the lab served before templates: the built object, JSON.stringify'd and protobuf-encoded. */
const plainJson = (g: GeneratedObjects, i: number, rv: number): Buffer => Buffer.from(JSON.stringify(generatedObject(g, i, rv)));
const plainProtobuf = (g: GeneratedObjects, i: number, rv: number): Buffer =>
  encodeMessage(g.kind, generatedObject(g, i, rv) as unknown as Record<string, unknown>);

function assertSameBytes(g: GeneratedObjects, indexes: Iterable<number>, rvOf: (i: number) => number): number {
  const source = new GeneratedSource(g);
  assert.ok(source.encoder, `${g.kind}: the scale scenario's generators have templates`);
  let n = 0;
  for (const i of indexes) {
    const rv = rvOf(i);
    assert.ok(source.encoder.json(i, rv).equals(plainJson(g, i, rv)), `${g.kind} ${i}: JSON differs`);
    assert.ok(source.encoder.protobuf(i, rv).equals(plainProtobuf(g, i, rv)), `${g.kind} ${i}: protobuf differs`);
    n++;
  }
  return n;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('lab: generated objects encoded from templates', () => {
  it('every node, DaemonSet pod and application pod of a scale cluster: the same JSON and protobuf bytes as encoding the built object', function() {
    this.timeout(120_000);
    const c = scaleCluster({ nodes: 200, podsPerNode: 5 });
    // resourceVersions of 1 to 10 digits: their lengths change the lengths of the messages around them.
    const rvOf = (i: number) => [7, 1234, 98_765_432, 4_294_967_295][i % 4]! + i;
    const checked = c.generated.map((g) => assertSameBytes(g, range(g.count), rvOf));
    assert.deepEqual(checked, [200, 400, 1000]);
  });

  it('above 16,384 nodes (/26 blocks): a sample of each generator reads the same', function() {
    this.timeout(60_000);
    const c = scaleCluster({ nodes: 16_400, podsPerNode: 2 });
    for (const g of c.generated) assertSameBytes(g, [0, 1, 2, 16_383, 16_384, 16_399, g.count - 1], (i) => 1_000_000 + i);
  });

  it('strings that JSON escapes or that are not ASCII: written as JSON.stringify and UTF-8 protobuf write them', () => {
    const notes = ['say "hi"', 'back\\slash', 'line\nbreak', 'café ☕', '\u0001', ''];
    const g = templatedObjects(
      { apiVersion: 'v1', kind: 'Pod', count: notes.length, keyAt: (i) => ({ namespace: 'default', name: `p-${i}` }) },
      (i): PodSpec => ({
        namespace: 'default',
        name: `p-${i}`,
        nodeName: 'n1',
        hostIP: '172.16.0.1',
        podIP: '10.0.0.2',
        labels: { app: 'a', note: notes[i]! },
      }),
      podBuilder(),
      () => 0,
    );
    assert.equal(assertSameBytes(g, range(notes.length), (i) => 10 + i), notes.length);
  });

  it('a generator whose template is not the object it builds, or with a slot inside a longer string: a clear error, never wrong bytes', () => {
    const good = scaleCluster({ nodes: 2, podsPerNode: 1 }).generated[0]!;
    const lying: GeneratedObjects = {
      ...good,
      templates: { ...good.templates!, slotsOf: (i) => good.templates!.slotsOf(i).map((s, k) => (k === 0 ? `${s}x` : s)) },
    };
    assert.throws(() => new GeneratedSource(lying).encoder!.json(1, 5), /generated Node 1: its JSON from the template differs/);
    const spliced: GeneratedObjects = {
      ...good,
      templates: {
        ...good.templates!,
        templateAt: (i, marker) => {
          const o = good.templates!.templateAt(i, marker);
          o.metadata.name = `pre-${o.metadata.name}`;
          return o;
        },
      },
    };
    assert.throws(() => new GeneratedSource(spliced).encoder!.json(0, 5), /a slot marker inside a longer string/);
  });

  it('in the store: a written generated object is served as written, a deleted one not at all, the others still from their templates', () => {
    const data = scaleScenario.build({ nodes: 3, podsPerNode: 20 }); // 60 pods, 3 in each of 20 namespaces;
    const store = new ObjectStore();
    store.seed(data.objects);
    store.seedGenerated(data.generated ?? []);
    const podType = store.typeOf('v1', 'Pod')!;
    const [first, second, third] = store.entries(podType, 'team-01');
    assert.ok(first && second && third?.generated);
    const written = structuredClone(first.object);
    written.metadata.labels = { ...written.metadata.labels, tier: 'gold' };
    store.update(written);
    store.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'team-01', name: second.object.metadata.name });
    const now = store.entries(podType, 'team-01');
    const after = now.find((e) => e.object.metadata.name === first.object.metadata.name)!;
    assert.equal(after.generated, undefined);
    assert.equal((JSON.parse(after.json.toString()) as { metadata: { labels: Record<string, string> } }).metadata.labels.tier, 'gold');
    assert.ok(after.protobuf.equals(encodeMessage('Pod', after.object as unknown as Record<string, unknown>)));
    assert.equal(now.some((e) => e.object.metadata.name === second.object.metadata.name), false);
    const untouched = now.find((e) => e.object.metadata.name === third.object.metadata.name)!;
    assert.equal(untouched.generated, true);
    assert.ok(untouched.json.equals(Buffer.from(JSON.stringify(untouched.object))));
    assert.ok(untouched.protobuf.equals(encodeMessage('Pod', untouched.object as unknown as Record<string, unknown>)));
  });
});
