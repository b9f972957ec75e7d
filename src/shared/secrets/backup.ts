import { join } from 'node:path';
import type { V1Secret } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { Kube } from '../../platform/kube/client.js';
import { backupName, writeFileSafely } from '../../platform/files/secureWrite.js';
import { labelsForUpdate } from './manifests.js';

/** The secret without server-owned fields, so the saved copy can be applied again with kubectl. */
function restorable(s: V1Secret): V1Secret {
  const { metadata, ...rest } = s;
  return {
    ...rest,
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: metadata?.name, namespace: metadata?.namespace, labels: metadata?.labels, annotations: metadata?.annotations },
  };
}

/**
 * Saves the secret as it is now to <dir>/secret-<name>.yaml.bak-<time> (0600), the same naming as
 * the install's backups, and returns the path.
 */
export async function backupSecret(secret: V1Secret, backupsDir: string, now: Date): Promise<string> {
  const path = backupName(join(backupsDir, `secret-${secret.metadata?.name}.yaml`), now);
  await writeFileSafely(path, stringify(restorable(secret)), { mode: 0o600, backup: false });
  return path;
}

/**
 * Writes the desired data over the existing secret (keeping its labels and adding ours, except
 * managed-by: a secret made by hand or by another tool is never claimed), or creates it when there
 * is none. The resourceVersion makes a concurrent change a conflict, never a silent overwrite.
 */
export async function putSecret(kube: Kube, namespace: string, desired: V1Secret, existing: V1Secret | undefined): Promise<V1Secret> {
  if (!existing) return kube.createSecret(namespace, desired);
  return kube.replaceSecret(namespace, {
    ...desired,
    metadata: {
      ...desired.metadata,
      resourceVersion: existing.metadata?.resourceVersion,
      labels: labelsForUpdate(existing.metadata?.labels, desired.metadata?.labels),
      annotations: existing.metadata?.annotations,
    },
  });
}
