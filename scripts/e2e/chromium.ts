// Debian's Chromium in its own process group, driven by playwright-core over CDP: the test owns the
// process (and its profile dir), so a killed run leaves nothing that the next run's sweep cannot end.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { killGroup, spawnGroup } from './processGroup';
import type { RunDir } from './runDir';

export const CHROMIUM = process.env.PODNET_CHROMIUM ?? '/usr/bin/chromium';

export interface RunningBrowser {
  readonly browser: Browser;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function launchChromium(run: RunDir, label = 'chromium'): Promise<RunningBrowser> {
  const profile = join(run.root, `${label}-profile`);
  const proc = spawnGroup(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      '--window-size=1400,900',
      'about:blank',
    ],
    { env: run.env, stdio: 'ignore' },
  );
  run.recordGroup(proc.pgid);
  proc.child.unref();
  const portFile = join(profile, 'DevToolsActivePort');
  const deadline = Date.now() + 20_000;
  while (!existsSync(portFile) || readFileSync(portFile, 'utf8').split('\n').length < 2) {
    if (Date.now() > deadline) {
      await killGroup(proc.pgid);
      throw new Error(`${CHROMIUM} did not open its DevTools port`);
    }
    await sleep(50);
  }
  const port = Number(readFileSync(portFile, 'utf8').split('\n')[0]);
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  return {
    browser,
    // The profile is thrown away with the run dir: no need for a graceful browser.close() (~2 s).
    stop: () => killGroup(proc.pgid, 300),
  };
}
