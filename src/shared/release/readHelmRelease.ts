import { HelmError, metadataArgs, parseReleaseStatus, type Helm, type HelmTarget, type ReleaseStatus } from '../../platform/helm/helm.js';
import { isReleaseNotFound } from './release.js';

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
