import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestLab } from './support/lab';
import type { RunningLab } from './support/lab';
import { SETUP_TIMEOUT_MS, startSession } from './support/session';
import type { Session } from './support/session';
import { activityItem, openFile, screenshot, sleep, treeRow, widenSidebar } from './support/workbench';

// Podnet reads the kubeconfig at activation but lists nothing until the user shows its view (or
// runs a command that needs the cluster): opening a manifest in a repository must not put a full
// LIST of a production cluster's pods on its API server. The lab counts every request it serves.
describe('e2e: no cluster traffic until the Podnet view is shown (real VS Code)', function() {
  this.timeout(180_000);
  let lab: RunningLab;
  const sessions: Session[] = [];

  before(async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    lab = await startTestLab('seed');
  });
  after(async () => {
    for (const s of sessions) await s.close();
    await lab?.stop();
  });

  it('opening a YAML file activates the linter but sends the lab no request; showing the view connects', async () => {
    const s = await startSession({ label: 'lazy', env: { KUBECONFIG: lab.kubeconfigPath } });
    sessions.push(s);
    const before = lab.requestCount();
    await s.open();
    await openFile(s.page, 'cluster/kubeadm-config.yaml');
    // The squiggle proves Podnet activated (onLanguage:yaml) and linted the file.
    await s.page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ state: 'visible', timeout: 30_000 });
    await sleep(3000);
    assert.equal(lab.requestCount(), before, 'Podnet talked to the cluster before its view was shown');
    await activityItem(s.page, 'Podnet').click();
    await widenSidebar(s.page);
    await treeRow(s.page, 'node-1 ').waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(lab.requestCount() > before, 'the tree shows nodes but the lab served no request');
    // The live lint rules compared the lab with the workspace's manifests: the Cluster row says which
    // (the sample's kubeadm config names cluster "demo", not the lab's context).
    await treeRow(s.page, 'Manifests every manifest cluster (none is named podnet-lab-seed)').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(s.page, '19-connect-on-view.png');
  });

  it('with podnet.cluster.connect "never", showing the view connects only when the user asks (Refresh)', async () => {
    const s = await startSession({ label: 'never', env: { KUBECONFIG: lab.kubeconfigPath }, settings: { 'podnet.cluster.connect': 'never' } });
    sessions.push(s);
    const before = lab.requestCount();
    await s.open();
    await activityItem(s.page, 'Podnet').click();
    await widenSidebar(s.page);
    await treeRow(s.page, 'Not connected to “podnet-lab-seed').waitFor({ state: 'visible', timeout: 30_000 });
    await sleep(2000);
    assert.equal(lab.requestCount(), before, 'Podnet connected although podnet.cluster.connect is never');
    await treeRow(s.page, 'Not connected to “podnet-lab-seed').click();
    await treeRow(s.page, 'node-1 ').waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(lab.requestCount() > before);
  });

  it('a kubeconfig without current-context shows the welcome view: nothing is picked until the user selects a context', async () => {
    // The lab's kubeconfig with its current-context line removed (its contexts stay).
    const dir = mkdtempSync(join(tmpdir(), 'podnet-nocontext-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const kubeconfig = join(dir, 'kubeconfig.yaml');
    const text = readFileSync(lab.kubeconfigPath, 'utf8').replace(/^current-context:.*$/m, '');
    assert.doesNotMatch(text, /^current-context:/m);
    writeFileSync(kubeconfig, text);
    const before = lab.requestCount();
    const again = await startSession({ label: 'nocontext', env: { KUBECONFIG: kubeconfig } });
    sessions.push(again);
    await again.open();
    await activityItem(again.page, 'Podnet').click();
    await widenSidebar(again.page);
    const welcome = again.page.locator('.pane-body .welcome-view-content', { hasText: 'sets no current context' });
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    await sleep(1500);
    assert.equal(lab.requestCount(), before, 'Podnet connected to a context the kubeconfig does not name as current');
    await screenshot(again.page, '22-welcome-no-current-context.png');
    await welcome.getByRole('button', { name: 'Select Context' }).click();
    const input = again.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('podnet-lab-seed');
    const row = again.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: /^podnet-lab-seed\b/ }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await input.press('Enter');
    await treeRow(again.page, 'node-1 ').waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(lab.requestCount() > before);
  });

  it('with podnet.lint.live on, a manifest is linted against the cluster without the view, and no pod is listed', async () => {
    // The earlier sessions watch the lab's pods: end them, so every request now is this session's.
    for (const old of sessions.splice(0)) await old.close();
    const s = await startSession({ label: 'livelint', env: { KUBECONFIG: lab.kubeconfigPath }, settings: { 'podnet.lint.live': true } });
    sessions.push(s);
    const seen = lab.requestPaths().length;
    await s.open();
    // The seed's nodes sit on 172.31.1.0/24: a pod network over them is caught only live (PN160).
    writeFileSync(
      join(s.workspace, 'cluster', 'over-nodes.yaml'),
      'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 172.31.0.0/16\n  serviceSubnet: 10.96.0.0/12\n',
    );
    await openFile(s.page, 'cluster/over-nodes.yaml');
    await s.page.keyboard.press('Control+Shift+M');
    await s.page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'PN160' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const paths = lab.requestPaths().slice(seen);
    assert.ok(paths.includes('/api/v1/nodes'), `the live rules did not list nodes: ${paths.join(' ')}`);
    // The control plane's own pods (kube-system, tier=control-plane: their --cluster-cidr flags) are facts; the cluster's pods are not.
    assert.deepEqual(paths.filter((p) => /\/pods$/.test(p) && p !== '/api/v1/namespaces/kube-system/pods'), [], 'the live lint rules listed pods');
  });
});
