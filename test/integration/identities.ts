import { KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { kubeconfigVariant } from './cliHarness.js';
import { kubeClient, testbed } from './testbed.js';

export interface TestIdentity {
  kubeconfig: string;
  /** Removes the cluster-scoped objects (namespaced ones go with their namespaces). */
  cleanup(): Promise<void>;
}

/**
 * A service account that may read everything in `namespace` (and get namespaces) but change
 * nothing, and a kubeconfig that authenticates as it with a token: a real 403 on any write.
 */
export async function readOnlyIdentity(namespace: string, usersNamespace: string, name: string): Promise<TestIdentity> {
  const admin = kubeClient();
  const kc = new KubeConfig();
  kc.loadFromFile(testbed.kubeconfig!);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  if (!(await admin.getNamespace(usersNamespace))) await admin.createNamespace(usersNamespace);
  await admin.createServiceAccount(usersNamespace, { metadata: { name } });
  const subjects = [{ kind: 'ServiceAccount', name, namespace: usersNamespace }];
  const read = ['get', 'list', 'watch'];
  await rbac.createNamespacedRole({
    namespace,
    body: { metadata: { name }, rules: [{ apiGroups: ['', 'apps'], resources: ['*'], verbs: read }] },
  });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects },
  });
  const clusterName = `${name}-${namespace}`;
  await rbac.createClusterRole({
    body: { metadata: { name: clusterName }, rules: [{ apiGroups: [''], resources: ['namespaces', 'nodes'], verbs: read }] },
  });
  await rbac.createClusterRoleBinding({
    body: {
      metadata: { name: clusterName },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName },
      subjects,
    },
  });
  const token = await admin.createToken({ namespace: usersNamespace, serviceAccount: name, audiences: [], expirationSeconds: 3600 });
  return {
    kubeconfig: await kubeconfigVariant({ user: { token } }),
    cleanup: async () => {
      await rbac.deleteClusterRole({ name: clusterName }).catch(() => undefined);
      await rbac.deleteClusterRoleBinding({ name: clusterName }).catch(() => undefined);
    },
  };
}
