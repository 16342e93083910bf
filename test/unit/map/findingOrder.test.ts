import assert from 'node:assert/strict';
import { sortFindings } from '../../../src/core/map/findingOrder';
import type { MapFinding } from '../../../src/core/map/mapModel';

const f = (code: string, severity: MapFinding['severity'], message: string, origin: MapFinding['origin']): MapFinding => ({
  code,
  severity,
  message,
  origin,
  targets: [],
});
const list = [
  f('PN110', 'warning', 'b', 'manifest'),
  f('node-block-overlap', 'error', 'a', 'cluster'),
  f('PN2', 'info', 'c', 'manifest'),
  f('PN10', 'error', 'd', 'manifest'),
];

describe('sorting the Findings table', () => {
  it('by severity: errors first, ties in their original order; descending flips it', () => {
    assert.deepEqual(sortFindings(list, { column: 'severity', descending: false }, () => '').map((x) => x.code), [
      'node-block-overlap',
      'PN10',
      'PN110',
      'PN2',
    ]);
    assert.deepEqual(sortFindings(list, { column: 'severity', descending: true }, () => '').map((x) => x.severity), ['info', 'warning', 'error', 'error']);
  });
  it('by code, numerically (PN2 < PN10 < PN110), and by origin or message', () => {
    assert.deepEqual(sortFindings(list, { column: 'code', descending: false }, () => '').map((x) => x.code), ['node-block-overlap', 'PN2', 'PN10', 'PN110']);
    assert.deepEqual(sortFindings(list, { column: 'message', descending: false }, () => '').map((x) => x.message), ['a', 'b', 'c', 'd']);
    assert.equal(sortFindings(list, { column: 'origin', descending: false }, () => '')[0].origin, 'cluster');
  });
  it('does not reorder the input', () => {
    sortFindings(list, { column: 'code', descending: true }, () => '');
    assert.equal(list[0].code, 'PN110');
  });
});
