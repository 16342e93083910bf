// One e2e session: fresh dirs, the packaged extension installed into a real code-server, a Chromium page on it.
// Everything it starts is ended by process group in close(), and swept by the next run if this one is killed.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/e2e/chromium';
import type { RunningBrowser } from '../../../scripts/e2e/chromium';
import { installExtension, startCodeServer } from '../../../scripts/e2e/codeServer';
import type { RunningCodeServer } from '../../../scripts/e2e/codeServer';
import { ensureCodeServer } from '../../../scripts/e2e/installCodeServer';
import type { CodeServerInstall } from '../../../scripts/e2e/installCodeServer';
import { packageVsix } from '../../../scripts/e2e/packageVsix';
import type { PackedExtension } from '../../../scripts/e2e/packageVsix';
import { createRunDir } from '../../../scripts/e2e/runDir';
import type { RunDir } from '../../../scripts/e2e/runDir';
import { activityItem, waitForWorkbench, widenSidebar } from './workbench';

/** A session's setup may include the one-time code-server install (about a minute idle, 3+ min on a busy machine). */
export const SETUP_TIMEOUT_MS = 600_000;

export const WORKSPACE_SOURCE = join(import.meta.dirname, '..', 'workspace');

let shared: Promise<{ install: CodeServerInstall; packed: PackedExtension; run: RunDir }> | undefined;

/** code-server and the .vsix are prepared once per mocha process and shared by every session. */
export function prepared(): Promise<{ install: CodeServerInstall; packed: PackedExtension; run: RunDir }> {
  shared ??= (async () => {
    const run = createRunDir('pkg');
    process.once('exit', () => run.remove());
    const install = await ensureCodeServer();
    const packed = packageVsix(run.root);
    return { install, packed, run };
  })();
  return shared;
}

export interface SessionOptions {
  label: string;
  env?: NodeJS.ProcessEnv;
  settings?: Record<string, unknown>;
  /** The session runs test/e2e/host in the extension host (a workbench URL payload). */
  extensionTests?: boolean;
}

export interface Session {
  readonly run: RunDir;
  readonly codeServer: RunningCodeServer;
  readonly browser: RunningBrowser;
  readonly page: Page;
  readonly workspace: string;
  readonly packed: PackedExtension;
  /** Browser console lines, for failure messages. */
  readonly console: string[];
  open(payload?: [string, string][]): Promise<void>;
  close(): Promise<void>;
}

export async function startSession(opts: SessionOptions): Promise<Session> {
  const { install, packed } = await prepared();
  const run = createRunDir(opts.label);
  let codeServer: RunningCodeServer | undefined;
  let browser: RunningBrowser | undefined;
  try {
    const workspace = join(run.root, 'workspace');
    mkdirSync(workspace);
    cpSync(WORKSPACE_SOURCE, workspace, { recursive: true });
    installExtension(install, run, packed.vsix);
    codeServer = await startCodeServer({ install, run, workspace, env: opts.env, settings: opts.settings, extensionTests: opts.extensionTests });
    browser = await launchChromium(run);
    const context = browser.browser.contexts()[0] ?? (await browser.browser.newContext());
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1400, height: 900 });
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    const cs = codeServer;
    const br = browser;
    return {
      run,
      codeServer: cs,
      browser: br,
      page,
      workspace,
      packed,
      console: consoleLines,
      open: async (payload) => {
        await page.goto(cs.workbenchUrl(workspace, payload));
        await waitForWorkbench(page);
      },
      close: async () => {
        await br.stop();
        await cs.stop();
        run.remove();
      },
    };
  } catch (err) {
    await browser?.stop();
    await codeServer?.stop();
    run.remove();
    throw err;
  }
}

/** A session connected to `lab` (its kubeconfig) with the Podnet view open and the side bar widened. */
export async function openTreeSession(label: string, lab: { readonly kubeconfigPath: string }): Promise<Session> {
  const s = await startSession({ label, env: { KUBECONFIG: lab.kubeconfigPath } });
  try {
    await s.open();
    await activityItem(s.page, 'Podnet').click();
    await widenSidebar(s.page);
    return s;
  } catch (error) {
    await s.close();
    throw error;
  }
}
