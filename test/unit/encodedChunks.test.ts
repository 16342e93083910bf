import assert from 'node:assert/strict';
import { writeChunks } from '../../src/cli/command';
import { encodedChunks } from '../../src/core/encodedChunks';

const text = (chunks: Iterable<Uint8Array>) => Buffer.concat([...chunks]).toString('utf8');

describe('encodedChunks', () => {
  it('encodes every piece as UTF-8, multi-byte characters and surrogate pairs included, in full chunks', () => {
    const pieces = Array.from({ length: 500 }, (_, i) => `{"n": ${i}, "s": "é—🙂 ${'x'.repeat(i % 37)}"},\n`);
    const chunks = [...encodedChunks(pieces, 1024)];
    assert.equal(text(chunks), pieces.join(''));
    assert.ok(chunks.length > 10, `${chunks.length} chunks`);
    // Each chunk is whole characters (decodes alone), at most the size asked, and full but for the room a next piece needs.
    for (const c of chunks) assert.equal(Buffer.from(new TextDecoder('utf-8', { fatal: true }).decode(c)).length, c.length);
    assert.ok(chunks.every((c) => c.length <= 1024));
    assert.ok(chunks.slice(0, -1).every((c) => c.length > 1024 - 3 * 60), chunks.map((c) => c.length).join(' '));
  });
  it('gives a piece bigger than a chunk a chunk of its own, in order', () => {
    const big = 'ü'.repeat(3000);
    const chunks = [...encodedChunks(['a', big, 'b'], 1024)];
    assert.deepEqual(chunks.map((c) => Buffer.from(c).toString('utf8')), ['a', big, 'b']);
  });
  it('yields nothing for no text', () => {
    assert.deepEqual([...encodedChunks([])], []);
    assert.deepEqual([...encodedChunks(['', ''])], []);
  });
  it('reaches a text-only sink decoded exactly, a leading U+FEFF included', async () => {
    const pieces = ['\uFEFFfirst ', 'é'.repeat(700), ' last\n'];
    let out = '';
    let drained = 0;
    await writeChunks(
      { out: (t) => (out += t), err: () => undefined, isInteractive: false, signal: new AbortController().signal, outDrained: async () => void drained++ },
      encodedChunks(pieces, 1024),
    );
    assert.equal(out, pieces.join(''));
    assert.ok(drained >= 2, `waited for the sink ${drained} times`);
  });
});
