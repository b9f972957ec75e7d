// Test helpers only: rotation snapshots and a fake cluster holding an installed release.
import { TEST_TARGET, existingSecret } from '../../shared/testing/cluster.js';
import type { ReleaseStatus } from '../../platform/helm/helm.js';
import { ReleaseHelm } from '../../shared/testing/fakes.js';
import { FakeKube } from '../../platform/testing/fakeKube.js';
import type { RotationSnapshot } from './snapshot.js';

export const OLD_PAYLOAD = 'b2xkLXNpZ25pbmctc2VjcmV0LXRoYXQtaXMtcmV0aXJlZA==';

export function release(chartVersion: string): ReleaseStatus {
  return { name: 'pro-builder', namespace: 'openfaas', status: 'deployed', revision: 1, chartName: 'pro-builder', chartVersion };
}

export function rotationSnapshot(over: Partial<RotationSnapshot> = {}): RotationSnapshot {
  return {
    target: TEST_TARGET,
    namespace: 'openfaas',
    release: 'pro-builder',
    outputDir: '/work/site',
    namespaceExists: true,
    helmRelease: release('0.4.19'),
    deployment: { metadata: { name: 'pro-builder', namespace: 'openfaas' } },
    secrets: { payload: existingSecret('payload', { 'payload-secret': OLD_PAYLOAD }) },
    localFiles: { 'payload.txt': true },
    ...over,
  };
}

/** A cluster with the release's Deployment and the given secrets, and helm knowing the release. */
export function installedCluster(chartVersion: string) {
  const kube = new FakeKube();
  kube.namespaces.set('openfaas', { metadata: { name: 'openfaas' } });
  kube.addDeployment('openfaas', 'pro-builder');
  kube.secrets.set('openfaas/payload-secret', existingSecret('payload', { 'payload-secret': OLD_PAYLOAD }));
  const helm = new ReleaseHelm({ chartVersion });
  return { kube, helm };
}
