// The lab API on the LAN: a small process inside the lan namespace accepts TCP on the LAN address
// and pipes each connection to a unix socket the lab also serves TLS on (unix sockets cross network
// namespaces; nothing is routed through the lab's own namespace). TLS ends in the lab, so the
// server certificate (with the LAN address in its SAN) is what nodes verify.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Runs with `node -e`: no file of its own to ship. argv: host, port, socket path. */
export const forwarderScript = `
const net = require('node:net');
const [host, port, socketPath] = process.argv.slice(1);
const server = net.createServer((client) => {
  const upstream = net.connect(socketPath);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.pipe(upstream).pipe(client);
});
server.on('error', (e) => { process.stderr.write(String(e) + '\\n'); process.exit(1); });
server.listen({ host, port: Number(port) }, () => process.stdout.write('listening\\n'));
process.stdin.on('close', () => process.exit(0)).resume();
`;

/** Starts the forwarder and resolves once it listens; it ends when the lab does (its stdin closes). */
export function startApiForwarder(lanNs: string, host: string, port: number, socketPath: string): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', lanNs, process.execPath, '-e', forwarderScript, host, String(port), socketPath], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`the API forwarder in ${lanNs} exited (${code}): ${err.trim()}`)));
  });
}
