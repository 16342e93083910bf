// A watch's initial ADDED events (a fresh watch, or watch-list's sendInitialEvents) written as the
// client reads them, as the apiserver's watch cache does: at 150,000 pods, writing them all at
// once would hold the whole initial state in the response's buffer (the memory watch-list saves).
import type { ServerResponse } from 'node:http';
import type { StoredEntry } from '../store/objectStore';

/** Writes one event per entry, waiting for 'drain' when the socket is full; false if the client went away. */
export async function writeInitialEvents(res: ServerResponse, entries: readonly StoredEntry[], write: (entry: StoredEntry) => void): Promise<boolean> {
  for (const e of entries) {
    if (res.destroyed || res.writableEnded) return false;
    write(e);
    if (res.writableNeedDrain) await drainedOrClosed(res);
  }
  return !res.destroyed && !res.writableEnded;
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
