// The probes themselves, on Node's standard library (and busybox `ping`/`ip` of the image):
// each one answers what got through, how fast, and which source address the receiver saw.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { promises as dnsPromises } from 'node:dns';
import { readFileSync } from 'node:fs';
import { connect, isIPv6 } from 'node:net';
import type { Socket } from 'node:net';

export type ProbeAnswer =
  | { readonly ok: true; readonly latencyMs: number; readonly sourceSeen?: string }
  | { readonly ok: false; readonly latencyMs: null; readonly error: string }
  | { readonly notRun: string };

const nonce = (): string => randomBytes(6).toString('hex');
const since = (start: bigint): number => Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;
const failed = (error: string): ProbeAnswer => ({ ok: false, latencyMs: null, error });

/** Socket errors in the words a network person uses. */
export function errorText(error: unknown, timeoutMs: number): string {
  const code = (error as { code?: string }).code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused (nothing listening, or a firewall rejecting)',
    EHOSTUNREACH: 'host unreachable (no route, or ARP/neighbour resolution failed)',
    ENETUNREACH: 'network unreachable (no route to the destination)',
    ECONNRESET: 'connection reset',
    EMSGSIZE: 'message too long for the path (ICMP fragmentation needed came back: the path MTU is lower)',
    ETIMEDOUT: `timed out after ${timeoutMs} ms`,
  };
  if (code && known[code]) return known[code];
  return error instanceof Error ? error.message : String(error);
}

interface EchoExchange {
  /** Sends the request once connected. */
  readonly send: (socket: Socket) => void;
  /** The echo's first line → the answer. */
  readonly answer: (line: string) => ProbeAnswer;
  readonly timedOut: (connecting: boolean) => string;
  readonly closedEarly: string;
}

/** One TCP exchange with a probe's echo: connect, send, read the first line; one time bound, one end. */
function tcpExchange(host: string, port: number, timeoutMs: number, exchange: EchoExchange): Promise<ProbeAnswer> {
  return new Promise((resolve) => {
    let reply = '';
    const socket = connect({ host, port });
    const done = (answer: ProbeAnswer): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(failed(exchange.timedOut(socket.connecting))), timeoutMs);
    socket.on('connect', () => exchange.send(socket));
    socket.on('data', (d: Buffer) => {
      reply += d.toString('utf8');
      if (reply.includes('\n')) done(exchange.answer(reply.split('\n')[0]));
    });
    socket.on('error', (e) => done(failed(errorText(e, timeoutMs))));
    socket.on('end', () => {
      if (!reply.includes('\n')) done(failed(exchange.closedEarly));
    });
  });
}

/** TCP: connect, ask, and read the echo's answer (the source it saw). */
export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeAnswer> {
  const id = nonce();
  const start = process.hrtime.bigint();
  return tcpExchange(host, port, timeoutMs, {
    send: (socket) => socket.write(`podnet-check ${id}\n`),
    answer: (line) => {
      const [verb, echoed, seen] = line.split(' ');
      return verb === 'podnet-echo' && echoed === id
        ? { ok: true, latencyMs: since(start), sourceSeen: seen }
        : failed(`unexpected answer "${line.slice(0, 80)}" (another service on this port?)`);
    },
    timedOut: (connecting) => `timed out after ${timeoutMs} ms${connecting ? ' connecting' : ' waiting for the echo'}`,
    closedEarly: 'connection closed without an answer',
  });
}

/**
 * UDP: one datagram of `size` bytes (≥ the header) on a connected socket, so ICMP errors (port
 * unreachable, fragmentation needed) come back as socket errors. Linux sends UDP with DF set while
 * the datagram fits the route's path MTU (IP_PMTUDISC_WANT), so a full-size datagram is DF.
 */
export function udpProbe(host: string, port: number, timeoutMs: number, size = 0, attempts = 3): Promise<ProbeAnswer> {
  const id = nonce();
  const header = Buffer.from(`podnet-check ${id} `);
  const payload = size > header.length ? Buffer.concat([header, Buffer.alloc(size - header.length, 0x2e)]) : header;
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = (answer: ProbeAnswer): void => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const send = (): void => {
      sent++;
      socket.send(payload, (e) => {
        if (e) done(failed(errorText(e, timeoutMs)));
      });
      timer = setTimeout(
        () => (sent < attempts
          ? send()
          : done(failed(`no answer to ${attempts} datagram${attempts > 1 ? 's' : ''} of ${payload.length} bytes within ${timeoutMs} ms`))),
        timeoutMs / attempts,
      );
    };
    socket.on('message', (msg) => {
      const [verb, echoed, seen, length] = msg.toString('latin1').split(' ');
      if (verb !== 'podnet-echo' || echoed !== id) return;
      if (Number(length) !== payload.length) done(failed(`the receiver got ${length} of ${payload.length} bytes`));
      else done({ ok: true, latencyMs: since(start), sourceSeen: seen });
    });
    socket.on('error', (e) => done(failed(errorText(e, timeoutMs))));
    // connect() fails at once without a route (a node whose routes were withdrawn): the callback gets
    // the error, and sending on the unconnected socket would throw.
    socket.connect(port, host, (error?: Error) => (error ? done(failed(errorText(error, timeoutMs))) : send()));
  });
}

/** TCP bulk transfer of `bytes` (≥ 2 MB): full-size segments meet a path-MTU black hole that a ping does not. */
export function bulkProbe(host: string, port: number, bytes: number, timeoutMs: number): Promise<ProbeAnswer> {
  const id = nonce();
  const start = process.hrtime.bigint();
  return tcpExchange(host, port, timeoutMs, {
    send: (socket) => {
      socket.write(`podnet-bulk ${id} ${bytes}\n`);
      const chunk = Buffer.alloc(64 * 1024, 0x2e);
      let left = bytes;
      const pump = (): void => {
        while (left > 0) {
          const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
          left -= piece.length;
          if (!socket.write(piece)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    },
    answer: (line) => {
      const [verb, echoed, seen, got] = line.split(' ');
      if (verb !== 'podnet-echo' || echoed !== id) return failed('unexpected answer (another service on this port?)');
      if (Number(got) !== bytes) return failed(`the receiver got ${got} of ${bytes} bytes`);
      return { ok: true, latencyMs: since(start), sourceSeen: seen };
    },
    timedOut: (connecting) =>
      connecting
        ? `timed out after ${timeoutMs} ms connecting`
        : `the ${bytes}-byte transfer did not complete within ${timeoutMs} ms (large segments lost: an MTU black hole?)`,
    closedEarly: 'connection closed before the transfer was acknowledged',
  });
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | string; out: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: number | string }).code ?? 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

/** ICMP echo with `ping` (busybox in the image). Without the right to ping it is not run, not failed. */
export async function icmpProbe(host: string, timeoutMs: number): Promise<ProbeAnswer> {
  const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
  const start = process.hrtime.bigint();
  const { code, out } = await run('ping', ['-c', '1', '-W', seconds, host], timeoutMs + 1000);
  if (code === 'ENOENT') return { notRun: 'no `ping` in this image' };
  if (/not permitted|permission denied|socket: operation|are you root/i.test(out)) {
    return { notRun: `ping is not permitted here (${out.trim().split('\n')[0]})` };
  }
  if (code !== 0) return failed(`no ICMP echo reply within ${seconds} s`);
  const time = /time[=<]\s*([\d.]+)\s*ms/.exec(out);
  return { ok: true, latencyMs: time ? Number(time[1]) : since(start) };
}

/** The path MTU the kernel has cached for a destination (`ip route get`), when it learnt one. */
export async function cachedPathMtu(host: string): Promise<number | undefined> {
  const { code, out } = await run('ip', ['route', 'get', host], 2000);
  if (code !== 0) return undefined;
  const mtu = /\bmtu (\d+)/.exec(out);
  return mtu ? Number(mtu[1]) : undefined;
}

/** The cluster DNS as this pod sees it: the first nameserver and `svc.<domain>` of /etc/resolv.conf. */
export function clusterResolver(resolvConf = '/etc/resolv.conf'): { server?: string; domain?: string } {
  let text = '';
  try {
    text = readFileSync(resolvConf, 'utf8');
  } catch {
    return {};
  }
  const server = /^\s*nameserver\s+(\S+)/m.exec(text)?.[1];
  const search = /^\s*search\s+(.+)$/m.exec(text)?.[1].split(/\s+/) ?? [];
  const svc = search.find((d) => d.startsWith('svc.'));
  // Only a cluster's resolv.conf (search svc.<domain>) names the cluster DNS.
  return svc ? { server, domain: svc.slice(4) } : {};
}

/** A real query for `name` to `server`; `expect` is the address the answer must hold (the Service's ClusterIP). */
export async function dnsProbe(server: string, name: string, expect: string | undefined, timeoutMs: number): Promise<ProbeAnswer> {
  const resolver = new dnsPromises.Resolver({ timeout: Math.max(500, Math.floor(timeoutMs / 2)), tries: 2 });
  resolver.setServers([server]);
  const start = process.hrtime.bigint();
  try {
    const answers = expect && isIPv6(expect) ? await resolver.resolve6(name) : await resolver.resolve4(name);
    if (expect && !answers.includes(expect)) {
      return failed(`${server} answered ${answers.join(', ') || 'nothing'} for ${name}, the Service's ClusterIP is ${expect}`);
    }
    return { ok: true, latencyMs: since(start) };
  } catch (error) {
    const code = (error as { code?: string }).code;
    return failed(
      `query for ${name} to ${server}: ${
        code === 'ETIMEOUT' ? `no answer within ${timeoutMs} ms` : code === 'ENOTFOUND' ? 'name not found (NXDOMAIN)' : errorText(error, timeoutMs)
      }`,
    );
  }
}

/**
 * An external target: connected is passed. If the far end is a Podnet echo it reports the source it
 * saw (masquerade known); any other server cannot tell, and masquerade stays unknown.
 */
export function externalProbe(host: string, port: number, timeoutMs: number): Promise<ProbeAnswer> {
  const id = nonce();
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    let latencyMs = 0;
    let reply = '';
    const socket = connect({ host, port });
    const done = (answer: ProbeAnswer): void => {
      clearTimeout(timer);
      clearTimeout(listen);
      socket.destroy();
      resolve(answer);
    };
    let listen: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => done(failed(`timed out after ${timeoutMs} ms connecting`)), timeoutMs);
    socket.on('connect', () => {
      latencyMs = since(start);
      clearTimeout(timer);
      socket.write(`podnet-check ${id}\n`, () => undefined);
      listen = setTimeout(() => done({ ok: true, latencyMs }), Math.min(1000, timeoutMs));
    });
    socket.on('data', (d: Buffer) => {
      reply += d.toString('latin1');
      const [verb, echoed, seen] = reply.split('\n')[0].split(' ');
      if (reply.includes('\n') || reply.length > 256) {
        done(verb === 'podnet-echo' && echoed === id && seen ? { ok: true, latencyMs, sourceSeen: seen } : { ok: true, latencyMs });
      }
    });
    socket.on('error', (e) => (latencyMs ? done({ ok: true, latencyMs }) : done(failed(errorText(e, timeoutMs)))));
    socket.on('end', () => done({ ok: true, latencyMs }));
  });
}

/** TCP connect only (a Service's backend speaks its own protocol, not the echo): connected is passed. */
export function connectProbe(host: string, port: number, timeoutMs: number): Promise<ProbeAnswer> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (answer: ProbeAnswer): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(failed(`timed out after ${timeoutMs} ms connecting`)), timeoutMs);
    socket.on('connect', () => done({ ok: true, latencyMs: since(start) }));
    socket.on('error', (e) => done(failed(errorText(e, timeoutMs))));
  });
}
