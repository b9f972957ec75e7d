import { dirname, join } from 'node:path';
import type { V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import type { Kube } from '../../platform/kube/client.js';
import { startEarly } from '../../platform/startEarly.js';
import { SECRET_NAMES, IRSA_SERVICE_ACCOUNT } from '../secrets/index.js';
// Not the certs index: that would load node-forge for every screen that names a local file.
import { readCertificateFiles, type NotReused } from '../certs/files.js';
import { assertUsableFolder, readRegularFile, untrustedReason } from '../../platform/files/safeRead.js';
import type { CertificateSet } from '../certs/types.js';

/** What already exists in the cluster: read once, before anything is planned or changed. */
export interface ClusterSnapshot {
  namespaceExists: boolean;
  secrets: Partial<Record<keyof typeof SECRET_NAMES, V1Secret>>;
  irsaServiceAccount?: V1ServiceAccount;
}

/** What an earlier run (possibly interrupted) left on disk, so a re-run reuses it instead of minting new material. */
export interface LocalSnapshot {
  payload?: string;
  certs?: CertificateSet;
  valuesText?: string;
  /** Current content of the other files the plan may write, by path (absent = no file). */
  files?: Record<string, string | undefined>;
  /** Secrets found on disk but not reused (another user's, or writable by others), and why. */
  notReused?: NotReused[];
}

export const LOCAL_FILES = {
  payload: 'payload.txt',
  registryConfig: 'config.json',
  certsDir: 'certs',
  backupsDir: 'backups',
} as const;

export async function readClusterSnapshot(kube: Kube, namespace: string): Promise<ClusterSnapshot> {
  // All at once, not the namespace first: far from the API server each wait is a round trip, and
  // in a namespace that does not exist the other reads just answer "not found".
  const keys = Object.keys(SECRET_NAMES) as (keyof typeof SECRET_NAMES)[];
  const namespaceRead = kube.getNamespace(namespace);
  // Without the namespace the other answers are not used, errors included.
  const rest = startEarly(
    Promise.all([
      Promise.all(keys.map(async (k) => [k, await kube.getSecret(namespace, SECRET_NAMES[k])] as const)),
      kube.getServiceAccount(namespace, IRSA_SERVICE_ACCOUNT),
    ]),
  );
  const ns = await namespaceRead;
  if (!ns) return { namespaceExists: false, secrets: {} };
  const [secrets, sa] = await rest;
  const present: ClusterSnapshot['secrets'] = {};
  for (const [k, s] of secrets) if (s) present[k] = s;
  return { namespaceExists: true, secrets: present, irsaServiceAccount: sa };
}

/** A FIFO, a device or a folder where a file belongs is refused, never read (it could block forever). */
async function readText(path: string): Promise<string | undefined> {
  return (await readRegularFile(path))?.data.toString('utf8');
}

/** A secret on disk is reused only when it is this user's and nobody else can write it. */
async function readTrustedText(path: string, notReused: NotReused[]): Promise<string | undefined> {
  const file = await readRegularFile(path, 1024 * 1024);
  if (!file) return undefined;
  const reason = untrustedReason(file.stats);
  if (!reason) return file.data.toString('utf8');
  notReused.push({ path, reason });
  return undefined;
}

export async function readLocalSnapshot(outputDir: string, valuesFile: string, otherFiles: string[] = []): Promise<LocalSnapshot> {
  const notReused: NotReused[] = [];
  // The folders the install writes into: a file there is refused now, before the cluster is touched.
  await Promise.all([assertUsableFolder(outputDir), assertUsableFolder(dirname(valuesFile))]);
  const [payload, certs, valuesText, others] = await Promise.all([
    readTrustedText(join(outputDir, LOCAL_FILES.payload), notReused),
    readCertificateFiles(join(outputDir, LOCAL_FILES.certsDir), notReused),
    readText(valuesFile),
    Promise.all(otherFiles.map(async (f) => [f, await readText(f)] as const)),
  ]);
  // The reads race; report in path order so the user (and a test) sees the same list every run.
  notReused.sort((a, b) => a.path.localeCompare(b.path));
  return { payload, certs, valuesText, files: Object.fromEntries(others), ...(notReused.length ? { notReused } : {}) };
}
