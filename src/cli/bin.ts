// Entry point of the `podnet` binary (bundled to dist/cli.js), also installed as `kubectl-podnet`:
// kubectl runs an executable of that name on PATH for `kubectl podnet …` (its plugin mechanism).
import { once, setMaxListeners } from 'node:events';
import { basename } from 'node:path';
import { abortOnSignals } from './interrupts';
import { runCli } from './main';

const controller = new AbortController();
// Every request of a command carries this one signal, so more than ten can be in flight at once.
setMaxListeners(0, controller.signal);
abortOnSignals(controller, {
  on: (signal, listener) => process.on(signal, listener),
  exit: (code) => process.exit(code),
  err: (text) => process.stderr.write(text),
});

// The reader of our output has gone (`podnet lint | head`): stop at once and quietly, as kubectl
// and git do (they die of SIGPIPE; a shell sees 141, which this exit code matches).
const SIGPIPE_EXIT = 128 + 13;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    controller.abort();
    process.exit(SIGPIPE_EXIT);
  });
}

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  outBytes: (bytes) => process.stdout.write(bytes),
  err: (text) => process.stderr.write(text),
  isInteractive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  stdin: process.stdin,
  signal: controller.signal,
  program: basename(process.argv[1] ?? '').startsWith('kubectl-') ? 'kubectl podnet' : 'podnet',
  outDrained: async () => {
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`podnet: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
