/**
 * Building blocks that turn key pairs into signed X.509 certificates with node-forge. They apply no
 * policy (key size, validity, SANs): `generateCertificateSet` does, and tests use these directly to
 * build deliberately broken certificates.
 */
import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import type { KeyPairPem } from './keys.js';

const { pki, md, asn1 } = forge;

export const SERIAL_BYTES = 16;

export interface CertificateTemplate {
  commonName: string;
  notBefore: Date;
  notAfter: Date;
  /** Hex serial; a fresh random one when omitted. */
  serialHex?: string;
}

export type LeafRole = 'server' | 'client';

export interface LeafTemplate extends CertificateTemplate {
  /** server → extKeyUsage serverAuth; client → extKeyUsage clientAuth. */
  role: LeafRole;
  ipSans?: readonly string[];
  dnsSans?: readonly string[];
  /** 'sha1' exists only so tests can build a certificate Go's crypto/x509 refuses. */
  digest?: 'sha256' | 'sha1';
}

export interface IssuerPem {
  certPem: string;
  keyPem: string;
}

/**
 * A positive DER INTEGER of exactly SERIAL_BYTES: the high bit is cleared (positive) and a zero
 * first byte is bumped to 1, because a leading 0x00 before a byte < 0x80 is a non-minimal
 * encoding that Go's x509 parser rejects. That leaves 127 bits of randomness.
 */
export function serialHexFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== SERIAL_BYTES) throw new RangeError(`A serial number needs ${SERIAL_BYTES} bytes, got ${bytes.length}.`);
  const serial = Buffer.from(bytes);
  serial[0] = serial[0]! & 0x7f || 0x01;
  return serial.toString('hex');
}

export function randomSerialHex(): string {
  return serialHexFromBytes(randomBytes(SERIAL_BYTES));
}

/** forge writes CRLF line ends; LF is what kubectl, Go and every other tool print. */
function toPem(cert: forge.pki.Certificate): string {
  return pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

function baseCertificate(publicKeyPem: string, t: CertificateTemplate): forge.pki.Certificate {
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = t.serialHex ?? randomSerialHex();
  cert.validity.notBefore = t.notBefore;
  cert.validity.notAfter = t.notAfter;
  // UTF8String, as RFC 5280 asks; the typings wrongly declare valueTagClass as an asn1.Class.
  const commonName = { shortName: 'CN', value: t.commonName, valueTagClass: asn1.Type.UTF8 };
  cert.setSubject([commonName as unknown as forge.pki.CertificateField]);
  return cert;
}

/** Self-signed root that may sign end-entity certificates only (pathLen 0). */
export function createCaCertificate(keys: KeyPairPem, t: CertificateTemplate): string {
  const cert = baseCertificate(keys.publicKeyPem, t);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', critical: true, cA: true, pathLenConstraint: 0 },
    { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(pki.privateKeyFromPem(keys.privateKeyPem), md.sha256.create());
  return toPem(cert);
}

/** The CA's own SKI, so the leaf's AKI matches it byte for byte whatever made the CA. */
function issuerKeyIdentifier(ca: forge.pki.Certificate): string {
  const ski = ca.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null;
  return ski?.subjectKeyIdentifier ? forge.util.hexToBytes(ski.subjectKeyIdentifier) : ca.generateSubjectKeyIdentifier().getBytes();
}

/** An end-entity certificate for `publicKeyPem`, signed by `issuer`. */
export function issueLeafCertificate(keys: Pick<KeyPairPem, 'publicKeyPem'>, issuer: IssuerPem, t: LeafTemplate): string {
  const ca = pki.certificateFromPem(issuer.certPem);
  const cert = baseCertificate(keys.publicKeyPem, t);
  cert.setIssuer(ca.subject.attributes);
  const altNames = [...(t.ipSans ?? []).map((ip) => ({ type: 7, ip })), ...(t.dnsSans ?? []).map((value) => ({ type: 2, value }))];
  cert.setExtensions([
    { name: 'basicConstraints', critical: true, cA: false },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    t.role === 'server' ? { name: 'extKeyUsage', serverAuth: true } : { name: 'extKeyUsage', clientAuth: true },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: issuerKeyIdentifier(ca) },
  ]);
  const digest = t.digest === 'sha1' ? md.sha1.create() : md.sha256.create();
  cert.sign(pki.privateKeyFromPem(issuer.keyPem), digest);
  return toPem(cert);
}
