import { describe, expect, it } from 'vitest';
import { enforcedLevel, podSecurityViolations } from './podSecurity.js';
import { deployment } from './testing/fixtures.js';

describe('podSecurityViolations', () => {
  it('rootless BuildKit (seccomp Unconfined) breaks baseline', () => {
    const t = deployment({ rootless: true }).spec!.template;
    expect(podSecurityViolations(t, 'baseline')).toEqual([
      'seccompProfile (container "buildkit" sets seccompProfile.type to "Unconfined")',
    ]);
    expect(podSecurityViolations(t, 'privileged')).toEqual([]);
  });

  it('root BuildKit (privileged) breaks baseline', () => {
    expect(podSecurityViolations(deployment({ rootless: false }).spec!.template, 'baseline')).toEqual([
      'privileged (container "buildkit" sets privileged=true)',
    ]);
  });

  it('restricted adds the non-root and capability controls', () => {
    const v = podSecurityViolations(deployment().spec!.template, 'restricted');
    expect(v).toContain('allowPrivilegeEscalation != false (container "pro-builder")');
    expect(v).toContain('runAsNonRoot != true (container "buildkit")');
  });

  it('reads the enforce label', () => {
    expect(enforcedLevel({ 'pod-security.kubernetes.io/enforce': 'baseline' })).toBe('baseline');
    expect(enforcedLevel({ 'pod-security.kubernetes.io/warn': 'restricted' })).toBeUndefined();
  });
});
