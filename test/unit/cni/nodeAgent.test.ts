import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAgentConfig } from '../../../src/cni/agent/agentConfig';
import type { ApiClient } from '../../../src/kube/inClusterApiClient';
import { ApiError } from '../../../src/kube/inClusterApiClient';
import { NodeAgent } from '../../../src/cni/agent/nodeAgent';
import { missingPlugins, writeFileAtomic } from '../../../src/cni/agent/nodeFiles';
import type { SyncResult } from '../../../src/cni/agent/routeProgrammer';
import { RouteProgrammer } from '../../../src/cni/agent/routeProgrammer';
import { rulesId } from '../../../src/cni/agent/firewallRules';
import type { NodeSystem } from '../../../src/cni/agent/nodeSystem';
import { parseAddrShow } from '../../../src/cni/agent/linkState';

const node = (name: string, block: string, ip: string): unknown => ({
  metadata: { name },
  spec: { podCIDR: block },
  status: { addresses: [{ type: 'InternalIP', address: ip }] },
});

/** Fakes for the agent's two collaborators: the API (nodes + settings ConfigMap) and the route table. */
function fakes(mode: { state: string }, items: unknown[] = [node('n1', '10.244.1.0/24', '172.31.0.11'), node('n2', '10.244.2.0/24', '172.31.0.12')]) {
  const events: { reason: string; message: string }[] = [];
  const desiredSeen: Map<string, string>[] = [];
  const api = {
    get: async (path: string) => {
      if (path.includes('/configmaps/')) {
        if (mode.state === 'absent') throw new ApiError('configmaps "podnet-bridge-cni" not found', 404);
        return { data: { state: mode.state, 'cluster-cidr': '10.244.0.0/16' } };
      }
      return { metadata: { resourceVersion: '7' }, items };
    },
    watch: (_path: string, _onEvent: unknown, signal: AbortSignal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
    requestJson: async (_m: string, _p: string, body: { reason: string; message: string }) => {
      events.push({ reason: body.reason, message: body.message });
      return {};
    },
  } as unknown as ApiClient;
  const routes = {
    sync: async (desired: Map<string, string>): Promise<SyncResult> => {
      desiredSeen.push(new Map(desired));
      return {
        plan: { replace: [...desired].map(([dst, via]) => ({ dst, via })), remove: [], conflicts: [] },
        changed: desired.size,
        errors: [],
        installed: desired.size,
        offLink: [],
      };
    },
    removeAll: async (): Promise<SyncResult> => ({
      plan: { replace: [], remove: [{ dst: '10.244.2.0/24', metric: 0 }], conflicts: [] },
      changed: 1,
      errors: [],
      installed: 0,
      offLink: [],
    }),
  } as unknown as RouteProgrammer;
  let removeAlls = 0;
  const counting = Object.assign(routes, {
    removeAll: async (): Promise<SyncResult> => {
      removeAlls++;
      return { plan: { replace: [], remove: [], conflicts: [] }, changed: 0, errors: [], installed: 0, offLink: [] };
    },
  });
  return { api, routes: counting, events, desiredSeen, system: fakeSystem(), removeAlls: () => removeAlls };
}

/** A node whose kernel settings are right and whose firewall container applies what it is given. */
function fakeSystem(): NodeSystem & { rules: Map<number, string>; deleted: string[]; bridge: string[] } {
  const rules = new Map<number, string>();
  const deleted: string[] = [];
  const bridge: string[] = [];
  return {
    rules,
    deleted,
    bridge,
    links: async () =>
      parseAddrShow(
        `2: eth0: <BROADCAST,UP> mtu 9001 qdisc noqueue state UP\n    inet 172.31.0.11/24 scope global eth0\n3: cni0: <BROADCAST,UP> mtu 9001\n${
          bridge.map((a) => `    inet ${a} scope global cni0\n`).join('')
        }`,
      ),
    deleteAddress: async (dev, address) => {
      deleted.push(`${dev} ${address}`);
      return undefined;
    },
    kernel: () => ({ problems: [], set: [] }),
    writeFirewall: (family, text) => {
      const changed = rules.get(family) !== text;
      rules.set(family, text);
      return changed;
    },
    firewallStatus: (family) => {
      const text = rules.get(family);
      if (text === undefined) return { state: 'pending' };
      return text.startsWith('remove') ? { state: 'removed' } : { state: 'ok', id: rulesId(text) };
    },
  };
}

describe('cni agent: NodeAgent and node files', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-agent-'));
    mkdirSync(join(dir, 'bin'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const config = () =>
    readAgentConfig({
      NODE_NAME: 'n1',
      POD_NAME: 'agent-n1',
      POD_NAMESPACE: 'kube-system',
      PODNET_API_SERVER: 'https://127.0.0.1:1',
      PODNET_CNI_NET_DIR: join(dir, 'net.d'),
      PODNET_CNI_BIN_DIRS: `${join(dir, 'nothing')}:${join(dir, 'bin')}`,
      PODNET_READY_FILE: join(dir, 'ready'),
      PODNET_RESYNC_SECONDS: '1',
    });
  const plugins = (...names: string[]) => {
    for (const n of names) {
      writeFileSync(join(dir, 'bin', n), '#!/bin/sh\n');
      chmodSync(join(dir, 'bin', n), 0o755);
    }
  };

  it('reads its settings from the environment and refuses without NODE_NAME', () => {
    const c = readAgentConfig({ NODE_NAME: 'n1', KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443' });
    assert.equal(c.apiServer, 'https://[fd00::1]:6443');
    assert.deepEqual(c.cniBinDirs, ['/host/opt/cni/bin']);
    assert.equal(c.settingsNamespace, 'kube-system');
    assert.throws(() => readAgentConfig({}), /NODE_NAME is not set/);
  });

  it('finds plugins across several bin dirs and writes files atomically, only when changed', () => {
    plugins('bridge', 'loopback');
    assert.deepEqual(missingPlugins([join(dir, 'nothing'), join(dir, 'bin')], ['bridge', 'host-local', 'portmap', 'loopback']), ['host-local', 'portmap']);
    const target = join(dir, 'net.d', 'x.conflist');
    assert.equal(writeFileAtomic(target, 'a'), true);
    assert.equal(writeFileAtomic(target, 'a'), false);
    assert.equal(readFileSync(target, 'utf8'), 'a');
  });

  it('with plugins missing: no conflist, not ready, says which plugins and where it looked', async () => {
    plugins('bridge');
    const f = fakes({ state: 'active' });
    const agent = new NodeAgent(config(), f.api, f.routes, () => undefined, f.system, { problemHoldMs: 0 });
    const controller = new AbortController();
    const run = agent.run(controller.signal);
    await new Promise((r) => setTimeout(r, 150));
    controller.abort();
    await run;
    assert.equal(agent.current.mode, 'degraded');
    assert.match(agent.current.problems.join(), /missing CNI plugin\(s\) host-local, portmap, loopback in .*nothing:.*bin/);
    assert.equal(existsSync(join(dir, 'net.d', '10-podnet.conflist')), false);
    assert.equal(existsSync(join(dir, 'ready')), false);
    assert.deepEqual([...f.desiredSeen[0]], [['10.244.2.0/24', '172.31.0.12']], 'routes are still kept');
    assert.equal(f.events[0].reason, 'PodnetAgentProblem');
  });

  it('warm-up: problems are held during the first seconds (the firewall grace); a firewall container that catches up in time gives no PodnetAgentProblem', async () => {
    plugins('bridge', 'host-local', 'portmap', 'loopback');
    const f = fakes({ state: 'active' });
    const started = Date.now();
    // The firewall container has not applied the first rules yet for 250 ms (it polls every 2 s in a pod).
    const status = f.system.firewallStatus;
    f.system.firewallStatus = (family) => (Date.now() - started < 250 ? { state: 'pending' } : status(family));
    const logs: string[] = [];
    const agent = new NodeAgent(config(), f.api, f.routes, (m) => logs.push(m), f.system, { problemHoldMs: 600 });
    await runUntil(agent, () => f.events.length > 0);
    assert.deepEqual(f.events.map((e) => e.reason), ['PodnetAgentReady']);
    assert.ok(
      logs.some((l) => /degraded.*firewall: the IPv4 rules are not applied yet.*\(held: reported if still true after the first 1 s\)/.test(l)),
      logs.join('\n'),
    );
    assert.equal(agent.current.mode, 'ready');
  });

  it('warm-up: a problem still true when the hold ends is reported then, not before; readiness is never held', async () => {
    plugins('bridge');
    const f = fakes({ state: 'active' });
    const agent = new NodeAgent(config(), f.api, f.routes, () => undefined, f.system, { problemHoldMs: 500 });
    const controller = new AbortController();
    const started = Date.now();
    const run = agent.run(controller.signal);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(agent.current.mode, 'degraded');
    assert.equal(existsSync(join(dir, 'ready')), false, 'not ready at once: the readiness file tells the truth');
    assert.equal(f.events.length, 0, 'held');
    while (!f.events.length && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await run;
    assert.ok(Date.now() - started >= 500);
    assert.equal(f.events[0]?.reason, 'PodnetAgentProblem');
    assert.match(f.events[0].message, /missing CNI plugin\(s\) host-local, portmap, loopback/);
  });

  it('without an `ip` command: reports it as a problem and stays unready', async () => {
    plugins('bridge', 'host-local', 'portmap', 'loopback');
    const f = fakes({ state: 'active' });
    const agent = new NodeAgent(config(), f.api, new RouteProgrammer(join(dir, 'no-such-ip'), 154, 'n1'), () => undefined, f.system, { problemHoldMs: 0 });
    const controller = new AbortController();
    const run = agent.run(controller.signal);
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await run;
    assert.equal(agent.current.mode, 'degraded');
    assert.match(agent.current.problems.join(), /cannot program routes with .*no-such-ip/);
    assert.equal(existsSync(join(dir, 'ready')), false);
  });

  it('with plugins present: writes the conflist, routes the peer, turns ready; on `state: remove` cleans up and stays clean', async function() {
    this.timeout(9000);
    plugins('bridge', 'host-local', 'portmap', 'loopback');
    const mode = { state: 'active' };
    const f = fakes(mode);
    const agent = new NodeAgent(config(), f.api, f.routes, () => undefined, f.system, { problemHoldMs: 0 });
    const controller = new AbortController();
    const run = agent.run(controller.signal);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(agent.current.mode, 'ready');
    const conflist = JSON.parse(readFileSync(join(dir, 'net.d', '10-podnet.conflist'), 'utf8'));
    assert.deepEqual(conflist.plugins[0].ipam.ranges, [[{ subnet: '10.244.1.0/24' }]]);
    assert.equal(conflist.plugins[0].mtu, 9001, 'the MTU of the interface holding the InternalIP');
    assert.match(f.system.rules.get(4) ?? '', /-A PODNET-FORWARD -s 10\.244\.0\.0\/16 -j ACCEPT/, 'firewall rules over the pod network');
    assert.match(readFileSync(join(dir, 'ready'), 'utf8'), /node n1: ready, block 10\.244\.1\.0\/24, 1 peer route/);
    mode.state = 'remove';
    const deadline = Date.now() + 5000;
    const modeNow = (): string => agent.current.mode;
    while (modeNow() !== 'removed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(modeNow(), 'removed');
    // The uninstall deletes the settings next: a 404 must not bring routes or the conflist back.
    mode.state = 'absent';
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(modeNow(), 'removed');
    assert.equal(existsSync(join(dir, 'net.d', '10-podnet.conflist')), false);
    assert.equal(existsSync(join(dir, 'ready')), false);
    // A re-install says `state: active` again.
    mode.state = 'active';
    while (modeNow() !== 'ready' && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await run;
    assert.equal(modeNow(), 'ready');
    assert.deepEqual(f.events.map((e) => e.reason), ['PodnetAgentReady', 'PodnetAgentRemoved', 'PodnetAgentReady']);
  });

  /** Runs the agent until `until` holds (or 3 s), then stops it. */
  async function runUntil(agent: NodeAgent, until: () => boolean): Promise<void> {
    const controller = new AbortController();
    const run = agent.run(controller.signal);
    const deadline = Date.now() + 3000;
    while (!until() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await run;
  }
  const nodeAt = (name: string, block: string, ip: string, created: string): unknown => ({
    ...(node(name, block, ip) as object),
    metadata: { name, creationTimestamp: created },
  });

  it('a block another node claimed first: removes its conflist, unready, PodnetBlockConflict Event at once (never held as warm-up); the block is not served', async () => {
    plugins('bridge', 'host-local', 'portmap', 'loopback');
    const items = [nodeAt('n2', '10.244.0.0/23', '172.31.0.12', '2026-01-01T00:00:00Z'), nodeAt('n1', '10.244.1.0/24', '172.31.0.11', '2026-01-02T00:00:00Z')];
    const f = fakes({ state: 'active' }, items);
    mkdirSync(join(dir, 'net.d'), { recursive: true });
    writeFileSync(join(dir, 'net.d', '10-podnet.conflist'), JSON.stringify({ podnetNode: 'n1' }));
    // A warm-up hold of a minute: a conflict is the cluster's state, reported at once all the same.
    const agent = new NodeAgent(config(), f.api, f.routes, () => undefined, f.system, { problemHoldMs: 60_000 });
    await runUntil(agent, () => f.events.length > 0);
    assert.equal(agent.current.mode, 'degraded');
    assert.equal(existsSync(join(dir, 'net.d', '10-podnet.conflist')), false, 'no conflist: no duplicate address is ever handed out');
    assert.equal(f.events[0].reason, 'PodnetBlockConflict');
    assert.match(f.events[0].message, /block 10\.244\.1\.0\/24 of node n1 lies inside block 10\.244\.0\.0\/23 of node n2, which node n2 claimed first/);
    assert.deepEqual([...f.desiredSeen[0]], [], 'the overlapping peer block is not routed');
  });

  it("a conflist written by another live node's agent: stands down (only its own routes go), writes nothing", async () => {
    plugins('bridge', 'host-local', 'portmap', 'loopback');
    const f = fakes({ state: 'active' });
    mkdirSync(join(dir, 'net.d'), { recursive: true });
    const theirs = JSON.stringify({ podnetNode: 'n2', plugins: [] });
    writeFileSync(join(dir, 'net.d', '10-podnet.conflist'), theirs);
    const agent = new NodeAgent(config(), f.api, f.routes, () => undefined, f.system, { problemHoldMs: 0 });
    await runUntil(agent, () => f.events.length > 0);
    assert.equal(agent.current.mode, 'degraded');
    assert.match(agent.current.problems.join(), /belongs to the Podnet agent of node n2, which is in the cluster: two agents run on one node/);
    assert.equal(readFileSync(join(dir, 'net.d', '10-podnet.conflist'), 'utf8'), theirs);
    assert.ok(f.removeAlls() > 0);
    assert.deepEqual(f.desiredSeen, [], 'no route programmed');
    assert.equal(f.system.rules.size, 0, 'no firewall rule written');
  });

  it('a config that sorts first makes the node unready; a stale bridge address is removed', async () => {
    plugins('bridge', 'host-local', 'portmap', 'loopback');
    const f = fakes({ state: 'active' });
    mkdirSync(join(dir, 'net.d'), { recursive: true });
    writeFileSync(join(dir, 'net.d', '10-containerd-net.conflist'), '{}');
    f.system.bridge.push('10.244.1.1/24', '10.244.7.1/24');
    const agent = new NodeAgent(config(), f.api, f.routes, () => undefined, f.system, { problemHoldMs: 0 });
    await runUntil(agent, () => f.events.length > 0);
    assert.equal(agent.current.mode, 'degraded');
    assert.match(agent.current.problems.join(), /10-containerd-net\.conflist in .* sort\(s\) before 10-podnet\.conflist/);
    assert.deepEqual(f.system.deleted, ['cni0 10.244.7.1/24'], 'only the address outside the node block goes');
  });
});
