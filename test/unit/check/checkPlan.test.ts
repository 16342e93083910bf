import assert from 'node:assert/strict';
import { expectedTasks, sourcePreservedFor, taskKey, tasksFor } from '../../../src/core/check/checkPlan';
import { buildReport } from '../../../src/core/check/checkOutcome';
import { samplePlan } from './samplePlan';

describe('check: plan → the probes each pod runs', () => {
  it('a pod probes every other pod (same node and cross node) over TCP, UDP, ICMP, plus MTU, every node, the Service and DNS', () => {
    const tasks = tasksFor(samplePlan(), 'a-1');
    const count = (kind: string, protocol?: string) => tasks.filter((t) => t.kind === kind && (!protocol || t.protocol === protocol)).length;
    assert.equal(count('same-node'), 3, 'b-1 over tcp, udp, icmp');
    assert.equal(count('cross-node'), 6, 'a-2 and b-2 over tcp, udp, icmp');
    assert.equal(count('mtu', 'udp'), 3);
    assert.equal(count('mtu', 'tcp'), 3);
    assert.equal(count('pod-node'), 4, 'both nodes over tcp and udp');
    assert.equal(count('service'), 1);
    assert.equal(count('dns'), 1);
    assert.equal(count('external'), 0, 'only with --external');
    assert.equal(tasks.length, 21);
    assert.ok(tasks.filter((t) => t.kind === 'same-node').every((t) => t.to.node === 'n1'));
    assert.ok(tasks.filter((t) => t.kind === 'cross-node').every((t) => t.to.node === 'n2'));
    assert.ok(tasks.every((t) => t.kind === 'same-node' || t.to.pod !== 'a-1'), 'never itself');
    const toNode = tasks.filter((t) => t.kind === 'pod-node');
    assert.deepEqual([...new Set(toNode.map((t) => `${t.target.host}:${t.target.port}`))], ['192.168.0.11:31470', '192.168.0.12:31470']);
    assert.equal(tasks.find((t) => t.protocol === 'icmp')?.target.port, undefined);
  });

  it('the hostNetwork probe probes every pod from its node (node → pod)', () => {
    const tasks = tasksFor(samplePlan(), 'h-2');
    assert.equal(tasks.length, 8);
    assert.ok(tasks.every((t) => t.kind === 'node-pod' && t.from.node === 'n2' && t.from.pod === undefined && t.from.ip === '192.168.0.12'));
  });

  it('--external adds one probe per pod, naming HOST:PORT (IPv6 in brackets)', () => {
    const tasks = tasksFor(samplePlan({ external: { host: '2001:db8::1', port: 443 } }), 'b-2');
    const ext = tasks.filter((t) => t.kind === 'external');
    assert.equal(ext.length, 1);
    assert.equal(ext[0].to.name, '[2001:db8::1]:443');
  });

  it('a name the plan does not hold has no probes; every planned probe has its own key', () => {
    assert.deepEqual(tasksFor(samplePlan(), 'nobody'), []);
    const all = expectedTasks(samplePlan());
    assert.equal(all.length, 4 * 21 + 2 * 8);
    assert.equal(new Set(all.map(taskKey)).size, all.length);
  });

  it('source preservation is judged only where the model promises it (pod → pod), and IPv4-mapped addresses count as IPv4', () => {
    const from = { pod: 'a-1', ip: '10.244.1.5' };
    assert.equal(sourcePreservedFor({ kind: 'cross-node', protocol: 'tcp', from }, '::ffff:10.244.1.5'), true);
    assert.equal(sourcePreservedFor({ kind: 'same-node', protocol: 'udp', from }, '10.244.1.1'), false);
    assert.equal(sourcePreservedFor({ kind: 'mtu', protocol: 'udp', from }, '10.244.1.5'), true);
    assert.equal(sourcePreservedFor({ kind: 'pod-node', protocol: 'tcp', from }, '192.168.0.11'), null, 'pod → node may be masqueraded');
    assert.equal(sourcePreservedFor({ kind: 'cross-node', protocol: 'icmp', from }, undefined), null);
    assert.equal(sourcePreservedFor({ kind: 'cross-node', protocol: 'tcp', from }, undefined), null, 'no answer, nothing seen');
  });
});

describe('check: dual-stack plan', () => {
  const dual = () =>
    samplePlan({
      pods: samplePlan().pods.map((p, i) => ({ ...p, ip2: `fd00:10:244:${p.node.slice(1)}::${5 + (i % 2)}` })),
      hosts: samplePlan().hosts.map((h) => ({ ...h, ip2: `fd00:192:168::${h.node.slice(1)}` })),
    });

  it('pods with IPv4 and IPv6 get every pod → pod, pod → node and node → pod probe once per family, never across families', () => {
    const single = tasksFor(samplePlan(), 'a-1');
    const tasks = tasksFor(dual(), 'a-1');
    const podToPod = (list: typeof tasks) => list.filter((t) => ['same-node', 'cross-node', 'mtu', 'pod-node'].includes(t.kind));
    assert.equal(podToPod(tasks).length, 2 * podToPod(single).length);
    for (const t of podToPod(tasks)) {
      assert.equal(t.from.ip?.includes(':'), t.target.host.includes(':'), JSON.stringify(t));
      assert.equal(t.to.ip, t.target.host);
    }
    const v6 = tasks.filter((t) => t.kind === 'cross-node' && t.protocol === 'tcp' && t.target.host.includes(':'));
    assert.deepEqual(v6.map((t) => [t.from.ip, t.to.pod, t.target.host]), [['fd00:10:244:1::5', 'a-2', 'fd00:10:244:2::5'], [
      'fd00:10:244:1::5',
      'b-2',
      'fd00:10:244:2::6',
    ]]);
    const fromHost = tasksFor(dual(), 'h-1');
    assert.equal(fromHost.length, 2 * tasksFor(samplePlan(), 'h-1').length);
    assert.ok(fromHost.some((t) => t.from.ip === 'fd00:192:168::1' && t.target.host === 'fd00:10:244:2::5'));
    // Each family's pair is its own probe: the keys do not collide, and a report of every answer misses nothing.
    const all = expectedTasks(dual());
    assert.equal(new Set(all.map(taskKey)).size, all.length);
  });

  it('a report over a dual-stack plan counts both families and names a missing IPv6 probe', () => {
    const plan = dual();
    const outcomes = new Map([...plan.pods, ...plan.hosts].map((p) => {
      const results = tasksFor(plan, p.name).map((t) => ({
        from: t.from,
        to: t.to,
        kind: t.kind,
        protocol: t.protocol,
        ok: true,
        sourcePreserved: null,
        latencyMs: 1,
      }));
      return [p.name, {
        pod: p.name,
        results: p.name === 'a-1' ? results.filter((r) => !(r.kind === 'cross-node' && r.to.ip === 'fd00:10:244:2::5' && r.protocol === 'udp')) : results,
        notRun: [],
      }];
    }));
    const report = buildReport({ context: 'c', startedAt: '2026-01-01T00:00:00Z', durationMs: 1, plan, outcomes });
    assert.equal(report.pairs.length, expectedTasks(plan).length - 1);
    assert.deepEqual(report.missing?.map((m) => [m.from.ip, m.to?.ip, m.kind]), [['fd00:10:244:1::5', 'fd00:10:244:2::5', 'cross-node']]);
  });
});
