import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReportMeta } from '../../src/features/doctor/format.js';
import { ActionableError } from '../../src/platform/errors.js';
import { exitCodeFor } from '../../src/features/doctor/runner.js';
import { waitFor, waitForFrame } from '../testing/waitForFrame.js';
import { DoctorApp } from './DoctorApp.js';
import type { DoctorSessionResult, SessionHooks } from './doctorSession.js';
import { CHECKS, OUTCOMES } from './outcomes.testkit.js';

afterEach(() => cleanup());

const META: ReportMeta = {
  cluster: { context: 'kind-builders', server: 'https://127.0.0.1:6443' },
  namespace: 'openfaas',
  release: 'pro-builder',
};

/** A run the test drives step by step: it hands out the hooks and finishes when told. */
function controlledRun() {
  let hooks: SessionHooks | undefined;
  let finish!: (r: DoctorSessionResult) => void;
  let fail!: (e: unknown) => void;
  const run = vi.fn((h: SessionHooks) => {
    hooks = h;
    return new Promise<DoctorSessionResult>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  });
  return { run, hooks: () => hooks!, finish: (r: DoctorSessionResult) => finish(r), fail: (e: unknown) => fail(e) };
}

describe('DoctorApp', () => {
  it('draws each check as it starts and finishes, then the summary, and exits with the code', async () => {
    const c = controlledRun();
    const onExit = vi.fn();
    const { lastFrame } = render(<DoctorApp checks={CHECKS} meta={META} run={c.run} onExit={onExit} />);
    await waitFor(() => c.run.mock.calls.length === 1);
    c.hooks().onAttemptStarted?.(1);
    c.hooks().onUpdate?.('cluster.reachable', { state: 'running' });
    await waitForFrame(lastFrame, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Kubernetes API reachable/);
    c.hooks().onUpdate?.('cluster.reachable', { state: 'done', outcomes: [OUTCOMES[0]!] });
    await waitForFrame(lastFrame, '✓ Kubernetes API reachable: Kubernetes v1.37.2');
    await waitForFrame(lastFrame, 'Checking… 1 of 5 done');
    expect(onExit).not.toHaveBeenCalled();
    c.finish({ outcomes: OUTCOMES, exitCode: exitCodeFor(OUTCOMES), attempts: 1 });
    await waitForFrame(lastFrame, '2 passed, 1 warning, 1 failed, 1 skipped');
    await waitFor(() => onExit.mock.calls.length === 1);
    expect(onExit).toHaveBeenCalledWith(3);
  });

  it('shows the attempt count while --wait re-checks', async () => {
    const c = controlledRun();
    const { lastFrame } = render(<DoctorApp checks={CHECKS} meta={META} waitFor="90s" run={c.run} onExit={() => {}} />);
    await waitFor(() => c.run.mock.calls.length === 1);
    c.hooks().onAttemptStarted?.(1);
    await waitForFrame(lastFrame, 'attempt 1 (waiting up to 90s for a healthy install)');
    c.hooks().onAttemptStarted?.(2);
    await waitForFrame(lastFrame, 'attempt 2 (waiting up to 90s for a healthy install)');
  });

  it('a run that throws ends with its message and exit 1', async () => {
    const c = controlledRun();
    const onExit = vi.fn();
    const { lastFrame } = render(<DoctorApp checks={CHECKS} meta={META} run={c.run} onExit={onExit} />);
    await waitFor(() => c.run.mock.calls.length === 1);
    c.fail(new ActionableError('helm was not found (looked for "helm").', 'Install helm 3.'));
    await waitForFrame(lastFrame, '× helm was not found');
    expect(lastFrame()).toContain('Next: Install helm 3.');
    await waitFor(() => onExit.mock.calls.length === 1);
    expect(onExit).toHaveBeenCalledWith(1);
  });
});
