import { describe, expect, it } from 'vitest';
import type { AccessCheck, AccessResult, Kube } from '../../platform/kube/client.js';
import { uninstallAccessChecks, uninstallAccessProblem } from './access.js';
import { buildUninstallPlan } from './plan.js';
import { installedSnapshot, uninstalledSnapshot } from './plan.testkit.js';

function kubeDenying(denied: (c: AccessCheck) => boolean): Kube {
  return {
    canI: async (checks: AccessCheck[]): Promise<AccessResult[]> => checks.map((c) => ({ ...c, allowed: !denied(c) })),
  } as unknown as Kube;
}

describe('uninstallAccessChecks', () => {
  it('asks for what the chosen removals need, each once', () => {
    const checks = uninstallAccessChecks(buildUninstallPlan(installedSnapshot(), { removeNamespace: true }));
    expect(checks.map((c) => `${c.verb} ${c.resource}${c.namespace ? '' : ' (cluster)'}`)).toEqual([
      'delete deployments',
      'delete services',
      'delete secrets',
      'delete serviceaccounts',
      'delete namespaces (cluster)',
    ]);
  });

  it('asks nothing when nothing is to be removed', () => {
    expect(uninstallAccessChecks(buildUninstallPlan(uninstalledSnapshot()))).toEqual([]);
  });
});

describe('uninstallAccessProblem', () => {
  it('names each refused permission in one sentence, with the next step', async () => {
    const plan = buildUninstallPlan(installedSnapshot());
    const problem = await uninstallAccessProblem(
      kubeDenying((c) => c.verb === 'delete' && c.resource !== 'services'),
      plan,
    );
    expect(problem?.message).toBe(
      'Your user may not delete deployments.apps in namespace openfaas; delete secrets in namespace openfaas; delete serviceaccounts in namespace openfaas, which this uninstall needs. Nothing was changed.',
    );
    expect(problem?.nextStep).toMatch(/--context/);
    expect(
      await uninstallAccessProblem(
        kubeDenying(() => false),
        plan,
      ),
    ).toBeUndefined();
  });
});
