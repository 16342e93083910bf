// Tiny echo peer for the data-plane tests, run inside a pod namespace.
//   node echo.mjs serve IDENTITY PORT   → TCP and UDP servers (IPv4 and IPv6) answering
//                                          "IDENTITY <peer address>", and on PORT+1 a TCP server that
//                                          sends 2 MB to every connection (bulk transfers, MTU tests)
//   node echo.mjs tcp|udp HOST PORT     → prints the answer (exit 1 after 3 s without one)
//   node echo.mjs bulk HOST PORT        → prints how many bytes PORT+1 sent (exit 1 after 10 s)
import { createServer, connect } from 'node:net';
import { createSocket } from 'node:dgram';
import { Buffer } from 'node:buffer';

const bulkBytes = 2 * 1024 * 1024;
const [mode, a, b] = process.argv.slice(2);
if (mode === 'serve') {
  const port = Number(b);
  const answer = (socket) => socket.end(`${a} ${socket.remoteAddress}\n`);
  createServer(answer).listen({ port, host: '0.0.0.0' });
  createServer(answer).on('error', () => undefined).listen({ port, host: '::', ipv6Only: true });
  const bulk = (socket) => {
    socket.on('error', () => undefined);
    socket.end(Buffer.alloc(bulkBytes, 120));
  };
  createServer(bulk).listen({ port: port + 1, host: '0.0.0.0' });
  createServer(bulk).on('error', () => undefined).listen({ port: port + 1, host: '::', ipv6Only: true });
  const udp = createSocket('udp4');
  udp.on('message', (_msg, rinfo) => udp.send(`${a} ${rinfo.address}\n`, rinfo.port, rinfo.address));
  udp.bind(port, '0.0.0.0');
  const udp6 = createSocket({ type: 'udp6', ipv6Only: true });
  udp6.on('error', () => undefined);
  udp6.on('message', (_msg, rinfo) => udp6.send(`${a} ${rinfo.address}\n`, rinfo.port, rinfo.address));
  udp6.bind(port, '::');
  process.stdout.write('listening\n');
} else {
  const timer = setTimeout(() => {
    process.stderr.write(`no ${mode} answer from ${a}:${b}\n`);
    process.exit(1);
  }, mode === 'bulk' ? 10_000 : 3000);
  const done = (text) => {
    clearTimeout(timer);
    process.stdout.write(text.trim() + '\n');
    process.exit(0);
  };
  if (mode === 'tcp') {
    let text = '';
    const socket = connect(Number(b), a);
    socket.on('data', (d) => (text += d));
    socket.on('end', () => done(text));
    socket.on('error', (e) => {
      process.stderr.write(String(e) + '\n');
      process.exit(1);
    });
  } else if (mode === 'bulk') {
    let received = 0;
    const socket = connect(Number(b) + 1, a);
    socket.on('data', (d) => (received += d.length));
    socket.on('end', () => done(String(received)));
    socket.on('error', (e) => {
      process.stderr.write(String(e) + '\n');
      process.exit(1);
    });
  } else {
    const udp = createSocket(a.includes(':') ? 'udp6' : 'udp4');
    udp.on('message', (msg) => done(String(msg)));
    udp.send('hello', Number(b), a);
  }
}
