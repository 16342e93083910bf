// Exec credential plugins the way client-go runs them: KUBERNETES_EXEC_INFO carries the
// ExecCredential request (interactive or not, the cluster when provideClusterInfo), the answer is a
// token or a client certificate, cached until its expirationTimestamp (for the session when it has
// none) and dropped when the server answers 401. One run at a time: concurrent requests share it.
import { spawn } from 'node:child_process';
import type { ExecConfig } from './kubeconfigFile';

export const execApiVersions = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

export interface ExecCredentials {
  readonly token?: string;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  /** ms since epoch; undefined = valid for the session. */
  readonly expiresAt?: number;
}

/** A plugin that failed: the message carries its stderr and installHint. */
export class ExecPluginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecPluginError';
  }
}

export interface ExecOptions {
  /** May the plugin talk to the user (a terminal on stdin)? The extension: never. */
  readonly interactive: boolean;
  readonly clusterInfo?: Record<string, unknown>;
  readonly timeoutMs?: number;
  /** Counts runs (tests, diagnostics). */
  readonly onRun?: () => void;
}

export class ExecCredentialSource {
  private cached: ExecCredentials | undefined;
  private running: Promise<ExecCredentials> | undefined;

  constructor(
    private readonly exec: ExecConfig,
    private readonly options: ExecOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<ExecCredentials> {
    const c = this.cached;
    if (c && (c.expiresAt === undefined || this.now() < c.expiresAt)) return c;
    this.running ??= this.run().finally(() => (this.running = undefined));
    const fresh = await this.running;
    this.cached = fresh;
    return fresh;
  }

  /** The server refused these credentials (401): the next get() runs the plugin again. */
  invalidate(used: ExecCredentials): void {
    if (this.cached === used) this.cached = undefined;
  }

  private interactive(): boolean {
    const mode = this.exec.interactiveMode ?? 'IfAvailable';
    if (mode === 'Never') return false;
    if (mode === 'Always' && !this.options.interactive) {
      throw new ExecPluginError(`exec plugin ${this.exec.command} needs an interactive terminal (interactiveMode: Always), and this one has none`);
    }
    return this.options.interactive;
  }

  private async run(): Promise<ExecCredentials> {
    const e = this.exec;
    if (!execApiVersions.includes(e.apiVersion)) {
      throw new ExecPluginError(`exec plugin ${e.command}: apiVersion "${e.apiVersion}" is not supported (use ${execApiVersions.join(' or ')})`);
    }
    const interactive = this.interactive();
    const request = {
      apiVersion: e.apiVersion,
      kind: 'ExecCredential',
      spec: { interactive, ...(e.provideClusterInfo && this.options.clusterInfo ? { cluster: this.options.clusterInfo } : {}) },
    };
    const env = { ...process.env, ...Object.fromEntries(e.env.map((v) => [v.name, v.value])), KUBERNETES_EXEC_INFO: JSON.stringify(request) };
    this.options.onRun?.();
    const { code, stdout, stderr, spawnError } = await new Promise<{ code: number | null; stdout: string; stderr: string; spawnError?: NodeJS.ErrnoException }>(
      (resolve) => {
        const child = spawn(e.command, [...e.args], {
          env,
          stdio: [interactive ? 'inherit' : 'ignore', 'pipe', 'pipe'],
          timeout: this.options.timeoutMs ?? 120_000,
        });
        let out = '';
        let err = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => {
          err += d;
          // Like kubectl, a plugin that talks to the user is heard.
          if (interactive) process.stderr.write(d);
        });
        child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, stdout: out, stderr: err, spawnError: error }));
        child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
      },
    );
    const hint = e.installHint ? `\n${e.installHint.trim()}` : '';
    if (spawnError) {
      const what = spawnError.code === 'ENOENT' ? 'not found' : spawnError.code === 'EACCES' ? 'is not executable' : `could not start (${spawnError.message})`;
      throw new ExecPluginError(`exec plugin: executable ${e.command} ${what}${hint}`);
    }
    const errText = stderr.trim() ? `: ${stderr.trim().slice(-2000)}` : '';
    if (code !== 0) throw new ExecPluginError(`exec plugin ${e.command} failed with exit code ${code ?? 'none (killed)'}${errText}${hint}`);
    return parseExecCredential(e, stdout);
  }
}

/** The plugin's answer, checked like client-go checks it. */
export function parseExecCredential(e: ExecConfig, stdout: string): ExecCredentials {
  let doc: {
    apiVersion?: unknown;
    kind?: unknown;
    status?: { token?: unknown; clientCertificateData?: unknown; clientKeyData?: unknown; expirationTimestamp?: unknown };
  };
  try {
    doc = JSON.parse(stdout) as typeof doc;
  } catch {
    throw new ExecPluginError(`exec plugin ${e.command} did not print an ExecCredential (stdout is not JSON: ${JSON.stringify(stdout.slice(0, 80))})`);
  }
  if (doc.kind !== 'ExecCredential') throw new ExecPluginError(`exec plugin ${e.command} printed kind ${JSON.stringify(doc.kind)}, not ExecCredential`);
  if (doc.apiVersion !== e.apiVersion) {
    throw new ExecPluginError(`exec plugin ${e.command} is configured to use API version ${e.apiVersion}, plugin returned version ${String(doc.apiVersion)}`);
  }
  const s = doc.status;
  if (!s) throw new ExecPluginError(`exec plugin ${e.command} didn't return a status field`);
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const token = str(s.token);
  const cert = str(s.clientCertificateData);
  const key = str(s.clientKeyData);
  if (!!cert !== !!key) throw new ExecPluginError(`exec plugin ${e.command} returned only a certificate or a key, not both`);
  if (!token && !cert) throw new ExecPluginError(`exec plugin ${e.command} didn't return a token or cert/key pair`);
  let expiresAt: number | undefined;
  if (s.expirationTimestamp !== undefined && s.expirationTimestamp !== null) {
    expiresAt = typeof s.expirationTimestamp === 'string' ? Date.parse(s.expirationTimestamp) : NaN;
    if (Number.isNaN(expiresAt)) {
      throw new ExecPluginError(`exec plugin ${e.command}: expirationTimestamp ${JSON.stringify(s.expirationTimestamp)} is not a time`);
    }
  }
  return {
    ...(token ? { token } : {}),
    ...(cert && key ? { cert: Buffer.from(cert), key: Buffer.from(key) } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}
