// A watch's initial ADDED events (a fresh watch, or watch-list's sendInitialEvents) written as the
// client reads them, as the apiserver's watch cache does: at 150,000 pods, writing them all at
// once would hold the whole initial state in the response's buffer (the memory watch-list saves).
// They go out in ~64 KB batches, as LIST pages do.
import type { ServerResponse } from 'node:http';
import type { StoredEntry } from '../store/objectStore';

/** Bytes of events gathered into one write: one chunk per event made the lab, not the client, the bottleneck. */
const batchBytes = 64 * 1024;

/** Writes the entries' events in ~64 KB writes, waiting for 'drain' when the socket is full; false if the client went away. */
export async function writeInitialEvents(res: ServerResponse, entries: readonly StoredEntry[], encode: (entry: StoredEntry) => Buffer): Promise<boolean> {
  let batch: Buffer[] = [];
  let size = 0;
  const flush = (): void => {
    if (size === 0) return;
    res.write(batch.length === 1 ? batch[0]! : Buffer.concat(batch, size));
    batch = [];
    size = 0;
  };
  for (const e of entries) {
    if (res.destroyed || res.writableEnded) return false;
    const bytes = encode(e);
    batch.push(bytes);
    size += bytes.length;
    if (size < batchBytes) continue;
    flush();
    if (res.writableNeedDrain) await drainedOrClosed(res);
  }
  if (res.destroyed || res.writableEnded) return false;
  flush();
  return true;
}

/** Waits for 'drain' or 'close', removing both listeners after (thousands of waits per watch). */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
