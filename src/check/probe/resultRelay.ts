// The way round a broken pod network: a probe pod that cannot reach the API (its traffic to the
// API server needs routes or a masquerade the CNI withdrew — exactly what the check must report)
// asks its own node's hostNetwork probe instead, over the node's own bridge, which needs no route:
// for the plan, and to write its outcome. The host probe writes it with its own service account,
// so results still come back through the Kubernetes API only. It relays only for the pods of its
// own node, and only from the very pod IP the plan names (a TCP peer address cannot be forged).
//   TCP  `podnet-relay-plan\n`                 → the plan's JSON (empty line: none yet)
//   TCP  `podnet-relay-outcome <n>\n` + n bytes → `podnet-ok\n` | `podnet-error <why>\n`
import { connect } from 'node:net';
import type { CheckPlan } from '../../core/check/checkPlan';
import { normaliseAddress } from '../../core/check/checkPlan';
import type { PodOutcome } from '../../core/check/checkOutcome';

/** An outcome for 1,000 nodes is a few MB; beyond this the relay refuses. */
export const maxRelayBytes = 64 * 1024 * 1024;

export interface RelayHandler {
  /** The latest plan this host probe read, as JSON. */
  plan(): string | undefined;
  /** Writes a relayed outcome; rejects with the reason it will not. */
  outcome(peer: string, body: string): Promise<void>;
}

export interface RelayedOutcome {
  readonly runId: string;
  readonly outcome: PodOutcome;
}

/** The host probe's decision: only its own node's pods, from their own IPs, for a plan it knows. */
export function relayTarget(plans: ReadonlyMap<string, CheckPlan>, node: string, peer: string, body: string): { plan: CheckPlan; outcome: PodOutcome } {
  const relayed = JSON.parse(body) as RelayedOutcome;
  const plan = plans.get(relayed.runId);
  if (!plan) throw new Error(`no plan of run ${relayed.runId} here`);
  const pod = plan.pods.find((p) => p.name === relayed.outcome?.pod);
  if (!pod || pod.node !== node) throw new Error(`${relayed.outcome?.pod ?? '?'} is no probe pod of node ${node}`);
  if (normaliseAddress(pod.ip) !== normaliseAddress(peer)) throw new Error(`${pod.name} is ${pod.ip}, not ${peer}`);
  return { plan, outcome: relayed.outcome };
}

function ask(host: string, port: number, request: Buffer, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`the relay at ${host}:${port} did not answer within ${timeoutMs} ms`)), timeoutMs);
    // No half-close: the server answers once the outcome is written, then closes.
    socket.on('connect', () => socket.write(request));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

export async function relayPlan(host: string, port: number, timeoutMs = 5000): Promise<CheckPlan | undefined> {
  const text = (await ask(host, port, Buffer.from('podnet-relay-plan\n'), timeoutMs)).trim();
  return text ? (JSON.parse(text) as CheckPlan) : undefined;
}

export async function relayOutcome(host: string, port: number, relayed: RelayedOutcome, timeoutMs = 30_000): Promise<void> {
  const body = Buffer.from(JSON.stringify(relayed));
  const answer = (await ask(host, port, Buffer.concat([Buffer.from(`podnet-relay-outcome ${body.length}\n`), body]), timeoutMs)).trim();
  if (answer !== 'podnet-ok') throw new Error(`the relay at ${host}:${port} refused: ${answer.replace(/^podnet-error /, '') || 'no answer'}`);
}
