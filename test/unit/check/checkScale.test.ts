// Results at scale: a probe pod's outcome on a 1,000-node cluster, split into result ConfigMaps
// that each stay under the API server's 1 MiB limit, and read back whole by the runner's reader.
import assert from 'node:assert/strict';
import type { CheckPlan, PlanPod } from '../../../src/core/check/checkPlan';
import { tasksFor } from '../../../src/core/check/checkPlan';
import type { PodOutcome } from '../../../src/core/check/checkOutcome';
import type { ProbeResult } from '../../../src/core/check/checkReport';
import { configMapDataLimit, mergeShards, shardOutcome } from '../../../src/core/check/outcomeShards';
import { planObject } from '../../../src/check/checkManifests';
import { readResultConfigMaps, resultConfigMaps } from '../../../src/check/resultObjects';
import { resultOfLabel, runLabel } from '../../../src/check/checkNames';
import { samplePlan } from './samplePlan';

const bytes = (o: unknown): number => Buffer.byteLength(JSON.stringify(o));

function bigPlan(nodes: number): CheckPlan {
  const pods: PlanPod[] = [];
  const hosts: PlanPod[] = [];
  for (let n = 0; n < nodes; n++) {
    const node = `ip-10-0-${n >> 8}-${n & 255}.eu-west-1.compute.internal`;
    for (const ds of ['a', 'b']) {
      pods.push({ name: `podnet-check-${ds}-${n.toString(36).padStart(5, '0')}`, node, ip: `10.${64 + (n >> 8)}.${n & 255}.${ds === 'a' ? 10 : 11}` });
    }
    hosts.push({ name: `podnet-check-host-${n.toString(36).padStart(5, '0')}`, node, ip: `10.0.${n >> 8}.${n & 255}` });
  }
  return samplePlan({ runId: 'mf3k2a1-9c0ffe', pods, hosts });
}

/** Every task of `pod` answered, with errors on some, as a probe would write it. */
function outcomeOf(plan: CheckPlan, pod: string): PodOutcome {
  const results: ProbeResult[] = tasksFor(plan, pod).map((t, i) => ({
    from: t.from,
    to: t.to,
    kind: t.kind,
    protocol: t.protocol,
    ...(i % 7 === 0
      ? { ok: false, sourcePreserved: null, latencyMs: null, error: `no answer to 3 datagrams of 34 bytes within 3000 ms ("quoted" \\ text)` }
      : { ok: true, sourcePreserved: true, sourceSeen: t.from.ip, latencyMs: 0.42 }),
  }));
  return {
    pod,
    results,
    notRun: [{ from: results[0].from, to: results[0].to, kind: 'same-node', protocol: 'icmp', reason: 'ping is not permitted here' }],
    podMtu: 9001,
  };
}

describe('check: results at scale (ConfigMap size limit)', function() {
  this.timeout(60_000);

  it('1,000 nodes: a pod probe’s outcome (over 1 MiB) is split into result ConfigMaps each under 1 MiB, and read back whole', () => {
    const plan = bigPlan(1000);
    assert.ok(bytes(planObject(plan.runId, JSON.stringify(plan))) < configMapDataLimit, 'the plan itself fits one ConfigMap');
    for (const pod of [plan.pods[0].name, plan.hosts[999].name]) {
      const outcome = outcomeOf(plan, pod);
      const maps = resultConfigMaps(plan.runId, outcome);
      if (pod === plan.pods[0].name) {
        assert.ok(bytes(outcome) > configMapDataLimit, `the outcome is ${bytes(outcome)} bytes: one ConfigMap would not hold it`);
        assert.ok(maps.length > 1);
      }
      for (const m of maps) {
        assert.ok(bytes(m) < configMapDataLimit, `${m.metadata.name}: ${bytes(m)} bytes`);
        assert.ok(m.metadata.name.length <= 253 && /^[a-z0-9.-]+$/.test(m.metadata.name), m.metadata.name);
        assert.equal(m.metadata.labels[resultOfLabel], pod);
      }
      assert.equal(new Set(maps.map((m) => m.metadata.name)).size, maps.length, 'names are distinct');
      // The runner lists them in any order, with another run's leftovers among them.
      const listed = [...maps].reverse().concat({ ...maps[0], metadata: { ...maps[0].metadata, labels: { ...maps[0].metadata.labels, [runLabel]: 'other' } } });
      const read = readResultConfigMaps(listed, plan.runId);
      assert.deepEqual(read.unreadable, []);
      assert.equal(read.partial.size, 0);
      assert.deepEqual(read.outcomes.get(pod), outcome);
    }
  });

  it('a pod with parts still missing is partial, not an outcome; a small outcome is one part; unreadable parts are named', () => {
    const plan = bigPlan(400);
    const outcome = outcomeOf(plan, plan.pods[3].name);
    const parts = shardOutcome(outcome);
    assert.ok(parts.length >= 2);
    const some = mergeShards(parts.slice(1));
    assert.equal(some.outcomes.size, 0);
    assert.deepEqual(some.partial.get(outcome.pod), { have: parts.length - 1, parts: parts.length });
    const small = shardOutcome({ pod: 'p', results: outcome.results.slice(0, 5), notRun: [] });
    assert.deepEqual(small.map((s) => [s.part, s.parts, s.results.length]), [[1, 1, 5]]);
    // An outcome written by an older probe (no part numbers) still reads as whole.
    assert.deepEqual(mergeShards([{ pod: 'p', results: [], notRun: [] }]).outcomes.get('p'), { pod: 'p', results: [], notRun: [] });
    const bad = readResultConfigMaps([{ metadata: { name: 'x', labels: { [runLabel]: 'r', [resultOfLabel]: 'p' } }, data: { 'outcome.json': '{' } }], 'r');
    assert.deepEqual(bad.unreadable, ['x (the result of p) is not an outcome']);
  });
});
