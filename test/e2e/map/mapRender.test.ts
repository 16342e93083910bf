import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { buildMapModel } from '../../../src/core/map/buildMapModel';
import type { MapInput } from '../../../src/core/map/mapInput';
import type { NetworkMapModel } from '../../../src/core/map/mapModel';
import { brokenOverlapInput, dualStackInput, podnetBridgePath, seedInput } from '../../unit/map/mapFixtures';
import { emptyMapModel } from '../../../src/core/map/mapModel';
import { launch, openMapPage } from './mapPage';
import type { MapPage } from './mapPage';

// Each payload calls window.__pwned if it ever runs; the fake host records the calls.
const payloads = [
  `<img src=x onerror="window.__pwned('img')">`,
  `<script>window.__pwned('script')</script>`,
  `"><svg onload="window.__pwned('svg')">`,
  `<iframe srcdoc="<script>parent.__pwned('iframe')</script>">`,
  `javascript:window.__pwned('href')`,
];
const p = (i: number) => payloads[i % payloads.length];

/** Payloads in every string that reaches the webview from the cluster or from files. */
function hostileInput(): MapInput {
  const seed = seedInput();
  return {
    context: p(0),
    networks: seed.networks.map((n, i) => ({ ...n, source: p(i) })),
    nodes: seed.nodes.map((n, i) => ({ ...n, name: `${p(i)}-node-${i}`, blocks: n.blocks.map((b) => ({ ...b, source: p(i + 1) })) })),
    pods: seed.pods.map((pod, i) => ({
      ...pod,
      namespace: p(i + 2),
      name: `${p(i)}-pod-${i}`,
      node: `${p(seed.nodes.findIndex((n) => n.name === pod.node))}-node-${seed.nodes.findIndex((n) => n.name === pod.node)}`,
    })),
    // The data path carries cluster-read strings too (setting values, sources, the CNI's evidence).
    dataPath: {
      ...podnetBridgePath,
      title: p(0),
      evidence: p(1),
      settings: [{ name: p(2), value: p(3), source: p(4), certainty: 'configured' }],
      podLink: { ...podnetBridgePath.podLink, device: p(1), note: p(2) },
      crossNode: { ...podnetBridgePath.crossNode, device: p(3), encapsulation: p(4), note: p(0), route: `${p(1)} {block} via {node}` },
    },
    findings: [
      {
        code: p(1),
        severity: 'error',
        message: `${p(0)} overlaps ${p(2)}`,
        origin: 'manifest',
        targets: [{ kind: 'file', uri: `file:///tmp/${encodeURIComponent(p(3))}.yaml`, line: 4, character: 2, label: p(4) }],
      },
      { code: 'PN101', severity: 'warning', message: p(3), origin: 'cluster', targets: [{ kind: 'node', name: `${p(1)}-node-1` }] },
    ],
  };
}

/** The builder passes InternalIPs and pod IPs through verbatim: poison those too. */
function hostileModel(): NetworkMapModel {
  const m = buildMapModel(hostileInput());
  return {
    ...m,
    nodes: m.nodes.map((n, i) => (i === 2 ? { ...n, internalIPs: [p(2)] } : n)),
    pods: m.pods.map((pod, i) => (i === 5 ? { ...pod, ip: p(0) } : pod)),
    routes: m.routes.map((r, i) => (i === 0 ? { ...r, via: p(1) } : r)),
  };
}

async function exerciseEverything(map: MapPage): Promise<void> {
  const { page } = map;
  const model = hostileModel();
  await map.sendModelAndWaitRendered({ type: 'model', model, status: p(4) });
  // Address plan: hover and click every few pixels over the grid, keyboard-select a node.
  const box = await page.locator('canvas.plan-canvas').boundingBox();
  assert.ok(box);
  for (let x = 10; x < 80; x += 5) await page.mouse.move(box.x + x, box.y + 50);
  await page.locator('canvas.plan-canvas').focus();
  await page.keyboard.press('ArrowRight');
  // Topology: trace a packet between two pods, one of them with a hostile IP.
  await page.locator('vscode-tab-header', { hasText: 'Topology' }).click();
  await page.locator('button.pod-chip').first().click();
  await page.locator('button.pod-chip').nth(5).click();
  // A cluster past the card limit renders nodes as virtual-list rows: same payloads there.
  const big = buildMapModel({
    ...hostileInput(),
    nodes: Array.from(
      { length: 40 },
      (_, i) => ({ name: `${p(i)}-big-${i}`, internalIPs: [`172.31.1.${i + 1}`], blocks: [{ cidr: `10.33.${i}.0/24`, source: p(i + 2) }] }),
    ),
  });
  await map.sendModelAndWaitRendered({ type: 'model', model: big, status: p(3) });
  await page.locator('.node-row button.node-name').nth(3).click();
  await page.locator('.node-detail h3').waitFor();
  await map.sendModelAndWaitRendered({ type: 'model', model, status: p(4) });
  // The packet-path box's completions show pod names (hostile ones included).
  await page.locator('vscode-tab-header', { hasText: 'Topology' }).click();
  await page.locator('input.pod-search').fill('pod');
  await page.locator('.suggestion').first().waitFor();
  await page.locator('input.pod-search').press('Enter');
  // Findings: a table; sorting re-renders every row.
  await page.locator('vscode-tab-header', { hasText: 'Findings' }).click();
  await page.locator('button.sort', { hasText: 'Code' }).click();
  await page.locator('.finding button.target').first().click();
  await page.waitForTimeout(100);
}

describe('network map webview (real bundle, headless Chromium)', function() {
  this.timeout(60_000);
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  for (const csp of [true, false]) {
    it(`never runs HTML/script payloads from cluster or file strings, and shows them as text (${csp ? 'with the host CSP' : 'even without any CSP'})`, async () => {
      const map = await openMapPage(browser, { csp });
      try {
        await exerciseEverything(map);
        assert.deepEqual(await map.pwned(), []);
        const { page } = map;
        // No element from a payload exists in the page's DOM (the components' own shadow roots aside); the text is there.
        assert.equal(await page.evaluate(() => document.querySelectorAll('img, iframe, svg, script:not([src])').length), 0);
        const text = await page.evaluate(() => document.body.textContent ?? '');
        assert.ok(text.includes(`<img src=x onerror="window.__pwned('img')">`), 'payload shown as text');
        assert.ok(text.includes(`<script>window.__pwned('script')</script>-pod-1`));
        assert.ok(text.includes(p(4)), 'status line shown as text');
        // The file link asked the host to open the file instead of navigating anywhere.
        const posted = await map.posted();
        assert.ok(posted.some((m) => m.type === 'openFile' && String(m.uri).startsWith('file:///tmp/')));
        if (csp) assert.deepEqual(await map.cspViolations(), [], 'the page (and @vscode-elements) runs under the strict CSP without violations');
      } finally {
        await map.close();
      }
    });
  }

  it('says ready first, reports the first frame, and keeps the view state across reloads', async () => {
    const map = await openMapPage(browser);
    try {
      const first = await map.posted();
      assert.deepEqual(first.map((m) => m.type), ['ready']);
      // Not connected: says so, instead of an empty picture.
      await map.sendModelAndWaitRendered({ type: 'model', model: emptyMapModel(), status: 'not connected' });
      assert.match(await map.page.locator('.empty').innerText(), /No cluster data/);
      // Dual stack: IPv6 bars on a log2 scale (a /56 next to a /112), IPv4 to scale.
      await map.sendModelAndWaitRendered({ type: 'model', model: buildMapModel(dualStackInput()), status: 'live' });
      assert.match((await map.page.locator('canvas.plan-canvas').getAttribute('aria-label')) ?? '', /IPv4 bars to scale, IPv6 bars on a log2 scale/);
      const ms = await map.sendModelAndWaitRendered({ type: 'model', model: buildMapModel(seedInput()), status: 'live' });
      assert.ok(ms >= 0 && ms < 5000);
      assert.equal(await map.page.locator('.empty').isVisible(), false);
      await map.page.locator('vscode-tab-header', { hasText: 'Topology' }).click();
      await map.page.locator('button.node-name', { hasText: 'node-2' }).click();
      await map.page.locator('button.node-name', { hasText: 'node-2' }).dblclick();
      // Keyboard: the plan canvas selects nodes with the arrow keys and reveals with Enter.
      await map.page.locator('vscode-tab-header', { hasText: 'Address plan' }).click();
      await map.page.locator('canvas.plan-canvas').focus();
      await map.page.keyboard.press('ArrowRight');
      assert.match(await map.page.locator('.plan-details').innerText(), /node-3/);
      await map.page.keyboard.press('ArrowLeft');
      const reveals = async () => (await map.posted()).filter((m) => m.type === 'revealNode').map((m) => m.name);
      const before = await reveals();
      await map.page.keyboard.press('Enter');
      assert.deepEqual(await reveals(), [...before, 'node-2']);
      await map.page.locator('vscode-tab-header', { hasText: 'Topology' }).click();
      const state = await map.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
      assert.deepEqual(state, { tab: 1, selectedNode: 'node-2' });
      assert.ok((await map.posted()).some((m) => m.type === 'revealNode' && m.name === 'node-2'));
      // A hidden panel's page is discarded: a new page gets the saved state back.
      const again = await openMapPage(browser, { state });
      try {
        await again.sendModelAndWaitRendered({ type: 'model', model: buildMapModel(seedInput()), status: 'live' });
        assert.equal(await again.page.locator('vscode-tabs').evaluate((t) => (t as unknown as { selectedIndex: number }).selectedIndex), 1);
        assert.equal(await again.page.locator('.card.selected button.node-name').textContent(), 'node-2');
      } finally {
        await again.close();
      }
    } finally {
      await map.close();
    }
  });

  it('draws an overlap as a red hatched band and shows the packet path with its problem', async () => {
    const map = await openMapPage(browser);
    try {
      const model = buildMapModel(brokenOverlapInput());
      await map.sendModelAndWaitRendered({ type: 'model', model, status: 'live' });
      // Red pixels (the --vscode-charts-red fallback #f14c4c) exist in the plan only when something overlaps.
      const countRed = () =>
        map.page.locator('canvas.plan-canvas').evaluate((c) => {
          const canvas = c as HTMLCanvasElement;
          const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          let red = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i] > 200 && data[i + 1] < 110 && data[i + 2] < 110 && data[i + 3] > 200) red++;
          return red;
        });
      const redBroken = await countRed();
      await map.sendModelAndWaitRendered({ type: 'model', model: buildMapModel(seedInput()), status: 'live' });
      assert.equal(await countRed(), 0, 'no red in a consistent plan');
      await map.sendModelAndWaitRendered({ type: 'model', model, status: 'live' });
      assert.ok(redBroken > 20, `red hatch pixels: ${redBroken}`);
      assert.match(
        await map.page.locator('.plan-details').innerText(),
        /node-2 block 10\.32\.2\.0\/24 overlaps node-3 block 10\.32\.2\.0\/25: 10\.32\.2\.0 – 10\.32\.2\.127/,
      );
      // Path from node-1 to a pod of node-2 now lands on node-3.
      await map.page.locator('vscode-tab-header', { hasText: 'Topology' }).click();
      await map.page.locator('button.pod-chip', { hasText: 'default/web-1-2' }).click();
      await map.page.locator('button.pod-chip', { hasText: 'default/web-2-2' }).click();
      const path = await map.page.locator('.path').innerText();
      assert.match(path, /10\.32\.2\.0\/25 via 172\.31\.0\.13/);
      assert.match(path, /lands on the wrong node/);
      assert.equal(await map.page.locator('.routes li.on-path').count(), 1);
      // A hop is a link: the route's hop selects the node it leads to.
      await map.page.locator('.hop-route button.hop-label').click();
      assert.equal(await map.page.locator('.card.selected button.node-name').textContent(), 'node-3');
    } finally {
      await map.close();
    }
  });
});
