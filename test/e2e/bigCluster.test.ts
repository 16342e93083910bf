import assert from 'node:assert/strict';
import { startLab } from '../../src/lab/startLab';
import type { RunningLab } from './support/lab';
import { labPods } from './support/lab';
import { openTreeSession, SETUP_TIMEOUT_MS } from './support/session';
import type { Session } from './support/session';
import { expectAttribute, runCommand, screenshot, treeRow } from './support/workbench';

// More than 200 nodes: the tree groups them by 100 sorted names (core/cluster/nodeGroups.ts),
// and reveal (Find Pod by IP) must find its way through the group (getParent).
describe('e2e: a cluster of 250 nodes in the tree (node groups, Find Pod by IP)', function() {
  this.timeout(180_000);
  let lab: RunningLab;
  let s: Session;

  before(async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    lab = await startLab({ scenario: 'scale', nodes: 250, podsPerNode: 2, port: 0, host: '127.0.0.1' });
    s = await openTreeSession('big', lab);
  });
  after(async () => {
    await s?.close();
    await lab?.stop();
  });

  it('shows the nodes in groups of 100 sorted names, the last one shorter', async () => {
    await treeRow(s.page, 'Nodes 250 nodes · ').waitFor({ timeout: 30_000 });
    await treeRow(s.page, 'node-00001 … node-00100 100 nodes').waitFor({ timeout: 15_000 });
    await treeRow(s.page, 'node-00101 … node-00200 100 nodes').waitFor({ timeout: 15_000 });
    await treeRow(s.page, 'node-00201 … node-00250 50 nodes').waitFor({ timeout: 15_000 });
    // Collapsed: no node row is in the tree yet.
    assert.equal(await s.page.locator('.sidebar [role=treeitem][aria-label^="node-00001 1"]').count(), 0);
  });

  it('warns on the pod network row that the CNI pool holds the service network (the scale lab: 10.64.0.0/10 over 10.96.0.0/12)', async () => {
    const row = treeRow(s.page, 'Pod network 10.64.0.0/10');
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.locator('.codicon-warning').waitFor({ state: 'visible', timeout: 10_000 });
    await treeRow(s.page, 'Problems 0 errors, 1 warning').waitFor({ state: 'visible', timeout: 10_000 });
    await treeRow(s.page, 'Pod network overlaps the service network').waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('Find Pod by IP reveals a pod of the last group: the group and the node open, the pod is selected', async () => {
    const pod = labPods(lab).find((p) => p.node === 'node-00230' && !p.hostNetwork && p.ip);
    assert.ok(pod, 'the lab has no pod with an IP on node-00230');
    await runCommand(s.page, 'Podnet: Find Pod by IP…');
    const input = s.page.locator('.quick-input-widget input');
    await input.fill(pod.ip);
    await input.press('Enter');
    const row = treeRow(s.page, `${pod.namespace}/${pod.name} ${pod.ip}`);
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await expectAttribute(row, 'aria-selected', 'true');
    await expectAttribute(treeRow(s.page, 'node-00201 … node-00250'), 'aria-expanded', 'true');
    await expectAttribute(s.page.locator('.sidebar').getByRole('treeitem', { name: /^node-00230 \d/ }), 'aria-expanded', 'true');
    await screenshot(s.page, '17-tree-node-groups-find-pod.png');
  });

  it('puts 510 findings of one kind in a Problems sub-group that lists 500 and says how many more', async () => {
    // 510 pods on node-00001 with IPs from the blocks of node-00002..4 (the lab's pods use .2 and .3 there).
    for (let i = 0; i < 510; i++) {
      const ip = `10.64.${1 + Math.floor(i / 170)}.${10 + (i % 170)}`;
      lab.store.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `stray-${i}`, namespace: 'default' },
        spec: { nodeName: 'node-00001', containers: [{ name: 'app', image: 'busybox:1.36' }] },
        status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
      });
    }
    // Back to the top of the tree (the previous test scrolled it down to node-00230).
    await treeRow(s.page, 'Nodes 250 nodes · ').click();
    await s.page.keyboard.press('Home');
    const group = treeRow(s.page, 'Pod IP outside its node’s block 510');
    await treeRow(s.page, 'Pod network overlaps the service network 1').waitFor({ state: 'visible', timeout: 20_000 });
    await group.waitFor({ state: 'visible', timeout: 20_000 });
    await group.locator('.monaco-tl-twistie').click();
    const first = treeRow(s.page, 'Pod IP outside its node’s block Pod default/stray-').first();
    await first.waitFor({ state: 'visible', timeout: 10_000 });
    // 500 findings and the "… 10 more" row.
    assert.equal(await first.getAttribute('aria-setsize'), '501');
    await screenshot(s.page, '18-tree-problem-groups.png');
  });
});
