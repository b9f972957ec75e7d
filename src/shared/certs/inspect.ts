import type { X509Certificate } from 'node:crypto';
import { CertificateParseError, parseCertificatePem, parsePrivateKeyPem, type PemInput } from './pem.js';
import { readX509Fields } from './x509Fields.js';

export { CertificateParseError, PrivateKeyParseError } from './pem.js';

const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const EKU_ANY = '2.5.29.37.0';

export interface CertificateInfo {
  subjectCN: string | undefined;
  issuerCN: string | undefined;
  /** Lowercase hex of the serial's DER content bytes. */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  /** Key usage bits set, by RFC 5280 name (digitalSignature, keyCertSign, ...). */
  keyUsage: string[];
  /**
   * What TLS (Go and OpenSSL alike) will let the certificate do: a purpose is allowed when the
   * extended key usage lists it or anyExtendedKeyUsage, or when the extension is absent.
   */
  extKeyUsage: { serverAuth: boolean; clientAuth: boolean };
  /** The extension's OIDs as written; undefined when the certificate has no extended key usage. */
  extKeyUsageOids: string[] | undefined;
  ipSans: string[];
  dnsSans: string[];
  /** 'rsa', 'ec', 'ed25519', ... as Node names it. */
  publicKeyAlgorithm: string;
  /** RSA modulus or EC curve size; undefined for key types without one. */
  publicKeyBits: number | undefined;
  /** e.g. sha256WithRSAEncryption; the dotted OID when the algorithm is not one we name. */
  signatureAlgorithm: string;
  /** SHA-256 of the DER, colon-separated hex: identifies the certificate, reveals nothing. */
  fingerprint256: string;
}

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };

function keySize(cert: X509Certificate): { publicKeyAlgorithm: string; publicKeyBits: number | undefined } {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const bits = details.modulusLength ?? (details.namedCurve ? CURVE_BITS[details.namedCurve] : undefined);
  return { publicKeyAlgorithm: key.asymmetricKeyType ?? 'unknown', publicKeyBits: bits };
}

function allows(oids: string[] | undefined, purpose: string): boolean {
  return oids === undefined || oids.includes(purpose) || oids.includes(EKU_ANY);
}

/** Certificate facts from a parsed native certificate (shared with the audit, which parses once). */
export function describeCertificate(cert: X509Certificate): CertificateInfo {
  let fields;
  try {
    fields = readX509Fields(cert.raw);
  } catch {
    throw new CertificateParseError('undecodable', 'The certificate decodes but its fields do not follow the X.509 structure.');
  }
  return {
    subjectCN: fields.subjectCN,
    issuerCN: fields.issuerCN,
    serialHex: fields.serialHex,
    notBefore: fields.notBefore,
    notAfter: fields.notAfter,
    isCA: cert.ca,
    keyUsage: fields.keyUsage,
    extKeyUsage: {
      serverAuth: allows(fields.extKeyUsageOids, EKU_SERVER_AUTH),
      clientAuth: allows(fields.extKeyUsageOids, EKU_CLIENT_AUTH),
    },
    extKeyUsageOids: fields.extKeyUsageOids,
    ipSans: fields.ipSans,
    dnsSans: fields.dnsSans,
    ...keySize(cert),
    signatureAlgorithm: fields.signatureAlgorithm,
    fingerprint256: cert.fingerprint256,
  };
}

/** Throws CertificateParseError (which never quotes the input) when `pem` is not a certificate. */
export function inspectCertificate(pem: PemInput): CertificateInfo {
  return describeCertificate(parseCertificatePem(pem));
}

/** True when the private key is the one whose public half the certificate carries. */
export function keyMatchesCertificate(keyPem: PemInput, certPem: PemInput): boolean {
  const key = parsePrivateKeyPem(keyPem);
  return parseCertificatePem(certPem).checkPrivateKey(key);
}

/** Issuer name (and key identifiers) match the CA, and the signature verifies with the CA's key. */
export function certificateSignedBy(cert: X509Certificate, ca: X509Certificate): boolean {
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

export function isSignedBy(certPem: PemInput, caPem: PemInput): boolean {
  return certificateSignedBy(parseCertificatePem(certPem), parseCertificatePem(caPem));
}
