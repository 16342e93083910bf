import assert from 'node:assert/strict';
import { buildMapModel } from '../../../src/core/map/buildMapModel';
import { cellsOfNode, hitTest, layoutPlan } from '../../../webview/planLayout';
import type { BarRow } from '../../../webview/planLayout';
import { brokenOverlapInput, scaleInput, seedInput } from './mapFixtures';

const bars = (rows: ReturnType<typeof layoutPlan>['rows']) => rows.filter((r): r is BarRow => r.kind === 'bar');

describe('address plan layout (webview, pure)', () => {
  it('folds the pod network into block-sized cells and zooms on the corner holding the blocks', () => {
    const layout = layoutPlan(buildMapModel(seedInput()), 1000);
    const [overview, zoom, service, lan] = bars(layout.rows);
    assert.equal(overview.grid?.slots, 4096); // /12 in /24 cells
    assert.deepEqual(overview.zoomMark, { from: 0, span: 1 / 1024, bits: 10 });
    assert.match(zoom.label, /^Zoom on 10\.32\.0\.0\/22/);
    assert.equal(zoom.grid?.slots, 4);
    assert.deepEqual([...(zoom.grid?.owner ?? [])], [-1, 0, 1, 2]);
    assert.equal(zoom.grid?.labelled, true);
    assert.equal(service.grid, undefined);
    assert.equal(lan.ticks.length, 3);
  });

  it('marks overlapping cells, keeps both owners, and hit-tests them', () => {
    const layout = layoutPlan(buildMapModel(brokenOverlapInput()), 1000);
    const zoom = bars(layout.rows)[1];
    const g = zoom.grid!;
    // The zoom cells are /25s: node-3's /25 shares the lower half of node-2's /24.
    assert.equal(g.slots, 8);
    assert.deepEqual([...g.overlap], [0, 0, 0, 0, 1, 0, 0, 0]);
    assert.deepEqual([g.owner[4], g.other[4]], [2, 1]);
    const hit = hitTest(layout, zoom.x + 4 * g.cellW + 2, zoom.y + 2);
    assert.deepEqual(hit, { kind: 'block', node: 2, block: 0, overlap: true, other: 1 });
    // Selecting node-2 outlines its cells including the shared one: one overview cell, two zoom cells.
    assert.equal(cellsOfNode(layout, 1).length, 1 + 2);
  });

  it('needs no zoom when the blocks fill the network, and stays within 2^16 cells', () => {
    const layout = layoutPlan(buildMapModel(scaleInput(5000, 0)), 1200);
    const pod = bars(layout.rows)[0];
    assert.equal(pod.zoomMark, undefined);
    assert.equal(pod.grid?.slots, 8192);
    assert.equal(pod.grid?.owner.filter((o) => o >= 0).length, 5000);
    const wide = layoutPlan(buildMapModel({ ...seedInput(), networks: [{ cidr: '10.0.0.0/6', role: 'pod', source: 'x' }] }), 1200);
    assert.equal(bars(wide.rows)[0].grid?.slots, 65536);
  });
});
