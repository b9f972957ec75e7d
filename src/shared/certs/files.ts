/**
 * The certificate set on the operator's disk, so a re-run re-uses the same CA instead of minting
 * a new one (and the CA key, which no secret carries, is kept somewhere). Private keys are 0600;
 * certificates are public material and 0644, like `openssl` and `certgen` leave them.
 */
import { join } from 'node:path';
import { writeFileSafely, writeSecretFile, type WriteResult } from '../../platform/files/secureWrite.js';
import { readRegularFile, untrustedReason } from '../../platform/files/safeRead.js';
import type { CertificateSet } from './types.js';

export const CERTIFICATE_FILES = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  serverCert: 'server.crt',
  serverKey: 'server.key',
  clientCert: 'client.crt',
  clientKey: 'client.key',
} as const satisfies Record<keyof CertificateSet, string>;

const FIELDS = Object.keys(CERTIFICATE_FILES) as (keyof CertificateSet)[];
const PRIVATE_KEYS = new Set<keyof CertificateSet>(['caKey', 'serverKey', 'clientKey']);
export const CERTIFICATE_FILE_MODE = 0o644;

export interface CertificateFileOptions {
  now?: () => Date;
}

/**
 * Writes all six files atomically one by one; a file that already holds the same content is left
 * alone, and a different one is kept as a timestamped backup first.
 */
export async function writeCertificateFiles(dir: string, set: CertificateSet, opts: CertificateFileOptions = {}): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (const field of FIELDS) {
    const path = join(dir, CERTIFICATE_FILES[field]);
    results.push(
      PRIVATE_KEYS.has(field)
        ? await writeSecretFile(path, set[field], { backup: true, ...opts })
        : await writeFileSafely(path, set[field], { mode: CERTIFICATE_FILE_MODE, backup: true, ...opts }),
    );
  }
  return results;
}

/** A local file that was found but is not reused, and why. */
export interface NotReused {
  path: string;
  reason: string;
}

async function readIfPresent(path: string, notReused: NotReused[]): Promise<string | undefined> {
  const file = await readRegularFile(path, 1024 * 1024);
  if (!file) return undefined;
  const reason = untrustedReason(file.stats);
  if (reason) {
    notReused.push({ path, reason });
    return undefined;
  }
  const text = file.data.toString('utf8');
  return text.trim() === '' ? undefined : text;
}

/**
 * The set written earlier, or undefined when any of the six files is missing, empty or not
 * trustworthy (another user's, or writable by others: a planted CA would be adopted). The files
 * are not validated here: audit them (auditCertificateSecrets on certSecretData(set)) before re-use.
 */
export async function readCertificateFiles(dir: string, notReused: NotReused[] = []): Promise<CertificateSet | undefined> {
  const texts = await Promise.all(FIELDS.map((field) => readIfPresent(join(dir, CERTIFICATE_FILES[field]), notReused)));
  if (texts.some((text) => text === undefined)) return undefined;
  return Object.fromEntries(FIELDS.map((field, i) => [field, texts[i]])) as unknown as CertificateSet;
}
