import { IRSA_SERVICE_ACCOUNT } from '../../shared/secrets/names.js';
import type { VersionInfo } from '@kubernetes/client-node';
import type { AccessCheck, AccessResult, Kube } from '../../platform/kube/client.js';
import { HelmError, type Helm, type HelmVersion } from '../../platform/helm/helm.js';
import { KubeError } from '../../platform/kube/errors.js';
import { describeAccess } from '../../platform/kube/describeAccess.js';

/** What the install needs to be allowed to do, as SelfSubjectAccessReview questions. */
export function installAccessChecks(namespace: string, opts: { createNamespace: boolean; serviceAccount: boolean }): AccessCheck[] {
  const checks: AccessCheck[] = [
    { verb: 'get', resource: 'secrets', namespace },
    { verb: 'create', resource: 'secrets', namespace },
    { verb: 'update', resource: 'secrets', namespace },
    // helm creates the chart's Deployment and Service, and keeps release records in secrets.
    { verb: 'create', resource: 'deployments', group: 'apps', namespace },
    { verb: 'patch', resource: 'deployments', group: 'apps', namespace },
    { verb: 'create', resource: 'services', namespace },
    { verb: 'list', resource: 'events', namespace },
    { verb: 'list', resource: 'pods', namespace },
  ];
  if (opts.createNamespace) checks.push({ verb: 'create', resource: 'namespaces' });
  if (opts.serviceAccount) {
    // install.yaml allows update of pro-builder-ecr only, so ask about that one.
    checks.push(
      { verb: 'create', resource: 'serviceaccounts', namespace },
      { verb: 'update', resource: 'serviceaccounts', namespace, name: IRSA_SERVICE_ACCOUNT },
    );
  }
  return checks;
}

export interface Preflight {
  version: VersionInfo;
  helm: HelmVersion;
  namespaceExists: boolean;
  denied: AccessResult[];
}

/** `cause`: the error behind a cluster or helm failure, for --debug; `denied`: each refused permission (stage "permissions"). */
export type PreflightFailure = {
  stage: 'cluster' | 'helm' | 'permissions';
  message: string;
  nextStep: string;
  cause?: unknown;
  denied?: AccessResult[];
};

/**
 * The checks before any question about the install: the cluster answers, helm works, the namespace
 * is known, and the user may do what the install does. Each failure says what to do next.
 */
export async function runPreflight(
  kube: Kube,
  helm: Helm,
  namespace: string,
  opts: { serviceAccount: boolean },
): Promise<{ ok: true; result: Preflight } | { ok: false; failure: PreflightFailure }> {
  // Every question at once: far from the API server each wait is a round trip. The access review
  // asks about creating the namespace too; that answer counts only when the namespace is missing.
  const versionRead = kube.serverVersion();
  const namespaceRead = kube.getNamespace(namespace);
  const helmRead = helm.version();
  const accessRead = kube.canI(installAccessChecks(namespace, { createNamespace: true, serviceAccount: opts.serviceAccount }));
  // Whichever is not reached (an earlier step failed) is dropped, its error too.
  for (const read of [versionRead, namespaceRead, helmRead, accessRead]) read.catch(() => undefined);
  let version: VersionInfo;
  let namespaceExists: boolean;
  try {
    version = await versionRead;
    namespaceExists = Boolean(await namespaceRead);
  } catch (thrown) {
    const e = await clearestClusterError(thrown, [versionRead, namespaceRead, accessRead]);
    if (e instanceof KubeError) {
      // A 403 on reading the namespace is not fatal: the access review below names the permission.
      if (e.reason !== 'forbidden') return { ok: false, failure: { stage: 'cluster', message: e.message, nextStep: e.nextStep, cause: e } };
      version = await kube.serverVersion().catch(() => ({}) as VersionInfo);
      namespaceExists = true;
    } else throw e;
  }
  let helmVersion: HelmVersion;
  try {
    helmVersion = await helmRead;
  } catch (e) {
    if (e instanceof HelmError) return { ok: false, failure: { stage: 'helm', message: e.message, nextStep: e.nextStep, cause: e } };
    throw e;
  }
  const access = (await accessRead).filter((a) => !(namespaceExists && a.verb === 'create' && a.resource === 'namespaces'));
  const denied = access.filter((a) => !a.allowed);
  if (denied.length > 0) {
    return {
      ok: false,
      failure: {
        stage: 'permissions',
        denied,
        message: `Your user may not ${denied.map(describeAccess).join('; ')}.`,
        nextStep: 'Ask a cluster admin to bind you a Role with these permissions, or choose a context with more rights (--context).',
      },
    };
  }
  return { ok: true, result: { version, helm: helmVersion, namespaceExists, denied } };
}

/**
 * The reads go out together, so when the server refuses the credentials one of them may get the
 * answer (401) and another only the closed connection that follows it: the answer says what to do.
 * (A read the server dropped with HTTP/2 GOAWAY is asked again by the transport, src/platform/kube/transport.ts.)
 */
async function clearestClusterError(thrown: unknown, reads: Promise<unknown>[]): Promise<unknown> {
  if (thrown instanceof KubeError && thrown.status !== undefined) return thrown;
  const settled = await Promise.allSettled(reads);
  for (const r of settled) {
    if (r.status === 'rejected' && r.reason instanceof KubeError && r.reason.status !== undefined && r.reason.reason !== 'forbidden')
      return r.reason;
  }
  return thrown;
}
