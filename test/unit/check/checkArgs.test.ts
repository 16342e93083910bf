import assert from 'node:assert/strict';
import { UsageError } from '../../../src/cli/command';
import { parseCheckArgs } from '../../../src/cli/commands/check';
import { podTrouble, probePodReady } from '../../../src/core/check/podTrouble';

describe('check: arguments and why probe pods did not start', () => {
  it('parses every flag, with defaults', () => {
    assert.deepEqual(parseCheckArgs([]), { format: 'text', timeoutMs: 180_000, dryRun: false, keep: false, yes: false });
    assert.deepEqual(
      parseCheckArgs(['--context', 'prod', '--format', 'json', '--external', 'example.com:443', '--timeout', '30', '--dry-run', '--keep', '-y']),
      {
        context: 'prod',
        format: 'json',
        external: { host: 'example.com', port: 443 },
        timeoutMs: 30_000,
        dryRun: true,
        keep: true,
        yes: true,
      },
    );
    assert.deepEqual(parseCheckArgs(['--external', '[2001:db8::1]:8443']).external, { host: '2001:db8::1', port: 8443 });
  });

  it('bad input is a usage error saying what is wrong', () => {
    const bad: [string[], RegExp][] = [
      [['--format', 'yaml'], /--format must be text or json/],
      [['--external', 'example.com'], /expected HOST:PORT/],
      [['--external', 'example.com:0'], /expected HOST:PORT/],
      [['--external', '2001:db8::1:443'], /expected HOST:PORT/],
      [['--timeout', '0'], /positive number of seconds/],
      [['--timeout=-1'], /positive number of seconds/],
      [['--bogus'], /unknown argument "--bogus"/],
      [['extra'], /unknown argument "extra"/],
    ];
    for (const [args, message] of bad) {
      assert.throws(() => parseCheckArgs(args), (e: unknown) => e instanceof UsageError && message.test(e.message), args.join(' '));
    }
  });

  it('names the reason a probe pod is not running: image pull, scheduling, node readiness, events', () => {
    assert.equal(
      podTrouble({
        metadata: { name: 'p1' },
        spec: { nodeName: 'n1' },
        status: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "node:20"' } } }] },
      }),
      'p1 on node n1: ImagePullBackOff (Back-off pulling image "node:20")',
    );
    assert.equal(
      podTrouble({
        metadata: { name: 'p2' },
        status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' }] },
      }),
      'p2: not scheduled (Unschedulable: 0/3 nodes are available)',
    );
    assert.equal(
      podTrouble({ metadata: { name: 'p3' }, spec: { nodeName: 'n2' }, status: { phase: 'Pending' } }, {
        nodeNotReady: 'KubeletNotReady',
        lastWarning: 'FailedCreatePodSandBox: cni plugin not initialized',
      }),
      'p3 on node n2: Pending; node n2 is NotReady: KubeletNotReady; last warning: FailedCreatePodSandBox: cni plugin not initialized',
    );
    assert.equal(
      podTrouble({
        metadata: { name: 'p4' },
        spec: { nodeName: 'n1' },
        status: { phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1 } } }] },
      }),
      'p4 on node n1: CrashLoopBackOff',
    );
  });

  it('a probe pod is Ready for the plan only once its readiness probe passed (Ready condition, or every container ready on a node marked NotReady)', () => {
    const running = { metadata: { name: 'p5' }, spec: { nodeName: 'n1' } };
    const status = (ready: 'True' | 'False', containerReady: boolean) => ({
      phase: 'Running',
      podIP: '10.0.0.5',
      conditions: [{ type: 'Ready', status: ready, reason: ready === 'False' ? 'ContainersNotReady' : undefined }],
      containerStatuses: [{ state: {}, ready: containerReady }],
    });
    assert.equal(probePodReady({ ...running, status: status('False', false) }), false);
    assert.equal(probePodReady({ ...running, status: status('True', true) }), true);
    // The node lifecycle controller sets Ready False on a NotReady node's pods; the kubelet's container readiness still holds.
    assert.equal(probePodReady({ ...running, status: status('False', true) }), true);
    assert.equal(probePodReady({ ...running, status: { ...status('True', true), podIP: undefined } }), false);
    assert.equal(probePodReady({ ...running, status: { ...status('True', true), phase: 'Pending' } }), false);
    assert.equal(
      podTrouble({ ...running, status: status('False', false) }),
      'p5 on node n1: Running but not Ready (its readiness probe does not find the marker the probe writes once its echo listens)',
    );
  });
});
