import { describe, expect, it } from 'vitest';
import { stuckReleaseStep } from './plan.js';
import { planIsNoop } from './report.js';
import { existingSecret, testPlan, TEST_SECRETS } from './plan.testkit.js';
import { formatPlan } from './report.js';

const target = { namespace: 'openfaas', kubeconfig: '/k', context: 'kind' };

describe('stuckReleaseStep', () => {
  it('removes a release that never finished installing', () => {
    const step = stuckReleaseStep('pro-builder', { status: 'pending-install', revision: 1 }, target)!;
    expect(step.args).toEqual(['uninstall', 'pro-builder', '--namespace', 'openfaas', '--kubeconfig', '/k', '--kube-context', 'kind']);
    expect(step.note).toBe(
      'release pro-builder is stuck in pending-install (revision 1), as a helm that was stopped mid-way leaves it; it never finished installing, so it is removed first',
    );
  });

  it.each(['pending-upgrade', 'pending-rollback'])('rolls a release stuck in %s back to its previous revision', (status) => {
    const step = stuckReleaseStep('pro-builder', { status, revision: 4 }, target)!;
    expect(step.args.slice(0, 2)).toEqual(['rollback', 'pro-builder']);
    expect(step.note).toContain(`stuck in ${status} (revision 4)`);
  });

  it.each([undefined, 'deployed', 'failed', 'superseded', 'uninstalling'])('leaves a release that is %s to the upgrade', (status) => {
    expect(stuckReleaseStep('pro-builder', status ? { status, revision: 2 } : undefined, target)).toBeUndefined();
  });
});

describe('buildInstallPlan with a release left by an interrupted run', () => {
  const converged = {
    cluster: {
      secrets: {
        license: existingSecret('license', { license: TEST_SECRETS.license }),
        payload: existingSecret('payload', { 'payload-secret': TEST_SECRETS.signing }),
      },
    },
    local: { payload: TEST_SECRETS.signing },
    changes: [],
  };

  it('frees the stuck release before the upgrade, says so in the plan, and is not a no-op', () => {
    const plan = testPlan({ ...converged, release: { status: 'pending-install', revision: 1 } });
    expect(plan.helm.map((h) => h.args[0])).toEqual(['uninstall', 'upgrade']);
    expect(formatPlan(plan)).toMatch(
      /\$ helm uninstall pro-builder --namespace openfaas --kubeconfig \/home\/test\/.kube\/config --kube-context kind-builders\n {4}! release pro-builder is stuck in pending-install/,
    );
    expect(planIsNoop(plan)).toBe(false);
  });

  it('ties every helm command that reaches the cluster to the confirmed kubeconfig and context, though no --context was typed', () => {
    const plan = testPlan({ ...converged, release: { status: 'pending-upgrade', revision: 2 } });
    const clusterCommands = plan.helm.filter((h) => h.args[0] !== 'repo');
    expect(clusterCommands.map((h) => h.args[0])).toEqual(['rollback', 'upgrade']);
    for (const { args } of clusterCommands) {
      expect(args[args.indexOf('--kube-context') + 1]).toBe('kind-builders');
      expect(args[args.indexOf('--kubeconfig') + 1]).toBe('/home/test/.kube/config');
    }
  });

  it('plans only the upgrade for a healthy release, and gives helm the --timeout answer as its deadline', () => {
    const plan = testPlan({ ...converged, answers: { timeoutMs: 42_000 }, release: { status: 'deployed', revision: 3 } });
    expect(plan.helm.map((h) => h.args[0])).toEqual(['upgrade']);
    expect(plan.helmTimeoutMs).toBe(42_000);
  });
});

describe('buildInstallPlan with secrets on disk it must not trust', () => {
  it('makes a new signing secret instead of a planted payload.txt, and says why in the review', () => {
    const plan = testPlan({ local: { notReused: [{ path: '/work/site/payload.txt', reason: 'others can write it (mode 0666)' }] } });
    expect(plan.secretsMaterial.signingSecret).toBe(TEST_SECRETS.signing);
    expect(formatPlan(plan)).toMatch(
      /create Secret openfaas\/payload-secret .* — new: \/work\/site\/payload\.txt was not reused \(others can write it \(mode 0666\)\)/,
    );
  });
});

describe('ECR with EKS Pod Identity', () => {
  const arn = 'arn:aws:iam::123456789012:role/pb';
  const registry = {
    kind: 'ecr-irsa' as const,
    accountId: '123456789012',
    region: 'eu-west-1',
    roleArn: arn,
    podIdentity: { clusterName: 'prod-eu' },
  };
  const association =
    'aws eks create-pod-identity-association --cluster-name prod-eu --namespace openfaas --service-account pro-builder-ecr --role-arn arn:aws:iam::123456789012:role/pb --region eu-west-1';

  it('makes the service account without a role annotation, and the review shows the association command', () => {
    const plan = testPlan({ answers: { registry } });
    const sa = plan.objects.find((o) => o.kind === 'ServiceAccount')!;
    expect(sa.action).toBe('create');
    expect(sa.desired?.metadata?.annotations).toBeUndefined();
    expect(formatPlan(plan)).toContain(association);
  });

  it('removes an IRSA role annotation left on the account (it would win over the association)', () => {
    const existing = { metadata: { name: 'pro-builder-ecr', namespace: 'openfaas', annotations: { 'eks.amazonaws.com/role-arn': arn } } };
    const sa = testPlan({ answers: { registry }, cluster: { irsaServiceAccount: existing } }).objects.find(
      (o) => o.kind === 'ServiceAccount',
    )!;
    expect(sa.action).toBe('update');
    expect(sa.note).toContain(`role annotation ${arn} is removed`);
    const unchanged = testPlan({
      answers: { registry },
      cluster: { irsaServiceAccount: { metadata: { name: 'pro-builder-ecr' } } },
    }).objects.find((o) => o.kind === 'ServiceAccount')!;
    expect(unchanged.action).toBe('unchanged');
  });
});
