import assert from 'node:assert/strict';
import { startLab } from '../../../src/lab/startLab';
import type { RunningLab } from '../../../src/lab/startLab';
import { AGGREGATE_MAP_ABOVE } from '../../../src/core/map/mapOverview';
import { labPods } from '../support/lab';
import { startSession } from '../support/session';
import type { Session } from '../support/session';
import { activityItem, dismiss, networkMapFrame, runCommand, screenshot } from '../support/workbench';

// More than AGGREGATE_MAP_ABOVE nodes: the map opens aggregated (the tree's node groups, one row and
// one span on the pod-network bar each), a group opens as the plain map of its 100 nodes and their
// pods, and the pod search asks the host, which holds every pod.
const NODES = AGGREGATE_MAP_ABOVE + 200;

describe(`e2e: the network map of a ${NODES}-node cluster, aggregated`, function() {
  this.timeout(300_000);
  let lab: RunningLab;
  let s: Session;

  before(async function() {
    this.timeout(240_000);
    lab = await startLab({ scenario: 'scale', nodes: NODES, podsPerNode: 1, port: 0, host: '127.0.0.1' });
    // Three pods on node-00001 with IPs from node-00002's block: findings about a node of the first group.
    for (let i = 0; i < 3; i++) {
      lab.store.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `stray-${i}`, namespace: 'default' },
        spec: { nodeName: 'node-00001', containers: [{ name: 'app', image: 'busybox:1.36' }] },
        status: { phase: 'Running', podIP: `10.64.1.${200 + i}`, podIPs: [{ ip: `10.64.1.${200 + i}` }] },
      });
    }
    s = await startSession({ label: 'map-aggregated', env: { KUBECONFIG: lab.kubeconfigPath } });
    await s.open();
  });
  after(async () => {
    await s?.close();
    await lab?.stop();
  });

  it('opens on the node groups, the group with findings marked, then a group as its own map, then a pod found anywhere', async () => {
    await activityItem(s.page, 'Podnet').waitFor({ timeout: 30_000 });
    await runCommand(s.page, 'Podnet: Open Network Map').catch(async () => {
      await dismiss(s.page);
      await runCommand(s.page, 'Podnet: Open Network Map');
    });
    const frame = networkMapFrame(s.page);
    const summary = frame.locator('.overview-summary', { hasText: `${NODES.toLocaleString('en-US')} nodes` });
    await summary.waitFor({ timeout: 120_000 });
    // The first view: one row per group of 100 sorted names, the tabs of the plain map hidden.
    const rows = frame.locator('tr.group-row');
    assert.equal(await rows.count(), Math.ceil(NODES / 100));
    assert.equal(await frame.locator('vscode-tabs').isVisible(), false);
    const first = frame.locator('tr.group-row', { hasText: 'node-00001 … node-00100' });
    // The overview can be drawn before the pods are listed; the map then waits four times its last
    // build's cost between sends, at most MAP_MAX_WAIT_MS (networkMapPanel.schedule).
    const findings = first.locator('.group-findings', { hasText: '(3 errors)' });
    await findings.waitFor({ timeout: 120_000 });
    // The three stray pods are errors. The workspace's kubeadm-config.yaml, linted against this cluster,
    // adds a warning (PN162) naming node-00001's block once the lint has run: 3 or 4 in all.
    const counted = await findings.innerText();
    assert.match(counted, /^⚠ [34] \(3 errors\)$/);
    if (counted.startsWith('⚠ 4')) await frame.locator('.overview-findings', { hasText: 'PN162' }).waitFor({ timeout: 5_000 });
    assert.match(await first.getAttribute('class') ?? '', /flagged/);
    assert.equal(await frame.locator('tr.group-row.flagged').count(), 1, 'only the group holding node-00001 has findings');
    assert.match(await frame.locator('.overview-findings h2').innerText(), /Findings: [1-9]/);
    await screenshot(s.page, 'map-aggregated-overview.png');

    // Drill down: the group's own map (its 100 nodes), the way back above it.
    await first.locator('button', { hasText: 'node-00001 … node-00100' }).click();
    await frame.locator('.scope-trail strong', { hasText: 'node-00001 … node-00100' }).waitFor({ timeout: 60_000 });
    await frame.locator('vscode-tabs').waitFor({ state: 'visible' });
    await frame.locator('.plan canvas.plan-canvas').waitFor();
    await frame.locator('vscode-tab-header', { hasText: 'Topology' }).click();
    // Its 100 nodes and their pods, and no other node (the topology lists more than 24 nodes virtually).
    await frame.locator('.lan', { hasText: '· 100 nodes ·' }).waitFor({ timeout: 30_000 });
    await frame.locator('.node-row', { hasText: 'node-00001' }).first().waitFor({ timeout: 30_000 });
    await screenshot(s.page, 'map-aggregated-group.png');

    // Pod search over the whole cluster: a pod of the last group opens that group.
    const pod = labPods(lab).find((p) => p.node === `node-0${NODES}` && !p.hostNetwork && p.ip);
    assert.ok(pod, `the lab has no pod with an IP on node-0${NODES}`);
    await frame.locator('input.scope-search').fill(`${pod.namespace}/${pod.name}`);
    const hit = frame.locator('.scope-results button', { hasText: `${pod.namespace}/${pod.name}` });
    await hit.waitFor({ timeout: 30_000 });
    await hit.click();
    await frame.locator('.scope-trail strong', { hasText: `node-0${NODES - 99} … node-0${NODES}` }).waitFor({ timeout: 60_000 });
    // The pod is selected as the packet path's start in its group's map.
    await frame.locator('.path-body', { hasText: `From ${pod.namespace}/${pod.name} to` }).waitFor({ timeout: 30_000 });
    await frame.locator('.node-row.selected', { hasText: `node-0${NODES}` }).waitFor({ timeout: 30_000 });
    await frame.locator('.lan', { hasText: '· 100 nodes ·' }).waitFor({ timeout: 30_000 });
    await screenshot(s.page, 'map-aggregated-pod-found.png');

    // And back to every group.
    await frame.locator('.scope-trail button', { hasText: 'All nodes' }).click();
    await summary.waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('vscode-tabs').isVisible(), false);
  });
});
