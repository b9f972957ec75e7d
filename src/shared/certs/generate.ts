import { isIP } from 'node:net';
import { generateRsaKeyPair } from './keys.js';
import { BUILDKIT_SERVER_NAME } from './secretData.js';
import type { CertificateSet } from './types.js';

export type { CertificateSet } from './types.js';

/** Below this RSA size Go and OpenSSL security levels start refusing keys; we never make one. */
export const MIN_RSA_BITS = 2048;
export const DEFAULT_RSA_BITS = 2048;
/**
 * Leaf lifetime: the 825-day ceiling browsers once enforced. It is a private CA nobody else
 * trusts, but a bounded lifetime keeps a leaked client key from working forever, and `doctor`
 * warns 30 days ahead.
 */
export const DEFAULT_LEAF_DAYS = 825;
/** CA lifetime: ten years, so renewing the leaves never forces a new CA. */
export const DEFAULT_CA_DAYS = 3650;
/** notBefore is backdated this much so a node whose clock runs behind still accepts the certificates. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_DAYS = 100 * 365;

export const CA_COMMON_NAME = 'probuilder-setup BuildKit CA';
export const SERVER_COMMON_NAME = 'buildkitd';
export const CLIENT_COMMON_NAME = 'pro-builder';

export interface GenerateOptions {
  /** Validity of the server and client certificates, in days from `now`. Default 825. */
  days?: number;
  /** Validity of the CA in days; never shorter than `days`. Default 3650. */
  caDays?: number;
  /** RSA modulus size for all three keys. Default 2048; below 2048 is refused. */
  keyBits?: number;
  now?: Date;
  /** IP SAN of the server certificate: the address pro-builder dials. Default 127.0.0.1. */
  serverIp?: string;
}

function requireDays(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_DAYS) {
    throw new RangeError(`${name} must be a whole number of days between 1 and ${MAX_DAYS}, got ${value}.`);
  }
  return value;
}

function validate(opts: GenerateOptions) {
  const keyBits = opts.keyBits ?? DEFAULT_RSA_BITS;
  if (!Number.isInteger(keyBits) || keyBits < MIN_RSA_BITS || keyBits > 16384) {
    throw new RangeError(`RSA keys must be between ${MIN_RSA_BITS} and 16384 bits, got ${keyBits}.`);
  }
  const days = requireDays('days', opts.days ?? DEFAULT_LEAF_DAYS);
  const caDays = Math.max(requireDays('caDays', opts.caDays ?? DEFAULT_CA_DAYS), days);
  const now = opts.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date.');
  const serverIp = opts.serverIp ?? BUILDKIT_SERVER_NAME;
  if (isIP(serverIp) === 0) throw new RangeError(`serverIp must be an IPv4 or IPv6 address, got "${serverIp}".`);
  return { keyBits, days, caDays, now, serverIp };
}

/**
 * A fresh CA and the BuildKit server / pro-builder client pairs it signs, replacing the README's
 * `certgen` container. The three RSA keys are generated concurrently off the main thread; only
 * the (millisecond) signing runs on it.
 */
export async function generateCertificateSet(opts: GenerateOptions = {}): Promise<CertificateSet> {
  const { keyBits, days, caDays, now, serverIp } = validate(opts);
  // node-forge is only loaded when certificates are made: every other command (and the wizard's first
  // frame) would pay for parsing it. It loads while the keys are being generated.
  const [{ createCaCertificate, issueLeafCertificate }, caKeys, serverKeys, clientKeys] = await Promise.all([
    import('./issue.js'),
    generateRsaKeyPair(keyBits),
    generateRsaKeyPair(keyBits),
    generateRsaKeyPair(keyBits),
  ]);
  const notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  const leafNotAfter = new Date(now.getTime() + days * DAY_MS);

  const caCert = createCaCertificate(caKeys, {
    commonName: CA_COMMON_NAME,
    notBefore,
    notAfter: new Date(now.getTime() + caDays * DAY_MS),
  });
  const issuer = { certPem: caCert, keyPem: caKeys.privateKeyPem };
  const serverCert = issueLeafCertificate(serverKeys, issuer, {
    role: 'server',
    commonName: SERVER_COMMON_NAME,
    ipSans: [serverIp],
    notBefore,
    notAfter: leafNotAfter,
  });
  const clientCert = issueLeafCertificate(clientKeys, issuer, {
    role: 'client',
    commonName: CLIENT_COMMON_NAME,
    notBefore,
    notAfter: leafNotAfter,
  });
  return {
    caCert,
    caKey: caKeys.privateKeyPem,
    serverCert,
    serverKey: serverKeys.privateKeyPem,
    clientCert,
    clientKey: clientKeys.privateKeyPem,
  };
}
