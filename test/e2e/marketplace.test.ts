import assert from 'node:assert/strict';
import { SETUP_TIMEOUT_MS, startSession } from './support/session';
import type { Session } from './support/session';
import { runCommand, screenshot, sleep } from './support/workbench';

// What a user sees of Podnet before using it: its page in the Extensions view (icon, README with
// its images, packed inside the .vsix) and the "Get started with Podnet" walkthrough, whose steps
// complete on real events.
describe('e2e: the Extensions page and the walkthrough (real VS Code)', function () {
  this.timeout(180_000);
  let s: Session;

  before(async function () {
    this.timeout(SETUP_TIMEOUT_MS);
    s = await startSession({ label: 'marketplace' });
    await s.open();
  });
  after(async () => {
    await s?.close();
  });

  it('shows the icon and the user README with its screenshots on the Extensions page', async () => {
    await runCommand(s.page, 'Extensions: Show Installed Extensions');
    const row = s.page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Podnet' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await row.click();
    const editor = s.page.locator('.extension-editor');
    await editor.waitFor({ state: 'visible', timeout: 30_000 });
    const icon = editor.locator('.header img.icon').first();
    await icon.waitFor({ state: 'visible', timeout: 15_000 });
    await s.page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 128, await icon.elementHandle(), { timeout: 15_000 });
    // The README is rendered in a webview; its images come from inside the installed extension.
    const readme = s.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await readme.locator('h1', { hasText: 'Podnet' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const images = readme.locator('img');
    await images.first().waitFor({ state: 'attached', timeout: 15_000 });
    await sleep(1500);
    const sizes = await images.evaluateAll((imgs) => imgs.map((i) => [(i as HTMLImageElement).getAttribute('src'), (i as HTMLImageElement).naturalWidth]));
    assert.ok(sizes.length >= 4, `README images: ${JSON.stringify(sizes)}`);
    for (const [src, w] of sizes) assert.ok(Number(w) > 0, `README image ${String(src)} did not load`);
    await screenshot(s.page, '20-extension-page.png');
  });

  it('opens the walkthrough; "Open the network map" completes when the map is opened', async () => {
    await runCommand(s.page, 'Welcome: Open Walkthrough...');
    const pick = s.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Podnet' }).first();
    await pick.waitFor({ state: 'visible', timeout: 15_000 });
    await pick.click();
    const steps = s.page.locator('.getting-started-step');
    await steps.filter({ hasText: 'Read the cluster tree' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const mapStep = steps.filter({ hasText: 'Open the network map' }).first();
    assert.doesNotMatch((await mapStep.getAttribute('class')) ?? '', /\bcomplete\b/, 'the map step is done before the map was opened');
    await screenshot(s.page, '21-walkthrough.png');
    await runCommand(s.page, 'Podnet: Open Network Map');
    await sleep(1500);
    await runCommand(s.page, 'Welcome: Open Walkthrough...');
    await pick.waitFor({ state: 'visible', timeout: 15_000 });
    await pick.click();
    await s.page.waitForFunction(
      () => Array.from(document.querySelectorAll('.getting-started-step')).some((e) => e.textContent?.includes('Open the network map') && e.classList.contains('complete')),
      undefined,
      { timeout: 15_000 },
    );
  });
});
