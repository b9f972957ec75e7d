import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { V1Deployment, V1Secret } from '@kubernetes/client-node';
import type { Kube } from '../../platform/kube/client.js';
import type { ClusterTarget } from '../../platform/kube/config.js';
import { helmTargetFor, type Helm, type ReleaseStatus } from '../../platform/helm/helm.js';
import type { RotateTarget } from './options.js';
import { findReleaseDeployment } from '../../shared/rollout/rollout.js';
import { LOCAL_FILES } from '../../shared/snapshot/snapshot.js';
import { SECRET_NAMES } from '../../shared/secrets/index.js';
import { CERTIFICATE_FILES } from '../../shared/certs/index.js';
import { readReleaseStatus } from '../../shared/release/readHelmRelease.js';
import { assertReplaceable, assertUsableFolder } from '../../platform/files/safeRead.js';

/** What a rotation starts from, read once before anything is planned or changed. */
export interface RotationSnapshot {
  target: ClusterTarget;
  namespace: string;
  release: string;
  outputDir: string;
  namespaceExists: boolean;
  helmRelease?: ReleaseStatus;
  deployment?: V1Deployment;
  secrets: { payload?: V1Secret; daemonCerts?: V1Secret; clientCerts?: V1Secret };
  /** Which of the files a rotation writes already exist (they are backed up before being replaced). */
  localFiles: Record<string, boolean>;
}

export interface RotationSnapshotRequest {
  target: RotateTarget;
  namespace: string;
  release: string;
  outputDir: string;
}

async function exists(path: string): Promise<boolean> {
  // A FIFO, a device or a folder where the rotation writes: exit 2 now, not a failed step after the backup.
  await assertReplaceable(path);
  try {
    return (await stat(path)).isFile();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw e;
  }
}

/** The files each rotation writes, relative to --output-dir. */
export function rotationFiles(target: RotateTarget): string[] {
  return target === 'signing-secret' ? [LOCAL_FILES.payload] : Object.values(CERTIFICATE_FILES).map((f) => `${LOCAL_FILES.certsDir}/${f}`);
}

/** Reads only. */
export async function readRotationSnapshot(kube: Kube, helm: Helm, req: RotationSnapshotRequest): Promise<RotationSnapshot> {
  const base = { target: kube.target, namespace: req.namespace, release: req.release, outputDir: req.outputDir };
  const files = rotationFiles(req.target);
  const folders = [req.outputDir, ...(req.target === 'certs' ? [join(req.outputDir, LOCAL_FILES.certsDir)] : [])];
  await Promise.all(folders.map((f) => assertUsableFolder(f)));
  const localFiles = Object.fromEntries(await Promise.all(files.map(async (f) => [f, await exists(join(req.outputDir, f))] as const)));
  const ns = await kube.getNamespace(req.namespace);
  if (!ns) return { ...base, namespaceExists: false, secrets: {}, localFiles };
  const get = (name: string) => kube.getSecret(req.namespace, name);
  const [helmRelease, deployment, payload, daemonCerts, clientCerts] = await Promise.all([
    // From helm's records through the API, helm only when they cannot answer; a record too large to read stops here.
    readReleaseStatus(kube, helm, req.release, helmTargetFor(kube.target, req.namespace)),
    findReleaseDeployment(kube, req.namespace, req.release),
    req.target === 'signing-secret' ? get(SECRET_NAMES.payload) : Promise.resolve(undefined),
    req.target === 'certs' ? get(SECRET_NAMES.daemonCerts) : Promise.resolve(undefined),
    req.target === 'certs' ? get(SECRET_NAMES.clientCerts) : Promise.resolve(undefined),
  ]);
  return { ...base, namespaceExists: true, helmRelease, deployment, secrets: { payload, daemonCerts, clientCerts }, localFiles };
}
