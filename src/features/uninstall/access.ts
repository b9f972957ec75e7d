import type { AccessCheck, Kube } from '../../platform/kube/client.js';
import { describeAccess } from '../../platform/kube/describeAccess.js';
import { itemsToRemove, type UninstallPlan } from './plan.js';

/**
 * What the chosen removals need to be allowed to do. helm hides a refused delete behind "failed to
 * delete release", so the permissions are asked first and a refusal names the one that is missing.
 */
export function uninstallAccessChecks(plan: UninstallPlan): AccessCheck[] {
  const namespace = plan.namespace;
  const checks = new Map<string, AccessCheck>();
  const need = (c: AccessCheck) => checks.set(describeAccess(c), c);
  for (const item of itemsToRemove(plan)) {
    switch (item.kind) {
      case 'HelmRelease':
        // helm deletes the chart's Deployment and Service, then its own release records (secrets).
        need({ verb: 'delete', resource: 'deployments', group: 'apps', namespace });
        need({ verb: 'delete', resource: 'services', namespace });
        need({ verb: 'delete', resource: 'secrets', namespace });
        break;
      case 'Secret':
        need({ verb: 'delete', resource: 'secrets', namespace });
        break;
      case 'ServiceAccount':
        need({ verb: 'delete', resource: 'serviceaccounts', namespace, name: item.name });
        break;
      case 'Namespace':
        need({ verb: 'delete', resource: 'namespaces' });
        break;
      default:
        break; // local files: the disk answers for itself
    }
  }
  return [...checks.values()];
}

/** The refusal sentence and next step, or undefined when every removal is allowed. */
export async function uninstallAccessProblem(kube: Kube, plan: UninstallPlan): Promise<{ message: string; nextStep: string } | undefined> {
  const checks = uninstallAccessChecks(plan);
  if (checks.length === 0) return undefined;
  const denied = (await kube.canI(checks)).filter((a) => !a.allowed);
  if (denied.length === 0) return undefined;
  return {
    message: `Your user may not ${denied.map(describeAccess).join('; ')}, which this uninstall needs. Nothing was changed.`,
    nextStep: 'Ask a cluster admin for a Role with these permissions, or use a context with more rights (--context).',
  };
}
