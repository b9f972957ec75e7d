/**
 * Deletes carry a uid precondition (issue 13, item 12): uninstall plans with the objects it saw, and
 * deletes only those. On the real API server, a secret or service account deleted and made again
 * since (same name, new uid) is refused with a conflict and stays; the object the plan saw is deleted.
 */
import { expect, it } from 'vitest';
import { KubeError } from '../../src/platform/kube/errors.js';
import { describeWithCluster, kubeClient, namespacesDeletedAfterAll, uniqueNamespace } from './testbed.js';

describeWithCluster('deletes with a uid precondition on the real API server', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);

  it('a secret and a service account made again since the plan are not deleted; the ones the plan saw are', async () => {
    const ns = uniqueNamespace('uid');
    namespaces.push(ns);
    await kube.createNamespace(ns);

    const planned = await kube.createSecret(ns, { metadata: { name: 'registry-secret' }, stringData: { 'config.json': '{}' } });
    const plannedSa = await kube.createServiceAccount(ns, { metadata: { name: 'pro-builder-ecr' } });
    // Someone deletes both and makes them again (same names, new objects) after the plan was made.
    await kube.deleteSecret(ns, 'registry-secret');
    await kube.deleteServiceAccount(ns, 'pro-builder-ecr');
    const remade = await kube.createSecret(ns, { metadata: { name: 'registry-secret' }, stringData: { 'config.json': '{"auths":{}}' } });
    const remadeSa = await kube.createServiceAccount(ns, { metadata: { name: 'pro-builder-ecr' } });
    expect(remade.metadata?.uid).not.toBe(planned.metadata?.uid);

    const refused = await kube.deleteSecret(ns, 'registry-secret', planned.metadata!.uid).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KubeError);
    expect((refused as KubeError).status).toBe(409);
    const refusedSa = await kube.deleteServiceAccount(ns, 'pro-builder-ecr', plannedSa.metadata!.uid).catch((e: unknown) => e);
    expect(refusedSa).toBeInstanceOf(KubeError);
    expect((await kube.getSecret(ns, 'registry-secret'))?.metadata?.uid, 'a secret made since the plan was deleted').toBe(
      remade.metadata?.uid,
    );
    expect((await kube.getServiceAccount(ns, 'pro-builder-ecr'))?.metadata?.uid, 'a service account made since the plan was deleted').toBe(
      remadeSa.metadata?.uid,
    );

    // With the uid of the object that is there, the delete goes through.
    expect(await kube.deleteSecret(ns, 'registry-secret', remade.metadata!.uid)).toBe(true);
    expect(await kube.deleteServiceAccount(ns, 'pro-builder-ecr', remadeSa.metadata!.uid)).toBe(true);
    expect(await kube.getSecret(ns, 'registry-secret')).toBeUndefined();
    expect(await kube.getServiceAccount(ns, 'pro-builder-ecr')).toBeUndefined();
  });
});
