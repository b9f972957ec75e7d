import { describe, expect, it } from 'vitest';
import { installAccessChecks } from '../../src/features/install/preflight.js';
import { FakeHelm } from '../testing/fakes.js';
import { FakeKube } from '../../src/platform/testing/fakeKube.js';
import { checkCluster } from './clusterCheck.js';

/** SelfSubjectAccessReviews sent: the client sends one per access check. */
function accessReviews(kube: FakeKube): number {
  return kube.callLog.filter((c) => c.method === 'canI').reduce((n, c) => n + (c.args[0] as unknown[]).length, 0);
}

describe('checkCluster', () => {
  const everyCheck = installAccessChecks('openfaas', { createNamespace: true, serviceAccount: false }).length;

  it('asks the cluster about each permission once when some are denied, and lists each one', async () => {
    const kube = new FakeKube();
    kube.denied.add('create secrets').add('list pods');
    const check = await checkCluster(kube, new FakeHelm(), 'openfaas', { serviceAccount: false });
    expect(check).toMatchObject({ status: 'denied', denied: ['create secrets in namespace openfaas', 'list pods in namespace openfaas'] });
    expect(accessReviews(kube)).toBe(everyCheck);
  });

  it('asks once when every permission is there', async () => {
    const kube = new FakeKube();
    const check = await checkCluster(kube, new FakeHelm(), 'openfaas', { serviceAccount: false });
    expect(check.status).toBe('ready');
    expect(accessReviews(kube)).toBe(everyCheck);
  });

  it('does not list creating the namespace when it already exists', async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    kube.denied.add('create namespaces').add('update secrets');
    const check = await checkCluster(kube, new FakeHelm(), 'openfaas', { serviceAccount: false });
    expect(check).toMatchObject({ status: 'denied', denied: ['update secrets in namespace openfaas'] });
  });
});
