// Measurement hook for bench/extensionHostChurn.ts: with PODNET_EVENT_LOOP_LOG=FILE set, the
// extension host's event-loop delay is appended to FILE once a second (one JSON line: the
// second's worst and 99th-percentile delay). Off, and costing nothing, without the variable.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export function startEventLoopLog(file: string | undefined = process.env['PODNET_EVENT_LOOP_LOG']): { dispose(): void } {
  if (!file) return { dispose: () => undefined };
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const timer = setInterval(() => {
    const line = { t: Date.now(), maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, samples: histogram.count };
    histogram.reset();
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // The bench removed its directory: nothing to report to.
    }
  }, 1000);
  timer.unref();
  return {
    dispose: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
