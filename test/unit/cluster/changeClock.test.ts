import assert from 'node:assert/strict';
import { ChangeClock } from '../../../src/core/cluster/changeClock';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import { node, pod } from './fixtures';

describe("the model's change clock", () => {
  it('answers "what changed since my cursor" for several consumers without one taking it from another', () => {
    const clock = new ChangeClock();
    clock.node('n1');
    const treeCursor = clock.any;
    clock.node('n2');
    const mapCursor = clock.any;
    clock.node('n3');
    clock.cluster();
    assert.deepEqual([...clock.changesSince(treeCursor).nodes].sort(), ['n2', 'n3']);
    assert.deepEqual([...clock.changesSince(mapCursor).nodes], ['n3']);
    // Asking again gives the same answer: nothing is drained.
    assert.deepEqual([...clock.changesSince(treeCursor).nodes].sort(), ['n2', 'n3']);
    assert.equal(clock.changesSince(treeCursor).cluster, true);
    assert.equal(clock.changesSince(clock.any).cluster, false);
    assert.equal(clock.changesSince(clock.any).nodes.size, 0);
  });

  it('ticks network for all but container-only changes, and topology only when told', () => {
    const clock = new ChangeClock();
    clock.node('n1', true);
    assert.deepEqual([clock.any, clock.network, clock.topology], [1, 0, 0]);
    clock.node('n1');
    clock.topologyChanged();
    assert.deepEqual([clock.any, clock.network, clock.topology], [2, 1, 1]);
    assert.deepEqual([...clock.changesSince(0).nodes], ['n1']);
  });

  /** A clock and, beside it, every node's last tick kept the plain way; `check` compares them at some cursors. */
  function mirrored(seed: number, compactSlice?: number) {
    const clock = new ChangeClock(compactSlice);
    const last = new Map<string, number>();
    let s = seed;
    return {
      clock,
      random: (n: number) => (s = (s * 1103515245 + 12345) % 2147483648) % n,
      change(name: string, containersOnly = false, forget = false) {
        if (forget) {
          clock.forget(name);
          last.delete(name);
        } else {
          clock.node(name, containersOnly);
          last.set(name, clock.any);
        }
      },
      check(cursors: number[]) {
        for (const cursor of cursors) {
          const expected = [...last].filter(([, tick]) => tick > cursor).map(([n]) => n).sort();
          assert.deepEqual([...clock.changesSince(cursor).nodes].sort(), expected, `cursor ${cursor} at tick ${clock.any}`);
        }
      },
    };
  }

  // A compaction reads a slice of the log per change: slices of 3 and 50 leave it half done at many checks.
  for (const slice of [undefined, 3, 50]) {
    const sliced = slice ? `, compacting ${slice} entries per change` : '';
    it(`gives the same answer as a pass over every node for every cursor, through compactions and forgotten nodes${sliced}`, () => {
      const { clock, random, change, check } = mirrored(7, slice);
      for (let step = 0; step < 6000; step++) {
        change(`n${random(300)}`, random(2) === 0, random(50) === 0);
        if (step % (slice ? 97 : 997) === 0) check([0, clock.any - 1, clock.any - 500, Math.floor(clock.any / 2), clock.any]);
      }
    });

    it(`gives the same answer when one node changes many times in a row (its pods arriving together), for cursors inside the run${sliced}`, () => {
      const { clock, random, change, check } = mirrored(11, slice);
      for (let run = 0; run < 3000; run++) {
        const name = `n${random(40)}`;
        const length = 1 + random(30);
        for (let k = 0; k < length; k++) {
          change(name, false, random(200) === 0);
          if (random(97) === 0) check([0, clock.any - 1, clock.any - k - 1, clock.any - 3, clock.any - 60, clock.any]);
        }
      }
    });
  }

  it('keeps its log bounded by the nodes it knows while compacting a slice per change', () => {
    const clock = new ChangeClock(16);
    let longest = 0;
    for (let i = 0; i < 200_000; i++) {
      clock.node(`n${(i * 7919) % 1000}`);
      longest = Math.max(longest, (clock as unknown as { logTicks: number[] }).logTicks.length);
    }
    // Compaction starts above 2 × 1,000 + 1,024 entries and reads 16 a change: it ends well before 4,000.
    assert.ok(longest < 4_000, `the log grew to ${longest} entries`);
    assert.equal(clock.changesSince(0).nodes.size, 1000);
  });

  it('in the model: pod churn moves any and network, a container change only any, a block change topology too', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '172.31.0.10', ['10.32.1.0/24']));
    const before = { any: m.clock.any, network: m.clock.network, topology: m.clock.topology };
    m.upsertPod(pod('default', 'a', 'n1', ['10.32.1.5']));
    assert.ok(m.clock.any > before.any && m.clock.network > before.network);
    assert.equal(m.clock.topology, before.topology);
    const network = m.clock.network;
    const cursor = m.clock.any;
    m.upsertPod({ ...pod('default', 'a', 'n1', ['10.32.1.5']), containers: [{ name: 'app', kind: 'app', image: 'x', ready: true }] });
    assert.equal(m.clock.network, network, 'a container turning ready is no network change');
    assert.deepEqual([...m.clock.changesSince(cursor).nodes], ['n1'], "but the node's pods look different");
    m.upsertNode(node('n1', '172.31.0.10', ['10.32.2.0/24']));
    assert.ok(m.clock.topology > before.topology);
  });
});
