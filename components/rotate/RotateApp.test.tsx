import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RotationResult } from '../../src/features/rotate/result.js';
import { planRotation, type RotationPlan } from '../../src/features/rotate/plan.js';
import { rotationSnapshot } from '../../src/features/rotate/plan.testkit.js';
import { KEY } from '../testing/keys.js';
import { renderAt } from '../testing/renderAt.js';
import { waitFor, waitForFrame } from '../testing/waitForFrame.js';
import type { RunRotation } from './plainRotate.js';
import { RotateApp } from './RotateApp.js';

afterEach(() => cleanup());

const plan = (() => {
  const d = planRotation('signing-secret', rotationSnapshot());
  if (d.kind !== 'plan') throw new Error('no plan');
  return d.plan;
})() as RotationPlan;

function setup(result: Partial<RotationResult> = {}) {
  const calls: AbortSignal[] = [];
  const run: RunRotation = async (hooks) => {
    calls.push(hooks.signal);
    hooks.onStep({ id: 'secret', title: 'Replace secret openfaas/payload-secret', status: 'done' });
    hooks.onProgress({ desired: 1, updated: 1, available: 0, message: '0 of 1 pods available' });
    return {
      ok: true,
      steps: [{ id: 'secret', title: 'Replace secret openfaas/payload-secret', status: 'done' }],
      backups: ['/work/site/backups/secret-payload-secret.yaml.bak-x'],
      ...result,
    };
  };
  const onExit = vi.fn();
  return { ...render(<RotateApp plan={plan} run={run} onExit={onExit} />), onExit, calls };
}

describe('RotateApp', () => {
  it('shows the changes and asks first; y rotates and ends with the reminder (exit 0)', async () => {
    const { lastFrame, stdin, onExit, calls } = setup();
    const frame = await waitForFrame(lastFrame, 'y/N');
    expect(frame).toMatch(/Rotate the signing secret of pro-builder in kind-builders\/openfaas\?/);
    expect(frame).toMatch(/~ replace secret openfaas\/payload-secret/);
    expect(calls).toEqual([]);
    stdin.write('y');
    const done = await waitForFrame(lastFrame, 'Update build clients');
    expect(done).toMatch(/✓ Replace secret openfaas\/payload-secret/);
    await waitFor(() => onExit.mock.calls.length > 0);
    expect(onExit).toHaveBeenCalledWith(0);
  });

  it("shows the plan's warnings (two secrets on different CAs) before the question", async () => {
    const warning =
      'buildkit-daemon-certs and buildkit-client-certs hold certificates issued by different CAs (an earlier rotation was probably interrupted between its two writes); both are replaced from one new CA.';
    const { lastFrame } = render(<RotateApp plan={{ ...plan, warnings: [warning] }} run={vi.fn()} onExit={vi.fn()} />);
    const frame = await waitForFrame(lastFrame, 'y/N');
    expect(frame.replace(/\s+/g, ' ')).toContain(`! ${warning}`);
  });

  it('Enter, N, Esc or Ctrl+C on the question leave with 130 and nothing run', async () => {
    for (const key of [KEY.enter, 'n', KEY.escape, KEY.ctrlC]) {
      const { lastFrame, stdin, onExit, calls } = setup();
      await waitForFrame(lastFrame, 'y/N');
      stdin.write(key);
      await waitForFrame(lastFrame, 'Cancelled. Nothing was changed.');
      expect(onExit).toHaveBeenCalledWith(130);
      expect(calls).toEqual([]);
      cleanup();
    }
  });

  it('a failed rotation ends with exit 1 and its next step', async () => {
    const { lastFrame, stdin, onExit } = setup({
      ok: false,
      error: {
        message: 'The new pods did not become available within 300s.',
        nextStep: 'Run probuilder-setup doctor -n openfaas to see why.',
      },
    });
    await waitForFrame(lastFrame, 'y/N');
    stdin.write('y');
    const frame = await waitForFrame(lastFrame, 'did not finish');
    expect(frame).toMatch(/Next: Run probuilder-setup doctor/);
    await waitFor(() => onExit.mock.calls.length > 0);
    expect(onExit).toHaveBeenCalledWith(1);
  });

  it('Ctrl+C while rotating stops the rollout watch and ends with 130', async () => {
    let signal: AbortSignal | undefined;
    const run: RunRotation = (hooks) =>
      new Promise((resolveRun) => {
        signal = hooks.signal;
        hooks.onStep({ id: 'rollout', title: 'Wait for the rollout of openfaas/pro-builder', status: 'running' });
        hooks.signal.addEventListener('abort', () => resolveRun({ ok: false, watchStopped: true, steps: [], backups: [] }));
      });
    const onExit = vi.fn();
    const { lastFrame, stdin } = render(<RotateApp plan={plan} run={run} onExit={onExit} />);
    await waitForFrame(lastFrame, 'y/N');
    stdin.write('y');
    await waitForFrame(lastFrame, 'Wait for the rollout');
    stdin.write(KEY.ctrlC);
    await waitForFrame(lastFrame, 'stopped watching the rollout');
    expect(signal?.aborted).toBe(true);
    await waitFor(() => onExit.mock.calls.length > 0);
    expect(onExit).toHaveBeenCalledWith(130);
  });

  it('at 80 columns lists the previous copies one path a line, each whole', async () => {
    const backups = [
      '/home/alice/openfaas/backups/secret-payload-secret.yaml.bak-20260102T030405Z',
      '/home/alice/openfaas/payload.txt.bak-20260102T030405Z',
    ];
    const run: RunRotation = async () => ({
      ok: true,
      steps: [{ id: 'secret', title: 'Replace secret openfaas/payload-secret', status: 'done' }],
      backups,
    });
    const r = renderAt(<RotateApp plan={plan} run={run} onExit={vi.fn()} />, { columns: 80 });
    await waitForFrame(r.lastFrame, 'y/N');
    r.stdin.write('y');
    const lines = (await waitForFrame(r.lastFrame, 'Update build clients')).split('\n');
    for (const b of backups)
      expect(
        lines.some((l) => l.trim() === b),
        b,
      ).toBe(true);
    const reminder = lines.findIndex((l) => l.startsWith('Update build clients'));
    expect(lines[reminder + 1]).toMatch(/^ {2}\S/);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
  });
});
