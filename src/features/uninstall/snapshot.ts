import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { V1Deployment, V1Namespace, V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import type { Kube } from '../../platform/kube/client.js';
import type { ClusterTarget } from '../../platform/kube/config.js';
import { helmTargetFor, type Helm, type ReleaseStatus } from '../../platform/helm/helm.js';
import { readClusterSnapshot, LOCAL_FILES } from '../../shared/snapshot/snapshot.js';
import { CERTIFICATE_FILES } from '../../shared/certs/index.js';
import { SECRET_NAMES, type SecretRole } from '../../shared/secrets/index.js';
import { MANAGED_BY_LABEL } from '../../platform/kube/labels.js';
import { kindOf } from '../../platform/files/safeRead.js';
import { secretUsersOutsideRelease } from './secretUsers.js';
import { readHelmRelease } from '../../shared/release/readHelmRelease.js';
import { readReleaseFromSecrets, unlessTooLarge } from '../../shared/release/releaseSecrets.js';

/** The type of helm's own release records (helm uninstall removes them). */
const HELM_RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

/** A file an install writes into --output-dir, relative to it. */
export interface LocalFileSpec {
  relativePath: string;
  description: string;
  /** Holds key material or credentials. */
  sensitive: boolean;
}

const CERT_DESCRIPTIONS: Record<keyof typeof CERTIFICATE_FILES, string> = {
  caCert: 'BuildKit CA certificate',
  caKey: 'BuildKit CA private key',
  serverCert: 'BuildKit server certificate',
  serverKey: 'BuildKit server private key',
  clientCert: 'pro-builder client certificate',
  clientKey: 'pro-builder client private key',
};

/** Every file the install may have written into --output-dir. */
export const INSTALL_LOCAL_FILES: readonly LocalFileSpec[] = [
  { relativePath: LOCAL_FILES.payload, description: 'HMAC signing secret for build clients', sensitive: true },
  { relativePath: LOCAL_FILES.registryConfig, description: 'registry config.json (may hold registry credentials)', sensitive: true },
  ...(Object.keys(CERTIFICATE_FILES) as (keyof typeof CERTIFICATE_FILES)[]).map((field) => ({
    relativePath: `${LOCAL_FILES.certsDir}/${CERTIFICATE_FILES[field]}`,
    description: CERT_DESCRIPTIONS[field],
    sensitive: field.endsWith('Key'),
  })),
];

export interface LocalFileFact extends LocalFileSpec {
  path: string;
  exists: boolean;
  bytes?: number;
  /** Something other than a regular file at the path ("a named pipe (FIFO)", "a folder"): listed, never removed. */
  notRegular?: string;
}

/** What exists, read once before anything is planned: the cluster side, helm's release, the disk. */
export interface UninstallSnapshot {
  target: ClusterTarget;
  namespace: string;
  release: string;
  outputDir: string;
  namespaceExists: boolean;
  /** True while Kubernetes is still deleting the namespace. */
  namespaceTerminating: boolean;
  /** The namespace's uid when read: its delete carries it, so a namespace made again since is kept. */
  namespaceUid?: string;
  /** Undefined when helm has no such release in the namespace. */
  helmRelease?: ReleaseStatus;
  secrets: Partial<Record<SecretRole, V1Secret>>;
  irsaServiceAccount?: V1ServiceAccount;
  files: LocalFileFact[];
  /** Files in <output-dir>/backups (they are always kept). */
  backupCount: number;
  /** Deployments outside this release that read each secret, by secret name (the names are fixed, so they may be shared). */
  secretUsers?: Record<string, string[]>;
  /** Other secrets in the namespace (names and who made them, never data): left alone, and the plan says so. */
  otherSecrets?: OtherSecret[];
}

/** A secret in the namespace the install never makes: shown as kept so nobody wonders whether it went. */
export interface OtherSecret {
  name: string;
  type?: string;
  /** The managed-by label's value, when it has one. */
  managedBy?: string;
}

/** At most this many other secrets are listed: a busy namespace must not flood the checklist. */
export const OTHER_SECRETS_LISTED = 50;

/**
 * The secrets in the namespace an uninstall leaves alone: not one of the fixed names it manages,
 * not helm's release records (helm removes those) and not something the release itself rendered.
 */
export function otherSecretsIn(secrets: readonly V1Secret[], release: string): OtherSecret[] {
  const own = new Set<string>(Object.values(SECRET_NAMES));
  return secrets
    .filter((s) => {
      const name = s.metadata?.name;
      if (!name || own.has(name)) return false;
      if (s.type === HELM_RELEASE_SECRET_TYPE) return false;
      return s.metadata?.annotations?.['meta.helm.sh/release-name'] !== release;
    })
    .map((s) => ({ name: s.metadata!.name!, type: s.type, managedBy: s.metadata?.labels?.[MANAGED_BY_LABEL] }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface UninstallSnapshotRequest {
  namespace: string;
  release: string;
  outputDir: string;
}

async function fileFact(outputDir: string, spec: LocalFileSpec): Promise<LocalFileFact> {
  const path = join(outputDir, spec.relativePath);
  try {
    // stat, never open: a FIFO at the path would block an open.
    const s = await stat(path);
    if (!s.isFile()) return { ...spec, path, exists: true, notRegular: kindOf(s) };
    return { ...spec, path, exists: true, bytes: s.size };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR')
      return { ...spec, path, exists: false };
    throw e;
  }
}

async function countFiles(dir: string): Promise<number> {
  try {
    return (await readdir(dir)).length;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return 0;
    throw e;
  }
}

function isTerminating(ns: V1Namespace | undefined): boolean {
  return ns?.status?.phase === 'Terminating' || Boolean(ns?.metadata?.deletionTimestamp);
}

/**
 * The `<file>.bak-<time>` copies a re-run kept beside the install's files: old signing secrets,
 * registry credentials and keys, removed with the files they back up.
 */
async function backupCopies(outputDir: string): Promise<LocalFileSpec[]> {
  const specs: LocalFileSpec[] = [];
  const byFolder = new Map<string, LocalFileSpec[]>();
  for (const f of INSTALL_LOCAL_FILES) {
    const folder = dirname(f.relativePath);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), f]);
  }
  for (const [folder, files] of byFolder) {
    let names: string[];
    try {
      names = await readdir(join(outputDir, folder));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const original = files.find((f) => name.startsWith(`${basename(f.relativePath)}.bak-`));
      if (!original) continue;
      const relativePath = folder === '.' ? name : `${folder}/${name}`;
      specs.push({ relativePath, description: `earlier copy of ${original.relativePath}`, sensitive: original.sensitive });
    }
  }
  return specs;
}

/** Reads only: nothing in the cluster or on disk changes here. */
export async function readUninstallSnapshot(kube: Kube, helm: Helm, req: UninstallSnapshotRequest): Promise<UninstallSnapshot> {
  // Everything at once: far from the API server, waiting for the namespace first costs a round trip.
  const namespaceRead = kube.getNamespace(req.namespace);
  const clusterRead = readClusterSnapshot(kube, req.namespace);
  // helm keeps its release records in the namespace: no namespace, no release (and no helm started).
  // A record too large to read stops the uninstall: helm uninstall would read it whole.
  const storedRead = readReleaseFromSecrets(kube, req.namespace, req.release, process.env['HELM_DRIVER']).catch(unlessTooLarge);
  const releaseRead = Promise.all([namespaceRead, storedRead]).then(([ns, stored]) =>
    ns ? (stored?.info ?? readHelmRelease(helm, req.release, helmTargetFor(kube.target, req.namespace))) : undefined,
  );
  // Only to keep secrets another workload still reads; without the permission to list, nothing is assumed.
  const deploymentsRead = kube.listDeployments(req.namespace, { max: 500 }).catch(() => [] as V1Deployment[]);
  // Only to say what stays; without the permission to list, the plan lists the fixed names alone.
  const secretsRead = kube
    .listSecrets(req.namespace, { fieldSelector: `type!=${HELM_RELEASE_SECRET_TYPE}`, max: 500 })
    .catch(() => [] as V1Secret[]);
  for (const read of [clusterRead, releaseRead]) read.catch(() => undefined);
  const ns = await namespaceRead;
  const [cluster, helmRelease, files, backupCount, deployments, namespaceSecrets] = await Promise.all([
    clusterRead,
    releaseRead,
    backupCopies(req.outputDir).then((copies) => Promise.all([...INSTALL_LOCAL_FILES, ...copies].map((f) => fileFact(req.outputDir, f)))),
    countFiles(join(req.outputDir, LOCAL_FILES.backupsDir)),
    ns ? deploymentsRead : Promise.resolve([] as V1Deployment[]),
    ns ? secretsRead : Promise.resolve([] as V1Secret[]),
  ]);
  return {
    target: kube.target,
    namespace: req.namespace,
    release: req.release,
    outputDir: req.outputDir,
    namespaceExists: Boolean(ns),
    namespaceTerminating: isTerminating(ns),
    namespaceUid: ns?.metadata?.uid,
    helmRelease,
    secrets: cluster.secrets,
    irsaServiceAccount: cluster.irsaServiceAccount,
    files,
    backupCount,
    secretUsers: secretUsersOutsideRelease(deployments, req.release),
    otherSecrets: otherSecretsIn(namespaceSecrets, req.release),
  };
}
