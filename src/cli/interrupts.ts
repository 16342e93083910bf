// Ctrl+C and SIGTERM abort the running command through its signal, and the command then removes
// what it created (the lab's files, the check's probe pods). A clean-up must not hold the
// terminal or a CI job hostage: a second signal, or a clean-up that outlasts the grace, ends the
// process at once with the shell's code for the signal (128 + its number).

export const CLEANUP_GRACE_MS = 20_000;

const signalNumbers = { SIGINT: 2, SIGTERM: 15 } as const;
export type StopSignal = keyof typeof signalNumbers;

export const exitCodeOf = (signal: StopSignal): number => 128 + signalNumbers[signal];

export interface SignalHost {
  on(signal: StopSignal, listener: () => void): void;
  exit(code: number): void;
  err(text: string): void;
}

export function abortOnSignals(controller: AbortController, host: SignalHost, graceMs = CLEANUP_GRACE_MS): void {
  let first: StopSignal | undefined;
  const stop = (signal: StopSignal) => {
    if (first) {
      host.err(`podnet: ${signal} again: exiting without finishing the clean-up\n`);
      host.exit(exitCodeOf(signal));
      return;
    }
    first = signal;
    controller.abort(signal);
    // unref: a command that finishes its clean-up in time exits on its own, as before.
    setTimeout(() => {
      host.err(`podnet: the clean-up after ${signal} took more than ${graceMs / 1000} s: exiting without it\n`);
      host.exit(exitCodeOf(signal));
    }, graceMs).unref();
  };
  for (const signal of Object.keys(signalNumbers) as StopSignal[]) host.on(signal, () => stop(signal));
}
