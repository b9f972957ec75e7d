import { describe, expect, it } from 'vitest';
import { runChecks } from '../runner.js';
import { BUILDKIT_IMAGE, NS, PRO_BUILDER_IMAGE, RS, crashLooping, deployment, namespace, pod, running } from '../testing/fixtures.js';
import { healthyScenario, type Scenario } from '../testing/scenario.js';
import type { Check } from '../types.js';
import { deploymentAvailable, podSecurityAdmission, podStates } from './workload.js';

async function run(check: Check, s: Scenario) {
  return runChecks([check], s.ctx());
}

const minutesAgo = (m: number) => new Date(new Date('2025-03-14T12:00:00Z').getTime() - m * 60_000).toISOString();

describe('workload.deployment', () => {
  it('says the pro-builder is not installed when neither Deployment nor release exist', async () => {
    const s = await healthyScenario();
    s.kube.deployments.clear();
    s.helm.status = undefined;
    const [o] = await run(deploymentAvailable, s);
    expect(o).toMatchObject({ status: 'fail', fix: 'probuilder-setup install --namespace openfaas --release pro-builder' });
  });

  it('explains a ReplicaFailure condition (missing service account) with the fix', async () => {
    const s = await healthyScenario();
    s.kube.pods = [];
    s.kube.deployments.set(
      `${NS}/pro-builder`,
      deployment({
        available: 0,
        serviceAccount: 'pro-builder-ecr',
        conditions: [
          {
            type: 'Available',
            status: 'False',
            lastUpdateTime: minutesAgo(3),
            lastTransitionTime: minutesAgo(3),
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
          {
            type: 'ReplicaFailure',
            status: 'True',
            lastUpdateTime: minutesAgo(3),
            lastTransitionTime: minutesAgo(3),
            reason: 'FailedCreate',
            message: `pods "${RS}-" is forbidden: error looking up service account openfaas/pro-builder-ecr: serviceaccount "pro-builder-ecr" not found`,
          },
          {
            type: 'Progressing',
            status: 'True',
            lastUpdateTime: minutesAgo(3),
            lastTransitionTime: minutesAgo(3),
            reason: 'ReplicaSetUpdated',
            message: `ReplicaSet "${RS}" is progressing.`,
          },
        ],
      }),
    );
    const [o] = await run(deploymentAvailable, s);
    expect(o!.status).toBe('fail');
    expect(o!.summary).toContain('service account pro-builder-ecr does not exist');
    expect(o!.fix).toBe('kubectl create serviceaccount pro-builder-ecr -n openfaas');
  });

  it('warns while a rollout is young and fails once it has been unavailable too long', async () => {
    const s = await healthyScenario();
    s.kube.deployments.set(`${NS}/pro-builder`, deployment({ available: 0 }));
    const [young] = await runChecks([deploymentAvailable], s.ctx({ stuckAfterMs: 60 * 60_000 }));
    expect(young).toMatchObject({ status: 'warn', summary: 'Deployment pro-builder is rolling out: 0/1 replicas available.' });
    const [old] = await runChecks([deploymentAvailable], s.ctx({ stuckAfterMs: 5 * 60_000 }));
    expect(old).toMatchObject({ status: 'fail', summary: 'Deployment pro-builder has been unavailable for 19m: 0/1 replicas available.' });
  });

  it('does not call a finished rollout "rolling out" when its pods went unready later (a crash loop)', async () => {
    const s = await healthyScenario();
    // What the test bed's Deployment controller reports once a running pod turns unready.
    s.kube.deployments.set(
      `${NS}/pro-builder`,
      deployment({
        available: 0,
        conditions: [
          {
            type: 'Progressing',
            status: 'True',
            lastUpdateTime: minutesAgo(18),
            lastTransitionTime: minutesAgo(20),
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet "${RS}" has successfully progressed.`,
          },
          {
            type: 'Available',
            status: 'False',
            lastUpdateTime: minutesAgo(1),
            lastTransitionTime: minutesAgo(1),
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
        ],
      }),
    );
    const [o] = await run(deploymentAvailable, s);
    expect(o).toMatchObject({
      status: 'warn',
      summary: 'Deployment pro-builder has 0/1 replicas available: its rollout finished, but pods are not ready now.',
      hint: 'The pod and log checks below say why.',
    });
  });
});

describe('workload.pods', () => {
  it('reports each pod under its own id', async () => {
    const s = await healthyScenario();
    s.kube.pods = [
      pod(),
      pod({
        name: `${RS}-q9w8e`,
        containerStatuses: [
          crashLooping('buildkit', BUILDKIT_IMAGE, 5, { reason: 'Error', exitCode: 1 }),
          running('pro-builder', PRO_BUILDER_IMAGE),
        ],
      }),
    ];
    const outcomes = await run(podStates, s);
    expect(outcomes.map((o) => [o.id, o.status])).toEqual([
      [`workload.pods/${RS}-x7k2p`, 'pass'],
      [`workload.pods/${RS}-q9w8e`, 'fail'],
    ]);
  });

  it('selects pods with the Deployment selector, ignoring other pods in the namespace', async () => {
    const s = await healthyScenario();
    const other = pod({ name: 'gateway-7f9c-abcde' });
    other.metadata!.labels = { app: 'gateway' };
    s.kube.pods.push(other);
    const outcomes = await run(podStates, s);
    expect(outcomes).toHaveLength(1);
  });

  it('fails when the Deployment wants pods and none exist', async () => {
    const s = await healthyScenario();
    s.kube.pods = [];
    const [o] = await run(podStates, s);
    expect(o!.status).toBe('fail');
    expect(o!.hint).toContain('FailedCreate');
  });
});

describe('workload.pod-security', () => {
  it('fails a baseline namespace for rootless BuildKit and gives the label command', async () => {
    const s = await healthyScenario();
    s.kube.namespaces.set(
      NS,
      namespace(NS, { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'latest' }),
    );
    const [o] = await run(podSecurityAdmission, s);
    expect(o!.status).toBe('fail');
    expect(o!.summary).toContain('seccompProfile (container "buildkit" sets seccompProfile.type to "Unconfined")');
    expect(o!.fix).toBe('kubectl label namespace openfaas pod-security.kubernetes.io/enforce=privileged --overwrite');
  });

  it('passes a privileged namespace', async () => {
    const s = await healthyScenario();
    s.kube.namespaces.set(NS, namespace(NS, { 'pod-security.kubernetes.io/enforce': 'privileged' }));
    expect((await run(podSecurityAdmission, s))[0]!.status).toBe('pass');
  });
});
