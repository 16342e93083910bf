// Runs the lab API inside the `lan` namespace (bound to 198.18.0.1) for the data-plane test, and
// takes commands on stdin as JSON lines, answering one JSON line each on stdout:
//   {"op":"create"|"update"|"delete"|"get"|"list", ...} (update with "subresource":"status" writes the status)  → {"ok":true,"result":...} | {"ok":false,"error":"..."}
// Direct store access (no HTTP) is what the test uses to add and remove nodes.
import { createInterface } from 'node:readline';
import { startLab } from '../../../src/lab/startLab';

interface Command {
  op: 'create' | 'update' | 'delete' | 'get' | 'list' | 'stop';
  object?: Record<string, unknown>;
  ref?: { apiVersion: string; kind: string; namespace?: string; name: string };
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  /** For update: `status` writes the status subresource (as a kubelet does). */
  subresource?: string;
}

async function main(): Promise<void> {
  const [host, kubeconfigPath] = process.argv.slice(2);
  // The real agents report here: the lab's agent stand-in must not answer for them.
  const lab = await startLab({ scenario: 'empty', host, port: 0, kubeconfigPath, clusterCidr: '198.19.0.0/16', nodeMaskSize: 24, agentStandIn: false });
  const store = lab.store as unknown as {
    create(o: unknown): unknown;
    update(o: unknown, options?: { subresource?: string }): unknown;
    delete(r: unknown): unknown;
    get(r: unknown): unknown;
    list(apiVersion: string, kind: string, namespace?: string): unknown[];
  };
  process.stdout.write(`${JSON.stringify({ ready: true, server: lab.server, kubeconfigPath: lab.kubeconfigPath })}\n`);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const cmd = JSON.parse(line) as Command;
    try {
      let result: unknown;
      if (cmd.op === 'create') result = store.create(cmd.object);
      else if (cmd.op === 'update') result = store.update(cmd.object, cmd.subresource ? { subresource: cmd.subresource } : {});
      else if (cmd.op === 'delete') result = store.delete(cmd.ref);
      else if (cmd.op === 'get') result = store.get(cmd.ref) ?? null;
      else if (cmd.op === 'list') result = store.list(cmd.apiVersion ?? 'v1', cmd.kind ?? '', cmd.namespace);
      else if (cmd.op === 'stop') {
        await lab.stop();
        process.stdout.write(`${JSON.stringify({ ok: true, result: 'stopped' })}\n`);
        process.exit(0);
      }
      process.stdout.write(`${JSON.stringify({ ok: true, result })}\n`);
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`);
    }
  }
  await lab.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`labHost: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
