// Tiny echo peer for the data-plane tests, run inside a pod namespace.
//   node echo.mjs serve IDENTITY PORT   → TCP and UDP servers answering "IDENTITY <peer address>"
//   node echo.mjs tcp|udp HOST PORT     → prints the answer (exit 1 after 3 s without one)
import { createServer, connect } from 'node:net';
import { createSocket } from 'node:dgram';

const [mode, a, b] = process.argv.slice(2);
if (mode === 'serve') {
  const port = Number(b);
  createServer((socket) => socket.end(`${a} ${socket.remoteAddress}\n`)).listen(port, '0.0.0.0');
  const udp = createSocket('udp4');
  udp.on('message', (_msg, rinfo) => udp.send(`${a} ${rinfo.address}\n`, rinfo.port, rinfo.address));
  udp.bind(port, '0.0.0.0');
  process.stdout.write('listening\n');
} else {
  const timer = setTimeout(() => {
    process.stderr.write(`no ${mode} answer from ${a}:${b}\n`);
    process.exit(1);
  }, 3000);
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
  } else {
    const udp = createSocket('udp4');
    udp.on('message', (msg) => done(String(msg)));
    udp.send('hello', Number(b), a);
  }
}
