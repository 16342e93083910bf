// A minimal authoritative DNS responder for the data-plane tests (run inside a namespace):
//   node dnsResponder.mjs ADDRESS NAME IPV4   → answers A queries for NAME with IPV4, NXDOMAIN otherwise
import { Buffer } from 'node:buffer';
import { createSocket } from 'node:dgram';

const [address, name, answer] = process.argv.slice(2);
const socket = createSocket('udp4');
socket.on('message', (msg, rinfo) => {
  if (msg.length < 12) return;
  // The question: labels from byte 12 to the zero label, then QTYPE and QCLASS.
  const labels = [];
  let i = 12;
  while (i < msg.length && msg[i] !== 0) {
    labels.push(msg.subarray(i + 1, i + 1 + msg[i]).toString('ascii'));
    i += msg[i] + 1;
  }
  const questionEnd = i + 5;
  const qtype = msg.readUInt16BE(i + 1);
  const asked = labels.join('.').toLowerCase();
  const found = asked === name.toLowerCase() && qtype === 1;
  const header = Buffer.alloc(12);
  msg.copy(header, 0, 0, 2);
  header.writeUInt16BE(0x8400 | (found ? 0 : 3), 2); // response, authoritative, NOERROR / NXDOMAIN
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(found ? 1 : 0, 6);
  const question = msg.subarray(12, questionEnd);
  const record = found ? Buffer.concat([Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4]), Buffer.from(answer.split('.').map(Number))]) : Buffer.alloc(0);
  socket.send(Buffer.concat([header, question, record]), rinfo.port, rinfo.address);
});
socket.bind(53, address, () => process.stdout.write('dns ready\n'));
