import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { startLab } from '../../../src/lab/startLab';
import type { RunningLab } from '../../../src/lab/startLab';
import type { StoredObject } from '../../../src/lab/store/storedObject';
import { startSession } from '../support/session';
import type { Session } from '../support/session';
import { activityItem, dismiss, runCommand, screenshot, sleep, treeRow } from '../support/workbench';

// The map in a real VS Code (code-server): the panel opens from the palette with its stable title,
// its webview loads under the real CSP (vscode-resource origin, nonce) and shows the lab's nodes.
const nodeNames = (lab: RunningLab) => lab.store.list('v1', 'Node').map((n) => (n as StoredObject).metadata.name);

/** VS Code nests a webview twice: the host iframe, then the active frame holding our page. */
const mapFrame = (s: Session): FrameLocator => s.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

for (const scenario of ['seed', 'broken-overlap']) {
  describe(`e2e: the network map in VS Code (${scenario} lab)`, function() {
    this.timeout(180_000);
    let lab: RunningLab;
    let s: Session;

    before(async () => {
      lab = await startLab({ scenario, host: '127.0.0.1', port: 0 });
      s = await startSession({ label: `map-${scenario}`, env: { KUBECONFIG: lab.kubeconfigPath } });
      await s.open();
    });
    after(async () => {
      await s?.close();
      await lab?.stop();
    });

    it('opens "Podnet Network Map" from the palette and draws the live cluster under the strict CSP', async () => {
      // The palette lists what is registered when it opens: wait for Podnet's contributions, retry once.
      await activityItem(s.page, 'Podnet').waitFor({ timeout: 30_000 });
      await runCommand(s.page, 'Podnet: Open Network Map').catch(async () => {
        await dismiss(s.page);
        await runCommand(s.page, 'Podnet: Open Network Map');
      });
      await s.page.locator('.tab', { hasText: 'Podnet Network Map' }).first().waitFor({ state: 'visible', timeout: 20_000 });
      const frame = mapFrame(s);
      await frame.locator('h1', { hasText: 'Podnet Network Map' }).waitFor({ timeout: 30_000 });
      // Live: the status line says which context it follows once the session is connected.
      await frame.locator('.status', { hasText: 'live' }).waitFor({ timeout: 30_000 });
      await frame.locator('canvas.plan-canvas').waitFor();
      if (scenario === 'broken-overlap') {
        await frame.locator('.overlap-text').first().waitFor({ timeout: 20_000 });
        assert.match(await frame.locator('.overlap-list').innerText(), /block .* overlaps .* block/);
      }
      await screenshot(s.page, `map-${scenario}-plan.png`);
      await frame.locator('vscode-tab-header', { hasText: 'Topology' }).click();
      for (const name of nodeNames(lab)) await frame.locator('button.node-name', { hasText: name }).first().waitFor({ timeout: 20_000 });
      await screenshot(s.page, `map-${scenario}-topology.png`);
      if (scenario === 'seed') {
        // Live: a pod created in the cluster shows up without any refresh (same watch as the tree).
        const before = await frame.locator('.lan').innerText();
        const podCount = Number(/(\d+) pods/.exec(before)?.[1]);
        const node = nodeNames(lab)[0];
        lab.store.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'map-live', namespace: 'default' },
          spec: { nodeName: node, containers: [{ name: 'web', image: 'nginx:1.27' }] },
        });
        await frame.locator('.lan', { hasText: `${podCount + 1} pods` }).waitFor({ timeout: 20_000 });
        await frame.locator('button.pod-chip', { hasText: 'default/map-live' }).waitFor({ timeout: 20_000 });
        // Hidden and shown again (no retainContextWhenHidden): the page comes back on the same tab.
        await s.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'README.md' }).first().click();
        await s.page.locator('.tab', { hasText: 'README.md' }).first().waitFor();
        await s.page.locator('.tab', { hasText: 'Podnet Network Map' }).first().click();
        await mapFrame(s).locator('button.pod-chip', { hasText: 'default/map-live' }).waitFor({ timeout: 20_000 });
      }
      if (scenario === 'seed') {
        // Tree → map: "Show in Network Map" on a node selects it in the map.
        const node = nodeNames(lab)[1];
        await activityItem(s.page, 'Podnet').click();
        const row = treeRow(s.page, `${node} `);
        await row.waitFor({ state: 'visible', timeout: 20_000 });
        const selected = mapFrame(s).locator('.card.selected button.node-name', { hasText: node });
        // A live tree refresh can close the context menu under the pointer: try twice.
        for (let attempt = 0;; attempt++) {
          await row.click({ button: 'right' });
          const item = s.page.locator('.context-view .action-label', { hasText: 'Show in Network Map' }).first();
          await item.waitFor({ state: 'visible' });
          // The menu ignores a click during its opening: hover first, then click.
          await item.hover();
          await sleep(300);
          await item.click();
          try {
            await selected.waitFor({ timeout: 10_000 });
            break;
          } catch (error) {
            await screenshot(s.page, `map-seed-from-tree-attempt-${attempt}.png`);
            if (attempt === 1) throw error;
            await dismiss(s.page);
          }
        }
        await screenshot(s.page, 'map-seed-from-tree.png');
        // Manifest findings: the linter's diagnostics for an open manifest show under Findings, linked to the YAML line.
        await s.page.keyboard.press('Control+P');
        const quick = s.page.locator('.quick-input-widget input');
        await quick.fill('kubeadm-config.yaml');
        await s.page.locator('.quick-input-list .monaco-list-row', { hasText: 'kubeadm-config.yaml' }).first().waitFor({ timeout: 10_000 });
        await quick.press('Enter');
        await s.page.locator('.tab', { hasText: 'kubeadm-config.yaml' }).first().waitFor({ timeout: 10_000 });
        await s.page.locator('.tab', { hasText: 'Podnet Network Map' }).first().click();
        const f = mapFrame(s);
        await f.locator('vscode-tab-header', { hasText: 'Findings' }).click();
        const manifest = f.locator('.finding', { hasText: 'manifest' }).first();
        await manifest.waitFor({ timeout: 30_000 });
        await screenshot(s.page, 'map-seed-findings.png');
        await manifest.locator('button.target', { hasText: 'kubeadm-config.yaml:' }).click();
        await s.page.locator('.tab.active', { hasText: 'kubeadm-config.yaml' }).first().waitFor({ timeout: 10_000 });
      }
      const csp = s.console.filter((l) => /Content Security Policy|Refused to/i.test(l));
      assert.deepEqual(csp, [], 'no CSP violation in the webview');
    });
  });
}
