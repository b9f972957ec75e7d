import type { V1Deployment, V1PodSpec } from '@kubernetes/client-node';

/** The annotation helm puts on every object of a release. */
export const HELM_RELEASE_ANNOTATION = 'meta.helm.sh/release-name';

/** Every secret a pod spec reads: volumes (plain and projected), env, envFrom and image pull secrets. */
export function secretsReferenced(spec: V1PodSpec | undefined): Set<string> {
  const names = new Set<string>();
  if (!spec) return names;
  for (const v of spec.volumes ?? []) {
    if (v.secret?.secretName) names.add(v.secret.secretName);
    for (const source of v.projected?.sources ?? []) if (source.secret?.name) names.add(source.secret.name);
  }
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef?.name) names.add(e.valueFrom.secretKeyRef.name);
    for (const e of c.envFrom ?? []) if (e.secretRef?.name) names.add(e.secretRef.name);
  }
  for (const p of spec.imagePullSecrets ?? []) if (p.name) names.add(p.name);
  return names;
}

/**
 * Which Deployments outside `release` read each secret, as "deployment/<name>": the secrets have
 * fixed names, so another pro-builder release (or anything else) in the namespace may be using
 * the very secrets an uninstall of this release would delete.
 */
export function secretUsersOutsideRelease(deployments: readonly V1Deployment[], release: string): Record<string, string[]> {
  const users: Record<string, string[]> = {};
  for (const d of deployments) {
    if (d.metadata?.annotations?.[HELM_RELEASE_ANNOTATION] === release) continue;
    for (const name of secretsReferenced(d.spec?.template?.spec)) (users[name] ??= []).push(`deployment/${d.metadata?.name ?? '?'}`);
  }
  return users;
}
