/**
 * Deletes carry a uid precondition (issue 13, item 12): uninstall plans with the objects it saw, and
 * deletes only those. On the real API server, a secret or service account deleted and made again
 * since (same name, new uid) is refused with a conflict and stays; the object the plan saw is deleted.
 * The same holds for the namespace `uninstall --remove-namespace` deletes.
 */
import { expect, it } from 'vitest';
import { KubeError } from '../../src/platform/kube/errors.js';
import { eventually } from './eventually.js';
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

  it('a namespace made again since the plan is not deleted (uninstall --remove-namespace); the one that is there is', async () => {
    const ns = uniqueNamespace('uid-ns');
    namespaces.push(ns);
    const planned = await kube.createNamespace(ns);
    await kube.deleteNamespace(ns);
    // Kubernetes finishes deleting it (its namespace controller), then someone makes it again.
    const remade = await eventually(
      async () => {
        const made = await kube.createNamespace(ns).catch(() => undefined);
        if (!made) throw new Error(`namespace ${ns} is still being deleted`);
        return made;
      },
      { timeoutMs: 120_000 },
    );
    expect(remade.metadata?.uid).not.toBe(planned.metadata?.uid);

    const refused = await kube.deleteNamespace(ns, planned.metadata!.uid).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KubeError);
    expect((refused as KubeError).status).toBe(409);
    const there = await kube.getNamespace(ns);
    expect(there?.metadata?.uid, 'a namespace made since the plan was deleted').toBe(remade.metadata?.uid);
    expect(there?.metadata?.deletionTimestamp).toBeUndefined();

    expect(await kube.deleteNamespace(ns, remade.metadata!.uid)).toBe(true);
  });
});
