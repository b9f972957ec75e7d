import { HelmError, metadataArgs, parseReleaseStatus, type Helm, type HelmTarget, type ReleaseStatus } from '../../platform/helm/helm.js';
import type { Kube } from '../../platform/kube/client.js';
import { isReleaseNotFound } from './release.js';
import { readReleaseFromSecrets, unlessTooLarge } from './releaseSecrets.js';

/** helm get metadata; undefined when the release is not there. */
export async function readHelmRelease(helm: Helm, release: string, target: HelmTarget): Promise<ReleaseStatus | undefined> {
  const r = await helm.run(metadataArgs(release, target), { timeoutMs: 60_000 });
  if (r.exitCode !== 0) {
    if (isReleaseNotFound(r.stderr)) return undefined;
    throw new HelmError(
      `helm could not read release ${release} in namespace ${target.namespace} (exit ${r.exitCode}).`,
      `Check that helm reaches the cluster: helm list -n ${target.namespace}.`,
      r.stderr.trim(),
      r.exitCode,
    );
  }
  return parseReleaseStatus(r.stdout);
}

/**
 * The release as `helm get metadata` describes it, read from helm's storage Secrets in one API
 * request on the connection already open, instead of a helm process that opens its own connection
 * and asks the API server several times. helm is started only when the Secrets cannot answer
 * (another storage driver, no access, no such Secret, or the read failed: helm then reports the
 * problem in its own words, as before).
 */
export async function readReleaseStatus(
  kube: Kube,
  helm: Helm,
  release: string,
  target: HelmTarget,
  helmDriver = process.env['HELM_DRIVER'],
): Promise<ReleaseStatus | undefined> {
  const stored = await readReleaseFromSecrets(kube, target.namespace, release, helmDriver).catch(unlessTooLarge);
  return stored ? stored.info : readHelmRelease(helm, release, target);
}
