import assert from 'node:assert/strict';
import { escapeMarkdown } from '../../../src/vscode/markdownEscape';

describe('the one markdown escaper (tree tooltips, lint hovers)', () => {
  it('escapes every markup character, ~ and & included, and keeps the text on one line', () => {
    assert.equal(escapeMarkdown('[x](command:podnet.refresh)'), '\\[x\\]\\(command:podnet\\.refresh\\)');
    assert.equal(escapeMarkdown('~~gone~~ <b>&amp;</b>'), '\\~\\~gone\\~\\~ \\<b\\>\\&amp;\\</b\\>');
    assert.equal(escapeMarkdown('10.32.0.0/16'), '10\\.32\\.0\\.0/16');
    assert.equal(escapeMarkdown('a\nb'), 'a b');
    for (const c of '\\`*_{}[]()#+-.!|<>~&') assert.equal(escapeMarkdown(c), `\\${c}`, c);
  });
  it('leaves letters, digits, spaces, colons and slashes alone', () => {
    assert.equal(escapeMarkdown('node 7: kube/system'), 'node 7: kube/system');
  });
});
