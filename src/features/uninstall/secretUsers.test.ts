import type { V1Deployment, V1PodSpec } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { secretsReferenced, secretUsersOutsideRelease } from './secretUsers.js';

function deployment(name: string, release: string | undefined, spec: V1PodSpec): V1Deployment {
  return {
    metadata: { name, annotations: release ? { 'meta.helm.sh/release-name': release } : {} },
    spec: { selector: {}, template: { spec } },
  };
}

const mountsAll: V1PodSpec = {
  volumes: [
    { name: 'a', secret: { secretName: 'payload-secret' } },
    { name: 'b', projected: { sources: [{ secret: { name: 'registry-secret' } }] } },
  ],
  initContainers: [{ name: 'init', envFrom: [{ secretRef: { name: 'aws-ecr-credentials' } }] }],
  containers: [{ name: 'c', env: [{ name: 'L', valueFrom: { secretKeyRef: { name: 'openfaas-license', key: 'license' } } }] }],
  imagePullSecrets: [{ name: 'pull' }],
};

describe('secretsReferenced', () => {
  it('finds secrets in volumes, projected volumes, env, envFrom and image pull secrets', () => {
    expect([...secretsReferenced(mountsAll)].sort()).toEqual([
      'aws-ecr-credentials',
      'openfaas-license',
      'payload-secret',
      'pull',
      'registry-secret',
    ]);
    expect(secretsReferenced(undefined).size).toBe(0);
  });
});

describe('secretUsersOutsideRelease', () => {
  it('names the deployments of other releases (or of none) that read each secret', () => {
    const users = secretUsersOutsideRelease(
      [
        deployment('pro-builder', 'pro-builder', mountsAll),
        deployment('builder-b', 'builder-b', {
          containers: [{ name: 'c' }],
          volumes: [{ name: 'p', secret: { secretName: 'payload-secret' } }],
        }),
        deployment('by-hand', undefined, { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'payload-secret' } }] }] }),
      ],
      'pro-builder',
    );
    expect(users).toEqual({ 'payload-secret': ['deployment/builder-b', 'deployment/by-hand'] });
  });
});
