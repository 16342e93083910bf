// Loads the real bundle (dist/webview.js + dist/webview.css) in headless Chromium inside the very
// HTML and CSP the panel host sets, served from 127.0.0.1, with a fake acquireVsCodeApi that records
// what the webview posts. Shared by the browser tests and bench/mapRender.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { HostMessage } from '../../../src/core/map/mapMessages';
import type { NetworkMapModel } from '../../../src/core/map/mapModel';
import { encodeModel, plainWire } from '../../../src/core/map/mapWire';
import { makeNonce, mapHtml } from '../../../src/vscode/map/mapHtml';

export const CHROMIUM = process.env.PODNET_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function ensureBundle(): void {
  if (existsSync('dist/webview.js') && existsSync('dist/webview.css')) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface MapPageOptions {
  /** false serves the page without its CSP: proves the escaping holds on its own. */
  readonly csp?: boolean;
  readonly state?: unknown;
  readonly width?: number;
  readonly height?: number;
}

/** What the tests hand over: the model as built; the page helpers encode it as the host does. */
export interface ModelMessage {
  readonly type: 'model';
  readonly model: NetworkMapModel;
  readonly status: string;
}

// Playwright and JSON carry no typed arrays: the page gets the plain form (decodeModel reads both).
const wire = (m: ModelMessage): HostMessage => ({ ...m, model: plainWire(encodeModel(m.model)) });

export interface MapPage {
  readonly page: Page;
  /** Messages the webview posted to the "host", in order. */
  posted(): Promise<{ type: string; [k: string]: unknown }[]>;
  send(message: HostMessage): Promise<void>;
  /** Sends a model and resolves with the webview's own first-frame time (ms) once drawn. */
  sendModelAndWaitRendered(message: ModelMessage): Promise<number>;
  /**
   * Hands the model to the page as JSON text (outside the timing), then times, inside the page, from
   * the text arriving (JSON.parse, as VS Code's IPC delivers JSON) through postMessage to the first
   * frame drawn. Playwright's own argument transfer of megabytes would otherwise dominate.
   */
  timeFirstFrame(message: ModelMessage): Promise<number>;
  /** The same for a message as the host posts it (an aggregated overview, a model already encoded). */
  timeFirstFrameOf(message: HostMessage): Promise<number>;
  cspViolations(): Promise<string[]>;
  pwned(): Promise<string[]>;
  close(): Promise<void>;
}

const fakeHost = (state: unknown) => `
  window.__posted = [];
  window.__state = ${JSON.stringify(state ?? null)};
  window.__pwnedCalls = [];
  window.__pwned = (what) => window.__pwnedCalls.push(String(what));
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push({ ...JSON.parse(JSON.stringify(m)), at: performance.now() }),
    getState: () => window.__state,
    setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
  });
`;

export async function openMapPage(browser: Browser, opts: MapPageOptions = {}): Promise<MapPage> {
  ensureBundle();
  const js = readFileSync('dist/webview.js');
  const css = readFileSync('dist/webview.css');
  let html = '';
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/dist/webview.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else if (path === '/dist/webview.css') res.writeHead(200, { 'content-type': 'text/css' }).end(css);
    else if (path === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  html = mapHtml({ cspSource: origin, nonce: makeNonce(), scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/dist/webview.css` });
  if (opts.csp === false) html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1200, height: opts.height ?? 900 } });
  const page = await context.newPage();
  await page.addInitScript(fakeHost(opts.state));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  type W = { __posted: { type: string; [k: string]: unknown }[]; __csp: string[]; __pwnedCalls: string[] };
  async function timeFirstFrameOf(m: HostMessage): Promise<number> {
    await page.evaluate((text) => ((window as unknown as { __pendingJson: string }).__pendingJson = text), JSON.stringify(m));
    return page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const w = window as unknown as W & { __pendingJson: string };
          const before = w.__posted.filter((p) => p.type === 'rendered').length;
          const t0 = performance.now();
          window.postMessage(JSON.parse(w.__pendingJson), '*');
          // No named functions in here: tsx's keepNames helper (__name) does not exist in the page.
          const timer = setInterval(() => {
            const r = w.__posted.filter((p) => p.type === 'rendered');
            if (r.length > before) {
              clearInterval(timer);
              resolve((r[r.length - 1].at as number) - t0);
            }
          }, 1);
        }),
    );
  }
  return {
    page,
    posted: () => page.evaluate(() => (window as unknown as W).__posted),
    send: (m) => page.evaluate((msg) => window.postMessage(msg, '*'), m as unknown as Record<string, unknown>),
    async sendModelAndWaitRendered(m) {
      const before = await page.evaluate(() => (window as unknown as W).__posted.filter((p) => p.type === 'rendered').length);
      await page.evaluate((msg) => window.postMessage(msg, '*'), wire(m) as unknown as Record<string, unknown>);
      const handle = await page.waitForFunction(
        (n) => {
          const r = (window as unknown as W).__posted.filter((p) => p.type === 'rendered');
          return r.length > n ? (r[r.length - 1].ms as number) : undefined;
        },
        before,
        { timeout: 30_000 },
      );
      return (await handle.jsonValue()) as number;
    },
    timeFirstFrame: (m) => timeFirstFrameOf(wire(m)),
    timeFirstFrameOf: (m) => timeFirstFrameOf(m),
    cspViolations: () => page.evaluate(() => (window as unknown as W).__csp),
    pwned: () => page.evaluate(() => (window as unknown as W).__pwnedCalls),
    async close() {
      await context.close();
      await new Promise((r) => server.close(r));
    },
  };
}
