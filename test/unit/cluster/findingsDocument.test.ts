import assert from 'node:assert/strict';
import { MAX_DOCUMENT_FINDINGS, findingsDocument } from '../../../src/core/cluster/findingsDocument';
import type { Finding } from '../../../src/core/cluster/findings';
import { lintSummary } from '../../../src/core/lint/lintSummary';

const overlap: Finding = {
  code: 'node-block-overlap',
  severity: 'error',
  message: 'Nodes a and b have the same pod block 10.244.1.0/24.',
  subjects: [{ kind: 'node', name: 'a' }, { kind: 'node', name: 'b' }],
};
const noBlock: Finding = { code: 'node-without-block', severity: 'warning', message: 'Node c has no pod block.', subjects: [{ kind: 'node', name: 'c' }] };

describe("core/cluster/findingsDocument (the Problems panel's cluster document)", () => {
  it('one line per finding with its PN code, and each finding knows its line', () => {
    const doc = findingsDocument('prod', 'https://127.0.0.1:6443', [overlap, noBlock]);
    const lines = doc.text.split('\n');
    assert.match(lines[0], /"prod" \(https:\/\/127\.0\.0\.1:6443\)/);
    assert.match(lines[1], /^1 error, 1 warning;/);
    assert.deepEqual(doc.lines.map((l) => l.line), [3, 4]);
    assert.equal(lines[3], 'error   PN191 Node blocks overlap: Nodes a and b have the same pod block 10.244.1.0/24.  [node:a, node:b]');
    assert.equal(doc.lines[0].length, lines[3].length);
    assert.match(lines[4], /^warning PN195 Node has no pod block: Node c/);
  });
  it('says when it is not connected or clean, and caps a long list saying how many more', () => {
    assert.match(findingsDocument('x', undefined, undefined).text, /Not connected/);
    assert.match(findingsDocument('x', undefined, []).text, /No findings\./);
    const many = findingsDocument('x', undefined, Array.from({ length: MAX_DOCUMENT_FINDINGS + 7 }, () => noBlock));
    assert.equal(many.lines.length, MAX_DOCUMENT_FINDINGS);
    assert.match(many.text, /… and 7 more/);
  });
  it('Lint Workspace summary: "12 files, 3 errors, 1 warning", and says a cancelled run', () => {
    const fs = [{ severity: 'error' }, { severity: 'error' }, { severity: 'error' }, { severity: 'warning' }];
    assert.equal(lintSummary(12, fs, false), '12 files, 3 errors, 1 warning');
    assert.equal(lintSummary(1, [{ severity: 'hint' }], true), '1 file, 0 errors, 0 warnings, 1 other (cancelled: not every file was linted)');
  });
});
