// One system of findings in real VS Code: a finding of the live cluster (a pod with an IP from
// another node's block, PN190) appears in the Problems panel with its rule link; the link opens the
// bundled docs/rules.md in the Markdown preview scrolled to that rule's section, and so does a
// lint diagnostic's (PN110 in the sample workspace). Quick fixes are listed once and include the
// cluster's own pod network; Lint Workspace ends with a summary toast.
import assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { labNodes, startTestLab } from './support/lab';
import type { RunningLab } from './support/lab';
import { openTreeSession, SETUP_TIMEOUT_MS } from './support/session';
import type { Session } from './support/session';
import { openFile, runCommand, screenshot, sleep, textBox, toasts, TOAST_FADE_MS, treeRow } from './support/workbench';

const problemRows = (page: Page, text: string): Locator => page.locator('.markers-panel .monaco-list-row').filter({ hasText: text });

/** The newest webview's page (the Markdown preview just opened). */
const newestWebview = (page: Page): FrameLocator => page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');

/** Waits until the preview shows `anchor`'s section at the top of its viewport; returns where it is. */
async function previewAt(page: Page, anchor: string): Promise<{ top: number; scrolled: number }> {
  const deadline = Date.now() + 30_000;
  let last = { top: -1, scrolled: -1 };
  while (Date.now() < deadline) {
    try {
      const el = newestWebview(page).locator(`[id="${anchor}"]`).first();
      last = await el.evaluate(
        (e) => ({ top: e.getBoundingClientRect().top, scrolled: (e.ownerDocument.scrollingElement ?? e.ownerDocument.body).scrollTop }),
        undefined,
        { timeout: 2000 },
      );
      if (last.scrolled > 200 && last.top > -40 && last.top < 200) return last;
    } catch {
      // The preview is still loading.
    }
    await sleep(300);
  }
  assert.fail(`the preview did not open at #${anchor}: ${JSON.stringify(last)}`);
}

describe('e2e: cluster findings and lint diagnostics in the Problems panel, linked to their docs', function() {
  this.timeout(240_000);
  let lab: RunningLab;
  let s: Session;

  before(async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    lab = await startTestLab('seed');
    s = await openTreeSession('problems', lab);
  });
  after(async () => {
    await s?.close();
    await lab?.stop();
  });

  it('a live cluster finding (PN190) is listed in the Problems panel; its rule link opens the docs at #pn190', async () => {
    const [first, second] = labNodes(lab);
    const strayIp = second.podCIDR.replace(/\.0\/\d+$/, '.78');
    lab.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'e2e-problems-stray', namespace: 'default' },
      spec: { nodeName: first.name, containers: [{ name: 'app', image: 'busybox:1.36' }] },
      status: { phase: 'Running', hostIP: first.internalIP, podIP: strayIp, podIPs: [{ ip: strayIp }] },
    });
    await treeRow(s.page, 'Problems').waitFor({ state: 'visible', timeout: 20_000 });
    await s.page.keyboard.press('Control+Shift+M');
    const row = problemRows(s.page, 'e2e-problems-stray').filter({ hasText: 'PN190' }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await row.innerText(), new RegExp(`Pod default/e2e-problems-stray has IP ${strayIp.replace(/\./g, '\\.')}`));
    await screenshot(s.page, '60-problems-cluster-finding.png');

    // Opening the problem shows the cluster's findings document at that finding's line.
    // The workspace's manifests are linted meanwhile, and their rows join the list: a click computed
    // before they arrive lands on whichever row moved under it (seen in VS Code 1.139.1, which then
    // opened kubeadm-config.yaml). Once the tree's Manifests row shows that lint is done and its
    // file's rows are listed, the list is still.
    await treeRow(s.page, 'Manifests').waitFor({ state: 'visible', timeout: 30_000 });
    await problemRows(s.page, 'kubeadm-config.yaml').first().waitFor({ state: 'visible', timeout: 15_000 });
    const editor = s.page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await row.click();
    await editor.filter({ hasText: 'e2e-problems-stray' }).waitFor({ state: 'visible', timeout: 15_000 });
    // Monaco renders spaces as no-break spaces: \s matches both.
    assert.match(await editor.innerText(), /Podnet:\sfindings\sof\sthe\slive\scluster/);

    await row.locator('a.monaco-link').filter({ hasText: 'PN190' }).click();
    const at = await previewAt(s.page, 'pn190');
    await newestWebview(s.page).locator('h2', { hasText: 'PN190' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(s.page, '61-rule-doc-pn190.png');
    assert.ok(at.scrolled > 200, JSON.stringify(at));
  });

  it("a lint diagnostic's rule link (PN110) opens the docs at #pn110; fixes listed once, the cluster's pod network among them; Lint Workspace ends with a summary", async () => {
    await openFile(s.page, 'cluster/kubeadm-config.yaml');
    await s.page.keyboard.press('Control+Shift+M');
    const row = problemRows(s.page, 'PN110').first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await row.locator('a.monaco-link').filter({ hasText: 'PN110' }).click();
    await previewAt(s.page, 'pn110');

    await screenshot(s.page, '62-rule-doc-pn110.png');

    // Connected, the podSubnet line carries PN110, PN161 and PN162: each fix is listed once, and the
    // cluster's own pod network (the seed is Weave, 10.32.0.0/12) is one of them.
    await openFile(s.page, 'cluster/kubeadm-config.yaml');
    const pod = await textBox(s.page, 'podSubnet: 10.100.0.0/16', '10.100.0.0/16');
    assert.ok(pod);
    await s.page.mouse.click(pod.x + pod.w / 2, pod.y + pod.h / 2);
    await s.page.keyboard.press('Control+Period');
    const actions = s.page.locator('.action-widget .monaco-list-row.action');
    await actions.filter({ hasText: 'pod network of cluster' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const titles = (await actions.allInnerTexts()).map((t) => t.trim());
    assert.equal(new Set(titles).size, titles.length, `a fix listed twice: ${titles.join(' | ')}`);
    assert.ok(titles.some((t) => /^Use 10\.32\.0\.0\/12, the pod network of cluster /.test(t)), titles.join(' | '));
    await screenshot(s.page, '64-quick-fixes-live.png');
    await s.page.keyboard.press('Escape');

    await runCommand(s.page, 'Podnet: Lint Workspace');
    const toast = toasts(s.page).filter({ hasText: /Podnet: \d+ files?, [1-9]\d* errors?, \d+ warnings?/ }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    await sleep(TOAST_FADE_MS);
    await screenshot(s.page, '63-lint-workspace-summary.png');
    await toast.getByRole('button', { name: 'Show Problems' }).click();
    await problemRows(s.page, 'PN110').first().waitFor({ state: 'visible', timeout: 10_000 });
  });
});
