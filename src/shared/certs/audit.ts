/**
 * Checks the two mTLS secrets the 0.4.x/0.5.x chart mounts the way BuildKit and pro-builder will use
 * them, and reports every problem as a finding with a stable code. Findings name secrets, entries
 * and dates only: no PEM text, key bytes or parser output ever reaches a message.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import { certificateSignedBy, describeCertificate, type CertificateInfo } from './inspect.js';
import { CertificateParseError, PrivateKeyParseError, parseCertificatePem, parsePrivateKeyPem, pemText } from './pem.js';
import { BUILDKIT_SERVER_NAME, CLIENT_CERTS_SECRET, DAEMON_CERTS_SECRET } from './secretData.js';

export type CertFindingCode =
  | 'secret-missing'
  | 'missing-entry'
  | 'invalid-pem'
  | 'key-mismatch'
  | 'not-a-ca'
  | 'not-signed-by-ca'
  | 'ca-mismatch'
  | 'server-ip-san-missing'
  | 'server-auth-missing'
  | 'client-auth-missing'
  | 'expired'
  | 'not-yet-valid'
  | 'expires-soon'
  | 'weak-key'
  | 'weak-signature';

export interface CertFinding {
  severity: 'fail' | 'warn';
  code: CertFindingCode;
  /** The Kubernetes secret the problem is in. */
  secret: string;
  /** The entry inside the secret (ca.crt, server.key, ...), when one is to blame. */
  key?: string;
  message: string;
  hint: string;
}

/** A secret's data with values already base64-decoded (Secret.data decoded, or stringData). */
export type SecretEntries = Record<string, Uint8Array | string>;

export interface CertSecretsInput {
  daemon?: SecretEntries;
  client?: SecretEntries;
}

export const EXPIRY_WARNING_DAYS = 30;
/** Go 1.24+ refuses RSA keys below this outright; below 2048 is only a warning. */
const RSA_REFUSED_BELOW = 1024;
const RSA_RECOMMENDED_BITS = 2048;
/** Go's crypto/x509 refuses these signatures on certificates it verifies (since Go 1.18). */
const WEAK_SIGNATURES = new Set(['sha1WithRSAEncryption', 'md5WithRSAEncryption', 'ecdsa-with-SHA1']);
const DAY_MS = 24 * 60 * 60 * 1000;
const REGENERATE = 'Generate a new certificate set and recreate both secrets from it.';

interface Side {
  secret: string;
  role: 'server' | 'client';
  leafKey: 'server.crt' | 'client.crt';
  privateKey: 'server.key' | 'client.key';
  /** The component that loads this secret, for messages. */
  self: string;
}

const DAEMON: Side = { secret: DAEMON_CERTS_SECRET, role: 'server', leafKey: 'server.crt', privateKey: 'server.key', self: 'BuildKit' };
const CLIENT: Side = { secret: CLIENT_CERTS_SECRET, role: 'client', leafKey: 'client.crt', privateKey: 'client.key', self: 'pro-builder' };

interface Parsed {
  x509: X509Certificate;
  info: CertificateInfo;
}

interface Loaded {
  side: Side;
  ca?: Parsed;
  leaf?: Parsed;
  key?: KeyObject;
}

class Findings {
  readonly list: CertFinding[] = [];
  fail(code: CertFindingCode, secret: string, key: string | undefined, message: string, hint: string) {
    this.list.push({ severity: 'fail', code, secret, ...(key ? { key } : {}), message, hint });
  }
  warn(code: CertFindingCode, secret: string, key: string | undefined, message: string, hint: string) {
    this.list.push({ severity: 'warn', code, secret, ...(key ? { key } : {}), message, hint });
  }
}

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
function days(ms: number): string {
  const whole = Math.floor(Math.abs(ms) / DAY_MS);
  return whole === 0 ? 'less than a day' : whole === 1 ? '1 day' : `${whole} days`;
}

function entryText(data: SecretEntries, key: string): string | undefined {
  const value = data[key];
  if (value === undefined) return undefined;
  const text = pemText(value);
  return text.trim() === '' ? undefined : text;
}

function load(side: Side, data: SecretEntries | undefined, out: Findings): Loaded {
  const loaded: Loaded = { side };
  if (!data) {
    out.fail(
      'secret-missing',
      side.secret,
      undefined,
      `Secret ${side.secret} does not exist.`,
      `Create it with entries ca.crt, ${side.leafKey} and ${side.privateKey}; ${side.self} cannot start its TLS side without it.`,
    );
    return loaded;
  }
  const required = ['ca.crt', side.leafKey, side.privateKey];
  for (const key of required) {
    const text = entryText(data, key);
    if (text === undefined) {
      out.fail(
        'missing-entry',
        side.secret,
        key,
        `Secret ${side.secret} has no ${key} entry, or it is empty.`,
        `The chart mounts ${required.join(', ')} from ${side.secret}. ${REGENERATE}`,
      );
      continue;
    }
    try {
      if (key === side.privateKey) loaded.key = parsePrivateKeyPem(text);
      else {
        const x509 = parseCertificatePem(text);
        const parsed = { x509, info: describeCertificate(x509) };
        if (key === 'ca.crt') loaded.ca = parsed;
        else loaded.leaf = parsed;
      }
    } catch (e) {
      if (!(e instanceof CertificateParseError || e instanceof PrivateKeyParseError)) throw e;
      // These messages are written by pem.ts and never quote the input.
      out.fail(
        'invalid-pem',
        side.secret,
        key,
        `${key} in ${side.secret} is unusable. ${e.message}`,
        `Store the PEM text itself under ${key} (not a path, and not base64 of it twice). ${REGENERATE}`,
      );
    }
  }
  return loaded;
}

function checkLeaf({ side, ca, leaf, key }: Loaded, out: Findings) {
  if (!leaf) return;
  const { secret, leafKey } = side;
  if (key && !leaf.x509.checkPrivateKey(key)) {
    out.fail(
      'key-mismatch',
      secret,
      side.privateKey,
      `${side.privateKey} in ${secret} is not the private key of ${leafKey}: they come from different key pairs.`,
      `Take ${leafKey} and ${side.privateKey} from the same certificate set. ${REGENERATE}`,
    );
  }
  // A ca.crt that is no CA already has its own finding; "not signed by it" would only repeat it.
  if (ca && ca.info.isCA && !certificateSignedBy(leaf.x509, ca.x509)) {
    out.fail(
      'not-signed-by-ca',
      secret,
      leafKey,
      `${leafKey} in ${secret} was not signed by the CA in its ca.crt.`,
      `ca.crt must hold the CA that issued ${leafKey}. ${REGENERATE}`,
    );
  }
  if (side.role === 'server') {
    if (!leaf.info.ipSans.includes(BUILDKIT_SERVER_NAME)) {
      out.fail(
        'server-ip-san-missing',
        secret,
        leafKey,
        `${leafKey} in ${secret} has no IP address ${BUILDKIT_SERVER_NAME} in its subject alternative names, so pro-builder will reject BuildKit's certificate.`,
        `pro-builder connects to BuildKit at ${BUILDKIT_SERVER_NAME} and checks that name; issue the server certificate with IP SAN ${BUILDKIT_SERVER_NAME}. ${REGENERATE}`,
      );
    }
    if (!leaf.info.extKeyUsage.serverAuth) {
      out.fail(
        'server-auth-missing',
        secret,
        leafKey,
        `${leafKey} in ${secret} is not allowed for TLS server authentication (extended key usage lacks serverAuth).`,
        REGENERATE,
      );
    }
  } else if (!leaf.info.extKeyUsage.clientAuth) {
    out.fail(
      'client-auth-missing',
      secret,
      leafKey,
      `${leafKey} in ${secret} is not allowed for TLS client authentication (extended key usage lacks clientAuth), so BuildKit will reject it.`,
      REGENERATE,
    );
  }
  if (WEAK_SIGNATURES.has(leaf.info.signatureAlgorithm)) {
    out.fail(
      'weak-signature',
      secret,
      leafKey,
      `${leafKey} in ${secret} is signed with ${leaf.info.signatureAlgorithm}, which Go's TLS stack refuses.`,
      `Issue certificates with SHA-256 signatures. ${REGENERATE}`,
    );
  }
}

/** What every certificate, CA or leaf, can get wrong on its own: its validity window and key size. */
function checkLifetimeAndKey(cert: Parsed, secret: string, label: string, key: string, now: Date, out: Findings) {
  const { notBefore, notAfter, publicKeyAlgorithm, publicKeyBits } = cert.info;
  const left = notAfter.getTime() - now.getTime();
  if (now < notBefore) {
    out.fail(
      'not-yet-valid',
      secret,
      key,
      `${label} is not valid until ${isoSeconds(notBefore)}.`,
      'Check the clock of this machine and of the cluster nodes; a certificate dated in the future is refused until then.',
    );
  } else if (left < 0) {
    out.fail('expired', secret, key, `${label} expired on ${isoSeconds(notAfter)} (${days(left)} ago).`, REGENERATE);
  } else if (left < EXPIRY_WARNING_DAYS * DAY_MS) {
    out.warn(
      'expires-soon',
      secret,
      key,
      `${label} expires on ${isoSeconds(notAfter)} (in ${days(left)}).`,
      `Renew before then: ${REGENERATE}`,
    );
  }
  if (publicKeyAlgorithm === 'rsa' && publicKeyBits !== undefined && publicKeyBits < RSA_RECOMMENDED_BITS) {
    const refused = publicKeyBits < RSA_REFUSED_BELOW;
    const message = `${label} has a ${publicKeyBits}-bit RSA key; ${refused ? `Go refuses keys under ${RSA_REFUSED_BELOW} bits` : `${RSA_RECOMMENDED_BITS} bits is the minimum recommended`}.`;
    if (refused) out.fail('weak-key', secret, key, message, REGENERATE);
    else out.warn('weak-key', secret, key, message, REGENERATE);
  }
}

/** Both secrets usually carry the same CA: check it once and say so, instead of twice. */
function checkCa({ side, ca }: Loaded, sharedWith: Loaded | undefined, now: Date, out: Findings) {
  if (!ca) return;
  const label = sharedWith ? `ca.crt in ${side.secret} and ${sharedWith.side.secret}` : `ca.crt in ${side.secret}`;
  if (!ca.info.isCA) {
    out.fail(
      'not-a-ca',
      side.secret,
      'ca.crt',
      `${label} is not a CA certificate (basic constraints do not allow it to sign).`,
      `ca.crt must hold the CA certificate, not a server or client certificate. ${REGENERATE}`,
    );
  }
  checkLifetimeAndKey(ca, side.secret, label, 'ca.crt', now, out);
}

/** pro-builder verifies server.crt with its own ca.crt, and BuildKit verifies client.crt with its own. */
function checkSameCa(daemon: Loaded, client: Loaded, out: Findings) {
  if (!daemon.ca || !client.ca || daemon.ca.info.fingerprint256 === client.ca.info.fingerprint256) return;
  const broken: string[] = [];
  if (daemon.leaf && !certificateSignedBy(daemon.leaf.x509, client.ca.x509))
    broken.push(`pro-builder will not trust BuildKit's server.crt`);
  if (client.leaf && !certificateSignedBy(client.leaf.x509, daemon.ca.x509))
    broken.push(`BuildKit will not trust pro-builder's client.crt`);
  const pair = `${DAEMON_CERTS_SECRET} and ${CLIENT_CERTS_SECRET}`;
  // Without both leaves there is no proof the two CAs are interchangeable, so it stays a failure.
  if (broken.length > 0 || !daemon.leaf || !client.leaf) {
    out.fail(
      'ca-mismatch',
      DAEMON_CERTS_SECRET,
      'ca.crt',
      `${pair} hold certificates from two different CAs (their ca.crt entries differ)${broken.length > 0 ? `: ${broken.join(', and ')}` : ''}.`,
      `Both secrets must be created from one certificate set. ${REGENERATE}`,
    );
  } else {
    out.warn(
      'ca-mismatch',
      DAEMON_CERTS_SECRET,
      'ca.crt',
      `The ca.crt entries of ${pair} differ, although each side's certificate still verifies against the other's CA.`,
      'Put the same ca.crt in both secrets so a future renewal cannot split them.',
    );
  }
}

/**
 * Every problem found in the two secrets, as `now` sees them; an empty array means BuildKit and
 * pro-builder will complete the mutual TLS handshake. Order: missing or unreadable entries, the
 * CA, each secret's certificate (daemon, then client), then problems between the two secrets.
 */
export function auditCertificateSecrets(input: CertSecretsInput, now: Date): CertFinding[] {
  const out = new Findings();
  const daemon = load(DAEMON, input.daemon, out);
  const client = load(CLIENT, input.client, out);
  const sameCa = daemon.ca !== undefined && daemon.ca.info.fingerprint256 === client.ca?.info.fingerprint256;
  checkCa(daemon, sameCa ? client : undefined, now, out);
  if (!sameCa) checkCa(client, undefined, now, out);
  for (const loaded of [daemon, client]) {
    checkLeaf(loaded, out);
    const { secret, leafKey } = loaded.side;
    if (loaded.leaf) checkLifetimeAndKey(loaded.leaf, secret, `${leafKey} in ${secret}`, leafKey, now, out);
  }
  checkSameCa(daemon, client, out);
  return out.list;
}
