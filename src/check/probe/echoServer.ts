// The echo every probe pod serves on TCP and UDP: it answers with the source address it saw, so
// the sender learns whether anything between them rewrote it.
//   TCP  `podnet-check <nonce>\n`          → `podnet-echo <nonce> <source>\n`
//   TCP  `podnet-bulk <nonce> <n>\n` + n B  → `podnet-echo <nonce> <source> <received>\n` once n bytes arrived
//   UDP  `podnet-check <nonce> <padding>`  → `podnet-echo <nonce> <source> <datagram length>`
// A hostNetwork probe also relays for its node's pod probes (resultRelay.ts).
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Server } from 'node:net';
import type { RelayHandler } from './resultRelay';
import { maxRelayBytes } from './resultRelay';

export interface EchoServers {
  readonly close: () => void;
  /** Addresses whose UDP port could not be bound (the echo does not answer UDP there). */
  readonly refused: readonly string[];
}

const maxHeader = 256;

function tcpServer(relay?: RelayHandler): Server {
  return createServer((socket) => {
    socket.setTimeout(60_000, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    let header = Buffer.alloc(0);
    let bulk: { nonce: string; want: number; got: number } | undefined;
    let relayed: { want: number; chunks: Buffer[]; got: number } | undefined;
    const relayDone = (): void => {
      if (!relay || !relayed || relayed.got < relayed.want) return;
      const body = Buffer.concat(relayed.chunks).subarray(0, relayed.want).toString('utf8');
      relayed = undefined;
      relay.outcome(socket.remoteAddress ?? '', body).then(
        () => socket.end('podnet-ok\n'),
        (e: unknown) => socket.end(`podnet-error ${(e instanceof Error ? e.message : String(e)).replace(/\n/g, ' ')}\n`),
      );
    };
    socket.on('data', (chunk: Buffer) => {
      if (relayed) {
        relayed.chunks.push(chunk);
        relayed.got += chunk.length;
        relayDone();
        return;
      }
      if (bulk) {
        bulk.got += chunk.length;
      } else {
        header = Buffer.concat([header, chunk]);
        const newline = header.indexOf(10);
        if (newline < 0) {
          if (header.length > maxHeader) socket.destroy();
          return;
        }
        const [verb, nonce, size] = header.subarray(0, newline).toString('utf8').trim().split(' ');
        const rest = header.length - newline - 1;
        if (verb === 'podnet-check' && nonce) {
          socket.end(`podnet-echo ${nonce} ${socket.remoteAddress ?? '?'}\n`);
          return;
        }
        if (relay && verb === 'podnet-relay-plan') {
          socket.end(`${relay.plan() ?? ''}\n`);
          return;
        }
        if (relay && verb === 'podnet-relay-outcome' && /^\d+$/.test(nonce ?? '') && Number(nonce) <= maxRelayBytes) {
          relayed = { want: Number(nonce), chunks: [header.subarray(newline + 1)], got: rest };
          relayDone();
          return;
        }
        if (verb === 'podnet-bulk' && nonce && /^\d+$/.test(size ?? '')) {
          bulk = { nonce, want: Number(size), got: rest };
        } else {
          socket.destroy();
          return;
        }
      }
      if (bulk.got >= bulk.want) socket.end(`podnet-echo ${bulk.nonce} ${socket.remoteAddress ?? '?'} ${bulk.got}\n`);
    });
  });
}

function udpServer(type: 'udp4' | 'udp6'): UdpSocket {
  const socket = createSocket({ type });
  socket.on('message', (msg, rinfo) => {
    const text = msg.subarray(0, Math.min(msg.length, maxHeader)).toString('latin1');
    const [verb, nonce] = text.split(' ');
    if (verb !== 'podnet-check' || !nonce) return;
    socket.send(`podnet-echo ${nonce} ${rinfo.address} ${msg.length}`, rinfo.port, rinfo.address);
  });
  socket.on('error', () => undefined);
  return socket;
}

function listenTcp(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, ipv6Only: false }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function bindUdp(socket: UdpSocket, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

/**
 * UDP sockets bound to each address of the namespace: an answer from a wildcard socket leaves from
 * whichever address the route back picks (a node's cni0 address instead of the InternalIP it was
 * sent to), and the sender's connected socket drops it. Link-local IPv6 is left out (it needs a scope),
 * and so is kube-proxy's IPVS dummy device, which holds every Service IP and no node address.
 */
function localAddresses(): string[] {
  return Object.entries(networkInterfaces())
    .filter(([name]) => name !== 'kube-ipvs0')
    .flatMap(([, list]) => list ?? [])
    .filter((a) => !(a.family === 'IPv6' && a.address.toLowerCase().startsWith('fe80')))
    .map((a) => a.address);
}

/** TCP on every address (`::`, IPv4 too, where IPv6 is on, else 0.0.0.0); UDP per address. */
export async function startEchoServers(port: number, relay?: RelayHandler): Promise<EchoServers> {
  let tcp = tcpServer(relay);
  try {
    await listenTcp(tcp, port, '::');
  } catch {
    // IPv6 disabled in this namespace.
    tcp.close();
    tcp = tcpServer(relay);
    await listenTcp(tcp, port, '0.0.0.0');
  }
  const udp: UdpSocket[] = [];
  const refused: string[] = [];
  for (const address of localAddresses()) {
    const socket = udpServer(isIPv6(address) ? 'udp6' : 'udp4');
    try {
      await bindUdp(socket, port, address);
      udp.push(socket);
    } catch (error) {
      // One taken address (another service on this port there) must not cost the others.
      socket.close();
      refused.push(`${address} (${(error as { code?: string }).code ?? String(error)})`);
    }
  }
  if (!udp.length) throw new Error(`UDP port ${port} could not be bound on any address: ${refused.join(', ')}`);
  return {
    refused,
    close: () => {
      tcp.close();
      for (const socket of udp) socket.close();
    },
  };
}
