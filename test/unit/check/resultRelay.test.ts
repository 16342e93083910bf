import assert from 'node:assert/strict';
import { relayTarget } from '../../../src/check/probe/resultRelay';
import type { CheckPlan } from '../../../src/core/check/checkPlan';
import { samplePlan } from './samplePlan';

describe('check: the host probe relays only its own node’s pod probes, from their own IPs', () => {
  const plans = (): Map<string, CheckPlan> => new Map([['r1', samplePlan()]]);
  const body = (pod: string, runId = 'r1') => JSON.stringify({ runId, outcome: { pod, results: [], notRun: [] } });

  it('accepts a pod of its node speaking from the pod IP the plan names', () => {
    const { plan, outcome } = relayTarget(plans(), 'n1', '10.244.1.5', body('a-1'));
    assert.equal(plan.runId, 'r1');
    assert.equal(outcome.pod, 'a-1');
    // An IPv4-mapped peer address (a dual-stack socket) is the same address.
    assert.equal(relayTarget(plans(), 'n1', '::ffff:10.244.1.6', body('b-1')).outcome.pod, 'b-1');
  });

  it('refuses another node’s pod, another address, an unknown run, a hostNetwork probe', () => {
    assert.throws(() => relayTarget(plans(), 'n1', '10.244.2.5', body('a-2')), /a-2 is no probe pod of node n1/);
    assert.throws(() => relayTarget(plans(), 'n1', '10.244.1.6', body('a-1')), /a-1 is 10\.244\.1\.5, not 10\.244\.1\.6/);
    assert.throws(() => relayTarget(plans(), 'n1', '10.244.1.5', body('a-1', 'r0')), /no plan of run r0 here/);
    assert.throws(() => relayTarget(plans(), 'n1', '192.168.0.11', body('h-1')), /h-1 is no probe pod of node n1/);
    assert.throws(() => relayTarget(plans(), 'n1', '10.244.1.5', '{'), SyntaxError);
  });
});
