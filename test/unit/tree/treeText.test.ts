import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import { containerList, nodeDescription, podBadge, podBadgeLegend, statusTitleIcon } from '../../../src/vscode/tree/treeText';
import { manifestComparisonText } from '../../../src/vscode/tree/treeText';
import { daemonSet, node, pod } from '../cluster/fixtures';

describe('tree wording', () => {
  it('marks blocks derived from pod IPs as guessed (nodes not listable under Weave), and real ones not', () => {
    const m = new ClusterModel();
    m.upsertDaemonSet(daemonSet('weave-net', 'weaveworks/weave-kube:2.8.1'));
    // Restricted context: no Node objects, only pods.
    m.upsertPod(pod('default', 'a', 'node-1', ['10.32.1.10']));
    m.upsertPod(pod('default', 'b', 'node-1', ['10.32.1.12']));
    assert.equal(nodeDescription(m.node('node-1')!), '? · 10.32.1.8/29 (guessed from pod IPs) · 2/?');
    m.upsertNode(node('node-1', '172.31.0.11', ['10.32.1.0/24']));
    assert.match(nodeDescription(m.node('node-1')!), /^172\.31\.0\.11 · 10\.32\.1\.0\/24 · 2\/254$/);
  });

  it('names each pod badge and has a legend for all of them', () => {
    assert.deepEqual(podBadge(true, 1), { text: 'H', meaning: "hostNetwork: uses the node's IP" });
    assert.equal(podBadge(false, 2)?.text, '2');
    assert.equal(podBadge(true, 2)?.text, 'H2');
    assert.equal(podBadge(false, 12)?.text, '9+');
    assert.equal(podBadge(false, 1), undefined);
    for (const b of ['H', 'H2', '9+']) assert.ok(podBadgeLegend.includes(b), b);
  });

  it('lists containers without doubling the app kind ("app (app)")', () => {
    assert.equal(
      containerList([{ name: 'app', kind: 'app', image: 'x' }, { name: 'envoy', kind: 'sidecar', image: 'y' }, { name: 'setup', kind: 'init', image: 'z' }]),
      'app, envoy (sidecar), setup (init)',
    );
    assert.equal(containerList([]), 'none');
  });

  it('gives the status-bar tooltip a sign that follows the state', () => {
    assert.equal(statusTitleIcon('connected', false), 'pass');
    assert.equal(statusTitleIcon('connected', true), 'lock');
    assert.equal(statusTitleIcon('unreachable', false), 'error');
    assert.notEqual(statusTitleIcon('connecting', false), 'warning');
  });
});

describe("the Cluster row's Manifests line", () => {
  it('names the manifest cluster the context matched, with its files', () => {
    const t = manifestComparisonText({ context: 'kind-prod', byName: true, clusters: [{ name: 'prod', files: 3 }] });
    assert.equal(t?.description, 'cluster prod · 3 files');
    assert.deepEqual(t?.rows[1], ['prod', '3 files']);
  });
  it('says when no manifest cluster is named like the context, and lists every one compared', () => {
    const t = manifestComparisonText({ context: 'podnet-lab', byName: false, clusters: [{ name: 'demo', files: 1 }, { name: 'default', files: 4 }] });
    assert.equal(t?.description, 'every manifest cluster (none is named podnet-lab)');
    assert.deepEqual(t?.rows.slice(1), [['demo', '1 file'], ['default', '4 files']]);
  });
  it('shows nothing without manifests', () => {
    assert.equal(manifestComparisonText({ context: 'x', byName: false, clusters: [] }), undefined);
  });
});
