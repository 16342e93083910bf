// Big output (a dense lint report, a 150,000-pod inspect) written as it is rendered: pieces of text
// encoded as UTF-8 straight into buffers of about CHUNK_BYTES, each handed out once full. Never one
// string (V8 caps them at ~512 MB) and no joined copy per write: joining pieces into strings and
// encoding those again cost 5-7 % of `podnet lint --format json` on a conflict-dense manifest.

const CHUNK_BYTES = 256 * 1024;

const encoder = new TextEncoder();

/** The pieces' UTF-8 in chunks of at most `chunkBytes` (a bigger piece is a chunk of its own). A piece must not end inside a surrogate pair. */
export function* encodedChunks(pieces: Iterable<string>, chunkBytes = CHUNK_BYTES): Generator<Uint8Array> {
  let buf = new Uint8Array(chunkBytes);
  let used = 0;
  for (const piece of pieces) {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: room for that, or the chunk is handed out.
    if (used + piece.length * 3 > chunkBytes) {
      if (used > 0) {
        yield buf.subarray(0, used);
        buf = new Uint8Array(chunkBytes);
        used = 0;
      }
      if (piece.length * 3 > chunkBytes) {
        yield encoder.encode(piece);
        continue;
      }
    }
    used += encoder.encodeInto(piece, buf.subarray(used)).written;
  }
  if (used > 0) yield buf.subarray(0, used);
}
