import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { renderManifest } from '../../src/cni/manifest/renderManifest';
import type { StoredObject } from '../../src/lab/store/storedObject';
import { labNodes, labPods, startTestLab } from './support/lab';
import type { RunningLab } from './support/lab';
import { SETUP_TIMEOUT_MS, startSession } from './support/session';
import type { Session } from './support/session';
import { activityItem, dismiss, networkMapFrame, openFile, pickAfterCommand, runCommand, screenshot, sleep, widenSidebar } from './support/workbench';

// The network map on five CNIs in one VS Code: each lab gets its own context in one kubeconfig,
// Podnet: Select Context switches between them, and the map's Topology must draw each CNI's own
// data path (devices, tunnels, routes), not Podnet's bridge everywhere.

interface LabCase {
  readonly context: string;
  readonly scenario: string;
  /** What the data-path box must say. */
  readonly title: string;
  /** Strings the Topology tab must show, and must not. */
  readonly shows: readonly string[];
  readonly never: readonly RegExp[];
}

const cases: readonly LabCase[] = [
  {
    context: 'dp-weave',
    scenario: 'weave',
    title: 'Weave Net, fast datapath overlay',
    shows: ['weave bridge', 'vxlan-6784', '10.32.0.0/12 dev weave'],
    never: [/cni0/, / via 172\./],
  },
  {
    context: 'dp-calico',
    scenario: 'calico',
    title: 'Calico, IP-in-IP (BGP)',
    shows: ['cali* veths', 'tunl0', 'dev tunl0 proto bird onlink'],
    never: [/cni0/],
  },
  { context: 'dp-cilium', scenario: 'cilium', title: 'Cilium, VXLAN tunnel (eBPF)', shows: ['lxc* veths + eBPF', 'cilium_vxlan'], never: [/cni0/] },
  {
    context: 'dp-flannel',
    scenario: 'flannel',
    title: 'Flannel, vxlan backend',
    shows: ['cni0 10.244.', 'flannel.1', 'dev flannel.1 onlink'],
    never: [/dev weave/],
  },
  { context: 'dp-podnet-bridge', scenario: 'no-cni', title: "Podnet's bridge CNI", shows: ['cni0 10.244.', ' via 172.31.'], never: [/flannel|weave|tunl0/] },
  { context: 'dp-broken', scenario: 'broken-overlap', title: '', shows: [], never: [] },
];

const restrictedContext = 'dp-restricted-weave';

/** One kubeconfig with each lab's admin context renamed after its case (tokens stay in a 0600 file we delete). */
function mergedKubeconfig(labs: ReadonlyMap<string, RunningLab>): string {
  type Named = { name: string; [k: string]: unknown };
  type Config = { clusters: Named[]; users: Named[]; contexts: (Named & { context: { cluster: string; user: string } })[]; 'current-context': string };
  const out = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [] as unknown[],
    users: [] as unknown[],
    contexts: [] as unknown[],
    'current-context': cases[0].context,
  };
  for (const [name, lab] of labs) {
    const k = load(readFileSync(lab.kubeconfigPath, 'utf8')) as Config;
    const ctx = k.contexts.find((c) => c.name === k['current-context'])!;
    out.clusters.push({ ...k.clusters.find((c) => c.name === ctx.context.cluster)!, name });
    out.users.push({ ...k.users.find((u) => u.name === ctx.context.user)!, name });
    out.contexts.push({ name, context: { ...ctx.context, cluster: name, user: name } });
    if (name === 'dp-weave') {
      // The lab's restricted user too (may not list nodes): the tree must show its guesses as guesses.
      const restricted = k.contexts.find((c) => c.name !== ctx.name && c.name.includes('restricted'))!;
      out.users.push({ ...k.users.find((u) => u.name === restricted.context.user)!, name: restrictedContext });
      out.contexts.push({ name: restrictedContext, context: { ...restricted.context, cluster: name, user: restrictedContext } });
    }
  }
  return dump(out, { lineWidth: -1 });
}

/** Podnet's bridge CNI as `cni install` applies it; the lab's kubelet plays the agent (nodes turn Ready, pods get IPs). */
function installPodnetBridge(lab: RunningLab): void {
  for (const o of renderManifest({ clusterCidr: '10.244.0.0/16', nodeMaskSize: 24, agentScript: '// the lab plays the agent' })) {
    lab.store.create(o as StoredObject);
  }
  lab.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  const nodes = labNodes(lab).map((n) => n.name);
  lab.store.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'app-7c5ddbdf54-8xk2p', namespace: 'shop' },
    spec: { nodeName: nodes[0], containers: [{ name: 'app', image: 'nginx:1.27' }] },
  });
  lab.store.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'cart-5d9f8b7c6-q2w4e', namespace: 'shop' },
    spec: { nodeName: nodes[1], containers: [{ name: 'cart', image: 'nginx:1.27' }] },
  });
}

async function until<T>(what: string, get: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe('e2e: the network map draws each CNI’s own data path (weave, calico, cilium, flannel, Podnet bridge labs)', function() {
  this.timeout(300_000);
  const labs = new Map<string, RunningLab>();
  let dir: string;
  let s: Session;

  const map = () => networkMapFrame(s.page);
  const showMapTab = async () => {
    await s.page.locator('.tab', { hasText: 'Podnet Network Map' }).first().click();
    await map().locator('h1', { hasText: 'Podnet Network Map' }).waitFor({ timeout: 20_000 });
  };
  const useContext = async (context: string) => {
    const status = map().locator('.status', { hasText: context }).filter({ hasText: 'live' });
    if ((await status.count()) > 0) return;
    await pickAfterCommand(s.page, 'Podnet: Select Context', context);
    await showMapTab();
    await status.waitFor({ timeout: 30_000 });
  };
  const showTab = async (name: string) => {
    await map().locator('vscode-tab-header', { hasText: name }).click();
  };

  before(async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    for (const c of cases) labs.set(c.context, await startTestLab(c.scenario));
    installPodnetBridge(labs.get('dp-podnet-bridge')!);
    await until(
      'pod IPs on the Podnet bridge lab',
      () => (labPods(labs.get('dp-podnet-bridge')!).filter((p) => p.namespace === 'shop' && p.ip !== '').length === 2 ? true : undefined),
    );
    dir = mkdtempSync(join(tmpdir(), 'podnet-dp-e2e-'));
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, mergedKubeconfig(labs), { mode: 0o600 });
    s = await startSession({ label: 'datapath', env: { KUBECONFIG: kubeconfig } });
    await s.open();
    await activityItem(s.page, 'Podnet').waitFor({ timeout: 30_000 });
    await runCommand(s.page, 'Podnet: Open Network Map').catch(async () => {
      await dismiss(s.page);
      await runCommand(s.page, 'Podnet: Open Network Map');
    });
    await showMapTab();
    // The side bar off: the map gets the whole width for the screenshots.
    await s.page.keyboard.press('Control+B');
  });
  after(async () => {
    await s?.close();
    for (const lab of labs.values()) await lab.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws five different Topologies, each with its CNI’s devices, tunnel and routes, marked inferred', async () => {
    const texts = new Map<string, string>();
    for (const c of cases.filter((x) => x.title !== '')) {
      await useContext(c.context);
      await showTab('Topology');
      await map().locator('.data-path', { hasText: `Data path: ${c.title}` }).waitFor({ timeout: 20_000 });
      for (const n of labNodes(labs.get(c.context)!)) await map().locator('button.node-name', { hasText: n.name }).first().waitFor({ timeout: 20_000 });
      const text = await map().locator('section.topology').innerText();
      for (const want of c.shows) assert.ok(text.includes(want), `${c.scenario}: "${want}" missing from the Topology:\n${text}`);
      for (const bad of c.never) assert.doesNotMatch(text, bad, `${c.scenario}: the Topology claims ${bad}`);
      assert.match(text, /Inferred: devices and routes follow from the CNI/);
      // A legend explains every mark.
      assert.match(await map().locator('.topology-legend').innerText(), /cluster findings about this node/);
      texts.set(c.scenario, text.replace(/\d+/g, '#'));
      await screenshot(s.page, `datapath-topology-${c.scenario === 'no-cni' ? 'podnet-bridge' : c.scenario}.png`);
    }
    assert.equal(new Set(texts.values()).size, texts.size, 'two CNIs drew the same Topology');
  });

  it('traces a packet over Weave’s overlay (no cni0, no per-node route) between two clicked pods', async () => {
    await useContext('dp-weave');
    await showTab('Topology');
    const cards = map().locator('.card');
    await cards.nth(0).locator('button.pod-chip').first().click();
    await cards.nth(1).locator('button.pod-chip').first().click();
    const hops = map().locator('ol.hops');
    await hops.waitFor({ timeout: 10_000 });
    const text = await hops.innerText();
    assert.match(text, /10\.32\.0\.0\/12 dev weave/);
    assert.match(text, /vxlan-6784/);
    assert.doesNotMatch(text, /cni0| via /);
    assert.match(await map().locator('section.path').innerText(), /Weave Net, fast datapath overlay does not NAT between pods \(inferred/);
    await screenshot(s.page, 'datapath-path-weave.png');
    await map().locator('section.path button.link', { hasText: 'Clear path' }).click();
  });

  it('completes pod names and IPs in the packet-path box (shop/app, then an IP prefix) on the Podnet bridge', async () => {
    await useContext('dp-podnet-bridge');
    await showTab('Topology');
    const input = map().locator('input.pod-search');
    await input.fill('shop/app');
    await map().locator('.suggestion', { hasText: 'shop/app-7c5ddbdf54-8xk2p' }).waitFor({ timeout: 10_000 });
    await input.press('Enter');
    const cart = labPods(labs.get('dp-podnet-bridge')!).find((p) => p.name.startsWith('cart-'))!;
    await input.fill(cart.ip.slice(0, -1));
    await map().locator('.suggestion', { hasText: 'shop/cart-5d9f8b7c6-q2w4e' }).waitFor({ timeout: 10_000 });
    await map().locator('.suggestion', { hasText: 'shop/cart-5d9f8b7c6-q2w4e' }).click();
    const text = await map().locator('ol.hops').innerText();
    const dstNode = labNodes(labs.get('dp-podnet-bridge')!).find((n) => n.name === cart.node)!;
    assert.ok(text.includes(`${dstNode.podCIDR} via ${dstNode.internalIP}`), text);
    assert.match(text, /cni0 on /);
    await screenshot(s.page, 'datapath-path-podnet-bridge.png');
  });

  it('marks no node on a healthy cluster although an open manifest has a finding', async () => {
    await useContext('dp-flannel');
    await openFile(s.page, 'cluster/kubeadm-config.yaml');
    await showMapTab();
    await showTab('Findings');
    await map().locator('vscode-table-row.finding', { hasText: 'manifest' }).first().waitFor({ timeout: 30_000 });
    await showTab('Topology');
    await map().locator('.data-path', { hasText: 'Flannel' }).waitFor();
    assert.equal(await map().locator('.card .finding-badge').count(), 0, 'a node is marked for a finding about a file');
    await screenshot(s.page, 'datapath-healthy-no-marks.png');
  });

  it('shows findings as a sortable table, and marks only the nodes a cluster finding is about (broken-overlap)', async () => {
    await useContext('dp-broken');
    await showTab('Topology');
    await map().locator('.card .finding-badge').first().waitFor({ timeout: 20_000 });
    const marked = await map().locator('.card:has(.finding-badge) button.node-name').allInnerTexts();
    assert.deepEqual(marked.sort(), ['node-2', 'node-3']);
    await showTab('Findings');
    const rows = map().locator('vscode-table-row.finding');
    await rows.first().waitFor({ timeout: 20_000 });
    assert.ok((await rows.count()) >= 2, 'expected the cluster finding and the manifest finding');
    const code = map().locator('vscode-table-header-cell[data-column="code"]');
    await code.locator('button.sort').click();
    assert.equal(await map().locator('vscode-table-header-cell[data-column="code"]').getAttribute('aria-sort'), 'ascending');
    const codes = await map().locator('vscode-table-row.finding .code').allInnerTexts();
    assert.deepEqual(codes, [...codes].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
    // A long message wraps inside its cell instead of being cut to a narrow column. The sort
    // re-renders the table, and vscode-table lays its columns out after it upgrades: measure the
    // cell once it is laid out (up to 5 s), not in the frame the table is replaced.
    const message = map().locator('vscode-table-row.finding .message').first();
    await message.waitFor({ state: 'visible', timeout: 10_000 });
    let width = 0;
    for (const end = Date.now() + 5_000; Date.now() < end && width <= 300;) {
      width = (await message.boundingBox())?.width ?? 0;
      if (width <= 300) await s.page.waitForTimeout(100);
    }
    assert.ok(width > 300, `message cell is ${width}px wide`);
    await screenshot(s.page, 'datapath-findings-table.png');
  });

  it('restricted context in the tree: blocks guessed from pod IPs say so, "Limited access" once, a status tooltip that is not a warning', async () => {
    await useContext(restrictedContext);
    await s.page.keyboard.press('Control+B');
    await activityItem(s.page, 'Podnet').click();
    await widenSidebar(s.page);
    const sidebar = s.page.locator('.sidebar');
    await sidebar.getByRole('treeitem', { name: /^Limited access/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await sidebar.getByRole('treeitem', { name: /Limited access/ }).count(), 1, '"Limited access" is said more than once');
    const withPods = [...new Set(labPods(labs.get('dp-weave')!).map((p) => p.node).filter(Boolean))];
    for (const name of withPods) {
      const row = sidebar.getByRole('treeitem', { name: new RegExp(`^${name} \\? · `) });
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      assert.match((await row.getAttribute('aria-label')) ?? (await row.innerText()), /guessed from pod IPs/);
    }
    // The status bar's tooltip: a lock for limited access, no warning sign.
    await s.page.locator('.statusbar-item', { hasText: restrictedContext }).first().hover();
    const hover = s.page.locator('.monaco-hover').filter({ hasText: `context ${restrictedContext}` }).first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await hover.locator('.codicon-warning').count(), 0, 'the status tooltip shows a warning sign');
    assert.ok((await hover.locator('.codicon-lock').count()) > 0, 'the status tooltip does not show the limited-access lock');
    await screenshot(s.page, 'datapath-restricted-tree.png');
  });
});
