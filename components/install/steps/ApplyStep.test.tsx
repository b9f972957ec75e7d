import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyInstallPlan, type ApplyDeps, type ApplyResult } from '../../../src/features/install/apply.js';
import type { InstallPlan } from '../../../src/features/install/plan.js';
import { testPlan } from '../../../src/features/install/plan.testkit.js';
import { ServicesProvider, type Services } from '../../services/ServicesContext.js';
import { fakeServices } from '../../testing/fakes.js';
import { FakeKube } from '../../../src/platform/testing/fakeKube.js';
import { flat, waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { ApplyStep } from './ApplyStep.js';

afterEach(() => cleanup());

/** An apply that reports the steps it is given, one per tick, holding each until released. */
function scriptedApply(
  steps: { id: string; title: string; end: 'done' | 'skipped' | 'failed'; detail?: string }[],
  gate?: { wait: () => Promise<void> },
): Services['apply'] {
  return async (_plan: InstallPlan, deps: ApplyDeps): Promise<ApplyResult> => {
    const seen = [];
    for (const s of steps) {
      if (s.end === 'skipped') {
        deps.onStep?.({ id: s.id, title: s.title, status: 'skipped', detail: s.detail });
        continue;
      }
      deps.onStep?.({ id: s.id, title: s.title, status: 'running' });
      deps.onHelmLine?.(`${s.title}: working`);
      await (gate?.wait() ?? Promise.resolve());
      const e = { id: s.id, title: s.title, status: s.end, detail: s.detail };
      seen.push(e);
      deps.onStep?.(e);
      if (s.end === 'failed')
        return {
          ok: false,
          steps: seen,
          backups: [],
          error: {
            message: 'helm upgrade failed (exit 1).',
            nextStep: 'Read helm’s message above.',
            helmOutput: 'Error: UPGRADE FAILED: boom',
          },
        };
    }
    return { ok: true, steps: seen, backups: [] };
  };
}

function setup(services: Services, stopRequested = false) {
  const onFinished = vi.fn();
  const r = render(
    <ServicesProvider services={services}>
      <ApplyStep plan={testPlan()} kube={new FakeKube().addNamespace('openfaas')} stopRequested={stopRequested} onFinished={onFinished} />
    </ServicesProvider>,
  );
  return { ...r, onFinished };
}

describe('ApplyStep', () => {
  it('shows each step with ✓, – and its detail, and reports success', async () => {
    const apply = scriptedApply([
      { id: 'secret/a', title: 'Create secret openfaas/registry-secret', end: 'done' },
      { id: 'secret/b', title: 'Secret openfaas-license', end: 'skipped', detail: 'already present' },
      { id: 'helm/0', title: 'helm upgrade pro-builder', end: 'done' },
    ]);
    const r = setup(fakeServices({ apply }));
    await waitFor(() => r.onFinished.mock.calls.length > 0);
    const frame = await waitForFrame(r.lastFrame, '✓ helm upgrade pro-builder');
    expect(frame).toContain('✓ Create secret openfaas/registry-secret');
    expect(frame).toContain('– Secret openfaas-license — already present');
    expect(r.onFinished.mock.calls[0]![0].ok).toBe(true);
    expect(r.onFinished.mock.calls[0]![1]).toBe(false);
  });

  it('shows the failed step with ×, the error, its next step and helm’s output', async () => {
    const apply = scriptedApply([
      { id: 'secret/a', title: 'Create secret openfaas/registry-secret', end: 'done' },
      { id: 'helm/0', title: 'helm upgrade pro-builder', end: 'failed', detail: 'helm upgrade failed (exit 1).' },
    ]);
    const r = setup(fakeServices({ apply }));
    const frame = flat(await waitForFrame(r.lastFrame, 'Next: Read helm’s message above.'));
    expect(frame).toContain('× helm upgrade pro-builder');
    expect(frame).toContain('Error: UPGRADE FAILED: boom');
    expect(r.onFinished.mock.calls[0]![0].ok).toBe(false);
  });

  it('shows a spinner and the live helm lines while a step runs', async () => {
    let release!: () => void;
    const gate = { wait: () => new Promise<void>((r) => (release = r)) };
    const apply = scriptedApply([{ id: 'helm/0', title: 'helm upgrade pro-builder', end: 'done' }], gate);
    const r = setup(fakeServices({ apply }));
    const frame = await waitForFrame(r.lastFrame, 'helm upgrade pro-builder: working');
    expect(frame).not.toContain('✓');
    release();
    await waitForFrame(r.lastFrame, '✓ helm upgrade pro-builder');
  });

  it('with a stop requested, finishes the running step and starts no other', async () => {
    const out = await mkdtemp(join(tmpdir(), 'pbs-apply-stop-'));
    try {
      let release!: () => void;
      const kube = new FakeKube().addNamespace('openfaas');
      kube.namespaces.clear();
      const createNamespace = kube.createNamespace.bind(kube);
      kube.createNamespace = async (name: string) => {
        await new Promise<void>((r) => (release = r));
        return createNamespace(name);
      };
      const plan = testPlan({
        cluster: { namespaceExists: false },
        answers: { outputDir: out, valuesFile: join(out, 'custom-values.yaml') },
      });
      const onFinished = vi.fn();
      // The real apply: the namespace step is held open, Ctrl+C arrives, then it completes.
      const services = fakeServices({ kube, apply: applyInstallPlan });
      const tree = (stop: boolean) => (
        <ServicesProvider services={services}>
          <ApplyStep plan={plan} kube={kube} stopRequested={stop} onFinished={onFinished} />
        </ServicesProvider>
      );
      const r = render(tree(false));
      await waitForFrame(r.lastFrame, 'Create namespace openfaas');
      r.rerender(tree(true));
      await waitForFrame(r.lastFrame, 'Stopping after the current step');
      release();
      await waitFor(() => onFinished.mock.calls.length > 0);
      const [result, stopped] = onFinished.mock.calls[0]!;
      expect(stopped).toBe(true);
      expect(kube.writes).toEqual(['createNamespace openfaas']);
      expect(result.steps.map((s: { status: string }) => s.status)).toEqual(['done']);
      expect(await readdir(out)).toEqual([]);
      expect(await waitForFrame(r.lastFrame, '✓ Create namespace openfaas')).not.toContain('×');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
