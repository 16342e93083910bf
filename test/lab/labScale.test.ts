// The scale scenario's generated objects (kept as indexes, built on read: docs/LAB.md "Scale") as
// real kubectl sees them: exact counts, paged and unpaged lists that agree, a big unpaged list
// streamed, and a write that turns a generated pod into an ordinary stored one.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';
import { Kubectl } from './labKubectlSupport';

const nodes = 120;
const perNode = 16;
const pods = nodes * perNode + 2 * nodes; // + flannel and kube-proxy on every node

function getRaw(lab: RunningLab, path: string): Promise<{ headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${lab.server}${path}`, { ca: lab.caPem, headers: { Authorization: `Bearer ${lab.token}`, Accept: 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('lab: the generated scale cluster through kubectl', function() {
  this.timeout(180_000);
  let lab: RunningLab;
  let kubectl: Kubectl;
  before(async () => {
    lab = await startLab({ scenario: 'scale', nodes, podsPerNode: perNode });
    kubectl = new Kubectl(lab.kubeconfigPath);
  });
  after(async () => {
    kubectl?.dispose();
    await lab?.stop();
  });

  it('kubectl lists exactly N nodes and N × M + 2N pods, the same names paged (500 a page) and unpaged', async () => {
    const nodeNames = (await kubectl.ok(['get', 'nodes', '-o', 'name'])).trim().split('\n');
    assert.equal(nodeNames.length, nodes);
    const paged = (await kubectl.ok(['get', 'pods', '-A', '-o', 'name'])).trim().split('\n');
    const unpaged = (await kubectl.ok(['get', 'pods', '-A', '-o', 'name', '--chunk-size=0'])).trim().split('\n');
    assert.equal(paged.length, pods);
    assert.equal(new Set(paged).size, pods);
    assert.deepEqual(unpaged, paged);
  });

  it('streams an unpaged list of more than 2,000 pods (chunked) that parses to every pod at its own resourceVersion', async () => {
    const r = await getRaw(lab, '/api/v1/pods');
    assert.equal(r.headers['content-length'], undefined);
    assert.equal(r.headers['transfer-encoding'], 'chunked');
    const list = JSON.parse(r.body) as { kind: string; metadata: { resourceVersion: string }; items: { metadata: { resourceVersion: string; uid: string } }[] };
    assert.equal(list.kind, 'PodList');
    assert.equal(list.items.length, pods);
    assert.equal(new Set(list.items.map((p) => p.metadata.uid)).size, pods);
    assert.equal(new Set(list.items.map((p) => p.metadata.resourceVersion)).size, pods);
    assert.ok(list.items.every((p) => Number(p.metadata.resourceVersion) <= Number(list.metadata.resourceVersion)));
  });

  it('a generated pod reads the same twice, and a write makes it an ordinary object (label kept, new resourceVersion, neighbours untouched)', async () => {
    const [first, second] = (await kubectl.ok(['get', 'pods', '-n', 'team-03', '-o', 'name'])).trim().split('\n') as [string, string];
    const name = first.replace('pod/', '');
    const before = await kubectl.ok(['get', 'pod', '-n', 'team-03', name, '-o', 'json']);
    assert.equal(await kubectl.ok(['get', 'pod', '-n', 'team-03', name, '-o', 'json']), before);
    const neighbour = await kubectl.ok(['get', '-n', 'team-03', second, '-o', 'json']);
    await kubectl.ok(['label', 'pod', '-n', 'team-03', name, 'lab.podnet.dev/touched=yes']);
    const after = JSON.parse(await kubectl.ok(['get', 'pod', '-n', 'team-03', name, '-o', 'json'])) as {
      metadata: { labels: Record<string, string>; resourceVersion: string; uid: string };
    };
    const was = JSON.parse(before) as { metadata: { resourceVersion: string; uid: string } };
    assert.equal(after.metadata.labels['lab.podnet.dev/touched'], 'yes');
    assert.equal(after.metadata.uid, was.metadata.uid);
    assert.ok(Number(after.metadata.resourceVersion) > Number(was.metadata.resourceVersion));
    assert.equal(await kubectl.ok(['get', '-n', 'team-03', second, '-o', 'json']), neighbour);
    await kubectl.ok(['delete', 'pod', '-n', 'team-03', name, '--wait=false']);
    assert.equal((await kubectl.ok(['get', 'pods', '-A', '-o', 'name'])).trim().split('\n').length, pods - 1);
  });
});
