import type { Helm } from '../../src/helm/helm.js';
import { describeAccess, installAccessChecks, runPreflight, type Preflight } from '../../src/install/preflight.js';
import type { Kube } from '../../src/kube/client.js';
import type { ClusterTarget } from '../../src/kube/config.js';
import { KubeError } from '../../src/kube/errors.js';
import { describeSecret, SECRET_NAMES, type SecretDescription } from '../../src/secrets/index.js';

/** What the questions after the cluster step need to know about the cluster (sizes only, no data). */
export interface ClusterFacts {
  target: ClusterTarget;
  preflight: Preflight;
  license?: SecretDescription;
  payload?: SecretDescription;
}

export type ClusterCheck =
  | { status: 'ready'; facts: ClusterFacts }
  /** `denied`: each missing permission as a phrase, e.g. "create secrets in namespace openfaas". */
  | { status: 'denied'; target: ClusterTarget; denied: string[]; message: string; nextStep: string }
  /** `cause`: the error behind it, shown with --debug. */
  | { status: 'failed'; message: string; nextStep?: string; cause?: unknown };

async function describeIfPresent(kube: Kube, namespace: string, name: string): Promise<SecretDescription | undefined> {
  try {
    const s = await kube.getSecret(namespace, name);
    return s ? describeSecret(s) : undefined;
  } catch (e) {
    // Preflight confirmed "get secrets"; anything else here only loses a hint, not the install.
    if (e instanceof KubeError) return undefined;
    throw e;
  }
}

/**
 * Preflight plus the secrets that decide which questions are moot: an existing license is kept,
 * an existing signing secret is kept unless the user rotates it. Never throws for cluster trouble.
 */
export async function checkCluster(kube: Kube, helm: Helm, namespace: string, opts: { serviceAccount: boolean }): Promise<ClusterCheck> {
  const pre = await runPreflight(kube, helm, namespace, opts);
  if (!pre.ok) {
    if (pre.failure.stage === 'permissions') {
      // The failure carries only a sentence; ask again to list each permission on its own line.
      const namespaceExists = await kube.getNamespace(namespace).then(Boolean, () => true);
      const checks = installAccessChecks(namespace, { createNamespace: !namespaceExists, serviceAccount: opts.serviceAccount });
      const denied = (await kube.canI(checks).catch(() => [])).filter((a) => !a.allowed).map(describeAccess);
      return { status: 'denied', target: kube.target, denied, message: pre.failure.message, nextStep: pre.failure.nextStep };
    }
    return { status: 'failed', message: pre.failure.message, nextStep: pre.failure.nextStep, cause: pre.failure.cause };
  }
  const facts: ClusterFacts = { target: kube.target, preflight: pre.result };
  if (pre.result.namespaceExists) {
    [facts.license, facts.payload] = await Promise.all([
      describeIfPresent(kube, namespace, SECRET_NAMES.license),
      describeIfPresent(kube, namespace, SECRET_NAMES.payload),
    ]);
  }
  return { status: 'ready', facts };
}
