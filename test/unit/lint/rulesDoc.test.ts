import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RULES } from '../../../src/core/lint/ruleCatalog';

describe('docs/rules.md', () => {
  it('has one heading and explicit anchor per rule code, and no stale ones', () => {
    const doc = readFileSync('docs/rules.md', 'utf8');
    const headings = [...doc.matchAll(/^## (PN\d{3})$/gm)].map((m) => m[1]);
    assert.deepEqual(headings, RULES.map((r) => r.code));
    for (const r of RULES) assert.ok(doc.includes(`<a id="${r.code.toLowerCase()}"></a>\n## ${r.code}`), r.code);
  });
});
