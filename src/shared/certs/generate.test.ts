import { X509Certificate, createPrivateKey } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_SKEW_MS, DEFAULT_CA_DAYS, DEFAULT_LEAF_DAYS, generateCertificateSet, type CertificateSet } from './generate.js';
import { inspectCertificate, isSignedBy, keyMatchesCertificate } from './inspect.js';
import { SERIAL_BYTES, serialHexFromBytes } from './issue.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-03-01T12:00:00.000Z');
/** X.509 times carry whole seconds. */
const seconds = (ms: number) => Math.floor(ms / 1000) * 1000;

let set: CertificateSet;
beforeAll(async () => {
  set = await generateCertificateSet({ now: NOW });
});

describe('generateCertificateSet', () => {
  it('makes a CA that can sign certificates and nothing else', () => {
    const ca = inspectCertificate(set.caCert);
    expect(ca.isCA).toBe(true);
    expect(ca.keyUsage.sort()).toEqual(['cRLSign', 'keyCertSign']);
    expect(ca.subjectCN).toBe(ca.issuerCN);
    expect(isSignedBy(set.caCert, set.caCert)).toBe(true);
    expect(ca.ipSans).toEqual([]);
  });

  it('makes a server certificate for 127.0.0.1 usable only for TLS servers', () => {
    const server = inspectCertificate(set.serverCert);
    expect(server.isCA).toBe(false);
    expect(server.ipSans).toEqual(['127.0.0.1']);
    expect(server.dnsSans).toEqual([]);
    expect(server.extKeyUsage).toEqual({ serverAuth: true, clientAuth: false });
    expect(server.keyUsage.sort()).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(server.issuerCN).toBe(inspectCertificate(set.caCert).subjectCN);
    expect(isSignedBy(set.serverCert, set.caCert)).toBe(true);
    expect(new X509Certificate(set.serverCert).checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it('makes a client certificate usable only for TLS clients', () => {
    const client = inspectCertificate(set.clientCert);
    expect(client.isCA).toBe(false);
    expect(client.extKeyUsage).toEqual({ serverAuth: false, clientAuth: true });
    expect(client.keyUsage).toContain('digitalSignature');
    expect(isSignedBy(set.clientCert, set.caCert)).toBe(true);
  });

  it('uses 2048-bit RSA keys, SHA-256 signatures and PKCS#8 key files that match their certificates', () => {
    for (const [cert, key] of [
      [set.caCert, set.caKey],
      [set.serverCert, set.serverKey],
      [set.clientCert, set.clientKey],
    ] as const) {
      const info = inspectCertificate(cert);
      expect(info.publicKeyAlgorithm).toBe('rsa');
      expect(info.publicKeyBits).toBe(2048);
      expect(info.signatureAlgorithm).toBe('sha256WithRSAEncryption');
      expect(key.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
      expect(keyMatchesCertificate(key, cert)).toBe(true);
      expect(cert).not.toContain('\r');
    }
    expect(keyMatchesCertificate(set.serverKey, set.clientCert)).toBe(false);
  });

  it('backdates notBefore for clock skew and applies the default lifetimes', () => {
    const notBefore = seconds(NOW.getTime() - CLOCK_SKEW_MS);
    const ca = inspectCertificate(set.caCert);
    expect(ca.notBefore.getTime()).toBe(notBefore);
    expect(ca.notAfter.getTime()).toBe(seconds(NOW.getTime() + DEFAULT_CA_DAYS * DAY_MS));
    for (const cert of [set.serverCert, set.clientCert]) {
      const leaf = inspectCertificate(cert);
      expect(leaf.notBefore.getTime()).toBe(notBefore);
      expect(leaf.notAfter.getTime()).toBe(seconds(NOW.getTime() + DEFAULT_LEAF_DAYS * DAY_MS));
      // The native parser agrees on the window.
      expect(new X509Certificate(cert).validToDate.getTime()).toBe(leaf.notAfter.getTime());
    }
  });

  it('gives every certificate its own positive 16-byte serial', () => {
    const serials = [set.caCert, set.serverCert, set.clientCert].map((c) => inspectCertificate(c).serialHex);
    expect(new Set(serials).size).toBe(3);
    for (const serial of serials) {
      expect(serial).toMatch(/^[0-7][0-9a-f]{31}$/);
      expect(serial.startsWith('00')).toBe(false);
    }
  });

  it('generates a fresh CA and fresh keys on every call', async () => {
    const again = await generateCertificateSet({ now: NOW });
    expect(again.caKey).not.toBe(set.caKey);
    expect(isSignedBy(again.serverCert, set.caCert)).toBe(false);
  });

  it('honours days, caDays, serverIp and keyBits', async () => {
    const custom = await generateCertificateSet({ now: NOW, days: 30, caDays: 60, serverIp: '10.0.0.5', keyBits: 3072 });
    const server = inspectCertificate(custom.serverCert);
    expect(server.ipSans).toEqual(['10.0.0.5']);
    expect(server.publicKeyBits).toBe(3072);
    expect(createPrivateKey(custom.clientKey).asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(server.notAfter.getTime()).toBe(seconds(NOW.getTime() + 30 * DAY_MS));
    expect(inspectCertificate(custom.caCert).notAfter.getTime()).toBe(seconds(NOW.getTime() + 60 * DAY_MS));
  });

  it('never lets the CA expire before the certificates it signed', async () => {
    const custom = await generateCertificateSet({ now: NOW, days: 400, caDays: 100 });
    expect(inspectCertificate(custom.caCert).notAfter.getTime()).toBeGreaterThanOrEqual(
      inspectCertificate(custom.serverCert).notAfter.getTime(),
    );
  });

  it.each([
    [{ keyBits: 1024 }, /2048/],
    [{ keyBits: 2047 }, /2048/],
    [{ keyBits: 2048.5 }, /2048/],
    [{ days: 0 }, /days/],
    [{ days: Number.NaN }, /days/],
    [{ serverIp: 'buildkitd.local' }, /serverIp/],
    [{ now: new Date('nope') }, /now/],
  ])('refuses %o before generating anything', async (opts, message) => {
    await expect(generateCertificateSet(opts)).rejects.toThrow(message);
  });

  it('keeps the event loop turning while keys are generated', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await generateCertificateSet();
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('serialHexFromBytes', () => {
  it('always yields a minimal positive DER integer of 16 bytes that keeps the other bits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: SERIAL_BYTES, maxLength: SERIAL_BYTES }), (bytes) => {
        const serial = Buffer.from(serialHexFromBytes(bytes), 'hex');
        expect(serial.length).toBe(SERIAL_BYTES);
        expect(serial[0]).toBeGreaterThanOrEqual(0x01);
        expect(serial[0]).toBeLessThanOrEqual(0x7f);
        expect(serial.subarray(1)).toEqual(Buffer.from(bytes).subarray(1));
      }),
    );
  });

  it('refuses the wrong number of bytes', () => {
    expect(() => serialHexFromBytes(new Uint8Array(8))).toThrow(RangeError);
  });
});
