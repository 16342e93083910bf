// The linter's configuration in the editor: .podnet.yaml changes re-lint open files (severities,
// clusters named in messages), a suppression comment typed in the editor removes its squiggle, and
// the "Suppress PNxxx for this line" code action does the same.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETUP_TIMEOUT_MS, startSession } from './support/session';
import type { Session } from './support/session';
import { openFile, screenshot, sleep, textBox } from './support/workbench';

const FILE = 'cluster/kubeadm-config.yaml';

describe('e2e: .podnet.yaml and suppressions in the editor (real VS Code)', function() {
  this.timeout(180_000);
  let s: Session;
  const errors = () => s.page.locator('.editor-group-container.active .monaco-editor .squiggly-error');
  const warnings = () => s.page.locator('.editor-group-container.active .monaco-editor .squiggly-warning');
  /** Waits until `count()` is `n` (the linter debounces, the file watcher takes its time). */
  const until = async (what: string, count: () => Promise<number>, n: number, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    let last = -1;
    while (Date.now() < deadline) {
      last = await count();
      if (last === n) return;
      await sleep(200);
    }
    assert.fail(`${what}: ${last}, expected ${n}`);
  };

  before(async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    s = await startSession({ label: 'lint-config' });
    await s.open();
    await openFile(s.page, FILE);
    await until('error squiggles at start', () => errors().count(), 2, 60_000);
  });
  after(async () => {
    await s?.close();
  });

  it('a .podnet.yaml written to disk re-lints the open file: its rules apply, its cluster is named', async () => {
    const config = join(s.workspace, '.podnet.yaml');
    writeFileSync(config, 'clusters:\n  - name: lab-east\n    files: ["cluster/**"]\nrules:\n  PN110: warning\n');
    await until('error squiggles with PN110: warning', () => errors().count(), 0);
    await until('warning squiggles with PN110: warning', () => warnings().count(), 2);
    await s.page.keyboard.press('Control+Shift+M');
    const rows = s.page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'PN110' });
    await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
    const texts = (await rows.allInnerTexts()).join('\n');
    assert.match(texts, /\[cluster lab-east\]/, texts);
    await screenshot(s.page, '30-lint-config-warning.png');
    // The hover names the cluster and how the file got it.
    const pod = await textBox(s.page, 'podSubnet: 10.100.0.0/16', '10.100.0.0/16');
    assert.ok(pod);
    await s.page.mouse.move(pod.x + pod.w / 2, pod.y + pod.h / 2);
    const hover = s.page.locator('.monaco-hover').filter({ hasText: 'Cluster:' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await hover.innerText(), /Cluster: lab-east \(by \.podnet\.yaml clusters\)/);
    await s.page.keyboard.press('Escape');
    await s.page.mouse.move(5, 5);
    // Removed: the defaults (error) and the file's own identity (clusterName: demo) again.
    rmSync(config);
    await until('error squiggles after deleting .podnet.yaml', () => errors().count(), 2);
    assert.equal(await warnings().count(), 0);
  });

  it('a suppression comment typed above the line removes that squiggle (and only that one)', async () => {
    const pod = await textBox(s.page, 'podSubnet: 10.100.0.0/16', 'podSubnet');
    assert.ok(pod);
    await s.page.mouse.click(pod.x + 1, pod.y + pod.h / 2);
    await s.page.keyboard.press('Home');
    await s.page.keyboard.type('# podnet-disable-next-line PN110 -- typed in the editor');
    await s.page.keyboard.press('Enter');
    await until('error squiggles after the typed suppression', () => errors().count(), 1);
    assert.ok(await textBox(s.page, '# podnet-disable-next-line PN110 -- typed in the editor'), 'the comment is not in the editor');
    await screenshot(s.page, '31-lint-suppressed-typed.png');
  });

  it('the light bulb offers "Suppress PN110 for this line" on the other one, which clears the last squiggle', async () => {
    const svc = await textBox(s.page, 'serviceSubnet: 10.96.0.0/12', '10.96.0.0/12');
    assert.ok(svc);
    await s.page.mouse.click(svc.x + svc.w / 2, svc.y + svc.h / 2);
    await s.page.keyboard.press('Control+Period');
    const action = s.page.locator('.action-widget .monaco-list-row.action').filter({ hasText: 'Suppress PN110 for this line' }).first();
    await action.waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(s.page, '32-lint-suppress-action.png');
    // The widget's pointer block takes clicks: move the keyboard focus down to the row, then Enter.
    const focused = s.page.locator('.action-widget .monaco-list-row.action.focused');
    // (VS Code 1.139 appends the action's kind to the row's label: "…, Quick Fix".)
    const isSuppress = async () => /^Suppress PN110 for this line\b/.test((await focused.getAttribute('aria-label')) ?? '');
    for (let i = 0; i < 6 && !(await isSuppress()); i++) await s.page.keyboard.press('ArrowDown');
    assert.ok(await isSuppress(), `focused: ${await focused.getAttribute('aria-label')}`);
    await s.page.keyboard.press('Enter');
    await until('error squiggles after the code action', () => errors().count(), 0);
    // Inserted above serviceSubnet with its indentation; the value itself untouched.
    assert.ok(await textBox(s.page, '  # podnet-disable-next-line PN110'), 'the directive was not inserted');
    assert.ok(await textBox(s.page, 'serviceSubnet: 10.96.0.0/12'), 'the value changed');
    // With PN110 turned off in .podnet.yaml both directives suppress nothing: two PN181 warnings.
    writeFileSync(join(s.workspace, '.podnet.yaml'), 'rules: {PN110: "off"}\n');
    const pn181 = s.page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'PN181' });
    try {
      await until('PN181 rows in Problems once PN110 is off', () => pn181.count(), 2);
    } catch (error) {
      const rows = await s.page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      const lines = await s.page.locator('.editor-group-container.active .monaco-editor .view-line').allInnerTexts();
      throw new Error(`${String(error)}\nProblems: ${JSON.stringify(rows)}\nEditor: ${JSON.stringify(lines)}`);
    }
    assert.match((await pn181.allInnerTexts()).join('\n'), /suppresses nothing/);
    await screenshot(s.page, '33-lint-unused-suppressions.png');
  });
});
