// The machine has no CoreDNS binary: a CoreDNS container runs this stand-in instead, a small
// authoritative server for cluster.local (UDP and TCP on port 53 in its pod's namespace) that
// answers A records for Services (`svc.ns.svc.cluster.local` → ClusterIP) and pod names
// (`a-b-c-d.ns.pod.cluster.local`) from the API, with the pod's service-account token. It never
// forwards: other names are REFUSED, so nothing leaves the lab.

/** CoreDNS images: the first such container of a pod (the coredns container) runs the stand-in. */
export const coreDnsImage = /(^|\/)coredns(:|@|$)/;

/** Runs with `node -e` (nothing to ship). Reads KUBERNETES_SERVICE_HOST/PORT and the service-account files. */
export const dnsStandInScript = `
const dgram = require('node:dgram');
const net = require('node:net');
const https = require('node:https');
const fs = require('node:fs');
const sa = '/var/run/secrets/kubernetes.io/serviceaccount';
const host = process.env.KUBERNETES_SERVICE_HOST, port = process.env.KUBERNETES_SERVICE_PORT;
let services = new Map(), fetchedAt = 0, pending;
function refresh() {
  if (Date.now() - fetchedAt < 2000) return Promise.resolve();
  pending ??= new Promise((resolve) => {
    const req = https.get({ host, port, path: '/api/v1/services', ca: fs.readFileSync(sa + '/ca.crt'), headers: { Authorization: 'Bearer ' + fs.readFileSync(sa + '/token', 'utf8').trim() }, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        try {
          const next = new Map();
          for (const s of JSON.parse(body).items) if (s.spec.clusterIP && s.spec.clusterIP !== 'None') next.set(s.metadata.name + '.' + s.metadata.namespace, s.spec.clusterIP);
          services = next;
          fetchedAt = Date.now();
        } catch (e) { process.stderr.write('services: ' + e + '\\n'); }
        resolve();
      });
    });
    req.on('error', (e) => { process.stderr.write('services: ' + e + '\\n'); resolve(); });
    req.on('timeout', () => req.destroy(new Error('timeout')));
  }).finally(() => (pending = undefined));
  return pending;
}
function lookup(name) {
  const m = /^(.+)\\.([^.]+)\\.(svc|pod)\\.cluster\\.local$/.exec(name);
  if (!name.endsWith('cluster.local')) return { rcode: 5 };
  if (!m) return { rcode: name === 'cluster.local' ? 0 : 3 };
  if (m[3] === 'pod') {
    const ip = m[1].split('-');
    return ip.length === 4 && ip.every((o) => /^\\d+$/.test(o) && Number(o) < 256) ? { rcode: 0, ip: ip.join('.') } : { rcode: 3 };
  }
  const ip = services.get(m[1] + '.' + m[2]);
  return ip ? { rcode: 0, ip } : { rcode: 3 };
}
async function answer(q) {
  if (q.length < 12) return undefined;
  let o = 12; const labels = [];
  while (o < q.length && q[o] !== 0) { labels.push(q.subarray(o + 1, o + 1 + q[o]).toString('latin1')); o += q[o] + 1; }
  const qtype = q.readUInt16BE(o + 1), qend = o + 5;
  await refresh();
  const r = lookup(labels.join('.').toLowerCase());
  const a = r.ip && qtype === 1 ? Buffer.concat([Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4]), Buffer.from(r.ip.split('.').map(Number))]) : Buffer.alloc(0);
  const h = Buffer.alloc(12);
  h.writeUInt16BE(q.readUInt16BE(0), 0);
  h.writeUInt16BE(0x8000 | (q.readUInt16BE(2) & 0x7900) | (r.rcode === 5 ? 0 : 0x0400) | r.rcode, 2);
  h.writeUInt16BE(1, 4); h.writeUInt16BE(a.length ? 1 : 0, 6);
  return Buffer.concat([h, q.subarray(12, qend), a]);
}
const udp = dgram.createSocket('udp4');
udp.on('message', (q, rinfo) => answer(q).then((r) => r && udp.send(r, rinfo.port, rinfo.address)));
udp.bind(53, '0.0.0.0');
net.createServer((s) => {
  let buf = Buffer.alloc(0);
  s.on('error', () => {});
  s.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
      const q = buf.subarray(2, 2 + buf.readUInt16BE(0));
      buf = buf.subarray(2 + q.length);
      answer(q).then((r) => { if (r) { const l = Buffer.alloc(2); l.writeUInt16BE(r.length); s.write(Buffer.concat([l, r])); } });
    }
  });
}).listen(53, '0.0.0.0', () => process.stdout.write('lab DNS stand-in for cluster.local on :53\\n'));
`;
