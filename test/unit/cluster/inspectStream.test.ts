import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import type { InspectReport } from '../../../src/core/cluster/inspectReport';
import { buildInspectReport } from '../../../src/core/cluster/inspectReport';
import { inspectJsonChunks, inspectTextChunks } from '../../../src/core/cluster/inspectStream';
import { node, pod } from './fixtures';

const text = (chunks: Iterable<Uint8Array>) => Buffer.concat([...chunks]).toString('utf8');

/** The text form as the one-string renderer wrote it before streaming (kept here as the oracle). */
function oldText(r: InspectReport): string {
  const table = (rows: string[][]): string[] => {
    const widths = rows[0]!.map((_, i) => rows.reduce((w, row) => Math.max(w, row[i]!.length), 0));
    return rows.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
  };
  const nets = (list: { cidr: string; source: string }[]) => (list.length ? list.map((n) => `${n.cidr} (${n.source})`).join(', ') : 'unknown');
  const lines = [
    `Context:          ${r.context}`,
    `API server:       ${r.server}`,
    `CNI:              ${r.cni.name} (${r.cni.evidence}; blocks from ${r.cni.ipam})`,
    `Pod network:      ${nets(r.podNetworks)}`,
    `Service network:  ${
      r.serviceNetworks.length ? nets(r.serviceNetworks) : r.serviceIpHint ? `unknown (kubernetes Service ClusterIP ${r.serviceIpHint})` : 'unknown'
    }`,
  ];
  // (The effect wording per kind is not the streaming's business: taken from the reason's kind as the renderer words it.)
  for (const l of r.limitedReasons) {
    lines.push(
      `Limited access:   cannot list ${l.kind} — ${l.kind === 'nodes' ? 'nodes shown from their pods only' : 'not shown'}${l.reason ? ` (${l.reason})` : ''}`,
    );
  }
  lines.push('', `NODES (${r.nodes.length})`);
  if (r.nodes.length) {
    lines.push(
      ...table([
        ['NAME', 'INTERNAL-IP', 'READY', 'POD-BLOCK', 'SOURCE', 'USED/USABLE', 'MAX-PODS'],
        ...r.nodes.map((
          n,
        ) => [
          n.name,
          n.internalIPs.join(',') || '-',
          n.ready === null ? '?' : n.ready ? 'True' : `False${n.readyReason ? ` (${n.readyReason})` : ''}`,
          n.blocks.map((b) => b.cidr).join(',') || '<none>',
          [...new Set(n.blocks.map((b) => b.source))].join(',') || '-',
          `${n.used}/${n.usable ?? '?'}`,
          n.maxPods === null ? '-' : String(n.maxPods),
        ]),
      ]),
    );
  }
  lines.push('', `PODS (${r.pods.length})`);
  if (r.pods.length) {
    lines.push(
      ...table([
        ['NAMESPACE/NAME', 'IP', 'NODE', 'PHASE', 'NOTES'],
        ...r.pods.map((
          p,
        ) => [
          `${p.namespace}/${p.name}`,
          p.ips.join(',') || '<none>',
          p.node ?? '<unscheduled>',
          p.phase,
          [p.hostNetwork ? 'hostNetwork' : '', p.containers.length > 1 ? `${p.containers.length} containers` : ''].filter(Boolean).join(', '),
        ]),
      ]),
    );
  }
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  lines.push('', `FINDINGS (${plural(r.summary.errors, 'error')}, ${plural(r.summary.warnings, 'warning')})`);
  for (const f of r.findings) lines.push(`  ${f.severity.padEnd(7)} ${f.rule} ${f.code}: ${f.message}`);
  if (r.findings.length === 0) lines.push('  none');
  return `${lines.join('\n')}\n`;
}

describe('core/cluster/inspectStream', () => {
  const report = () => {
    const m = new ClusterModel();
    for (let n = 0; n < 40; n++) m.upsertNode(node(`node-${n}`, `172.31.0.${n}`, [`10.244.${n}.0/24`]));
    // 3,000 pods, one outside its block (a finding), a string needing escapes.
    for (let i = 0; i < 3000; i++) m.upsertPod(pod('team "a"\n', `web-${i}`, `node-${i % 40}`, [`10.244.${i % 40}.${(i % 250) + 1}`]));
    m.upsertPod(pod('default', 'stray', 'node-2', ['10.244.10.9']));
    return buildInspectReport(m, 'ctx', 'https://127.0.0.1:6443', []);
  };

  it('JSON comes in chunks of at most 256 KB that join to exactly JSON.stringify(report, null, 2)', () => {
    const r = report();
    const chunks = [...inspectJsonChunks(r)];
    assert.ok(chunks.length > 2, `${chunks.length} chunks`);
    assert.ok(chunks.every((c) => c.length <= 256 * 1024), `largest ${Math.max(...chunks.map((c) => c.length))}`);
    assert.equal(text(chunks), `${JSON.stringify(r, null, 2)}\n`);
    // Empty arrays and an empty report keep the one-string form too.
    const empty = buildInspectReport(new ClusterModel(), 'c', 's', []);
    assert.equal(text(inspectJsonChunks(empty)), `${JSON.stringify(empty, null, 2)}\n`);
  });

  it('text comes in chunks that join to what the one-string renderer wrote', () => {
    const r = report();
    const chunks = [...inspectTextChunks(r)];
    assert.ok(chunks.length > 1, `${chunks.length} chunks`);
    assert.equal(text(chunks), oldText(r));
    const empty = buildInspectReport(new ClusterModel(), 'c', 's', []);
    assert.equal(text(inspectTextChunks(empty)), oldText(empty));
    const limited = buildInspectReport(new ClusterModel(), 'c', 's', ['nodes'], [{
      kind: 'nodes',
      reason: 'forbidden: User "x" cannot list resource "nodes"',
    }]);
    assert.equal(text(inspectTextChunks(limited)), oldText(limited));
  });
});
