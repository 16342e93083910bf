// A watch's initial ADDED events (a fresh watch, or watch-list's sendInitialEvents) written as the
// client reads them, as the apiserver's watch cache does: at 150,000 pods, writing them all at
// once would hold the whole initial state in the response's buffer (the memory watch-list saves).
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { StoredEntry } from '../store/objectStore';

/** Writes one event per entry, waiting for 'drain' when the socket is full; false if the client went away. */
export async function writeInitialEvents(res: ServerResponse, entries: readonly StoredEntry[], write: (entry: StoredEntry) => void): Promise<boolean> {
  for (const e of entries) {
    if (res.destroyed || res.writableEnded) return false;
    write(e);
    if (res.writableNeedDrain) {
      await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
  }
  return !res.destroyed && !res.writableEnded;
}
