// "Podnet: Check Connectivity" in VS Code against the lab: without a data plane it refuses and
// creates nothing; with the nodes marked as data-plane nodes (by hand: the lab's pods stay records,
// so no probe ever reports) it asks naming the context, creates the probes behind a cancellable
// progress notification, and Cancel removes everything it created.
import assert from 'node:assert/strict';
import { startTestLab } from './support/lab';
import type { RunningLab } from './support/lab';
import { openTreeSession, SETUP_TIMEOUT_MS } from './support/session';
import type { Session } from './support/session';
import { runCommand, screenshot, sleep, TOAST_FADE_MS, toasts } from './support/workbench';

describe('e2e: "Podnet: Check Connectivity" on the lab', function() {
  this.timeout(180_000);
  let lab: RunningLab;
  let s: Session;
  const checkNamespace = () => lab.store.get({ apiVersion: 'v1', kind: 'Namespace', name: 'podnet-check' });

  before(async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    lab = await startTestLab('seed');
    s = await openTreeSession('check', lab);
  });
  after(async () => {
    await s?.close();
    await lab?.stop();
  });

  it('refuses on a lab without a data plane, saying how to start one, and creates nothing', async () => {
    await runCommand(s.page, 'Podnet: Check Connectivity');
    const refusal = toasts(s.page).filter({ hasText: 'without a data plane' });
    await refusal.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await refusal.first().innerText(), /podnet lab up --dataplane/);
    assert.equal(checkNamespace(), undefined);
    await sleep(TOAST_FADE_MS);
    await screenshot(s.page, 'check-01-no-dataplane.png');
    await refusal.first().locator('.codicon-notifications-clear').click().catch(() => undefined);
  });

  it('asks naming the context, shows cancellable progress, and Cancel removes what it created', async () => {
    for (const node of lab.store.list('v1', 'Node')) {
      const n = structuredClone(node) as { metadata: { annotations?: Record<string, string> } };
      n.metadata.annotations = { ...(n.metadata.annotations ?? {}), 'podnet.dev/lab-dataplane': 'true' };
      lab.store.update(n as never);
    }
    await runCommand(s.page, 'Podnet: Check Connectivity');
    const dialog = s.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await dialog.innerText();
    assert.ok(text.includes(`context "${lab.contextName}"`), text);
    assert.match(text, /DaemonSet podnet-check\/podnet-check-host/);
    assert.equal(checkNamespace(), undefined, 'nothing is created before the confirmation');
    await screenshot(s.page, 'check-02-confirm.png');
    await dialog.locator('.monaco-button', { hasText: `Run in ${lab.contextName}` }).click();
    const progress = toasts(s.page).filter({ hasText: 'Podnet: Check Connectivity' });
    await progress.first().waitFor({ state: 'visible', timeout: 20_000 });
    for (let i = 0; i < 120 && !lab.store.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'podnet-check', name: 'podnet-check-plan' }); i++) {
      await sleep(250);
    }
    assert.ok(checkNamespace(), 'the probes were created');
    await sleep(TOAST_FADE_MS);
    await screenshot(s.page, 'check-03-progress.png');
    await progress.first().hover();
    await progress.first().locator('.monaco-button', { hasText: 'Cancel' }).click();
    const stopped = toasts(s.page).filter({ hasText: 'cancelled; what the check created was removed' });
    await stopped.first().waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(checkNamespace(), undefined, 'everything the check created is gone');
    assert.deepEqual(lab.store.list('apps/v1', 'DaemonSet', 'podnet-check'), []);
  });
});
