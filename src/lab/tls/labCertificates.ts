// The lab's own CA and serving certificate (ECDSA P-256, signed with node:crypto). kubectl and
// client-node verify the server against this CA: the lab never asks anyone to skip TLS checks.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { bitString, boolean, explicit, implicit, integer, octetString, oid, sequence, set, time, utf8String } from './der';
import { parseAddress } from '../../core/net/cidr';

export interface LabCertificates {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** A client certificate signed by the lab CA (x509 client auth, as kubeadm's admin.conf has). */
  issueClient(commonName: string, organizations: readonly string[]): { readonly certPem: string; readonly keyPem: string };
}

const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
// O then CN, as the API server reads them: CN = user name, each O = a group.
const name = (commonName: string, organizations: readonly string[] = ['podnet-lab']): Buffer =>
  sequence(...organizations.map((o) => set(sequence(oid('2.5.4.10'), utf8String(o)))), set(sequence(oid('2.5.4.3'), utf8String(commonName))));
const extension = (id: string, critical: boolean, value: Buffer): Buffer => sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
const keyId = (spki: Buffer): Buffer => createHash('sha1').update(spki).digest();
const pem = (label: string, der: Buffer): string =>
  `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

function certificate(
  opts: { subject: string; subjectOrgs?: readonly string[]; issuer: string; spki: Buffer; issuerSpki: Buffer; signer: KeyObject; extensions: Buffer[] },
): Buffer {
  const now = Date.now();
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(Buffer.concat([Buffer.from([0x01]), randomBytes(15)])),
    ecdsaWithSha256,
    name(opts.issuer),
    sequence(time(new Date(now - 3600_000)), time(new Date(now + 365 * 86400_000))),
    name(opts.subject, opts.subjectOrgs),
    opts.spki,
    explicit(
      3,
      sequence(
        ...opts.extensions,
        extension('2.5.29.14', false, octetString(keyId(opts.spki))),
        extension('2.5.29.35', false, sequence(implicit(0, keyId(opts.issuerSpki)))),
      ),
    ),
  );
  return sequence(tbs, ecdsaWithSha256, bitString(sign('sha256', tbs, opts.signer)));
}

/** Mints a fresh CA and a serving certificate for `hosts` (IP addresses or DNS names). */
export function createLabCertificates(hosts: readonly string[]): LabCertificates {
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const server = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caSpki = ca.publicKey.export({ type: 'spki', format: 'der' });
  const serverSpki = createPublicKey(server.privateKey).export({ type: 'spki', format: 'der' });
  const caDer = certificate({
    subject: 'podnet-lab-ca',
    issuer: 'podnet-lab-ca',
    spki: caSpki,
    issuerSpki: caSpki,
    signer: ca.privateKey,
    extensions: [
      extension('2.5.29.19', true, sequence(boolean(true))),
      // digitalSignature | keyCertSign | cRLSign
      extension('2.5.29.15', true, bitString(Buffer.from([0x86]), 1)),
    ],
  });
  const altNames = hosts.map((host) => {
    const ip = parseAddress(host);
    if (!ip) return implicit(2, Buffer.from(host));
    const hex = ip.value.toString(16).padStart(ip.family === 4 ? 8 : 32, '0');
    return implicit(7, Buffer.from(hex, 'hex'));
  });
  const serverDer = certificate({
    subject: 'podnet-lab-apiserver',
    issuer: 'podnet-lab-ca',
    spki: serverSpki,
    issuerSpki: caSpki,
    signer: ca.privateKey,
    extensions: [
      extension('2.5.29.19', true, sequence()),
      extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)),
      extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))),
      extension('2.5.29.17', false, sequence(...altNames)),
    ],
  });
  const issueClient = (commonName: string, organizations: readonly string[]) => {
    const client = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = certificate({
      subject: commonName,
      subjectOrgs: organizations,
      issuer: 'podnet-lab-ca',
      spki: createPublicKey(client.privateKey).export({ type: 'spki', format: 'der' }),
      issuerSpki: caSpki,
      signer: ca.privateKey,
      extensions: [
        extension('2.5.29.19', true, sequence()),
        extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)),
        // extKeyUsage clientAuth
        extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.2'))),
      ],
    });
    return { certPem: pem('CERTIFICATE', der), keyPem: client.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  };
  return {
    caPem: pem('CERTIFICATE', caDer),
    certPem: pem('CERTIFICATE', serverDer),
    keyPem: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    issueClient,
  };
}
