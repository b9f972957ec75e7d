import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from './checks/index.js';
import { createDoctorContext, prefetchCommonReads, selectorToString } from './context.js';
import { logTargets } from './logTargets.js';
import { runChecks } from './runner.js';
import { helmStatusJson } from '../../platform/helm/testing/fakeHelm.js';
import { NS, deployment, node, pod, workloadPod } from './testing/fixtures.js';
import { healthyScenario } from './testing/scenario.js';

describe('selectorToString', () => {
  it('renders matchLabels and matchExpressions', () => {
    expect(
      selectorToString({
        matchLabels: { app: 'pro-builder', component: 'pro-builder' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'canary', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=pro-builder,component=pro-builder,tier in (a,b),!canary');
    expect(selectorToString(undefined)).toBeUndefined();
  });
});

describe('createDoctorContext', () => {
  it("selects pods with the Deployment's own selector", async () => {
    const s = await healthyScenario();
    const d = deployment();
    d.spec!.selector = { matchLabels: { app: 'builder-x' } };
    s.kube.deployments.set(`${NS}/pro-builder`, d);
    const p = pod({ name: 'builder-x-5d8c9-abcde' });
    p.metadata!.labels = { app: 'builder-x' };
    s.kube.pods.push(p);
    const pods = await s.ctx().pods();
    expect(pods.map((x) => x.metadata?.name)).toEqual(['builder-x-5d8c9-abcde']);
  });

  it('finds the Deployment under the release-derived name', async () => {
    const s = await healthyScenario();
    s.helm.status = helmStatusJson({ release: 'team', chartVersion: '0.6.10', lastDeployed: '2025-03-14T11:40:00Z' });
    s.helm.values = { fullnameOverride: '' };
    const ctx = createFor(s);
    expect(await ctx.deploymentName()).toBe('team-pro-builder');
  });

  it("asks helm about the doctor's own cluster: the context and kubeconfig the Kube client uses", async () => {
    const s = await healthyScenario();
    s.helm.status = helmStatusJson({ release: 'team', chartVersion: '0.6.10', lastDeployed: '2025-03-14T11:40:00Z' });
    await createFor(s).deploymentName();
    expect(s.helm.calls.length).toBeGreaterThan(0);
    for (const args of s.helm.calls) {
      expect(args[args.indexOf('--kube-context') + 1]).toBe(s.kube.target.contextName);
      expect(args[args.indexOf('--kubeconfig') + 1]).toBe(s.kube.target.kubeconfigFile);
    }
  });

  it('falls back to the chart default name when helm fails', async () => {
    const s = await healthyScenario();
    s.helm.broken = true;
    expect(await s.ctx().deploymentName()).toBe('pro-builder');
    expect(await s.ctx().deployment()).toBeDefined();
  });

  it('inspects at most maxNodesInspected schedulable nodes, largest first, and trims their pods', async () => {
    const s = await healthyScenario();
    s.kube.nodes = [
      node('a', { cpu: '2' }),
      node('b', { cpu: '16' }),
      node('c', { cpu: '8' }),
      node('cordoned', { cpu: '64', unschedulable: true }),
      node('down', { cpu: '64', ready: false }),
    ];
    s.kube.pods.push(workloadPod('big-1', 'b', { cpu: '1', memory: '1Gi' }), workloadPod('done', 'b', { cpu: '1' }, 'Succeeded'));
    const ctx = createDoctorContext({
      kube: s.kube,
      helm: s.helm,
      namespace: NS,
      release: 'pro-builder',
      now: new Date(),
      maxNodesInspected: 2,
    });
    const byNode = await ctx.podsOnNodes();
    expect([...byNode.keys()]).toEqual(['b', 'c']);
    const onB = byNode.get('b')!;
    expect(onB.map((p) => p.metadata?.name)).toEqual(['big-1']);
    expect(onB[0]!.spec?.containers[0]).toEqual({
      name: 'app',
      resources: { requests: { cpu: '1', memory: '1Gi' } },
      restartPolicy: undefined,
    });
  });
});

function createFor(s: Awaited<ReturnType<typeof healthyScenario>>) {
  return createDoctorContext({ kube: s.kube, helm: s.helm, namespace: NS, release: 'team', now: new Date() });
}

describe('prefetchCommonReads', () => {
  it('starts the common reads at once, so they overlap the version and namespace round trips', async () => {
    const s = await healthyScenario();
    s.kube.delayMs = 20;
    const ctx = prefetchCommonReads(createFor(s));
    // Before any check has run: the reads are already on their way, all at the same time.
    expect(s.kube.calls).toMatchObject({ serverVersion: 1, getNamespace: 1, listNodes: 1 });
    expect(s.kube.maxInFlight).toBeGreaterThanOrEqual(4);
    const outcomes = await runChecks(ALL_CHECKS, ctx);
    // Shared with the checks, not repeated by them.
    expect(s.kube.calls).toMatchObject({ serverVersion: 1, getNamespace: 1, listNodes: 1 });
    expect(outcomes.filter((o) => o.status === 'fail')).toEqual([]);
  });

  it('asks for the fixed-name secrets at once and for the logs as soon as the pods are known, before any check gets there', async () => {
    const s = await healthyScenario();
    const ctx = prefetchCommonReads(s.ctx());
    const pods = await ctx.pods();
    const targets = logTargets(pods);
    expect(targets.length).toBeGreaterThan(0);
    // The fake answers without timers: a few macrotask turns let the chained reads start.
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    expect(s.kube.calls['readPodLog']).toBe(targets.length);
    const secretsBefore = s.kube.calls['getSecret'] ?? 0;
    expect(secretsBefore).toBeGreaterThanOrEqual(3);
    await runChecks(ALL_CHECKS, ctx);
    // The checks use what was started, and ask for nothing more of either kind.
    expect(s.kube.calls['readPodLog']).toBe(targets.length);
    expect(s.kube.calls['getSecret']).toBe(secretsBefore);
  });

  it("gives a failed read's error to the check that asks, with no unhandled rejection", async () => {
    const s = await healthyScenario();
    s.kube.unreachable = true;
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const ctx = prefetchCommonReads(createFor(s));
      // The fake answers without timers: one macrotask turn lets every started read reject (and
      // Node report any rejection nobody handles) before a check asks, however busy the machine.
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      await expect(ctx.serverVersion()).rejects.toMatchObject({ reason: 'unreachable' });
      const outcomes = await runChecks(ALL_CHECKS, ctx);
      expect(outcomes.find((o) => o.id === 'cluster.reachable')?.status).toBe('fail');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
