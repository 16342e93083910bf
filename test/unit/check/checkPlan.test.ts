import assert from 'node:assert/strict';
import { expectedTasks, sourcePreservedFor, taskKey, tasksFor } from '../../../src/core/check/checkPlan';
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
