import type { KubeEnvironment } from '../kube/resolveKubeconfig';

/** A `podnet` subcommand. Exit codes: 0 ok, 1 findings/failure, 2 usage or I/O error. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  readonly out: (text: string) => void;
  /** Encoded output (UTF-8) for standard output, written as is; absent: it is decoded and given to `out`. */
  readonly outBytes?: (bytes: Uint8Array) => void;
  readonly err: (text: string) => void;
  readonly isInteractive: boolean;
  /** Aborted on SIGINT/SIGTERM; its reason is the signal's name. */
  readonly signal: AbortSignal;
  /** Standard input, for commands that read `-`. */
  readonly stdin?: NodeJS.ReadableStream;
  /** Environment and service-account mount for finding a cluster (default: this process's); tests override it. */
  readonly kubeEnvironment?: KubeEnvironment;
  /** How the user called Podnet, for help text: "podnet", or "kubectl podnet" as a kubectl plugin. */
  readonly program?: string;
  /** Resolves once `out` can take more (stdout's backpressure); absent: never waits. */
  readonly outDrained?: () => Promise<void>;
}

// ignoreBOM: a chunk that starts with U+FEFF keeps it (the default decoder would drop it).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Writes UTF-8 chunks that end on whole characters (core/encodedChunks) to standard output, waiting for it to drain after each. */
export async function writeChunks(io: CliIo, chunks: Iterable<Uint8Array>): Promise<void> {
  for (const chunk of chunks) {
    if (io.outBytes) io.outBytes(chunk);
    else io.out(utf8.decode(chunk));
    await io.outDrained?.();
  }
}

/**
 * Thrown for bad flags or arguments; the CLI prints it with the command's usage and exits 2.
 * Recognised by name (isUsageError): the cluster commands are a bundle of their own, with their
 * own copy of this class.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const isUsageError = (error: unknown): error is UsageError => error instanceof Error && error.name === 'UsageError';
