import type { CoreV1Event } from '@kubernetes/client-node';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckOutcome } from '../../../src/features/doctor/types.js';
import { testPlan } from '../../../src/features/install/plan.testkit.js';
import { waitForRollout as realWaitForRollout, type RolloutWatch } from '../../../src/shared/rollout/rollout.js';
import type { Kube } from '../../../src/platform/kube/client.js';
import { ServicesProvider, type Services } from '../../services/ServicesContext.js';
import { fakeServices } from '../../testing/fakes.js';
import { FakeKube } from '../../../src/platform/testing/fakeKube.js';
import { renderAt } from '../../testing/renderAt.js';
import { flat, waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { RolloutStep } from './RolloutStep.js';

afterEach(() => cleanup());

const WARNING: CoreV1Event = {
  metadata: { uid: 'e1' },
  involvedObject: { kind: 'Pod', name: 'pro-builder-6d9f-abc' },
  reason: 'FailedMount',
  message: 'MountVolume.SetUp failed for volume "payload-secret" : secret "payload-secret" not found',
  count: 2,
};

const FINDING: CheckOutcome = {
  id: 'secrets.payload',
  checkId: 'secrets.payload',
  category: 'Secrets',
  description: 'Signing secret',
  durationMs: 3,
  status: 'fail',
  summary: 'Secret payload-secret is missing.',
  evidence: [],
  hint: 'Run the install again to create it.',
};

function setup(services: Services) {
  const onFinished = vi.fn();
  const abort = new AbortController();
  const r = render(
    <ServicesProvider services={services}>
      <RolloutStep
        plan={testPlan()}
        kube={new FakeKube().addNamespace('openfaas')}
        timeoutMs={120_000}
        signal={abort.signal}
        onFinished={onFinished}
      />
    </ServicesProvider>,
  );
  return { ...r, onFinished, abort };
}

describe('RolloutStep', () => {
  it('shows progress and warning events as they arrive, then finishes', async () => {
    let release!: () => void;
    const waitForRollout = async (_k: Kube, _ns: string, _r: string, w: RolloutWatch) => {
      w.onProgress?.({ desired: 1, updated: 1, available: 0, message: '0 of 1 pods available' });
      w.onWarning?.(WARNING);
      await new Promise<void>((r) => (release = r));
      w.onProgress?.({ desired: 1, updated: 1, available: 1, message: 'rolled out' });
      return { ok: true, timedOut: false, deploymentName: 'pro-builder', warnings: [WARNING] };
    };
    const r = setup(fakeServices({ waitForRollout }));
    const frame = flat(await waitForFrame(r.lastFrame, 'FailedMount'));
    expect(frame).toContain('rollout: 0 of 1 pods available (0/1 available)');
    expect(frame).toContain('! Pod/pro-builder-6d9f-abc FailedMount: MountVolume.SetUp failed');
    expect(frame).toContain('(×2)');
    expect(r.onFinished).not.toHaveBeenCalled();
    release();
    await waitFor(() => r.onFinished.mock.calls.length > 0);
    expect(r.onFinished.mock.calls[0]![0].ok).toBe(true);
    await waitForFrame(r.lastFrame, '✓ rollout: rolled out');
  });

  it('on a timeout runs the doctor and shows what it found', async () => {
    const runDoctor = vi.fn(async () => [FINDING]);
    const waitForRollout = async () => ({ ok: false, timedOut: true, deploymentName: 'pro-builder', warnings: [] });
    const r = setup(fakeServices({ waitForRollout, runDoctor }));
    const frame = flat(await waitForFrame(r.lastFrame, 'What the doctor found'));
    expect(frame).toContain('The rollout did not finish within 2m');
    expect(frame).toContain('Secret payload-secret is missing.');
    expect(frame).toContain('Run the install again to create it.');
    await waitFor(() => r.onFinished.mock.calls.length > 0);
    expect(r.onFinished.mock.calls[0]![0].timedOut).toBe(true);
    expect(runDoctor).toHaveBeenCalledWith(expect.objectContaining({ namespace: 'openfaas', release: 'pro-builder' }));
  });

  it('stops at once on a final cause (no node can ever take the pod) and shows the doctor’s finding', async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    kube.deployments.set('openfaas/pro-builder', {
      metadata: { name: 'pro-builder', generation: 1 },
      spec: { replicas: 1 } as never,
      status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1 },
    });
    kube.events = [
      {
        metadata: { uid: 'sched-1', namespace: 'openfaas' },
        type: 'Warning',
        involvedObject: { kind: 'Pod', name: 'pro-builder-6d9f-abc' },
        reason: 'FailedScheduling',
        message: '0/1 nodes are available: 1 Insufficient cpu.',
        lastTimestamp: new Date() as never,
        count: 1,
      },
    ];
    const finalFinding: CheckOutcome = {
      ...FINDING,
      id: 'nodes.fit',
      checkId: 'nodes.fit',
      category: 'Node resources',
      summary: 'Pod pro-builder-6d9f-abc is not scheduled: needs 2 CPU, the largest node has 1 (no node is big enough even when empty).',
      hint: 'Lower --buildkit-cpu or add a bigger node.',
      final: true,
    };
    const runDoctor = vi.fn(async () => [finalFinding]);
    const onFinished = vi.fn();
    const abort = new AbortController();
    // The real wait, with the default 5-minute timeout: only the early stop can end it within the test.
    const r = render(
      <ServicesProvider services={fakeServices({ kube, waitForRollout: realWaitForRollout, runDoctor })}>
        <RolloutStep plan={testPlan()} kube={kube} timeoutMs={300_000} signal={abort.signal} onFinished={onFinished} />
      </ServicesProvider>,
    );
    await waitFor(() => onFinished.mock.calls.length > 0, 10_000, 'the early stop');
    expect(onFinished.mock.calls[0]![0]).toMatchObject({ ok: false, timedOut: false, stuck: true });
    const frame = flat(await waitForFrame(r.lastFrame, 'What the doctor found'));
    expect(frame).toContain('cannot start, and waiting longer would not help');
    expect(frame).toContain('no node is big enough even when empty');
    expect(runDoctor).toHaveBeenCalledTimes(1);
    abort.abort();
  });

  it('stops watching when aborted, without running the doctor', async () => {
    const runDoctor = vi.fn(async () => [FINDING]);
    const waitForRollout = (_k: Kube, _ns: string, _r: string, w: RolloutWatch) =>
      new Promise<{ ok: false; timedOut: false; warnings: [] }>((resolve) =>
        w.signal?.addEventListener('abort', () => resolve({ ok: false, timedOut: false, warnings: [] })),
      );
    const r = setup(fakeServices({ waitForRollout: waitForRollout as Services['waitForRollout'], runDoctor }));
    await waitForFrame(r.lastFrame, 'Waiting for pro-builder in openfaas');
    r.abort.abort();
    await waitFor(() => r.onFinished.mock.calls.length > 0);
    expect(runDoctor).not.toHaveBeenCalled();
  });

  it('at 80 columns wraps warnings and findings indented, and hands over a wrapped fix whole', async () => {
    const fix =
      'helm upgrade pro-builder openfaas/pro-builder --namespace openfaas --version 0.6.10 --reset-then-reuse-values --set buildkit.resources.requests.cpu=500m';
    const scheduling: CoreV1Event = {
      metadata: { uid: 'e2' },
      involvedObject: { kind: 'Pod', name: 'pro-builder-6d9f-abc' },
      reason: 'FailedScheduling',
      message:
        '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    };
    const runDoctor = vi.fn(async () => [
      { ...FINDING, hint: 'Lower the BuildKit CPU request or add a node with more allocatable CPU than the request.', fix },
    ]);
    const waitForRollout = async (_k: Kube, _ns: string, _r: string, w: RolloutWatch) => {
      w.onWarning?.(scheduling);
      return { ok: false, timedOut: true, deploymentName: 'pro-builder', warnings: [scheduling] };
    };
    const onPasteable = vi.fn();
    const r = renderAt(
      <ServicesProvider services={fakeServices({ waitForRollout, runDoctor })}>
        <RolloutStep
          plan={testPlan()}
          kube={new FakeKube()}
          timeoutMs={120_000}
          signal={new AbortController().signal}
          onFinished={() => {}}
          onPasteable={onPasteable}
        />
      </ServicesProvider>,
      { columns: 80 },
    );
    const frame = await waitForFrame(r.lastFrame, 'fix:');
    const lines = frame.split('\n');
    const warning = lines.findIndex((l) => l.startsWith('  ! Pod/pro-builder-6d9f-abc FailedScheduling'));
    // The warning's continuation lines start under its text, not at column 0.
    expect(lines[warning + 1]).toMatch(/^ {4}\S/);
    const hint = lines.findIndex((l) => l.startsWith('    hint: Lower the BuildKit CPU request'));
    expect(lines[hint + 1]).toMatch(/^ {10}\S/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    await waitFor(() => onPasteable.mock.calls.length > 0);
    expect((onPasteable.mock.calls[0]![0] as string).split('\n')).toContain(fix);
  });
});
