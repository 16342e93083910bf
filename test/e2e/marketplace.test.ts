import assert from 'node:assert/strict';
import { SETUP_TIMEOUT_MS, startSession } from './support/session';
import type { Session } from './support/session';
import { runCommand, screenshot, sleep, textBox } from './support/workbench';

// What a user sees of Podnet before using it: its page in the Extensions view (icon, README with
// its images, packed inside the .vsix) and the "Get started with Podnet" walkthrough, whose steps
// complete on real events.
describe('e2e: the Extensions page and the walkthrough (real VS Code)', function() {
  this.timeout(180_000);
  let s: Session;

  before(async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    s = await startSession({ label: 'marketplace' });
    await s.open();
  });
  after(async () => {
    await s?.close();
  });
  const openWalkthrough = async () => {
    await runCommand(s.page, 'Welcome: Open Walkthrough...');
    const pick = s.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Podnet' }).first();
    await pick.waitFor({ state: 'visible', timeout: 15_000 });
    // Picked with the keyboard: the pointer may rest on a row of the Extensions view, whose hover
    // then covers the pick (seen on 1.100.3).
    await s.page.keyboard.type('Get started with Podnet');
    await s.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Get started with Podnet' }).first().waitFor({
      state: 'visible',
      timeout: 15_000,
    });
    await s.page.keyboard.press('Enter');
  };

  it('shows the icon and the user README on the Extensions page', async () => {
    // The Extensions view, searching the installed ones (the palette's "Show Installed Extensions"
    // is missing from VS Code 1.100's palette in code-server).
    await s.page.keyboard.press('Control+Shift+X');
    await s.page.locator('.extensions-viewlet').waitFor({ state: 'visible', timeout: 30_000 });
    await sleep(500); // the view focuses its search box once shown
    await s.page.keyboard.type('@installed podnet');
    const row = s.page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Podnet' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await row.click();
    const editor = s.page.locator('.extension-editor');
    await editor.waitFor({ state: 'visible', timeout: 30_000 });
    const icon = editor.locator('.header img.icon').first();
    await icon.waitFor({ state: 'visible', timeout: 15_000 });
    await s.page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 128, await icon.elementHandle(), {
      timeout: 15_000,
    });
    // The README is rendered in a webview. (Its screenshots are packed in the .vsix — a unit test
    // checks — but VS Code shows README images of a locally installed .vsix only from https URLs,
    // which the project gets once it has a public home: vsce then rewrites the relative links.)
    const readme = s.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await readme.locator('h1', { hasText: 'Podnet' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    for (const heading of ['The cluster view', 'The linter', 'The network map', 'The bridge CNI', 'Settings']) {
      await readme.locator('h2', { hasText: heading }).first().waitFor({ state: 'attached', timeout: 10_000 });
    }
    assert.doesNotMatch(await readme.locator('body').innerText(), /npm run test:unit|Targets, chosen deliberately/, 'developer material in the user README');
    await screenshot(s.page, '20-extension-page.png');
  });

  it('opens the walkthrough; "Open the network map" completes when the map is opened', async () => {
    await openWalkthrough();
    const steps = s.page.locator('.getting-started-step');
    await steps.filter({ hasText: 'Read the cluster tree' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const mapStep = steps.filter({ hasText: 'Open the network map' }).first();
    // A step shows done as aria-checked="true".
    assert.notEqual(await mapStep.getAttribute('aria-checked'), 'true', 'the map step is done before the map was opened');
    await screenshot(s.page, '21-walkthrough.png');
    // The step's own button, as a user follows the walkthrough.
    await mapStep.click();
    await mapStep.getByRole('button', { name: 'Open Network Map' }).click();
    await s.page.locator('.tab', { hasText: 'Podnet Network Map' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await sleep(1000);
    await openWalkthrough();
    await s.page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('.getting-started-step')).some((e) =>
          e.textContent?.includes('Open the network map') && e.getAttribute('aria-checked') === 'true'
        ),
      undefined,
      { timeout: 15_000 },
    );
  });

  it('"Lint a manifest and apply a fix" completes when a Podnet quick fix is applied to the sample', async () => {
    const stepDone = (title: string) =>
      s.page.evaluate(
        (t) =>
          Array.from(document.querySelectorAll('.getting-started-step')).some((e) => e.textContent?.includes(t) && e.getAttribute('aria-checked') === 'true'),
        title,
      );
    await runCommand(s.page, 'Podnet: Open Sample Manifest');
    const squiggles = s.page.locator('.editor-group-container.active .monaco-editor .squiggly-error');
    await squiggles.first().waitFor({ state: 'visible', timeout: 30_000 });
    const pod = await textBox(s.page, 'podSubnet: 10.100.0.0/16', '10.100.0.0/16');
    assert.ok(pod, 'the sample does not show its pod subnet');
    await s.page.mouse.click(pod.x + pod.w / 2, pod.y + pod.h / 2);
    await s.page.keyboard.press('Control+Period');
    const fix = s.page.locator('.action-widget .monaco-list-row.action').filter({ hasText: /nearest free/ }).first();
    await fix.waitFor({ state: 'visible', timeout: 10_000 });
    await s.page.keyboard.press('Enter');
    for (let i = 0; i < 100 && (await squiggles.count()) > 0; i++) await sleep(100);
    assert.equal(await squiggles.count(), 0, 'the fix left squiggles in the sample');
    await openWalkthrough();
    await s.page.locator('.getting-started-step', { hasText: 'Read the cluster tree' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    for (let i = 0; i < 50 && !(await stepDone('Lint a manifest and apply a fix')); i++) await sleep(200);
    assert.ok(await stepDone('Lint a manifest and apply a fix'), 'the lint step is not done after the fix');
    assert.equal(await stepDone('Install the bridge CNI on the lab'), false, 'the install step is done though nothing was installed');
  });
});
