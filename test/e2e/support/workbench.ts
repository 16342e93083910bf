// Driving VS Code's workbench in the page: selectors that hold in both VS Code versions the tier runs.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { REPO_ROOT } from '../../../scripts/e2e/packageVsix';
import { selectedTarget } from '../../../scripts/e2e/vscodeTargets';

/** Screenshots of this run, one folder per VS Code version: artifacts/e2e/<version>/. */
export const ARTIFACTS = join(REPO_ROOT, 'artifacts', 'e2e', selectedTarget().vscode);

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
  await page.locator('.activitybar').waitFor({ timeout: 30_000 });
}

/** The activity-bar icon of a view container, by its title. */
export function activityItem(page: Page, title: string): Locator {
  return page.locator(`.activitybar [aria-label^="${title}"]`).first();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, name);
  await page.screenshot({ path: file });
  return file;
}

/**
 * F1, type the command's title, pick the matching row. Right after the workbench loads, the palette can
 * still say "No matching commands" (extensions are being registered), or close again at once: try again.
 */
/** Runs a command from the palette; resolves with the time (Date.now()) Enter was pressed. */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (;;) {
    try {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      // A page still settling (a walkthrough, a webview) may take the focus back and close the
      // palette under us: then this attempt fails and the next one opens it again.
      await input.fill(`>${title}`, { timeout: 5000 });
      await row.waitFor({ state: 'visible', timeout: 3000 });
      break;
    } catch (err) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw err;
      await sleep(500);
    }
  }
  const enteredAt = Date.now();
  await input.press('Enter');
  return enteredAt;
}

/**
 * Runs a command that opens a quick pick and picks the row whose label is exactly `label`: filters by
 * it, moves the focus onto that row (a click can land while newer VS Code re-renders the list, and a
 * filter matches longer names too), presses Enter. A picker closed under us (the focus taken back
 * by a settling webview) is opened again, as runCommand does for the palette.
 */
export async function pickAfterCommand(page: Page, title: string, label: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input');
  const focusedLabel = () => page.locator('.quick-input-list .monaco-list-row.focused').first().getAttribute('aria-label', { timeout: 1000 }).catch(() => null);
  for (;;) {
    try {
      await runCommand(page, title);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(label, { timeout: 5000 });
      for (let i = 0;; i++) {
        await sleep(150);
        const focused = await focusedLabel();
        if (focused?.split(',')[0]?.trim() === label) break;
        if (i > 10) throw new Error(`${label} never got the focus in the picker (focused: ${focused})`);
        await input.press('ArrowDown', { timeout: 5000 });
      }
      await input.press('Enter', { timeout: 5000 });
      return;
    } catch (err) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw err;
      await sleep(500);
    }
  }
}

/** Closes whatever quick input or notification toast is open. */
export async function dismiss(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
}

export function toasts(page: Page): Locator {
  return page.locator('.notifications-toasts .notification-toast');
}

/** Toasts fade in: a screenshot right after they appear catches them half transparent. */
export const TOAST_FADE_MS = 800;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A row of the Podnet tree whose accessible name (label + description) starts with `prefix`. */
export function treeRow(page: Page, prefix: string): Locator {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.locator('.sidebar').getByRole('treeitem', { name: new RegExp(`^${escaped}`) });
}

/** Expands a collapsed tree row (no-op when already expanded). */
export async function expand(row: Locator): Promise<void> {
  await row.waitFor({ state: 'visible' });
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  await expectAttribute(row, 'aria-expanded', 'true');
}

export async function expectAttribute(loc: Locator, name: string, value: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await loc.getAttribute(name)) !== value) {
    if (Date.now() > deadline) throw new Error(`${name} of ${String(loc)} never became ${value}`);
    await sleep(100);
  }
}

/** Drags the side bar's edge so that tree descriptions are not cut in screenshots. */
export async function widenSidebar(page: Page, width = 560): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const x = box.x + box.width + 1;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  await page.mouse.move(box.x + width + 300, y); // off the sash, which stays highlighted under the pointer
}

/** The network map's page: VS Code nests a webview twice (host iframe, then the active frame). */
export function networkMapFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/**
 * Toggles between the preferred light and dark themes and waits for the workbench to repaint.
 * ("Preferences: Color Theme" would first search the marketplace, which these machines cannot reach.)
 */
export async function toggleTheme(page: Page, kind: 'vs' | 'vs-dark'): Promise<void> {
  await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
  await waitForTheme(page, kind);
}

export async function waitForTheme(page: Page, kind: 'vs' | 'vs-dark'): Promise<void> {
  await page.locator(`.monaco-workbench.${kind}`).waitFor({ timeout: 15_000 });
}

/** Opens a workspace file through Quick Open (F1 without the `>`). */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  const base = name.split('/').pop() ?? name;
  await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await input.press('Enter');
  await page.locator('.tab.active', { hasText: base }).waitFor({ timeout: 15_000 });
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Screen box of `needle` inside the first rendered line of the active editor that contains `context`
 * (Monaco splits a line into one span per token, so the search runs over whole lines).
 */
export async function textBox(page: Page, context: string, needle = context): Promise<Box | null> {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines').evaluate(
    (root, [ctx, text]) => {
      for (const line of Array.from(root.querySelectorAll('.view-line'))) {
        const full = (line.textContent ?? '').replace(/\u00a0/g, ' ');
        const at = full.indexOf(ctx);
        if (at < 0 || ctx.indexOf(text) < 0) continue;
        const from = at + ctx.indexOf(text);
        const to = from + text.length;
        const range = document.createRange();
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        let seen = 0;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const len = (n.textContent ?? '').length;
          if (from >= seen && from <= seen + len) range.setStart(n, from - seen);
          if (to >= seen && to <= seen + len) {
            range.setEnd(n, to - seen);
            break;
          }
          seen += len;
        }
        const b = range.getBoundingClientRect();
        return { x: b.x, y: b.y, w: b.width, h: b.height };
      }
      return null;
    },
    [context, needle] as const,
  );
}

export async function boxes(loc: Locator): Promise<Box[]> {
  return loc.evaluateAll((els) =>
    els.map((e) => {
      const b = e.getBoundingClientRect();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    })
  );
}
