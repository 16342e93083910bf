// The scale scenario's generated objects served from templates (store/objectTemplate.ts) against
// the same cluster served by building and encoding each object on read (generatedTemplates: false):
// byte for byte, in JSON and protobuf, paged and unpaged, watch-list initial events, single GETs,
// and after writes and deletes; then real kubectl reads the templated protobuf as its JSON.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';
import { Kubectl } from './labKubectlSupport';

const protobuf = 'application/vnd.kubernetes.protobuf';

function getBytes(lab: RunningLab, path: string, accept: string): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${lab.server}${path}`, { ca: lab.caPem, headers: { Authorization: `Bearer ${lab.token}`, Accept: accept } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const initialEventsEnd = Buffer.from('k8s.io/initial-events-end');

/** A watch-list's bytes up to the end of its initial-events-end bookmark (JSON lines, or protobuf's length-prefixed frames). */
function watchUntilBookmark(lab: RunningLab, path: string, accept: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(`${lab.server}${path}`, { ca: lab.caPem, headers: { Authorization: `Bearer ${lab.token}`, Accept: accept } }, (res) => {
      let data = Buffer.alloc(0);
      let at = 0; // the start of the first event not yet looked at
      res.on('data', (d: Buffer) => {
        data = Buffer.concat([data, d]);
        for (;;) {
          const end = accept === protobuf ? (data.length >= at + 4 ? at + 4 + data.readUInt32BE(at) : Infinity) : data.indexOf(0x0a, at) + 1 || Infinity;
          if (end > data.length) return;
          const event = data.subarray(at, end);
          at = end;
          if (event.includes(initialEventsEnd)) {
            req.destroy();
            return resolve(data.subarray(0, end));
          }
        }
      });
      res.on('end', () => reject(new Error(`${path}: the watch ended before the initial-events-end bookmark`)));
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.end();
  });
}

/** The continue token of a JSON page, or of a protobuf one (ListMeta.continue: base64url of '{"…', ahead of the items). */
function continueOf(body: Buffer, accept: string): string {
  if (accept === protobuf) return /eyJ[A-Za-z0-9_-]+/.exec(body.subarray(0, 300).toString('latin1'))?.[0] ?? '';
  return (JSON.parse(body.toString()) as { metadata: { continue?: string } }).metadata.continue ?? '';
}

describe('lab: generated objects from templates serve the same bytes as built and encoded ones', function() {
  this.timeout(180_000);
  let templated: RunningLab;
  let built: RunningLab;
  let kubectl: Kubectl;
  const labs = () => [templated, built] as const;
  before(async () => {
    // 100 × 20 + 200 DaemonSet pods: an unpaged list above 2,000 items is streamed (listing.ts).
    const options = { scenario: 'scale', nodes: 100, podsPerNode: 20, bookmarkIntervalMs: 600_000 };
    templated = await startLab(options);
    built = await startLab({ ...options, generatedTemplates: false });
    kubectl = new Kubectl(templated.kubeconfigPath);
  });
  after(async () => {
    kubectl?.dispose();
    await templated?.stop();
    await built?.stop();
  });

  /** Both labs' answers to the same request, which must be identical. */
  async function same(path: string, accept: string): Promise<Buffer> {
    const [a, b] = await Promise.all(labs().map((lab) => getBytes(lab, path, accept)));
    assert.equal(a!.status, 200, `${path}: ${a!.body.toString().slice(0, 200)}`);
    assert.equal(a!.type, b!.type, path);
    assert.ok(a!.body.equals(b!.body), `${path} (${accept}): ${a!.body.length} bytes from templates, ${b!.body.length} built`);
    return a!.body;
  }

  async function samePages(path: string, accept: string, limit: number): Promise<number> {
    let token = '';
    let pages = 0;
    do {
      const body = await same(`${path}?limit=${limit}${token ? `&continue=${token}` : ''}`, accept);
      token = continueOf(body, accept);
      pages++;
    } while (token);
    return pages;
  }

  for (const accept of ['application/json', protobuf]) {
    it(`${accept}: nodes and pods unpaged, paged, in one namespace, and one by one`, async () => {
      assert.equal(templated.store.list('v1', 'Pod').length, 2200);
      await same('/api/v1/nodes', accept);
      const all = await same('/api/v1/pods', accept);
      assert.ok(all.length > 2200 * 2000, 'the whole pod list');
      assert.equal(await samePages('/api/v1/pods', accept, 500), 5);
      assert.equal(await samePages('/api/v1/nodes', accept, 30), 4);
      await samePages('/api/v1/namespaces/team-03/pods', accept, 40);
      await same('/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-00042', accept);
      const [pod] = templated.store.list('v1', 'Pod', 'team-07');
      await same(`/api/v1/namespaces/team-07/pods/${pod!.metadata.name}`, accept);
      await same('/api/v1/nodes/node-00001', accept);
    });

    it(`${accept}: watch-list initial events up to the initial-events-end bookmark, of all pods, of one namespace, of nodes`, async () => {
      const query = 'watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true';
      for (const path of [`/api/v1/pods?${query}`, `/api/v1/namespaces/team-11/pods?${query}`, `/api/v1/nodes?${query}`]) {
        const [a, b] = await Promise.all(labs().map((lab) => watchUntilBookmark(lab, path, accept)));
        assert.ok(a!.equals(b!), `${path} (${accept}): ${a!.length} bytes from templates, ${b!.length} built`);
        assert.ok(a!.length > 50_000, `${path}: the initial events`);
      }
    });
  }

  it('after the same writes and deletes on both: the written pod as written, the deleted one gone, the rest unchanged', async () => {
    for (const lab of labs()) {
      const [first, second] = lab.store.list('v1', 'Pod', 'team-05');
      const written = structuredClone(first!);
      written.metadata.labels = { ...written.metadata.labels, tier: 'gold' };
      lab.store.update(written);
      const node = structuredClone(lab.store.get({ apiVersion: 'v1', kind: 'Node', name: 'node-00007' })!);
      node.metadata.labels = { ...node.metadata.labels, zone: 'b' };
      lab.store.update(node);
      lab.store.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'team-05', name: second!.metadata.name });
    }
    for (const accept of ['application/json', protobuf]) {
      const pods = await same('/api/v1/namespaces/team-05/pods', accept);
      assert.ok(pods.includes(Buffer.from('gold')), 'the written label');
      await same('/api/v1/pods', accept);
      await samePages('/api/v1/pods', accept, 700);
      const nodes = await same('/api/v1/nodes', accept);
      assert.ok(nodes.includes(Buffer.from('zone')), 'the written node label');
    }
  });

  it('kubectl describe of a generated node (its pods as a protobuf PodList) reads as it does over JSON', async () => {
    const args = [['describe', 'node', 'node-00042'], ['get', 'pods', '-A', '-o', 'wide', '--field-selector', 'spec.nodeName=node-00042']];
    const verbose = await kubectl.run([...args[0]!, '-v=8']);
    assert.equal(verbose.code, 0, verbose.stderr);
    assert.ok((verbose.stderr.match(/Content-Type: application\/vnd\.kubernetes\.protobuf\n/g) ?? []).length >= 2, 'node and pod list served as protobuf');
    const viaProtobuf = await Promise.all(args.map((a) => kubectl.ok(a)));
    templated.faults.set({ jsonOnly: true });
    const viaJson = await Promise.all(args.map((a) => kubectl.ok(a)));
    templated.faults.clear();
    assert.match(viaProtobuf[0]!, /PodCIDR:\s+10\.64\.41\.0\/24/);
    assert.equal((viaProtobuf[1]!.match(/Running/g) ?? []).length, 22, 'its 20 pods and 2 DaemonSet pods');
    assert.deepEqual(viaProtobuf, viaJson);
  });
});
