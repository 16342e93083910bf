import assert from 'node:assert/strict';
import { request } from 'node:https';
import { startLab } from '../../src/lab/startLab';
import type { RunningLab } from '../../src/lab/startLab';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

// The API surface kubectl does not exercise in the other tests: deletecollection, dryRun, the
// admin fault endpoint, Retry-After, aggregated discovery, Table for a custom resource.
describe('lab API: raw requests', () => {
  let lab: RunningLab;
  before(async () => {
    lab = await startLab({ scenario: 'calico' });
  });
  after(async () => lab?.stop());

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, token = lab.token): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = request(`${lab.server}${path}`, {
        method,
        ca: lab.caPem,
        agent: false,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
      }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  const cm = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { a: '1' } });

  it('deletecollection removes exactly the labelled objects; dryRun=All changes nothing', async () => {
    for (const [n, l] of [['x1', 'x'], ['x2', 'x'], ['y1', 'y']]) {
      assert.equal((await call('POST', '/api/v1/namespaces/default/configmaps', cm(n, { set: l }))).status, 201);
    }
    const dry = await call('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', cm('dry', { set: 'x' }));
    assert.equal(dry.status, 201);
    assert.equal(lab.store.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'dry' }), undefined);
    const dryDel = await call('DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=set%3Dx&dryRun=All');
    assert.equal((dryDel.body.items as unknown[]).length, 2);
    assert.equal(lab.store.list('v1', 'ConfigMap', 'default').filter((c) => c.metadata.labels?.set === 'x').length, 2);
    const del = await call('DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=set%3Dx');
    assert.equal(del.status, 200);
    assert.deepEqual(lab.store.list('v1', 'ConfigMap', 'default').map((c) => c.metadata.name).filter((n) => /^[xy]\d$/.test(n)), ['y1']);
  });

  it('the admin fault endpoint switches faults live; 429/503 carry Retry-After; the restricted user may not touch it', async () => {
    assert.equal((await call('PUT', '/podnet-lab/faults', { errorRate: 1, errorCodes: [429], retryAfterSeconds: 7 }, {}, lab.restrictedToken)).status, 403);
    const set = await call('PUT', '/podnet-lab/faults', { errorRate: 1, errorCodes: [429], retryAfterSeconds: 7 });
    assert.equal(set.status, 200);
    assert.equal(lab.faults.current.errorRate, 1);
    const limited = await call('GET', '/api/v1/pods?limit=1');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '7');
    assert.deepEqual([limited.body.kind, limited.body.reason, (limited.body.details as { retryAfterSeconds: number }).retryAfterSeconds], [
      'Status',
      'TooManyRequests',
      7,
    ]);
    // discovery is not subject to faults
    assert.equal((await call('GET', '/api')).status, 200);
    assert.equal((await call('DELETE', '/podnet-lab/faults')).status, 200);
    assert.equal((await call('GET', '/api/v1/pods?limit=1')).status, 200);
  });

  it('serves aggregated discovery including CRD-defined groups, and Tables for custom resources', async () => {
    const agg = await call('GET', '/apis', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    assert.match(String(agg.headers['content-type']), /apidiscovery\.k8s\.io;v=v2;as=APIGroupDiscoveryList/);
    const groups = agg.body.items as { metadata: { name: string }; versions: { resources: { resource: string; scope: string }[] }[] }[];
    const calico = groups.find((g) => g.metadata.name === 'crd.projectcalico.org');
    assert.deepEqual(calico?.versions[0].resources.map((r) => `${r.resource}:${r.scope}`).sort(), [
      'blockaffinities:Cluster',
      'ipamblocks:Cluster',
      'ippools:Cluster',
    ]);
    const t = await call('GET', '/apis/crd.projectcalico.org/v1/ipamblocks', undefined, {
      Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    });
    assert.equal(t.body.kind, 'Table');
    assert.deepEqual((t.body.columnDefinitions as { name: string }[]).map((c) => c.name), ['Name', 'Age']);
    assert.equal((t.body.rows as unknown[]).length, 3);
    assert.equal((await call('GET', '/version', undefined, {}, 'wrong')).status, 401);
    assert.equal((await call('GET', '/api/v1/namespaces/nope/pods/x')).body.message, 'pods "x" not found');
  });

  it('a CRD created over the API serves its custom resources at once', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'ippools.example.org' },
      spec: {
        group: 'example.org',
        scope: 'Namespaced',
        names: { kind: 'Pool', plural: 'ippools', singular: 'pool' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    assert.equal((await call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status, 201);
    const created = await call('POST', '/apis/example.org/v1/namespaces/default/ippools', {
      apiVersion: 'example.org/v1',
      kind: 'Pool',
      metadata: { name: 'p' },
      spec: { cidr: '10.1.0.0/16' },
    });
    assert.equal(created.status, 201);
    assert.equal((created.body.metadata as { generation: number }).generation, 1);
    await call('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ippools.example.org');
    assert.equal((await call('GET', '/apis/example.org/v1/namespaces/default/ippools')).status, 404);
  });
});
