import type { Helm } from '../../src/platform/helm/helm.js';
import { runPreflight, type Preflight } from '../../src/features/install/preflight.js';
import { describeAccess } from '../../src/platform/kube/describeAccess.js';
import type { Kube } from '../../src/platform/kube/client.js';
import type { ClusterTarget } from '../../src/platform/kube/config.js';
import { KubeError } from '../../src/platform/kube/errors.js';
import { recoverRegistryChoice, type RecoveredRegistry } from '../../src/shared/registry/recover.js';
import { describeSecret, IRSA_SERVICE_ACCOUNT, SECRET_NAMES, type SecretDescription } from '../../src/shared/secrets/index.js';
import type { BuildkitMode } from '../../src/cli/args.js';

/** What the questions after the cluster step need to know about the cluster (sizes only, no data). */
export interface ClusterFacts {
  target: ClusterTarget;
  preflight: Preflight;
  license?: SecretDescription;
  payload?: SecretDescription;
  /** The registry an earlier install chose (no credential), pre-selected by the registry question. */
  registry?: RecoveredRegistry;
  /** The release already in the namespace (a re-run): its chart version, status and BuildKit mode. */
  release?: { name: string; chartVersion?: string; status: string; buildkitMode?: BuildkitMode };
}

export type ClusterCheck =
  | { status: 'ready'; facts: ClusterFacts }
  /** `denied`: each missing permission as a phrase, e.g. "create secrets in namespace openfaas". */
  | { status: 'denied'; target: ClusterTarget; denied: string[]; message: string; nextStep: string }
  /** `cause`: the error behind it, shown with --debug. */
  | { status: 'failed'; message: string; nextStep?: string; cause?: unknown };

/** A read whose failure only loses a hint, not the install (preflight confirmed "get secrets"). */
async function hintFrom<T>(read: Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof KubeError) return undefined;
    throw e;
  }
}

async function describeIfPresent(kube: Kube, namespace: string, name: string): Promise<SecretDescription | undefined> {
  const s = await hintFrom(kube.getSecret(namespace, name));
  return s ? describeSecret(s) : undefined;
}

async function earlierRelease(kube: Kube, namespace: string, release: string): Promise<ClusterFacts['release']> {
  // Loaded on demand: the release readers pull in yaml, which the wizard's first frame must not wait for.
  const [{ readReleaseFromSecrets }, { valueAt }] = await Promise.all([
    import('../../src/shared/release/releaseSecrets.js'),
    import('../../src/shared/release/release.js'),
  ]);
  const found = await hintFrom(readReleaseFromSecrets(kube, namespace, release, process.env['HELM_DRIVER']).catch(() => undefined));
  if (!found) return undefined;
  const rootless = valueAt(found.values, 'buildkit.rootless');
  const buildkitMode: BuildkitMode | undefined =
    rootless === undefined ? undefined : rootless === true || rootless === 'true' ? 'rootless' : 'root';
  return { name: release, chartVersion: found.info.chartVersion, status: found.info.status, buildkitMode };
}

async function earlierRegistry(kube: Kube, namespace: string): Promise<RecoveredRegistry | undefined> {
  const [secret, serviceAccount] = await Promise.all([
    hintFrom(kube.getSecret(namespace, SECRET_NAMES.registry)),
    hintFrom(kube.getServiceAccount(namespace, IRSA_SERVICE_ACCOUNT)),
  ]);
  return recoverRegistryChoice(secret, serviceAccount);
}

/**
 * Preflight plus the secrets that decide which questions are moot: an existing license is kept,
 * an existing signing secret is kept unless the user rotates it. Never throws for cluster trouble.
 */
export async function checkCluster(
  kube: Kube,
  helm: Helm,
  namespace: string,
  opts: { serviceAccount: boolean; release?: string },
): Promise<ClusterCheck> {
  // Read alongside the preflight (a round trip less far from the API server); used only when it passes.
  const secretsRead = Promise.all([
    describeIfPresent(kube, namespace, SECRET_NAMES.license),
    describeIfPresent(kube, namespace, SECRET_NAMES.payload),
    earlierRegistry(kube, namespace),
    earlierRelease(kube, namespace, opts.release ?? 'pro-builder'),
  ]);
  secretsRead.catch(() => undefined);
  const pre = await runPreflight(kube, helm, namespace, opts);
  if (!pre.ok) {
    if (pre.failure.stage === 'permissions') {
      // The preflight's own answers, each permission on its own line: the cluster is asked once.
      const denied = (pre.failure.denied ?? []).map(describeAccess);
      return { status: 'denied', target: kube.target, denied, message: pre.failure.message, nextStep: pre.failure.nextStep };
    }
    return { status: 'failed', message: pre.failure.message, nextStep: pre.failure.nextStep, cause: pre.failure.cause };
  }
  const facts: ClusterFacts = { target: kube.target, preflight: pre.result };
  if (pre.result.namespaceExists) {
    [facts.license, facts.payload, facts.registry, facts.release] = await secretsRead;
  }
  return { status: 'ready', facts };
}
