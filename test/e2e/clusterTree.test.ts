import assert from 'node:assert/strict';
import { contains, overlaps } from './support/ipv4';
import { labNodes, labPods, startTestLab } from './support/lab';
import type { RunningLab } from './support/lab';
import { openTreeSession, SETUP_TIMEOUT_MS } from './support/session';
import type { Session } from './support/session';
import {
  expand,
  networkMapFrame,
  pickAfterCommand,
  runCommand,
  screenshot,
  sleep,
  TOAST_FADE_MS,
  toggleTheme,
  treeRow,
  waitForTheme,
} from './support/workbench';

describe('e2e: the Cluster Network tree on the lab cluster', function() {
  this.timeout(180_000);
  let lab: RunningLab;
  let s: Session;

  before(async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    lab = await startTestLab('seed');
    s = await openTreeSession('tree', lab);
  });
  after(async () => {
    await s?.close();
    await lab?.stop();
  });

  it('shows every seed node with its InternalIP and pod CIDR, and the pods of a node with their IPs', async () => {
    const nodes = labNodes(lab);
    assert.ok(nodes.length >= 3, `the seed has ${nodes.length} nodes`);
    for (const n of nodes) {
      assert.ok(n.podCIDR, `${n.name} has no podCIDR in the lab`);
      await treeRow(s.page, `${n.name} ${n.internalIP} · ${n.podCIDR} · `).waitFor({ state: 'visible', timeout: 20_000 });
    }
    const node = nodes[0];
    await expand(treeRow(s.page, `${node.name} `));
    const pods = labPods(lab).filter((p) => p.node === node.name);
    assert.ok(pods.some((p) => p.ip && !p.hostNetwork), `no pod with its own IP on ${node.name}`);
    for (const p of pods) await treeRow(s.page, `${p.namespace}/${p.name} ${p.ip}`).waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(s.page, '02-tree-seed.png');
  });

  it('shows a pod created in the cluster, with the IP the node gave it, without a refresh', async () => {
    const node = labNodes(lab)[0];
    lab.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'e2e-added', namespace: 'default' },
      spec: { nodeName: node.name, containers: [{ name: 'web', image: 'nginx:1.27' }] },
    });
    // The lab's kubelet gives the pod an IP from the node's block (the seed has a CNI).
    let ip = '';
    for (let i = 0; i < 100 && !ip; i++) {
      ip = labPods(lab).find((p) => p.name === 'e2e-added')?.ip ?? '';
      if (!ip) await sleep(100);
    }
    assert.ok(ip && contains(node.podCIDR, ip), `lab gave ${ip}, node block ${node.podCIDR}`);
    await expand(treeRow(s.page, `${node.name} `));
    await treeRow(s.page, `default/e2e-added ${ip}`).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(s.page, '03-tree-pod-added.png');
  });

  it("flags a pod that appears with an IP from another node's block, on the pod and under Problems", async () => {
    const [first, second] = labNodes(lab);
    const strayIp = second.podCIDR.replace(/\.0\/\d+$/, '.77'); // inside the second node's block
    lab.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'e2e-stray', namespace: 'default' },
      spec: { nodeName: first.name, containers: [{ name: 'app', image: 'busybox:1.36' }] },
      status: { phase: 'Running', hostIP: first.internalIP, podIP: strayIp, podIPs: [{ ip: strayIp }] },
    });
    await expand(treeRow(s.page, `${first.name} `));
    const pod = treeRow(s.page, `default/e2e-stray ${strayIp}`);
    await pod.waitFor({ state: 'visible', timeout: 15_000 });
    await pod.locator('.codicon-error').waitFor({ state: 'visible', timeout: 10_000 });
    await treeRow(s.page, 'Problems').waitFor({ state: 'visible', timeout: 10_000 });
    await treeRow(s.page, 'Pod IP outside its node’s block').first().waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(s.page, '04-tree-live-finding.png');
  });

  it('opens the network map from the palette, and the map follows the colour theme (light, then dark)', async () => {
    await runCommand(s.page, 'Podnet: Open Network Map');
    const map = networkMapFrame(s.page);
    await map.locator('h1', { hasText: 'Podnet Network Map' }).waitFor({ timeout: 30_000 });
    await map.locator('.status', { hasText: 'live' }).waitFor({ timeout: 30_000 });
    await map.locator('canvas.plan-canvas').waitFor();
    await waitForTheme(s.page, 'vs');
    assert.match((await map.locator('body').getAttribute('class')) ?? '', /vscode-light/);
    await sleep(500); // first frame painted
    await screenshot(s.page, '06-map-seed-light.png');
    await toggleTheme(s.page, 'vs-dark');
    await map.locator('body.vscode-dark').waitFor({ timeout: 15_000 });
    const background = await map.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
    const [r, g, bl] = (background.match(/\d+/g) ?? []).map(Number);
    assert.ok(r + g + bl < 3 * 100, `the map's background stayed light in the dark theme: ${background}`);
    await sleep(500);
    await screenshot(s.page, '07-map-seed-dark.png');
  });

  it('switches to the restricted context (Podnet: Select Context): says it may not list nodes, still shows them from their pods', async () => {
    await pickAfterCommand(s.page, 'Podnet: Select Context', 'podnet-lab-seed-restricted');
    await treeRow(s.page, 'Cluster podnet-lab-seed-restricted').waitFor({ state: 'visible', timeout: 20_000 });
    await treeRow(s.page, 'Limited access').first().waitFor({ state: 'visible', timeout: 20_000 });
    // No node objects: no InternalIP, but every node that runs pods is still there.
    const withPods = [...new Set(labPods(lab).map((p) => p.node).filter(Boolean))];
    for (const name of withPods) await treeRow(s.page, `${name} ? · `).waitFor({ state: 'visible', timeout: 20_000 });
    // The open network map follows the session to the new context.
    await networkMapFrame(s.page).locator('.status', { hasText: 'podnet-lab-seed-restricted' }).filter({ hasText: 'live' }).waitFor({ timeout: 20_000 });
    await sleep(TOAST_FADE_MS);
    await screenshot(s.page, '07b-tree-restricted-context.png');
  });
});

describe('e2e: the Cluster Network tree on a broken lab cluster (broken-overlap)', function() {
  this.timeout(180_000);
  let lab: RunningLab;
  let s: Session;

  before(async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    lab = await startTestLab('broken-overlap');
    s = await openTreeSession('broken', lab);
  });
  after(async () => {
    await s?.close();
    await lab?.stop();
  });

  it('marks both nodes whose pod blocks overlap, and lists the finding under Problems', async () => {
    const nodes = labNodes(lab);
    // Which nodes overlap is the lab's business: find them from the lab's own objects.
    const overlapping = nodes.filter((a) => nodes.some((b) => b !== a && overlaps(a.podCIDR, b.podCIDR)));
    assert.ok(overlapping.length >= 2, `the broken-overlap scenario has no overlapping nodes: ${JSON.stringify(nodes)}`);
    for (const n of overlapping) {
      const row = treeRow(s.page, `${n.name} ${n.internalIP} · ${n.podCIDR}`);
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      await row.locator('.codicon-error').waitFor({ state: 'visible', timeout: 10_000 });
    }
    const healthy = nodes.filter((n) => !overlapping.includes(n));
    for (const n of healthy) assert.equal(await treeRow(s.page, `${n.name} `).locator('.codicon-error').count(), 0, `${n.name} is flagged`);
    await treeRow(s.page, 'Problems').waitFor({ state: 'visible', timeout: 10_000 });
    await treeRow(s.page, 'Node blocks overlap').first().waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(s.page, '05-tree-broken-overlap.png');
  });

  it('shows the overlap in the network map (dark theme)', async () => {
    await toggleTheme(s.page, 'vs-dark');
    await runCommand(s.page, 'Podnet: Open Network Map');
    const map = networkMapFrame(s.page);
    await map.locator('.status', { hasText: 'live' }).waitFor({ timeout: 30_000 });
    await map.locator('.overlap-text').first().waitFor({ timeout: 20_000 });
    assert.match(await map.locator('.overlap-list').innerText(), /overlaps/);
    await sleep(500);
    await screenshot(s.page, '08-map-broken-overlap-dark.png');
  });
});
