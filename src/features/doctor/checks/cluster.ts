import { createNamespaceCommand } from '../commands.js';
import { fail, pass, warn } from '../result.js';
import type { Check } from '../types.js';

export const clusterReachable: Check = {
  id: 'cluster.reachable',
  category: 'Cluster',
  description: 'Kubernetes API reachable',
  async run(ctx) {
    const v = await ctx.serverVersion();
    const evidence = [`server ${ctx.target.server}`, `version ${v.gitVersion}${v.platform ? ` (${v.platform})` : ''}`];
    const minor = Number.parseInt(v.minor ?? '', 10);
    // securityContext.seccompProfile (rootless BuildKit) is a field only since 1.19.
    if (v.major === '1' && Number.isFinite(minor) && minor < 19) {
      return warn(`Kubernetes ${v.gitVersion} is older than 1.19, which rootless BuildKit's seccompProfile setting needs.`, evidence, {
        hint: 'Upgrade the cluster, or run BuildKit in root mode.',
      });
    }
    return pass(`Kubernetes ${v.gitVersion} answers at ${ctx.target.server}.`, evidence);
  },
};

export const clusterContext: Check = {
  id: 'cluster.context',
  category: 'Cluster',
  description: 'kubeconfig context',
  async run(ctx) {
    const t = ctx.target;
    const evidence = [`context ${t.contextName}`, `cluster ${t.clusterName} at ${t.server}`, `user ${t.user}`, `kubeconfig ${t.source}`];
    if (t.insecureSkipTlsVerify) {
      return warn(
        `Context ${t.contextName} sets insecure-skip-tls-verify: the API server's certificate is not checked, and the secrets sent to it could reach anyone in between.`,
        evidence,
        {
          hint: "Put the cluster's CA in the kubeconfig (certificate-authority-data) and remove insecure-skip-tls-verify.",
        },
      );
    }
    return pass(`Using context ${t.contextName} (cluster ${t.clusterName}).`, evidence);
  },
};

export const clusterNamespace: Check = {
  id: 'cluster.namespace',
  category: 'Cluster',
  description: 'namespace exists',
  needs: ['cluster.reachable'],
  async run(ctx) {
    const ns = await ctx.namespaceObject();
    if (!ns) {
      return fail(`Namespace ${ctx.namespace} does not exist.`, [], {
        hint: `Create it (the install wizard does this too), or pass the namespace the pro-builder is in with --namespace.`,
        fix: createNamespaceCommand(ctx.namespace),
      });
    }
    const labels = Object.entries(ns.metadata?.labels ?? {})
      .filter(([k]) => k.startsWith('pod-security.kubernetes.io/'))
      .map(([k, v]) => `label ${k}=${v}`);
    if (ns.status?.phase === 'Terminating' || ns.metadata?.deletionTimestamp) {
      return fail(`Namespace ${ctx.namespace} is being deleted.`, labels, {
        hint: 'Wait for the deletion to finish, then re-create it and install again.',
      });
    }
    return pass(`Namespace ${ctx.namespace} exists.`, labels);
  },
};
