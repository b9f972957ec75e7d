import type { V1PodTemplateSpec } from '@kubernetes/client-node';

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Capabilities the baseline level allows containers to add. */
const BASELINE_CAPS = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * Which controls of a Pod Security Standards level a pod template breaks, in the admission
 * plugin's own terms. Covers the controls a BuildKit pod can trip; not a full re-implementation.
 */
export function podSecurityViolations(template: V1PodTemplateSpec, level: PodSecurityLevel): string[] {
  if (level === 'privileged') return [];
  const spec = template.spec;
  if (!spec) return [];
  const out: string[] = [];
  const containers = [...(spec.initContainers ?? []), ...spec.containers];
  const podSeccomp = spec.securityContext?.seccompProfile?.type;

  // Baseline controls (restricted includes them all).
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) out.push('host namespaces');
  if ((spec.volumes ?? []).some((v) => v.hostPath)) out.push('hostPath volumes');
  for (const c of containers) {
    const sc = c.securityContext;
    if (sc?.privileged) out.push(`privileged (container "${c.name}" sets privileged=true)`);
    const seccomp = sc?.seccompProfile?.type ?? podSeccomp;
    if (seccomp === 'Unconfined') out.push(`seccompProfile (container "${c.name}" sets seccompProfile.type to "Unconfined")`);
    const added = (sc?.capabilities?.add ?? []).filter((cap) => !BASELINE_CAPS.has(cap));
    if (added.length) out.push(`capabilities (container "${c.name}" adds ${added.join(', ')})`);
    if (sc?.procMount === 'Unmasked') out.push(`procMount (container "${c.name}" sets Unmasked)`);
    const apparmor = sc?.appArmorProfile?.type ?? template.metadata?.annotations?.[`${APPARMOR_PREFIX}${c.name}`];
    if (apparmor === 'Unconfined' || apparmor === 'unconfined') out.push(`appArmorProfile (container "${c.name}" is unconfined)`);
  }
  if (level === 'baseline') return out;

  const podNonRoot = spec.securityContext?.runAsNonRoot === true;
  for (const c of spec.containers.concat(spec.initContainers ?? [])) {
    const sc = c.securityContext;
    if (sc?.allowPrivilegeEscalation !== false) out.push(`allowPrivilegeEscalation != false (container "${c.name}")`);
    if (!(sc?.capabilities?.drop ?? []).includes('ALL')) out.push(`unrestricted capabilities (container "${c.name}" must drop ALL)`);
    if (!(sc?.runAsNonRoot ?? podNonRoot)) out.push(`runAsNonRoot != true (container "${c.name}")`);
    if ((sc?.runAsUser ?? spec.securityContext?.runAsUser) === 0) out.push(`runAsUser=0 (container "${c.name}")`);
    const seccomp = sc?.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost' && seccomp !== 'Unconfined')
      out.push(`seccompProfile (container "${c.name}" must set RuntimeDefault or Localhost)`);
  }
  return [...new Set(out)];
}

export function enforcedLevel(labels: Record<string, string> | undefined): PodSecurityLevel | undefined {
  const v = labels?.['pod-security.kubernetes.io/enforce'];
  return v === 'privileged' || v === 'baseline' || v === 'restricted' ? v : undefined;
}
