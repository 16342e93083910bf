// Watches what code loaded from one directory creates while the probe is installed: timers and
// fs watchers (each with the stack that made it), so a test can tell which ones outlive dispose().
import type * as FsModule from 'node:fs';
import { createRequire } from 'node:module';

// The real module object (a bundler's `import * as` namespace is read-only): the extension's
// bundle calls fs.watch through this same object.
const fs = createRequire(__filename)('node:fs') as typeof FsModule;

interface Tracked {
  kind: string;
  stack: string;
  alive: () => boolean;
}

export interface LeakProbe {
  /** What is still alive, as "kind at stack-line". */
  alive(): string[];
  created(kind: string): number;
  uninstall(): void;
}

export function installLeakProbe(codeDir: string): LeakProbe {
  const tracked: Tracked[] = [];
  const fromCode = () => {
    const stack = new Error().stack ?? '';
    const line = stack.split('\n').find((l) => l.includes(codeDir));
    return line?.trim();
  };
  const g = globalThis as unknown as Record<string, unknown>;
  const originals = {
    setInterval: globalThis.setInterval,
    setTimeout: globalThis.setTimeout,
    watch: fs.watch,
    watchFile: fs.watchFile,
    unwatchFile: fs.unwatchFile,
  };
  const timer = (kind: 'setInterval' | 'setTimeout') =>
    function(this: unknown, ...args: unknown[]) {
      const handle = (originals[kind] as (...a: unknown[]) => NodeJS.Timeout).apply(this, args);
      const at = fromCode();
      // A Node Timeout is destroyed once cleared, or once a one-shot timeout has fired.
      if (at) tracked.push({ kind, stack: at, alive: () => !(handle as unknown as { _destroyed: boolean })._destroyed });
      return handle;
    };
  g.setInterval = timer('setInterval');
  g.setTimeout = timer('setTimeout');

  const watchedFiles = new Set<string>();
  const fsm = fs as unknown as Record<string, unknown>;
  fsm.watch = function(...args: unknown[]) {
    const w = (originals.watch as (...a: unknown[]) => FsModule.FSWatcher)(...args);
    const at = fromCode();
    if (at) {
      let closed = false;
      w.once('close', () => (closed = true));
      tracked.push({ kind: 'fs.watch', stack: at, alive: () => !closed });
    }
    return w;
  };
  fsm.watchFile = function(...args: unknown[]) {
    const at = fromCode();
    const file = String(args[0]);
    if (at) {
      watchedFiles.add(file);
      tracked.push({ kind: 'fs.watchFile', stack: at, alive: () => watchedFiles.has(file) });
    }
    return (originals.watchFile as (...a: unknown[]) => unknown)(...args);
  };
  fsm.unwatchFile = function(...args: unknown[]) {
    watchedFiles.delete(String(args[0]));
    return (originals.unwatchFile as (...a: unknown[]) => unknown)(...args);
  };

  return {
    alive: () => tracked.filter((t) => t.alive()).map((t) => `${t.kind} ${t.stack}`),
    created: (kind) => tracked.filter((t) => t.kind === kind).length,
    uninstall: () => {
      g.setInterval = originals.setInterval;
      g.setTimeout = originals.setTimeout;
      fsm.watch = originals.watch;
      fsm.watchFile = originals.watchFile;
      fsm.unwatchFile = originals.unwatchFile;
    },
  };
}

/** Open TCP sockets of this process to 127.0.0.1:port (e.g. watches on the lab's API server). */
export function socketsTo(port: number): number {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h) => {
    const s = h as { remotePort?: number; destroyed?: boolean };
    return s.remotePort === port && !s.destroyed;
  }).length;
}
