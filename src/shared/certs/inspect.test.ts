import { X509Certificate, createPrivateKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCertificateSet, type CertificateSet } from './generate.js';
import { CertificateParseError, PrivateKeyParseError, inspectCertificate, isSignedBy, keyMatchesCertificate } from './inspect.js';
import { makeTestCa, makeTestLeaf } from './testSupport.js';

/**
 * Made with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -days 36500
 * -addext subjectAltName=DNS:localhost,IP:::1,IP:127.0.0.1,IP:2001:db8::8 ...`: an EC key
 * (which forge's own parser refuses), a GeneralizedTime notAfter, IPv6 SANs, no extended key usage.
 */
const EC_CERT = `-----BEGIN CERTIFICATE-----
MIIBzjCCAXWgAwIBAgITbezKvtLthfSzvdj1Q8M31Z2xjjAKBggqhkjOPQQDAjAV
MRMwEQYDVQQDDAplYyBleGFtcGxlMCAXDTI2MTEyNDEwMDYwMVoYDzIxMjYxMDMx
MTAwNjAxWjAVMRMwEQYDVQQDDAplYyBleGFtcGxlMFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEVFkZjZcZLwsebdvjpBGtNUv4iQmVgqB3wl9nJ1wjwxZoHMasUmxt
La7m/1W71PYnCm2B2gb3zM8UZkH0sBG0QqOBoTCBnjAdBgNVHQ4EFgQUM+bons2X
MEdFqqLhe+zL6Z+5o6kwHwYDVR0jBBgwFoAUM+bons2XMEdFqqLhe+zL6Z+5o6kw
PgYDVR0RBDcwNYIJbG9jYWxob3N0hxAAAAAAAAAAAAAAAAAAAAABhwR/AAABhxAg
AQ24AAAAAAAAAAAAAAAIMAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgeAMAoG
CCqGSM49BAMCA0cAMEQCIHNdABlbLLbG8WZho88FYrJLLUOs0uuMajj11jJT2KmH
AiA+MGZY460RuW7VhHkixSth4Zm+bo9bHZi0qXnvhvRJJQ==
-----END CERTIFICATE-----
`;

const pemBody = (pem: string) =>
  pem
    .split('\n')
    .filter((line) => line && !line.startsWith('-----'))
    .join('');

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

let set: CertificateSet;
beforeAll(async () => {
  set = await generateCertificateSet();
});

describe('inspectCertificate', () => {
  it('reads an EC certificate with IPv6 SANs and no extended key usage', () => {
    const info = inspectCertificate(EC_CERT);
    const native = new X509Certificate(EC_CERT);
    expect(info).toMatchObject({
      subjectCN: 'ec example',
      issuerCN: 'ec example',
      isCA: false,
      keyUsage: ['digitalSignature'],
      extKeyUsage: { serverAuth: true, clientAuth: true },
      extKeyUsageOids: undefined,
      ipSans: ['::1', '127.0.0.1', '2001:db8::8'],
      dnsSans: ['localhost'],
      publicKeyAlgorithm: 'ec',
      publicKeyBits: 256,
      signatureAlgorithm: 'ecdsa-with-SHA256',
    });
    expect(info.notAfter.getUTCFullYear()).toBe(2126);
    expect(info.notAfter.getTime()).toBe(native.validToDate.getTime());
    expect(info.notBefore.getTime()).toBe(native.validFromDate.getTime());
    expect(info.serialHex).toBe(native.serialNumber.toLowerCase());
    expect(info.fingerprint256).toBe(native.fingerprint256);
  });

  it('agrees with the native parser on generated certificates', () => {
    for (const pem of [set.caCert, set.serverCert, set.clientCert]) {
      const native = new X509Certificate(pem);
      const info = inspectCertificate(pem);
      expect(info.serialHex).toBe(native.serialNumber.toLowerCase());
      expect(info.isCA).toBe(native.ca);
      expect(`CN=${info.subjectCN}`).toBe(native.subject);
      expect(info.notBefore.getTime()).toBe(native.validFromDate.getTime());
    }
  });

  it('accepts Buffers and reads the first certificate of a bundle', () => {
    const bundle = Buffer.from(`${set.serverCert}${set.caCert}`);
    expect(inspectCertificate(bundle).ipSans).toEqual(['127.0.0.1']);
  });

  it('names the problem without quoting the input', () => {
    const garbage = 'not a certificate at all: c2VjcmV0LXRva2Vu';
    const notPem = thrown(() => inspectCertificate(garbage));
    expect(notPem).toBeInstanceOf(CertificateParseError);
    expect((notPem as CertificateParseError).problem).toBe('not-pem');
    expect(notPem.message).not.toContain('c2VjcmV0');

    const body = pemBody(set.serverCert);
    const corrupt = `-----BEGIN CERTIFICATE-----\n${body.slice(0, 200)}\n-----END CERTIFICATE-----\n`;
    const undecodable = thrown(() => inspectCertificate(corrupt));
    expect((undecodable as CertificateParseError).problem).toBe('undecodable');
    expect(undecodable.message).not.toContain(body.slice(0, 20));

    const keyAsCert = thrown(() => inspectCertificate(set.serverKey));
    expect(keyAsCert).toBeInstanceOf(CertificateParseError);
    expect(keyAsCert.message).not.toContain(pemBody(set.serverKey).slice(0, 20));
    expect(keyAsCert.message).not.toContain('PRIVATE KEY');
  });
});

describe('keyMatchesCertificate', () => {
  it('matches PKCS#8 and PKCS#1 forms of the same key and rejects another pair', () => {
    const pkcs1 = createPrivateKey(set.clientKey).export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(pkcs1).toContain('BEGIN RSA PRIVATE KEY');
    expect(keyMatchesCertificate(pkcs1, set.clientCert)).toBe(true);
    expect(keyMatchesCertificate(set.clientKey, set.clientCert)).toBe(true);
    expect(keyMatchesCertificate(set.caKey, set.clientCert)).toBe(false);
  });

  it('refuses passphrase-protected, garbage and corrupt keys without quoting them', () => {
    const encrypted = createPrivateKey(set.clientKey)
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'hunter2' })
      .toString();
    const cases: [string, string][] = [
      [encrypted, 'encrypted'],
      ['-----BEGIN CERTIFICATE-----', 'not-pem'],
      [`-----BEGIN PRIVATE KEY-----\n${pemBody(set.clientKey).slice(0, 120)}\n-----END PRIVATE KEY-----\n`, 'undecodable'],
    ];
    for (const [key, problem] of cases) {
      const error = thrown(() => keyMatchesCertificate(key, set.clientCert));
      expect(error).toBeInstanceOf(PrivateKeyParseError);
      expect((error as PrivateKeyParseError).problem).toBe(problem);
      expect(error.message).not.toContain(pemBody(set.clientKey).slice(0, 16));
      expect(error.message).not.toContain(pemBody(encrypted).slice(0, 16));
    }
  });
});

describe('isSignedBy', () => {
  it('needs the signature to verify, not only the issuer name to match', async () => {
    const impostor = await makeTestCa({ commonName: inspectCertificate(set.caCert).subjectCN });
    expect(inspectCertificate(impostor.certPem).subjectCN).toBe(inspectCertificate(set.serverCert).issuerCN);
    expect(isSignedBy(set.serverCert, impostor.certPem)).toBe(false);
    expect(isSignedBy(set.serverCert, set.caCert)).toBe(true);
  });

  it('is false for a certificate from another CA and for a leaf posing as a CA', async () => {
    const otherCa = await makeTestCa();
    const foreign = await makeTestLeaf(otherCa, { role: 'client' });
    expect(isSignedBy(foreign.certPem, set.caCert)).toBe(false);
    expect(isSignedBy(foreign.certPem, otherCa.certPem)).toBe(true);
    expect(isSignedBy(set.clientCert, set.serverCert)).toBe(false);
  });

  it('throws CertificateParseError for input that is not a certificate', () => {
    expect(() => isSignedBy('nope', set.caCert)).toThrow(CertificateParseError);
  });
});
