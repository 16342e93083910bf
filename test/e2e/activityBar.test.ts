import assert from 'node:assert/strict';
import { startSession } from './support/session';
import type { Session } from './support/session';
import { activityItem, screenshot } from './support/workbench';

describe('e2e: the Podnet view container (real VS Code)', function () {
  this.timeout(180_000);
  let s: Session;

  before(async () => {
    s = await startSession({ label: 'activity' });
    await s.open();
  });
  after(async () => {
    await s?.close();
  });

  it('packs the extension under 3 MB', () => {
    assert.ok(s.packed.bytes > 0 && s.packed.bytes < 3 * 1024 * 1024, `${s.packed.bytes} bytes`);
  });

  it('shows Podnet in the activity bar and the Cluster Network view with its welcome content', async () => {
    const icon = activityItem(s.page, 'Podnet');
    await icon.waitFor({ state: 'visible', timeout: 30_000 });
    await icon.click();
    // A container with one view merges the view's name into the side bar title.
    const title = s.page.locator('.sidebar .composite.title');
    await title.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await title.innerText(), /podnet: cluster network/i);
    const welcome = s.page.locator('.welcome-view-content', { hasText: 'not connected to a cluster' });
    await welcome.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(s.page, '01-activity-bar.png');
  });
});
