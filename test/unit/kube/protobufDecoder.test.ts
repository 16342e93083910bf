import * as assert from 'node:assert/strict';
import { readNode, readPod } from '../../../src/kube/protobuf/coreObjects';
import { FrameSplitter, peekHeadContinue, readList, readWatchEvent, statusBodyText } from '../../../src/kube/protobuf/k8sProtobuf';
import { ProtobufError, WireReader } from '../../../src/kube/protobuf/wireReader';
import { stripNode, stripPod } from '../../../src/kube/strip';
import { encode, envelope, sampleNode, samplePod, watchFrame } from './protobufEncoder';

const nodeList = (n: number, cont = ''): Buffer =>
  envelope(
    'v1',
    'NodeList',
    encode('k8s.io.api.core.v1.NodeList', {
      metadata: { resourceVersion: '4242', continue: cont, remainingItemCount: 7 },
      items: Array.from({ length: n }, (_, i) => sampleNode(`node-${i}`, i)),
    }),
  );
const podList = (n: number): Buffer =>
  envelope(
    'v1',
    'PodList',
    encode('k8s.io.api.core.v1.PodList', {
      metadata: { resourceVersion: '99' },
      items: Array.from({ length: n }, (_, i) => samplePod('team-a', `web-${i}`, i)),
    }),
  );

describe('Kubernetes protobuf decoder (against protobufjs with the real generated.proto)', () => {
  it('reads a NodeList: list metadata and every field stripNode keeps', () => {
    const list = readList(nodeList(3, 'next-page'), 'NodeList', readNode);
    assert.equal(list.metadata.resourceVersion, '4242');
    assert.equal(list.metadata.continue, 'next-page');
    assert.equal(list.items.length, 3);
    assert.deepEqual(stripNode(list.items[1]), {
      name: 'node-1',
      internalIPs: ['198.18.0.1', '2001:2::1'],
      ready: false,
      podCIDRs: ['10.244.1.0/24', 'fd00:1::/64'],
      readyReason: 'KubeletNotReady',
      maxPods: 101,
    });
    assert.deepEqual(stripNode(list.items[0]), {
      name: 'node-0',
      internalIPs: ['198.18.0.0', '2001:2::0'],
      ready: true,
      podCIDRs: ['10.244.0.0/24', 'fd00:0::/64'],
      maxPods: 100,
    });
    assert.equal(list.items[2].metadata.resourceVersion, '102');
    assert.equal(peekHeadContinue(nodeList(3, 'next-page')), 'next-page');
  });

  it('reads the continue token from the first bytes of a list, or says it cannot (undefined), at every cut', () => {
    const body = nodeList(3, 'next-page');
    let firstFound = -1;
    for (let n = 0; n <= body.length; n++) {
      const token = peekHeadContinue(body.subarray(0, n));
      assert.ok(token === undefined || token === 'next-page', `cut at ${n}: ${token}`);
      if (token && firstFound < 0) firstFound = n;
      if (firstFound >= 0) assert.equal(token, 'next-page', `cut at ${n}, after the token was whole at ${firstFound}`);
    }
    assert.ok(firstFound > 0 && firstFound < 100, `the token is whole within the first bytes (at ${firstFound} of ${body.length})`);
    assert.equal(peekHeadContinue(nodeList(3)), undefined, 'the last page has no token');
    assert.equal(peekHeadContinue(Buffer.from('{"kind":"NodeList"}')), undefined, 'JSON is no protobuf head');
  });

  it('reads a PodList: containers, sidecars, statuses, IPs, node and hostNetwork', () => {
    const list = readList(podList(6), 'PodList', readPod);
    assert.equal(list.metadata.resourceVersion, '99');
    const p1 = stripPod(list.items[1]);
    assert.deepEqual(p1, {
      namespace: 'team-a',
      name: 'web-1',
      nodeName: 'node-1',
      podIPs: ['10.244.0.1', 'fd00::1'],
      hostNetwork: false,
      phase: 'Running',
      containers: [
        { name: 'init', kind: 'init', image: 'busybox:1.36', ready: false, restarts: 0 },
        { name: 'proxy', kind: 'sidecar', image: 'envoy:1.30', ready: true, restarts: 2 },
        { name: 'app', kind: 'app', image: 'nginx:1.27', ready: false, restarts: 1 },
      ],
    });
    const p0 = stripPod(list.items[0]);
    assert.equal(p0?.nodeName, undefined, 'an empty nodeName is an unscheduled pod');
    assert.equal(p0?.hostNetwork, true);
    assert.equal(p0?.phase, 'Pending');
    assert.equal(p0?.containers[2].ready, true);
  });

  it('keeps the initial-events-end annotation of a watch-list bookmark', () => {
    const bookmark = envelope(
      'v1',
      'Pod',
      encode('k8s.io.api.core.v1.Pod', { metadata: { resourceVersion: '777', annotations: { 'k8s.io/initial-events-end': 'true' } } }),
    );
    const frames: Buffer[] = [];
    new FrameSplitter().push(watchFrame('BOOKMARK', bookmark), (f) => frames.push(f));
    const ev = readWatchEvent(frames[0], readPod);
    assert.equal(ev.type, 'BOOKMARK');
    assert.deepEqual((ev.object as { metadata: unknown }).metadata, { resourceVersion: '777', annotations: { 'k8s.io/initial-events-end': 'true' } });
  });

  it('splits watch frames however the bytes are chunked, and reads ERROR events as Status', () => {
    const added = watchFrame('ADDED', envelope('v1', 'Node', encode('k8s.io.api.core.v1.Node', sampleNode('n-1', 1))));
    const gone = watchFrame(
      'ERROR',
      envelope(
        'v1',
        'Status',
        encode('k8s.io.apimachinery.pkg.apis.meta.v1.Status', { status: 'Failure', message: 'too old resource version: 1 (5)', reason: 'Expired', code: 410 }),
      ),
    );
    const stream = Buffer.concat([added, gone]);
    for (const step of [1, 3, 7, stream.length]) {
      const splitter = new FrameSplitter();
      const events: { type: string; object: unknown }[] = [];
      for (let i = 0; i < stream.length; i += step) splitter.push(stream.subarray(i, i + step), (f) => events.push(readWatchEvent(f, readNode)));
      splitter.end();
      assert.deepEqual(events.map((e) => e.type), ['ADDED', 'ERROR'], `chunks of ${step}`);
      assert.equal(stripNode(events[0].object)?.name, 'n-1');
      assert.deepEqual(events[1].object, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message: 'too old resource version: 1 (5)',
        reason: 'Expired',
        code: 410,
      });
    }
  });

  it('turns a protobuf Status body into the JSON the error handling reads', () => {
    const body = envelope(
      'v1',
      'Status',
      encode('k8s.io.apimachinery.pkg.apis.meta.v1.Status', {
        status: 'Failure',
        message: 'slow down',
        reason: 'TooManyRequests',
        code: 429,
        details: { retryAfterSeconds: 3 },
      }),
    );
    assert.deepEqual(JSON.parse(statusBodyText(body)), {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: 'slow down',
      reason: 'TooManyRequests',
      code: 429,
      details: { retryAfterSeconds: 3 },
    });
    assert.equal(statusBodyText(Buffer.from('{"kind":"Status"}')), '{"kind":"Status"}');
    // int32 values: negative ones are 10-byte varints; large positive ones keep all 31 bits.
    for (const code of [-1, -2147483648, 2147483647, 0, 300]) {
      const b = envelope('v1', 'Status', encode('k8s.io.apimachinery.pkg.apis.meta.v1.Status', { code }));
      assert.equal(JSON.parse(statusBodyText(b)).code, code);
    }
  });

  it('rejects a list of another kind, a missing magic and an encoded body', () => {
    assert.throws(() => readList(podList(1), 'NodeList', readNode), /expected a NodeList, got "PodList"/);
    assert.throws(() => readList(Buffer.from('{"kind":"NodeList"}'), 'NodeList', readNode), /does not start with the k8s\\0 magic/);
    const gz = Buffer.concat([
      Buffer.from('k8s\0', 'latin1'),
      encode('k8s.io.apimachinery.pkg.runtime.Unknown', {
        typeMeta: { apiVersion: 'v1', kind: 'NodeList' },
        raw: Buffer.from([1, 2]),
        contentEncoding: 'gzip',
      }),
    ]);
    assert.throws(() => readList(gz, 'NodeList', readNode), /content encoding "gzip" is not supported/);
  });

  it('every truncation of a list is a ProtobufError (or loses only the empty trailing envelope fields), never a hang', () => {
    const whole = nodeList(2);
    const full = readList(whole, 'NodeList', readNode).items.length;
    let errors = 0;
    for (let cut = 0; cut < whole.length; cut++) {
      try {
        const list = readList(whole.subarray(0, cut), 'NodeList', readNode);
        assert.equal(list.items.length, full, `cut at ${cut} of ${whole.length} lost items silently`);
      } catch (error) {
        assert.ok(error instanceof ProtobufError, `cut at ${cut}: ${String(error)}`);
        errors++;
      }
    }
    assert.ok(errors > whole.length * 0.9, `most truncations are detected (${errors} of ${whole.length})`);
  });

  it('malformed bytes: overlong lengths, bad wire types, endless varints, field 0, huge frames', () => {
    const read = (bytes: number[]) => () => readNode(new WireReader(Buffer.from(bytes)));
    assert.throws(read([0x0a, 0x7f, 0x41]), /runs past the end of its message/);
    assert.throws(read([0x23]), /unsupported wire type 3 for field 4/);
    assert.throws(read([0x27]), /unsupported wire type 7/);
    assert.throws(read([0x20, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), /varint longer than 10 bytes/);
    assert.throws(read([0x20, 0xff]), /truncated varint/);
    assert.throws(read([0x00, 0x00]), /field number 0/);
    assert.throws(read([0x21, 1, 2, 3]), /truncated fixed-width field 4/);
    // A string field sent as a varint is rejected, not misread.
    assert.throws(() => readWatchEvent(Buffer.from([0x08, 0x01]), readNode), /field 1 has wire type 0, expected 2/);
    assert.throws(() => new FrameSplitter().push(Buffer.from([0xff, 0xff, 0xff, 0xff]), () => undefined), /exceeds the/);
    const splitter = new FrameSplitter();
    splitter.push(Buffer.from([0, 0, 0, 9, 1]), () => assert.fail('no complete frame'));
    assert.throws(() => splitter.end(), /ended inside a frame \(5 bytes left over\)/);
    // Random bytes terminate with a result or a ProtobufError (bounded reads, no loops).
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) & 0xff);
    for (let n = 0; n < 2000; n++) {
      const bytes = Buffer.from(Array.from({ length: 1 + (n % 64) }, rand));
      try {
        readPod(new WireReader(bytes));
      } catch (error) {
        assert.ok(error instanceof ProtobufError, String(error));
      }
    }
  });
});
