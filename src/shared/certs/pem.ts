/**
 * PEM text → Node's native certificate and key objects. Errors say what is wrong in words and
 * sizes only: the input may be a private key, so no part of it is ever quoted.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';

export type PemProblem = 'not-pem' | 'undecodable' | 'encrypted';

export class CertificateParseError extends Error {
  override readonly name = 'CertificateParseError';
  constructor(
    readonly problem: PemProblem,
    message: string,
  ) {
    super(message);
  }
}

export class PrivateKeyParseError extends Error {
  override readonly name = 'PrivateKeyParseError';
  constructor(
    readonly problem: PemProblem,
    message: string,
  ) {
    super(message);
  }
}

export type PemInput = string | Uint8Array;

export function pemText(input: PemInput): string {
  return typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n[\s\S]*?-----END CERTIFICATE-----/;
const PRIVATE_KEY_BLOCK = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?)PRIVATE KEY-----\r?\n[\s\S]*?-----END \1PRIVATE KEY-----/;

/**
 * The first certificate in the text (a bundle's leaf comes first; that is also the one Go's
 * tls.LoadX509KeyPair pairs with the key).
 */
export function parseCertificatePem(input: PemInput): X509Certificate {
  const text = pemText(input);
  const block = CERTIFICATE_BLOCK.exec(text)?.[0];
  if (!block) {
    throw new CertificateParseError('not-pem', `Not a PEM certificate: no certificate block in ${text.length} characters.`);
  }
  try {
    return new X509Certificate(block);
  } catch {
    throw new CertificateParseError('undecodable', 'The PEM certificate block does not decode as an X.509 certificate.');
  }
}

/** An unencrypted private key: BuildKit and pro-builder are given no passphrase. */
export function parsePrivateKeyPem(input: PemInput): KeyObject {
  const text = pemText(input);
  const match = PRIVATE_KEY_BLOCK.exec(text);
  if (!match) {
    throw new PrivateKeyParseError('not-pem', `Not a PEM private key: no private key block in ${text.length} characters.`);
  }
  if (match[1] === 'ENCRYPTED ' || /Proc-Type:\s*4,ENCRYPTED/.test(match[0])) {
    throw new PrivateKeyParseError(
      'encrypted',
      'The private key is passphrase-protected; BuildKit and pro-builder need an unencrypted key.',
    );
  }
  try {
    return createPrivateKey({ key: match[0], format: 'pem' });
  } catch {
    throw new PrivateKeyParseError('undecodable', 'The PEM private key block does not decode as a private key.');
  }
}
