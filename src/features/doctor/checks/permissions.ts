import type { AccessResult } from '../../../platform/kube/client.js';
import { pass, plural, warn } from '../result.js';
import type { Check } from '../types.js';

/** What the doctor cannot do without each permission, so later skips make sense. */
function consequence(a: AccessResult): string {
  const key = `${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ''}`;
  switch (key) {
    case 'get namespaces':
      return 'namespace check';
    case 'get secrets':
      return 'secret content checks';
    case 'get deployments':
      return 'Deployment check';
    case 'list pods':
      return a.namespace ? 'pod checks' : 'node headroom (pods on nodes)';
    case 'get pods/log':
      return 'log checks';
    case 'list events':
      return 'event checks';
    case 'list nodes':
      return 'node resource checks';
    case 'get serviceaccounts':
      return 'IRSA service account check';
    case 'create serviceaccounts/token':
      return 'IRSA token check';
    default:
      return 'some checks';
  }
}

export function describeAccess(a: AccessResult): string {
  return `${a.verb} on ${a.resource}${a.subresource ? `/${a.subresource}` : ''}${a.namespace ? ` in namespace ${a.namespace}` : ' (cluster-wide)'}`;
}

export const permissions: Check = {
  id: 'permissions.access',
  category: 'Permissions',
  description: 'what the doctor may read',
  needs: ['cluster.reachable'],
  async run(ctx) {
    const results = await ctx.access();
    const missing = results.filter((r) => !r.allowed);
    if (!missing.length)
      return pass(
        `All ${results.length} permissions the doctor uses are granted.`,
        results.map((r) => `can ${describeAccess(r)}`),
      );
    return warn(
      `Missing ${plural(missing.length, 'permission')}: ${missing.map(describeAccess).join('; ')}. The checks that need them are skipped.`,
      missing.map((r) => `cannot ${describeAccess(r)} → no ${consequence(r)}`),
      {
        hint: `Ask a cluster admin for a Role in namespace ${ctx.namespace} (and a ClusterRole for nodes) granting these, or run with a context that has them (--context).`,
      },
    );
  },
};
