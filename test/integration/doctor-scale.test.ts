/**
 * The doctor in a busy namespace: thousands of unrelated events and a few hundred unrelated pods.
 * It must not read them in full — every list it sends to the real API server is narrowed by a field
 * or label selector and capped — and the noise must not change its verdict. A wrapping Kube counts
 * the calls and the items that came back (timing is printed, not asserted).
 */
import type { CoreV1Event } from '@kubernetes/client-node';
import { afterAll, expect, it } from 'vitest';
import { createDoctorContext, exitCodeFor, runChecks, ALL_CHECKS } from '../../src/features/doctor/index.js';
import { HelmCli } from '../../src/platform/helm/helm.js';
import type { Kube, ListOptions } from '../../src/platform/kube/client.js';
import { CLEAN_LOGS, outcomeMap, problems, serveLogs } from '../fixtures/installedRelease.js';
import { describeWithCharts, kubeClient, rawApis, testbed, uniqueNamespace } from './testbed.js';
import { installOnTestbed, ON_KWOK_BIG } from './testbedInstall.js';

const UNRELATED_EVENTS = 2000;
const UNRELATED_POD_EVENTS = 1800;
const UNRELATED_PODS = 250;

interface Call {
  method: string;
  namespace?: string;
  opts?: ListOptions;
  /** Items a list returned. */
  items?: number;
}

/** The real client, with every call recorded. */
function countingKube(inner: Kube): { kube: Kube; calls: Call[] } {
  const calls: Call[] = [];
  const kube = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const call: Call = { method: String(prop) };
        if (prop === 'listPods' || prop === 'listEvents')
          [call.namespace, call.opts] = args as [string | undefined, ListOptions | undefined];
        if (prop === 'listNodes') call.opts = args[0] as ListOptions | undefined;
        if (prop === 'listSecrets') [call.namespace, call.opts] = args as [string, ListOptions | undefined];
        calls.push(call);
        const result = (await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
        if (Array.isArray(result)) call.items = result.length;
        return result;
      };
    },
  });
  return { kube, calls };
}

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

describeWithCharts('doctor in a namespace full of unrelated events and pods', () => {
  const admin = kubeClient();
  const ns = uniqueNamespace('doc-scale');
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.all(cleanups.map((c) => c()));
    await admin.deleteNamespace(ns);
  });

  async function makeNoise() {
    const { core } = rawApis();
    await admin.createNamespace(ns);
    const now = new Date();
    // Unrelated workloads that never schedule (no node matches), so kwok has nothing to run.
    await inBatches([...Array(UNRELATED_PODS).keys()], 25, (i) =>
      core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name: `fn-${i}-5d9c8-abcde`, labels: { app: `fn-${i}`, faas_function: `fn-${i}` } },
          spec: {
            nodeSelector: { 'kubernetes.io/hostname': 'no-such-node' },
            containers: [{ name: 'fn', image: 'ghcr.io/example/fn:latest' }],
          },
        },
      }),
    );
    // Warning events about other apps' pods and ReplicaSets, as a busy OpenFaaS namespace has.
    const event = (i: number): CoreV1Event => {
      const onPod = i < UNRELATED_POD_EVENTS;
      return {
        metadata: { name: `noise.${i}`, namespace: ns },
        involvedObject: onPod
          ? { kind: 'Pod', namespace: ns, name: `fn-${i % UNRELATED_PODS}-5d9c8-abcde` }
          : { kind: 'ReplicaSet', namespace: ns, name: `gateway-${i}` },
        reason: onPod ? 'Unhealthy' : 'FailedCreate',
        message: onPod
          ? 'Readiness probe failed: HTTP probe failed with statuscode: 503'
          : `Error creating: pods "gateway-${i}-" is forbidden: exceeded quota: compute`,
        type: 'Warning',
        count: 3,
        firstTimestamp: now,
        lastTimestamp: now,
        source: { component: 'kubelet' },
      };
    };
    await inBatches([...Array(UNRELATED_EVENTS).keys()], 50, (i) => core.createNamespacedEvent({ namespace: ns, body: event(i) }));
  }

  async function doctor() {
    const { kube, calls } = countingKube(kubeClient());
    const started = performance.now();
    const outcomes = await runChecks(
      ALL_CHECKS,
      createDoctorContext({ kube, helm: new HelmCli(testbed.helm3!), namespace: ns, release: 'pro-builder', now: new Date() }),
    );
    return { outcomes, calls, ms: Math.round(performance.now() - started) };
  }

  /** Every list narrowed and capped; what came back is a small fraction of what the namespace holds. */
  function expectNarrowReads(calls: Call[]) {
    const events = calls.filter((c) => c.method === 'listEvents');
    expect(events.length).toBeGreaterThan(0);
    for (const c of events) {
      expect(c.opts?.fieldSelector, 'every event list is narrowed by a field selector').toMatch(/involvedObject\.kind=\w+/);
      expect(c.opts?.fieldSelector).toContain('type=Warning');
      expect(c.opts?.max).toBeLessThanOrEqual(200);
    }
    expect(events.reduce((n, c) => n + (c.items ?? 0), 0)).toBeLessThanOrEqual(200);
    const pods = calls.filter((c) => c.method === 'listPods');
    for (const c of pods) {
      if (c.namespace) expect(c.opts?.labelSelector, 'pods of the namespace are selected by label').toBeTruthy();
      else expect(c.opts?.fieldSelector, 'pods across the cluster are listed per node').toMatch(/^spec\.nodeName=/);
    }
    expect(pods.filter((c) => c.namespace).every((c) => (c.items ?? 0) <= 1)).toBe(true);
    for (const c of calls.filter((x) => x.method === 'listNodes')) expect(c.opts?.pageSize).toBeGreaterThan(0);
    // Secrets only as helm's storage of this one release.
    for (const c of calls.filter((x) => x.method === 'listSecrets')) expect(c.opts?.labelSelector).toBe('owner=helm,name=pro-builder');
    // Nothing else lists.
    expect(
      calls
        .filter((c) => c.method.startsWith('list'))
        .map((c) => c.method)
        .filter((m) => !['listEvents', 'listNodes', 'listPods', 'listSecrets'].includes(m)),
    ).toEqual([]);
  }

  it('reads only what concerns the pro-builder, before and after it is installed', async () => {
    await makeNoise();
    const stored = await rawApis().core.listNamespacedEvent({ namespace: ns, limit: 1 });
    expect((stored.metadata?.remainingItemCount ?? 0) + stored.items.length).toBeGreaterThanOrEqual(UNRELATED_EVENTS);

    // Nothing installed yet: the doctor says so, without wading through the noise.
    const empty = await doctor();
    expectNarrowReads(empty.calls);
    const e = outcomeMap(empty.outcomes);
    expect(e.get('helm.release')).toMatchObject({ status: 'fail', summary: `No helm release pro-builder in namespace ${ns}.` });
    expect(e.get('events.warnings')).toMatchObject({ status: 'pass' });
    expect(e.get('nodes.fit')).toMatchObject({ status: 'pass' });
    console.log(
      `doctor, nothing installed, ${UNRELATED_EVENTS} events and ${UNRELATED_PODS} pods of noise: ${empty.ms} ms, ${empty.calls.length} API calls`,
    );

    // Installed: still only its own objects are read, and the noise does not change the verdict.
    await installOnTestbed({ kube: admin, helmBinary: testbed.helm3!, chart: '0.4.19', namespace: ns, ...ON_KWOK_BIG });
    cleanups.push(await serveLogs(testbed.kubeconfig!, ns, CLEAN_LOGS));
    const installed = await doctor();
    expectNarrowReads(installed.calls);
    expect(problems(installed.outcomes)).not.toMatch(/^(fail|warn) /m);
    expect(exitCodeFor(installed.outcomes)).toBe(0);
    console.log(`doctor, installed, same noise: ${installed.ms} ms, ${installed.calls.length} API calls`);
  });
});
