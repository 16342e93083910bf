// The node agent's sync at scale: 5,000 peer nodes → the overlap check over 5,001 nodes' blocks,
// 5,000 routes and the masquerade + FORWARD rules (written by the agent, applied by the firewall
// container's script with the host's iptables) in one throwaway network namespace (needs root,
// iptables). Goal: first sync ≤ 2 s all included, and a resync with nothing changed makes 0 changes.
// Baseline in the same run: one `ip route replace` process per route (how a naive agent, or busybox
// without batch mode, does it), measured on a sample and scaled.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCidr } from '../src/core/net/cidr';
import { firewallRules } from '../src/cni/agent/firewallRules';
import { RouteProgrammer } from '../src/cni/agent/routeProgrammer';
import { nodeView } from '../src/cni/agent/peerRoutes';
import type { NodeLike } from '../src/cni/agent/peerRoutes';
import { firewallScript } from '../src/cni/manifest/firewallScript';
import { routeProtocol } from '../src/cni/names';

if (process.getuid?.() !== 0) {
  console.log('agentRoutes: needs root (network namespaces); not run');
  process.exit(1);
}
const ns = `pnbench-${process.pid}`;
const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8' });
const peers = 5000;
const sample = 300;

// 198.18.0.0/15 only: node LAN 198.18.0.0/16 (peers .0.2 …), pod blocks /29s inside 198.19.0.0/16.
const nodes: NodeLike[] = [{
  metadata: { name: 'self' },
  spec: { podCIDR: '198.19.255.248/29' },
  status: { addresses: [{ type: 'InternalIP', address: '198.18.0.1' }] },
}];
for (let i = 0; i < peers; i++) {
  const host = i + 2;
  const block = i * 8;
  nodes.push({
    metadata: { name: `n${i}` },
    spec: { podCIDR: `198.19.${block >> 8}.${block & 255}/29` },
    status: { addresses: [{ type: 'InternalIP', address: `198.18.${host >> 8}.${host & 255}` }] },
  });
}

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** Namespaces of earlier runs that were killed before their clean-up (their pid is gone). */
function removeStale(): void {
  for (const name of ip('netns', 'list').split('\n').map((l) => l.split(' ')[0])) {
    const pid = Number(/^pnbench-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      ip('netns', 'del', name);
    }
  }
}

async function main(): Promise<void> {
  removeStale();
  try {
    ip('netns', 'add', ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'link', 'add', 'lan', 'type', 'veth', 'peer', 'name', 'lanpeer');
    ip('-n', ns, 'link', 'set', 'lan', 'up');
    ip('-n', ns, 'link', 'set', 'lanpeer', 'up');
    ip('-n', ns, 'addr', 'add', '198.18.0.1/16', 'dev', 'lan');

    const programmer = new RouteProgrammer('ip', routeProtocol, 'self', ['-n', ns]);
    const fwDir = mkdtempSync(join(tmpdir(), 'pnbench-fw-'));
    writeFileSync(join(fwDir, 'firewall.sh'), firewallScript);
    const cluster = parseCidr('198.19.0.0/16');
    if (!cluster.ok) throw new Error(cluster.error);
    /** What one agent sync does: the node view (overlap check), routes, the firewall rules applied once. */
    const fullSync = async (): Promise<{ changed: number; viewMs: number; routesMs: number; firewallMs: number; desired: Map<string, string> }> => {
      let t0 = process.hrtime.bigint();
      const view = nodeView('self', nodes);
      const viewMs = ms(t0);
      t0 = process.hrtime.bigint();
      const result = await programmer.sync(view.routes);
      const routesMs = ms(t0);
      t0 = process.hrtime.bigint();
      writeFileSync(join(fwDir, 'ipv4.rules'), firewallRules(4, { clusterCidr: cluster.cidr, masquerade: true, nonMasqueradeCidrs: [] }));
      execFileSync('ip', ['netns', 'exec', ns, 'sh', join(fwDir, 'firewall.sh')], {
        env: { ...process.env, PODNET_FIREWALL_DIR: fwDir, PODNET_FIREWALL_ONCE: '1' },
      });
      const firewallMs = ms(t0);
      return { changed: result.changed, viewMs, routesMs, firewallMs, desired: view.routes };
    };

    let t = process.hrtime.bigint();
    const first = await fullSync();
    const firstMs = ms(t);
    const desired = first.desired;
    t = process.hrtime.bigint();
    const again = await fullSync();
    const againMs = ms(t);
    const rules = execFileSync('ip', ['netns', 'exec', ns, 'iptables-save', '-t', 'nat'], { encoding: 'utf8' });
    if (!/-A PODNET-MASQ -j MASQUERADE --random-fully/.test(rules)) throw new Error('the masquerade rules are not in place');
    // One changed peer: the steady-state event.
    const moved = new Map(desired);
    moved.set('198.19.0.0/29', '198.18.0.200');
    t = process.hrtime.bigint();
    const one = await programmer.sync(moved);
    const oneMs = ms(t);

    // Baseline: one process per route, on a sample of /32 destinations in the LAN range.
    t = process.hrtime.bigint();
    for (let i = 0; i < sample; i++) ip('-n', ns, 'route', 'replace', `198.18.255.${i % 250}/32`, 'via', '198.18.0.2', 'proto', 'static');
    const perRouteMs = ms(t) / sample;
    const baselineMs = perRouteMs * peers;
    const cleanup = await programmer.removeAll();

    console.log(
      `first sync: ${first.changed} route changes for ${peers} peers in ${firstMs.toFixed(0)} ms (goal ≤ 2000 ms): ${firstMs <= 2000 ? 'OK' : 'TOO SLOW'}`,
    );
    console.log(
      `  of which: node view (overlap check) ${first.viewMs.toFixed(0)} ms, routes ${first.routesMs.toFixed(0)} ms, masquerade + FORWARD rules ${
        first.firewallMs.toFixed(0)
      } ms`,
    );
    console.log(`resync, nothing changed: ${again.changed} route changes in ${againMs.toFixed(0)} ms (goal 0 changes): ${again.changed === 0 ? 'OK' : 'FAIL'}`);
    console.log(
      `  of which: node view ${again.viewMs.toFixed(0)} ms, routes ${again.routesMs.toFixed(0)} ms, firewall check ${again.firewallMs.toFixed(0)} ms`,
    );
    console.log(`resync, one peer moved: ${one.changed} route change(s) in ${oneMs.toFixed(0)} ms`);
    console.log(
      `baseline (one ip process per route): ${perRouteMs.toFixed(2)} ms/route → ${baselineMs.toFixed(0)} ms for ${peers}; batch sync is ${
        (baselineMs / firstMs).toFixed(1)
      }× faster`,
    );
    console.log(`uninstall clean-up: removed ${cleanup.changed} routes, ${cleanup.installed} Podnet routes left`);
    rmSync(fwDir, { recursive: true, force: true });
    const ok = firstMs <= 2000 && again.changed === 0 && first.changed === peers && one.changed === 1 && cleanup.installed === 0;
    process.exitCode = ok ? 0 : 1;
  } finally {
    try {
      ip('netns', 'del', ns);
    } catch {
      // already gone
    }
  }
}

void main();
