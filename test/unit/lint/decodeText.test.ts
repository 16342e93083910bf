import assert from 'node:assert/strict';
import { decodeManifest, invalidUtf8 } from '../../../src/core/lint/decodeText';

// decodeManifest trusts the native fatal decoder for valid UTF-8 and scans byte by byte only when it
// refuses: the two must agree on which inputs are valid, or a bad byte would go unreported.
const bytes = (...b: number[]) => Uint8Array.from(b);
const fatalAccepts = (buf: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
};

describe('decodeManifest (UTF-8 fast path)', () => {
  it('agrees with the byte scanner on edge sequences: overlongs, surrogates, > U+10FFFF, truncated, 4-byte', () => {
    const cases = [
      bytes(0x61, 0x62),
      bytes(0xc2, 0xa0), // U+00A0
      bytes(0xc0, 0x80), // overlong NUL
      bytes(0xc1, 0xbf), // overlong
      bytes(0xe0, 0x80, 0x80), // overlong 3-byte
      bytes(0xe0, 0xa0, 0x80), // U+0800
      bytes(0xed, 0xa0, 0x80), // surrogate D800
      bytes(0xef, 0xbf, 0xbf), // U+FFFF
      bytes(0xf0, 0x80, 0x80, 0x80), // overlong 4-byte
      bytes(0xf0, 0x9f, 0x98, 0x80), // U+1F600
      bytes(0xf4, 0x8f, 0xbf, 0xbf), // U+10FFFF
      bytes(0xf4, 0x90, 0x80, 0x80), // > U+10FFFF
      bytes(0xf5, 0x80, 0x80, 0x80),
      bytes(0x61, 0xe2, 0x82), // truncated at the end
      bytes(0xe2, 0x82, 0x61),
      bytes(0x80),
      bytes(0xff),
    ];
    for (const c of cases) assert.equal(invalidUtf8(c).first < 0, fatalAccepts(c), `bytes ${[...c].map((b) => b.toString(16)).join(' ')}`);
  });

  it('agrees with it on 20,000 random byte strings biased towards multi-byte sequences', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = [0x41, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (let n = 0; n < 20_000; n++) {
      const b = Uint8Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => pick[Math.floor(rnd() * pick.length)]);
      assert.equal(invalidUtf8(b).first < 0, fatalAccepts(b), `bytes ${[...b].map((x) => x.toString(16)).join(' ')}`);
    }
  });

  it('decodes valid UTF-8 (a BOM dropped) without an invalid report, and still reports the first bad byte', () => {
    const valid = decodeManifest(bytes(0xef, 0xbb, 0xbf, 0x6b, 0x3a, 0x20, 0xc3, 0xa9, 0x0a));
    assert.deepEqual(valid, { ok: true, text: 'k: é\n', encoding: 'utf-8' });
    const bad = decodeManifest(bytes(0x6b, 0x3a, 0x20, 0xc3, 0xa9, 0xff, 0x0a));
    assert.ok(bad.ok);
    assert.equal(bad.text, 'k: é\ufffd\n');
    assert.deepEqual(bad.invalid, { byte: 5, offset: 4, count: 1 });
  });
});
