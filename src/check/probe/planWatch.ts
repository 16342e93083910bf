// The plan ConfigMap watched rather than polled. Three probes per node that each asked once a
// second would cost a 1,000-node API server 3,000 GETs a second while they wait; a watch (by name,
// which the Role allows for that one ConfigMap) costs it one idle stream per probe. The probe still
// reads the plan with a GET, only when the watch says it changed, and now and then in case a
// stream silently stalled. Without an open watch (refused, or no route to the API: the relay
// path) it falls back to the caller's polling interval.
import type { ApiClient } from '../../kube/inClusterApiClient';

/** With a watch open, the plan is read at least this often anyway (a stream can stall unseen). */
export const PLAN_SAFETY_READ_MS = 60_000;
/** The server ends each watch after this long, and the probe opens the next (a fresh TCP path). */
const WATCH_SECONDS = 300;
const MAX_BACKOFF_MS = 30_000;

export class PlanWatch {
  private open = false;
  private changedUnseen = false;
  private waiter: (() => void) | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly api: ApiClient,
    /** The ConfigMaps collection of the check's namespace. */
    collection: string,
    name: string,
    private readonly log: (text: string) => void,
  ) {
    void this.run(`${collection}?fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}&watch=true&timeoutSeconds=${WATCH_SECONDS}`);
  }

  /** Resolves when the plan may have changed: a watch event, or `pollMs` without an open watch. */
  changed(pollMs: number): Promise<void> {
    if (this.changedUnseen) {
      this.changedUnseen = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.open ? PLAN_SAFETY_READ_MS : pollMs);
      this.waiter = done;
    });
  }

  close(): void {
    this.abort.abort();
  }

  private wake(): void {
    if (this.waiter) this.waiter();
    else this.changedUnseen = true;
  }

  private async run(path: string): Promise<void> {
    for (let failures = 0; !this.abort.signal.aborted;) {
      try {
        await this.api.watch(
          path,
          (event) => {
            if (event.type !== 'BOOKMARK') this.wake();
          },
          this.abort.signal,
          () => {
            if (failures) this.log('watching the plan ConfigMap again');
            failures = 0;
            this.open = true;
          },
        );
      } catch (error) {
        if (!failures++) {
          this.log(`cannot watch the plan ConfigMap (reading it every few seconds instead): ${error instanceof Error ? error.message : String(error)}`);
        }
        this.open = false;
        await new Promise((r) => setTimeout(r, Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures)));
        continue;
      }
      // The server ended the stream (its timeout): reopen at once; until then, poll.
      this.open = false;
    }
  }
}
