import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { buildMapModel } from '../../../src/core/map/buildMapModel';
import { seedInput } from '../../unit/map/mapFixtures';
import { launch, openMapPage } from './mapPage';

// The address plan's hover tooltip (a long block description) stays inside the panel at every
// edge: it flips to the pointer's left/top and wraps instead of running past the panel's edge.
describe('network map webview: the hover tooltip stays inside a narrow panel (real bundle, headless Chromium)', function() {
  this.timeout(60_000);
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('keeps the tooltip within the visible plan area wherever the pointer is', async () => {
    const map = await openMapPage(browser, { width: 520, height: 600 });
    try {
      const input = seedInput();
      // A long source label: the tooltip must wrap, not run off the panel.
      const model = buildMapModel({
        ...input,
        nodes: input.nodes.map((n) => ({ ...n, blocks: n.blocks.map((b) => ({ ...b, source: `${b.source} ${'and a very long explanation '.repeat(6)}` })) })),
      });
      await map.sendModelAndWaitRendered({ type: 'model', model, status: 'test' });
      const { page } = map;
      const canvas = page.locator('canvas.plan-canvas');
      const box = await canvas.boundingBox();
      const view = await page.locator('.plan-scroll').boundingBox();
      assert.ok(box && view);
      const tooltip = page.locator('.tooltip');
      let seen = 0;
      const right = Math.min(box.x + box.width, view.x + view.width) - 3;
      for (let y = box.y + 5; y < box.y + Math.min(box.height, 400); y += 15) {
        for (const x of [box.x + 5, (box.x + right) / 2, right]) {
          await page.mouse.move(x, y);
          if (await tooltip.isHidden()) continue;
          seen++;
          const t = await tooltip.boundingBox();
          assert.ok(t, 'tooltip has no box');
          assert.ok(
            t.x >= view.x - 1 && t.x + t.width <= view.x + view.width + 1,
            `tooltip ${JSON.stringify(t)} leaves the panel ${JSON.stringify(view)} at x=${x}`,
          );
        }
      }
      assert.ok(seen >= 3, `the tooltip showed only ${seen} times`);
    } finally {
      await map.close();
    }
  });
});
