import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createLabCertificates } from '../../../src/lab/tls/labCertificates';
import { integer, oid, time } from '../../../src/lab/tls/der';

describe('lab certificates', () => {
  it('mints a CA and a serving certificate the CA verifies, with IP and DNS subject alt names', () => {
    const c = createLabCertificates(['127.0.0.1', '198.18.0.1', 'localhost']);
    const ca = new X509Certificate(c.caPem);
    const server = new X509Certificate(c.certPem);
    assert.equal(ca.ca, true);
    assert.equal(server.ca, false);
    assert.ok(server.verify(ca.publicKey));
    assert.ok(server.checkIssued(ca));
    assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(server.checkIP('198.18.0.1'), '198.18.0.1');
    assert.equal(server.checkHost('localhost'), 'localhost');
    assert.equal(server.checkIP('10.0.0.1'), undefined);
    assert.ok(Date.parse(server.validTo) > Date.now() + 300 * 86400_000);
  });
  it('encodes DER primitives canonically', () => {
    assert.equal(integer(2).toString('hex'), '020102');
    assert.equal(integer(Buffer.from([0x80])).toString('hex'), '02020080');
    assert.equal(oid('1.2.840.10045.4.3.2').toString('hex'), '06082a8648ce3d040302');
    assert.equal(time(new Date('2030-01-02T03:04:05Z')).toString(), '\x17\x0d300102030405Z');
    assert.equal(time(new Date('2051-01-02T03:04:05Z'))[0], 0x18);
  });
});
