// Driving VS Code's workbench in the page: selectors measured in VSCODE-E2E-NOTES.md.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { REPO_ROOT } from '../../../scripts/e2e/packageVsix';

export const ARTIFACTS = join(REPO_ROOT, 'artifacts', 'e2e');

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

/** F1, type the command's title, pick the first match. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await input.press('Enter');
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
