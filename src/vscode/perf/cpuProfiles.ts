// Measurement hook for benchmarks: with PODNET_CPU_PROFILE=PREFIX set, the extension host
// profiles itself and writes PREFIX.N.cpuprofile every `periodMs` (open them in Chrome DevTools)
// — how bench/extensionHostChurn.ts finds what blocks the event loop. Off without the variable.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

export function startCpuProfiles(prefix: string | undefined = process.env['PODNET_CPU_PROFILE'], periodMs = 20_000): { dispose(): void } {
  if (!prefix) return { dispose: () => undefined };
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  let n = 0;
  let stopped = false;
  const cycle = async () => {
    const result = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(`${prefix}.${n++}.cpuprofile`, JSON.stringify(result.profile));
    if (!stopped) await post('Profiler.start');
  };
  void post('Profiler.enable')
    .then(() => post('Profiler.setSamplingInterval', { interval: 500 }))
    .then(() => post('Profiler.start'));
  const timer = setInterval(() => void cycle().catch(() => undefined), periodMs);
  timer.unref();
  return {
    dispose: () => {
      stopped = true;
      clearInterval(timer);
      void cycle()
        .catch(() => undefined)
        .finally(() => session.disconnect());
    },
  };
}
