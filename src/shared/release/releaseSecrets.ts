import {
  computedValues,
  decodeReleaseSecret,
  newestReleaseSecret,
  releaseSecretSelector,
  StoredReleaseError,
  StoredReleaseTooLargeError,
  writtenBy,
} from '../../platform/helm/storedRelease.js';
import { ActionableError } from '../../platform/errors.js';
import { shellCommand } from '../../platform/shellQuote.js';
import type { Kube } from '../../platform/kube/client.js';
import { KubeError } from '../../platform/kube/errors.js';
import { releaseInfoOf, type ReleaseInfo, type ReleaseValues } from './release.js';

/** The release as `helm status`, `helm get metadata` and `helm get values --all` would describe it. */
export interface ClusterRelease {
  info: ReleaseInfo;
  values: ReleaseValues;
  /** What the user supplied (`helm get values` without --all). */
  userValues: ReleaseValues;
  /** The helm major version that wrote the revision (helm 4 sets apply_method). */
  writtenBy: 3 | 4;
}

/**
 * The newest release record inflates past the cap. A real release is well under a megabyte; helm
 * reads the record whole with no cap, so it is not asked either: not here, not by the install or
 * uninstall that would run it next.
 */
export class ReleaseRecordTooLargeError extends ActionableError {
  override readonly name = 'ReleaseRecordTooLargeError';
}

/** For callers that read the release only if they can: every error means "not known", but this one stops them. */
export function unlessTooLarge(e: unknown): undefined {
  if (e instanceof ReleaseRecordTooLargeError) throw e;
  return undefined;
}

/** HELM_DRIVER values that mean helm keeps releases in Secrets (unset is the default: Secrets). */
const SECRET_DRIVERS = new Set(['', 'secret', 'secrets']);

/**
 * Reads the release from helm's storage Secrets through the API: one list request instead of three
 * helm processes. undefined means the Secrets cannot answer and helm itself must be asked: helm is
 * set to another storage driver (HELM_DRIVER), RBAC forbids listing Secrets,
 * no Secret of the release exists (helm then reports "not found" itself, or finds it in its other
 * storage), or the newest one is not a release helm would read. Other API errors are thrown: helm
 * would meet the same cluster.
 */
export async function readReleaseFromSecrets(
  kube: Kube,
  namespace: string,
  release: string,
  helmDriver = '',
): Promise<ClusterRelease | undefined> {
  if (!SECRET_DRIVERS.has(helmDriver.trim().toLowerCase())) return undefined;
  let secrets;
  try {
    secrets = await kube.listSecrets(namespace, { labelSelector: releaseSecretSelector(release), pageSize: 100 });
  } catch (e) {
    if (e instanceof KubeError && e.reason === 'forbidden') return undefined;
    throw e;
  }
  const newest = newestReleaseSecret(secrets, release);
  if (!newest) return undefined;
  try {
    const stored = decodeReleaseSecret(newest);
    if (typeof stored.name !== 'string' || typeof stored.namespace !== 'string') return undefined;
    return {
      info: releaseInfoOf({ ...stored, name: stored.name, namespace: stored.namespace }),
      values: computedValues(stored),
      userValues: (stored.config ?? {}) as ReleaseValues,
      writtenBy: writtenBy(stored),
    };
  } catch (e) {
    if (e instanceof StoredReleaseTooLargeError) {
      const name = newest.metadata?.name ?? `sh.helm.release.v1.${release}`;
      throw new ReleaseRecordTooLargeError(
        `helm release ${release}'s newest record, Secret ${name} in namespace ${namespace} (${newest.data?.['release']?.length ?? 0} characters), inflates to more than ${StoredReleaseTooLargeError.capMiB} MiB. A real release is well under 1 MiB, and helm reads the whole record into memory, so this tool does not read it and starts no helm that would.`,
        `See who wrote it (${shellCommand(['kubectl', 'get', 'secret', name, '-n', namespace, '--show-managed-fields', '-o', 'jsonpath={.metadata.managedFields}'])}); if helm did not, delete it (${shellCommand(['kubectl', 'delete', 'secret', name, '-n', namespace])}) and run this again.`,
        { cause: e },
      );
    }
    if (e instanceof StoredReleaseError) return undefined;
    throw e;
  }
}
