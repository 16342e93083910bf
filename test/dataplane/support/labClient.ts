// The test side of labHost.ts: starts it inside the `lan` namespace and sends it store commands.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export class LabClient {
  private pending: ((line: string) => void)[] = [];
  private constructor(private readonly child: ChildProcessWithoutNullStreams) {}

  readonly stderr: string[] = [];
  server = '';

  static async start(lanNs: string, host: string, kubeconfigPath: string): Promise<LabClient> {
    const child = spawn('ip', ['netns', 'exec', lanNs, process.execPath, '--import', 'tsx', 'test/dataplane/support/labHost.ts', host, kubeconfigPath], {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const client = new LabClient(child);
    child.stderr.on('data', (d: Buffer) => client.stderr.push(d.toString()));
    const lines = createInterface({ input: child.stdout });
    const first = new Promise<string>((resolve, reject) => {
      client.pending.push(resolve);
      child.once('exit', (code) => reject(new Error(`lab host exited (${code}): ${client.stderr.join('')}`)));
    });
    lines.on('line', (line) => client.pending.shift()?.(line));
    const ready = JSON.parse(await first) as { server: string };
    client.server = ready.server;
    return client;
  }

  async send<T>(command: Record<string, unknown>): Promise<T> {
    const reply = new Promise<string>((resolve) => this.pending.push(resolve));
    this.child.stdin.write(`${JSON.stringify(command)}\n`);
    const parsed = JSON.parse(await reply) as { ok: boolean; result?: T; error?: string };
    if (!parsed.ok) throw new Error(`lab: ${parsed.error}`);
    return parsed.result as T;
  }

  stop(): void {
    try {
      if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}
