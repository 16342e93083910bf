// The lab's watch-list initial state read with a plain HTTPS client (not Podnet's): every pod as
// an ADDED event, then the initial-events-end bookmark, then live events; written in batches
// (one write per event made the lab's serving, not the client, the cost of a watch-list start).
import assert from 'node:assert/strict';
import { request } from 'node:https';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';
import { clonePod } from './clusterSupport';

interface Streamed {
  events: { type: string; name: string; annotations?: Record<string, string> }[];
  dataChunks: number;
  eventsBeforeBookmark: number;
}

/** Reads a JSON watch-list of pods until `until` says stop; counts the response's data chunks. */
function watchList(lab: RunningLab, onBookmark: () => void, until: (s: Streamed) => boolean): Promise<Streamed> {
  const url = `${lab.server}/api/v1/pods?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`;
  const s: Streamed = { events: [], dataChunks: 0, eventsBeforeBookmark: -1 };
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: lab.caPem, headers: { Authorization: `Bearer ${lab.token}`, Accept: 'application/json' } }, (res) => {
      let rest = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (s.eventsBeforeBookmark < 0) s.dataChunks++;
        rest += d;
        let nl: number;
        while ((nl = rest.indexOf('\n')) >= 0) {
          const e = JSON.parse(rest.slice(0, nl)) as { type: string; object: { metadata: { name: string; annotations?: Record<string, string> } } };
          rest = rest.slice(nl + 1);
          s.events.push({
            type: e.type,
            name: e.object.metadata.name,
            ...(e.object.metadata.annotations ? { annotations: e.object.metadata.annotations } : {}),
          });
          if (e.type === 'BOOKMARK' && s.eventsBeforeBookmark < 0) {
            s.eventsBeforeBookmark = s.events.length - 1;
            onBookmark();
          }
          if (until(s)) {
            req.destroy();
            resolve(s);
            return;
          }
        }
      });
      res.on('end', () => reject(new Error(`the watch ended after ${s.events.length} events`)));
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.setTimeout(30_000, () => req.destroy(new Error('no event for 30 s')));
    req.end();
  });
}

describe('lab: watch-list initial events', () => {
  let lab: RunningLab;
  before(async () => {
    lab = await startLab({ scenario: 'scale', nodes: 60, podsPerNode: 20 });
  });
  after(async () => {
    await lab?.stop();
  });

  it('streams every pod, then the initial-events-end bookmark, then live events, in batched writes', async () => {
    const stored = lab.store.list('v1', 'Pod');
    const template = stored.find((p) => !(p.spec as { hostNetwork?: boolean }).hostNetwork)!;
    const s = await watchList(
      lab,
      () => lab.store.create(clonePod(template, 'after-bookmark', '10.64.0.250')),
      (x) => x.events.some((e) => e.name === 'after-bookmark'),
    );
    const initial = s.events.slice(0, s.eventsBeforeBookmark);
    assert.equal(initial.length, stored.length);
    assert.ok(initial.every((e) => e.type === 'ADDED'));
    assert.deepEqual(new Set(initial.map((e) => e.name)), new Set(stored.map((p) => p.metadata.name)));
    assert.equal(s.events[s.eventsBeforeBookmark]!.annotations?.['k8s.io/initial-events-end'], 'true');
    assert.deepEqual(s.events.at(-1), { type: 'ADDED', name: 'after-bookmark' });
    // ~3 KB events in ~64 KB writes arrive as TLS records of up to 16 KB: a few events per chunk,
    // where one write per event gives one chunk per event.
    assert.ok(s.dataChunks * 2 < initial.length, `${s.dataChunks} data chunks for ${initial.length} events`);
  });
});
