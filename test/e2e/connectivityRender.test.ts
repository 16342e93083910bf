// The Connectivity tab in the real bundle (headless Chromium, the host's HTML and CSP, a fake
// acquireVsCodeApi; test/e2e/map/mapPage.ts): no report → the hint and a button that asks the host
// to run the check; a broken report → red cells, keyboard moves, a cell's probes, the likely cause
// with the failing hop marked; hostile strings in the report stay text. Screenshots for the docs.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { CheckReport } from '../../src/core/check/checkReport';
import { buildMapModel } from '../../src/core/map/buildMapModel';
import type { HostMessage } from '../../src/core/map/mapMessages';
import { podnetBridgePath, seedInput } from '../unit/map/mapFixtures';
import { breakWhere, failed, passingPairs, probePod, report } from '../unit/check/checkFixtures';
import { launch, openMapPage } from './map/mapPage';
import type { MapPage } from './map/mapPage';
import { screenshot } from './support/workbench';

const model = () => buildMapModel({ ...seedInput(), dataPath: podnetBridgePath });
const checkMessage = (r: CheckReport | null): HostMessage => ({ type: 'check', report: r, context: 'podnet-lab' });

/** The routes to node-2's block withdrawn, NAT from node-3 to node-1, node-3's second probe pod never started. */
function brokenReport(): CheckReport {
  let pairs = breakWhere(passingPairs(), (p) => (p.kind === 'cross-node' || p.kind === 'mtu') && p.to.node === 'node-2', failed);
  pairs = breakWhere(pairs, (p) => p.kind === 'cross-node' && p.protocol === 'tcp' && p.from.node === 'node-3' && p.to.node === 'node-1', {
    sourcePreserved: false,
    sourceSeen: '172.31.0.13',
  });
  return report(pairs, [{ from: probePod(3, 1), reason: 'probe pod Pending: image not pulled' }]);
}

async function openConnectivity(map: MapPage): Promise<void> {
  await map.sendModelAndWaitRendered({ type: 'model', model: model(), status: 'live · podnet-lab' });
  await map.page.locator('vscode-tab-header', { hasText: 'Connectivity' }).click();
}

describe('e2e: the Connectivity tab (real bundle, headless Chromium)', function() {
  this.timeout(60_000);
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('without a report says how to run one, and its button asks the host to run the check', async () => {
    const map = await openMapPage(browser);
    try {
      await openConnectivity(map);
      await map.send(checkMessage(null));
      const hint = map.page.locator('.no-check');
      await hint.waitFor({ state: 'visible' });
      assert.match(await hint.innerText(), /No connectivity check of "podnet-lab" yet\. Run "Podnet: Check Connectivity"/);
      await map.page.locator('vscode-button.run-check').click();
      const runs = async () => (await map.posted()).filter((m) => m.type === 'runCheck').length;
      assert.equal(await runs(), 1, 'a click posts runCheck once');
      // Keyboard: focus it and press Enter, one more request (not two).
      await map.page.locator('vscode-button.run-check').focus();
      await map.page.keyboard.press('Enter');
      await map.page.waitForTimeout(100);
      assert.equal(await runs(), 2, 'Enter posts runCheck once');
      await screenshot(map.page, 'connectivity-render-no-report.png');
      assert.deepEqual(await map.cspViolations(), []);
    } finally {
      await map.close();
    }
  });

  it('draws the matrix with failing cells red, moves by keyboard, and explains a failing pair with its hop', async () => {
    const map = await openMapPage(browser, { height: 1100 });
    try {
      await openConnectivity(map);
      await map.send(checkMessage(brokenReport()));
      const { page } = map;
      await page.locator('table.check-matrix').waitFor({ state: 'visible' });
      // Rows × (3 node columns + Service, DNS, External).
      assert.equal(await page.locator('button.check-cell').count(), 3 * 6);
      const cell = (from: string, to: string) => page.locator(`button.check-cell[data-from="${from}"][data-to="${to}"]`);
      assert.match((await cell('node-1', 'node-2').getAttribute('class')) ?? '', /cell-failed/);
      assert.match((await cell('node-3', 'node-1').getAttribute('class')) ?? '', /cell-nat/);
      assert.match((await cell('node-3', 'node-3').getAttribute('class')) ?? '', /cell-not-run/);
      assert.match((await cell('node-1', 'node-3').getAttribute('class')) ?? '', /cell-passed/);
      assert.equal(await page.locator('button.check-cell.cell-failed').count(), 2, 'node-1 → node-2 and node-3 → node-2');
      // Red: the theme's error foreground (outside VS Code its #f14c4c fallback); a passing cell is not red.
      const rgb = async (from: string, to: string) => (await cell(from, to).evaluate((b) => getComputedStyle(b).color)).match(/\d+/g)?.map(Number) ?? [];
      const [r, g] = await rgb('node-1', 'node-2');
      assert.ok(r > 180 && g < 120, `failing cell colour ${String(await rgb('node-1', 'node-2'))}`);
      const [pr, pg] = await rgb('node-1', 'node-3');
      assert.ok(!(pr > 180 && pg < 120), `passing cell colour ${String(await rgb('node-1', 'node-3'))}`);
      // The findings above the matrix carry their codes.
      const findings = await page.locator('.check-findings').innerText();
      for (const code of ['PN200', 'PN202', 'PN203', 'PN208']) assert.ok(findings.includes(code), `${code} in ${findings}`);
      // One tab stop; arrows move it; Enter opens the cell.
      await cell('node-1', 'node-1').focus();
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-to')), 'node-2');
      assert.equal(await page.locator('button.check-cell[tabindex="0"]').count(), 1);
      await page.keyboard.press('Enter');
      await page.locator('.check-cause').waitFor({ state: 'visible' });
      assert.match(await page.locator('.check-detail h2').innerText(), /node-1 → node-2/);
      const cause = await page.locator('.check-cause').innerText();
      assert.match(cause, /The route "10\.32\.2\.0\/24 via 172\.31\.0\.12" is likely missing or wrong on node-1/);
      assert.match(cause, /inferred/);
      const failing = page.locator('.check-path .hop.hop-failing');
      assert.equal(await failing.count(), 1);
      assert.match(await failing.innerText(), /likely fails here: 10\.32\.2\.0\/24 via 172\.31\.0\.12/);
      await screenshot(page, 'connectivity-render-failing-route.png');
      await page.locator('.check-path').scrollIntoViewIfNeeded();
      await screenshot(page, 'connectivity-render-failing-hop.png');
      // The NAT cell explains the masquerade at node-3.
      await cell('node-3', 'node-1').click();
      assert.match(await page.locator('.check-cause').innerText(), /saw 172\.31\.0\.13 \(node-3's own address\)/);
      assert.match(await page.locator('.check-path .hop.hop-failing').innerText(), /node-3/);
      // State survives a reload: the selected cell is kept by name.
      const state = await page.evaluate(() => (window as unknown as { __state: { connectivityCell?: string } }).__state.connectivityCell);
      assert.equal(state, 'node-3\u0000node-1');
      assert.deepEqual(await map.cspViolations(), []);
    } finally {
      await map.close();
    }
  });

  it('comes back on its tab with the same cell selected (view state by node names)', async () => {
    const map = await openMapPage(browser, { state: { tab: 3, connectivityCell: 'node-3\u0000node-1' } });
    try {
      await map.sendModelAndWaitRendered({ type: 'model', model: model(), status: 'live · podnet-lab' });
      await map.send(checkMessage(brokenReport()));
      await map.page.locator('.check-cause').waitFor({ state: 'visible', timeout: 10_000 });
      assert.match(await map.page.locator('.check-detail h2').innerText(), /node-3 → node-1/);
      assert.equal(await map.page.locator('button.check-cell.selected').getAttribute('data-to'), 'node-1');
    } finally {
      await map.close();
    }
  });

  it('shows hostile strings from the report as text and never runs them', async () => {
    const map = await openMapPage(browser);
    try {
      await openConnectivity(map);
      const evil = `<img src=x onerror="window.__pwned('check')">`;
      const r = brokenReport();
      const hostile: CheckReport = {
        ...r,
        context: evil,
        startedAt: evil,
        pairs: r.pairs.map((p) => ({ ...p, error: p.ok ? undefined : evil, from: { ...p.from, pod: p.from.pod ? `${evil}/${p.from.pod}` : undefined } })),
        missing: [{ from: { node: 'node-3', pod: evil }, reason: evil }],
      };
      await map.send(checkMessage(hostile));
      await map.page.locator('button.check-cell[data-from="node-1"][data-to="node-2"]').click();
      await map.page.locator('.check-cause').waitFor({ state: 'visible' });
      assert.ok((await map.page.locator('.connectivity').innerText()).includes(evil), 'shown as text');
      assert.equal(await map.page.locator('.connectivity img').count(), 0);
      assert.deepEqual(await map.pwned(), []);
    } finally {
      await map.close();
    }
  });
});
