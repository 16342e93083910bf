// Topology findings when every node has the same pod block and every node's address lies in it
// (a CNI misconfigured cluster-wide): the case that once made the first pass quadratic. Prints the
// first pass and one node's change at 4× and 16× the nodes of a baseline measured in this run
// (targets: the first pass ≤ 6× for 4× the nodes, one change ≤ 24× for 16× the nodes), and both at
// 65,000 nodes.
import type { TopologyNode } from '../src/core/cluster/topologyFindings';
import { TopologyFindingTable } from '../src/core/cluster/topologyFindings';
import { toBlock } from '../src/core/cluster/podBlock';

const noNetworks = { podNetworks: [], serviceNetworks: [] };
const block = toBlock('198.18.0.0/15', 'node-spec')!;
const address = (i: number) => `198.18.${(i >> 8) & 255}.${i & 255}`;

function measure(count: number): { first: number; change: number; findings: number } {
  const nodes = new Map<string, TopologyNode>();
  const table = new TopologyFindingTable();
  for (let i = 0; i < count; i++) {
    nodes.set(`node-${i}`, { name: `node-${i}`, info: { internalIPs: [address(i)] }, blocks: [block] });
    table.touch(`node-${i}`);
  }
  const get = (n: string) => nodes.get(n);
  let t = performance.now();
  const findings = table.findings(get, noNetworks).length;
  const first = performance.now() - t;
  // The median of 9 changes: a node moves its address, so its findings go and come back.
  const changes: number[] = [];
  for (let k = 0; k < 9; k++) {
    const name = `node-${(k * 7919) % count}`;
    nodes.set(name, { ...nodes.get(name)!, info: { internalIPs: [address(count + k)] } });
    table.touch(name);
    t = performance.now();
    table.findings(get, noNetworks);
    changes.push(performance.now() - t);
  }
  return { first, change: changes.sort((a, b) => a - b)[4]!, findings };
}

measure(2_000); // warm-up
const base = measure(2_000);
const x4 = measure(8_000);
const x16 = measure(32_000);
// The largest cluster size issue 20 names, printed beside them (no target of its own).
const x65k = measure(65_000);
const row = (n: number, m: typeof base) =>
  `${n.toLocaleString('en-US')} nodes: first pass ${m.first.toFixed(0)} ms (${m.findings.toLocaleString('en-US')} findings), one change ${
    m.change.toFixed(1)
  } ms`;
console.log(row(2_000, base));
console.log(row(8_000, x4));
console.log(row(32_000, x16));
console.log(row(65_000, x65k));
const r4 = x4.first / base.first;
const r16 = x16.change / base.change;
console.log(`first pass, 4x the nodes: ${r4.toFixed(2)}x (target <= 6x) ${r4 <= 6 ? 'OK' : 'OVER'}`);
console.log(`one change, 16x the nodes: ${r16.toFixed(2)}x (target <= 24x) ${r16 <= 24 ? 'OK' : 'OVER'}`);
