// Bytes of a manifest to text, the way editors open them: UTF-8 (a BOM dropped), UTF-16 LE/BE by
// their BOM; invalid UTF-8 is decoded with U+FFFD and the first bad byte's offset is reported, so
// the rest of the file is still linted.

export type Decoded =
  | {
    readonly ok: true;
    readonly text: string;
    readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
    readonly invalid?: { readonly byte: number; readonly offset: number; readonly count: number };
  }
  | { readonly ok: false; readonly reason: string };

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1; and how many there are. */
export function invalidUtf8(buf: Uint8Array): { first: number; count: number } {
  let first = -1;
  let count = 0;
  for (let i = 0; i < buf.length;) {
    const b = buf[i];
    let n = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b >= 0xc2 && b <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      min = 0x10000;
    }
    let cp = n ? b & (0x3f >> n) : 0;
    let ok = n > 0 && i + n < buf.length;
    for (let k = 1; ok && k <= n; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (ok) {
      i += n + 1;
      continue;
    }
    if (first < 0) first = i;
    count++;
    i++;
  }
  return { first, count };
}

export function decodeManifest(buf: Uint8Array): Decoded {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le' };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = new Uint8Array(buf.length - 2);
    for (let i = 2; i + 1 < buf.length; i += 2) {
      swapped[i - 2] = buf[i + 1];
      swapped[i - 1] = buf[i];
    }
    if (buf.length % 2) swapped[swapped.length - 1] = buf[buf.length - 1];
    return { ok: true, text: new TextDecoder('utf-16le').decode(swapped), encoding: 'utf-16be' };
  }
  const body = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  if (body.subarray(0, 8192).includes(0)) return { ok: false, reason: 'it looks binary (NUL bytes) and has no UTF-16 byte order mark' };
  // Valid UTF-8 (nearly every file) is decoded and checked by the native decoder in one pass; only
  // a file it refuses is scanned byte by byte to say where the first bad byte is.
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // invalid somewhere: decoded with U+FFFD below
  }
  const text = new TextDecoder('utf-8').decode(body);
  const bad = invalidUtf8(body);
  if (bad.first < 0) return { ok: true, text, encoding: 'utf-8' };
  // Where the first replacement character lands in the text (UTF-16 units of the valid prefix).
  const offset = new TextDecoder('utf-8').decode(body.subarray(0, bad.first)).length;
  return { ok: true, text, encoding: 'utf-8', invalid: { byte: bad.first + (body === buf ? 0 : 3), offset, count: bad.count } };
}
