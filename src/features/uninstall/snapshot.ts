import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { V1Deployment, V1Namespace, V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import type { Kube } from '../../platform/kube/client.js';
import type { ClusterTarget } from '../../platform/kube/config.js';
import { type Helm, type HelmTarget, type ReleaseStatus } from '../../platform/helm/helm.js';
import { readClusterSnapshot, LOCAL_FILES } from '../../shared/snapshot/snapshot.js';
import { CERTIFICATE_FILES } from '../../shared/certs/index.js';
import type { SecretRole } from '../../shared/secrets/index.js';
import { secretUsersOutsideRelease } from './secretUsers.js';
import { readHelmRelease } from '../../shared/release/readHelmRelease.js';

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
  /** Undefined when helm has no such release in the namespace. */
  helmRelease?: ReleaseStatus;
  secrets: Partial<Record<SecretRole, V1Secret>>;
  irsaServiceAccount?: V1ServiceAccount;
  files: LocalFileFact[];
  /** Files in <output-dir>/backups (they are always kept). */
  backupCount: number;
  /** Deployments outside this release that read each secret, by secret name (the names are fixed, so they may be shared). */
  secretUsers?: Record<string, string[]>;
}

export interface UninstallSnapshotRequest {
  namespace: string;
  release: string;
  outputDir: string;
  helmTarget?: Omit<HelmTarget, 'namespace'>;
}

async function fileFact(outputDir: string, spec: LocalFileSpec): Promise<LocalFileFact> {
  const path = join(outputDir, spec.relativePath);
  try {
    const s = await stat(path);
    return { ...spec, path, exists: s.isFile(), bytes: s.size };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return { ...spec, path, exists: false };
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

/** Reads only: nothing in the cluster or on disk changes here. */
export async function readUninstallSnapshot(kube: Kube, helm: Helm, req: UninstallSnapshotRequest): Promise<UninstallSnapshot> {
  const ns = await kube.getNamespace(req.namespace);
  const [cluster, helmRelease, files, backupCount, deployments] = await Promise.all([
    ns ? readClusterSnapshot(kube, req.namespace) : Promise.resolve({ namespaceExists: false, secrets: {} } as Awaited<ReturnType<typeof readClusterSnapshot>>),
    // helm keeps its release records in the namespace: no namespace, no release.
    ns ? readHelmRelease(helm, req.release, { ...req.helmTarget, namespace: req.namespace }) : Promise.resolve(undefined),
    Promise.all(INSTALL_LOCAL_FILES.map((f) => fileFact(req.outputDir, f))),
    countFiles(join(req.outputDir, LOCAL_FILES.backupsDir)),
    // Only to keep secrets another workload still reads; without the permission to list, nothing is assumed.
    ns ? kube.listDeployments(req.namespace, { max: 500 }).catch(() => [] as V1Deployment[]) : Promise.resolve([] as V1Deployment[]),
  ]);
  return {
    target: kube.target,
    namespace: req.namespace,
    release: req.release,
    outputDir: req.outputDir,
    namespaceExists: Boolean(ns),
    namespaceTerminating: isTerminating(ns),
    helmRelease,
    secrets: cluster.secrets,
    irsaServiceAccount: cluster.irsaServiceAccount,
    files,
    backupCount,
    secretUsers: secretUsersOutsideRelease(deployments, req.release),
  };
}
