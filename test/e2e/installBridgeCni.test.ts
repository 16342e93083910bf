import assert from 'node:assert/strict';
import { contains } from './support/ipv4';
import { labNodes, labPods, startTestLab } from './support/lab';
import type { RunningLab } from './support/lab';
import { SETUP_TIMEOUT_MS, startSession } from './support/session';
import type { Session } from './support/session';
import { activityItem, runCommand, screenshot, sleep, TOAST_FADE_MS, toasts, treeRow, widenSidebar } from './support/workbench';

describe('e2e: "Podnet: Install Bridge CNI" on a cluster without a CNI (no-cni lab)', function() {
  this.timeout(180_000);
  let lab: RunningLab;
  let s: Session;

  before(async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    lab = await startTestLab('no-cni');
    // Through the podnet.kubeconfig setting this time (the other sessions use KUBECONFIG).
    s = await startSession({ label: 'install', settings: { 'podnet.kubeconfig': lab.kubeconfigPath } });
    await s.open();
    await activityItem(s.page, 'Podnet').click();
    await widenSidebar(s.page);
  });
  after(async () => {
    lab?.faults.clear();
    await s?.close();
    await lab?.stop();
  });

  it('starts with every node NotReady in the tree', async () => {
    const nodes = labNodes(lab);
    assert.ok(nodes.length >= 2 && nodes.every((n) => !n.ready), `lab nodes: ${JSON.stringify(nodes)}`);
    for (const n of nodes) await treeRow(s.page, `${n.name} `).locator('.codicon-vm-outline').waitFor({ state: 'visible', timeout: 20_000 });
  });

  it('asks for confirmation naming the context, shows progress, and ends with every node Ready', async () => {
    await runCommand(s.page, 'Podnet: Install Bridge CNI');
    // The no-cni cluster states its pod network in kubeadm-config: no question about it, no guess.
    const dialog = s.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    const text = await dialog.innerText();
    assert.match(text, /context "podnet-lab-no-cni"/);
    assert.match(text, /Cluster CIDR: 10\.244\.0\.0\/16 \(kubeadm-config podSubnet\)/);
    assert.ok(text.includes(new URL(lab.server).host), `the dialog does not name the API server: ${text}`);
    const confirm = dialog.locator('.monaco-button', { hasText: 'Install into podnet-lab-no-cni' });
    await confirm.waitFor({ state: 'visible' });
    assert.deepEqual(labNodes(lab).filter((n) => n.ready), [], 'something was installed before the confirmation');
    await screenshot(s.page, '10-install-confirm.png');

    // The lab answers in a few ms: slow it down so the progress notification can be seen (and photographed).
    lab.faults.set({ latencyMs: 400 });
    await confirm.click();
    const progress = toasts(s.page).filter({ hasText: 'Podnet: Install Bridge CNI' });
    await progress.first().waitFor({ state: 'visible', timeout: 10_000 });
    await sleep(TOAST_FADE_MS);
    await screenshot(s.page, '11-install-progress.png');
    lab.faults.clear();

    const done = toasts(s.page).filter({ hasText: /bridge CNI is ready on all \d+ node/ });
    await done.first().waitFor({ state: 'visible', timeout: 60_000 });
    for (const n of labNodes(lab)) await treeRow(s.page, `${n.name} `).locator('.codicon-vm-active').waitFor({ state: 'visible', timeout: 20_000 });
    assert.deepEqual(labNodes(lab).filter((n) => !n.ready).map((n) => n.name), [], 'NotReady in the lab after the install');
    await treeRow(s.page, 'CNI podnet-bridge').waitFor({ state: 'visible', timeout: 10_000 });
    // Pods that waited for a network now have IPs from their node's block.
    const nodes = new Map(labNodes(lab).map((n) => [n.name, n.podCIDR]));
    const podded = labPods(lab).filter((p) => !p.hostNetwork && p.node);
    assert.ok(podded.length > 0 && podded.every((p) => p.ip && contains(nodes.get(p.node) ?? '0.0.0.0/32', p.ip)), JSON.stringify(podded));
    await sleep(TOAST_FADE_MS);
    await screenshot(s.page, '12-install-done.png');
  });
});
