import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETUP_TIMEOUT_MS, startSession, WORKSPACE_SOURCE } from './support/session';
import type { Session } from './support/session';
import { overlaps } from './support/ipv4';
import type { Box } from './support/workbench';
import { activityItem, boxes, openFile, runCommand, screenshot, sleep, textBox, toasts, TOAST_FADE_MS, treeRow, widenSidebar } from './support/workbench';

const FILE = 'cluster/kubeadm-config.yaml';
const POD_SUBNET = '10.100.0.0/16';
const SERVICE_SUBNET = '10.96.0.0/12';

/** 1-based line and column of `value` after `key:` in the sample, as the Problems panel prints them. */
function position(text: string, key: string, value: string): string {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.trimStart().startsWith(`${key}:`));
  assert.ok(line >= 0, `${key} not in the sample`);
  return `[Ln ${line + 1}, Col ${lines[line].indexOf(value) + 1}]`;
}

/** Same place on screen, give or take a pixel of anti-aliasing. */
const sameBox = (a: Box, b: Box) => Math.abs(a.x - b.x) <= 2 && Math.abs(a.w - b.w) <= 3 && Math.abs(a.y - b.y) <= 4;

// One session for everything that needs no cluster: the view container, its welcome content, the linter.
describe('e2e: Podnet without a cluster: view container and CIDR linter (real VS Code)', function() {
  this.timeout(180_000);
  let s: Session;
  const sample = readFileSync(join(WORKSPACE_SOURCE, FILE), 'utf8');

  before(async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    s = await startSession({ label: 'lint' });
    await s.open();
  });
  after(async () => {
    await s?.close();
  });

  it('packs the extension under 3 MB', () => {
    assert.ok(s.packed.bytes > 0 && s.packed.bytes < 3 * 1024 * 1024, `${s.packed.bytes} bytes`);
  });

  it('shows Podnet in the activity bar and the Cluster Network view telling how to get a cluster', async () => {
    const icon = activityItem(s.page, 'Podnet');
    await icon.waitFor({ state: 'visible', timeout: 30_000 });
    await icon.click();
    // A container with one view merges the view's name into the side bar title.
    const title = s.page.locator('.sidebar .composite.title');
    await title.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await title.innerText(), /podnet: cluster network/i);
    // No kubeconfig at all in this session: the view's welcome content says so and offers the lab,
    // and the tree itself stays empty (no rows) so the welcome content is what shows.
    const welcome = s.page.locator('.pane-body .welcome-view-content', { hasText: 'No kubeconfig found' });
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    await welcome.getByRole('button', { name: 'Start Lab Cluster' }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await welcome.innerText(), /KUBECONFIG, then ~\/\.kube\/config/);
    assert.equal(await s.page.locator('.pane-body .monaco-list-row[role="treeitem"]').count(), 0, 'the tree shows rows instead of the welcome content');
    await widenSidebar(s.page);
    await screenshot(s.page, '01-activity-bar.png');
  });

  it('underlines exactly the overlapping ranges and lists PN110 in Problems at their positions', async () => {
    await openFile(s.page, FILE);
    const squiggles = s.page.locator('.editor-group-container.active .monaco-editor .squiggly-error');
    await squiggles.first().waitFor({ state: 'visible', timeout: 30_000 });
    await sleep(300);
    const pod = await textBox(s.page, `podSubnet: ${POD_SUBNET}`, POD_SUBNET);
    const svc = await textBox(s.page, `serviceSubnet: ${SERVICE_SUBNET}`, SERVICE_SUBNET);
    assert.ok(pod && svc, 'the values are not on screen');
    const found = await boxes(squiggles);
    assert.equal(found.length, 2, `squiggles: ${JSON.stringify(found)}`);
    for (const want of [pod, svc]) {
      assert.ok(found.some((b) => sameBox(b, want)), `no squiggle exactly under ${JSON.stringify(want)}: ${JSON.stringify(found)}`);
    }

    await s.page.keyboard.press('Control+Shift+M');
    const rows = s.page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: 'PN110' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\n/g, ' '));
    for (const at of [position(sample, 'podSubnet', POD_SUBNET), position(sample, 'serviceSubnet', SERVICE_SUBNET)]) {
      assert.ok(texts.some((t) => t.includes('PN110') && t.includes('podnet') && t.includes(at)), `no PN110 row at ${at}: ${JSON.stringify(texts)}`);
    }
    assert.match((await s.page.locator('#status\\.problems').getAttribute('aria-label')) ?? '', /Errors: 2/);
    await screenshot(s.page, '13-lint-squiggles-problems.png');
  });

  it('explains a range on hover: its size, first and last address, and what it overlaps', async () => {
    const pod = await textBox(s.page, `podSubnet: ${POD_SUBNET}`, POD_SUBNET);
    assert.ok(pod);
    await s.page.mouse.move(pod.x + pod.w / 2, pod.y + pod.h / 2);
    const hover = s.page.locator('.monaco-hover').filter({ hasText: '65,536 addresses' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await hover.innerText();
    assert.match(text, /10\.100\.0\.0 – 10\.100\.255\.255/);
    assert.match(text, /Overlaps:[\s\S]*10\.96\.0\.0\/12/);
    await screenshot(s.page, '14a-lint-hover.png');
    await s.page.keyboard.press('Escape');
    await s.page.mouse.move(5, 5);
  });

  it('offers a quick fix (Ctrl+.) that replaces the pod subnet with a free range and clears the finding', async () => {
    const pod = await textBox(s.page, `podSubnet: ${POD_SUBNET}`, POD_SUBNET);
    assert.ok(pod);
    await s.page.mouse.click(pod.x + pod.w / 2, pod.y + pod.h / 2);
    await s.page.keyboard.press('Control+Period');
    const fix = s.page.locator('.action-widget .monaco-list-row.action').filter({ hasText: /nearest free/ }).first();
    await fix.waitFor({ state: 'visible', timeout: 10_000 });
    const title = (await fix.getAttribute('aria-label')) ?? '';
    const replacement = /(\d+\.\d+\.\d+\.\d+\/\d+)/.exec(title)?.[1];
    assert.ok(replacement, `fix title without a range: ${title}`);
    assert.equal(overlaps(replacement, SERVICE_SUBNET), false, `the fix proposes ${replacement}, which overlaps ${SERVICE_SUBNET}`);
    await screenshot(s.page, '14-lint-quick-fix.png');
    await s.page.keyboard.press('Enter');

    const squiggles = s.page.locator('.editor-group-container.active .monaco-editor .squiggly-error');
    for (let i = 0; i < 100 && (await squiggles.count()) > 0; i++) await sleep(100);
    assert.equal(await squiggles.count(), 0, 'squiggles remain after the fix');
    assert.ok(await textBox(s.page, `podSubnet: ${replacement}`), 'the editor does not show the new value');
    await s.page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'PN110' }).first().waitFor({ state: 'detached', timeout: 10_000 });
    assert.match((await s.page.locator('#status\\.problems').getAttribute('aria-label')) ?? '', /^(No Problems|Errors: 0)/);
    // Saved to disk as the user would.
    await s.page.keyboard.press('Control+S');
    const onDisk = join(s.workspace, FILE);
    for (let i = 0; i < 50 && !readFileSync(onDisk, 'utf8').includes(`podSubnet: ${replacement}`); i++) await sleep(100);
    assert.match(readFileSync(onDisk, 'utf8'), new RegExp(`podSubnet: ${replacement.replace(/\./g, '\\.')}`));
    await screenshot(s.page, '15-lint-fixed.png');
  });

  it('"Podnet: Lint Workspace" lints a manifest that was written to disk and never opened, across files', async () => {
    // A Calico pool inside the kubeadm service network (10.96.0.0/12): only a cross-file lint sees it.
    writeFileSync(
      join(s.workspace, 'cluster', 'calico-pool.yaml'),
      'apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata:\n  name: default-ipv4-ippool\nspec:\n  cidr: 10.96.0.0/16\n',
    );
    await runCommand(s.page, 'Podnet: Lint Workspace');
    const rows = s.page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: 'calico-pool.yaml' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const texts = (await rows.allInnerTexts()).join('\n');
    assert.match(texts, /10\.96\.0\.0\/16/, `no finding names the pool's range: ${texts}`);
    await screenshot(s.page, '15a-lint-workspace.png');
    // The command's progress notification ends with the scan (and leaves the toasts to the next test).
    await toasts(s.page).filter({ hasText: 'linting workspace' }).first().waitFor({ state: 'detached', timeout: 30_000 });
  });

  // Last: it connects this session to a cluster. The embedded default, the way a newcomer meets it.
  it('starts the embedded lab cluster from the welcome view and shows its nodes, then stops it', async () => {
    const welcome = s.page.locator('.pane-body .welcome-view-content', { hasText: 'No kubeconfig found' });
    // (Clicking the active container's icon would hide the side bar: only open it when hidden.)
    if (!(await welcome.isVisible())) await activityItem(s.page, 'Podnet').click();
    await welcome.getByRole('button', { name: 'Start Lab Cluster' }).click();
    const input = s.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('seed');
    await s.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'seed' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await s.page.keyboard.press('Enter');
    for (const node of ['node-1', 'node-2', 'node-3']) await treeRow(s.page, node).waitFor({ state: 'visible', timeout: 60_000 });
    assert.match((await treeRow(s.page, 'node-3').getAttribute('aria-label')) ?? '', /172\.31\.1\.12.*10\.32\.3\.0\/24/);
    await toasts(s.page).filter({ hasText: 'is up at' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await sleep(TOAST_FADE_MS);
    await screenshot(s.page, '16-lab-started.png');
    await runCommand(s.page, 'Podnet: Stop Lab Cluster');
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
  });
});
