import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PreparedTestBuildRun } from '../../services/ServicesContext.js';
import { waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { TestBuildOffer } from './TestBuildOffer.js';

afterEach(() => cleanup());

function setup(prepared: PreparedTestBuildRun) {
  const prepare = vi.fn(async () => prepared);
  const onExit = vi.fn();
  return { ...render(<TestBuildOffer prepare={prepare} onExit={onExit} />), prepare, onExit };
}

const pushed: PreparedTestBuildRun = {
  ok: true,
  image: 'ttl.sh/probuilder-test-abc:1h',
  contextLabel: 'a FROM scratch test function',
  run: async (hooks) => {
    hooks.onLog('#3 exporting to image');
    return { status: 'pushed', image: 'ttl.sh/probuilder-test-abc:1h', durationMs: 2000, log: ['#3 exporting to image'] };
  },
};

describe('TestBuildOffer', () => {
  it('asks first; N finishes with exit 0 and builds nothing', async () => {
    const { lastFrame, stdin, prepare, onExit } = setup(pushed);
    await waitForFrame(lastFrame, 'Run a test build now? y/N');
    stdin.write('n');
    await waitFor(() => onExit.mock.calls.length > 0);
    expect(onExit).toHaveBeenCalledWith(0);
    expect(prepare).not.toHaveBeenCalled();
  });

  it('y runs the test build with its log, and exits with its code', async () => {
    const { lastFrame, frames, stdin, onExit } = setup(pushed);
    await waitForFrame(lastFrame, 'y/N');
    stdin.write('y');
    await waitForFrame(lastFrame, '✓ Pushed ttl.sh/probuilder-test-abc:1h');
    expect(frames.join('\n')).toContain('#3 exporting to image');
    await waitFor(() => onExit.mock.calls.length > 0);
    expect(onExit).toHaveBeenCalledWith(0);
  });

  it('when the build cannot be prepared (e.g. ECR without an image) it says what to run, exit 1', async () => {
    const { lastFrame, stdin, onExit } = setup({
      ok: false,
      message: 'Amazon ECR only accepts pushes to a repository that exists',
      nextStep: 'aws ecr create-repository --repository-name probuilder-test',
    });
    await waitForFrame(lastFrame, 'y/N');
    stdin.write('y');
    await waitForFrame(lastFrame, 'Next: aws ecr create-repository');
    await waitFor(() => onExit.mock.calls.length > 0);
    expect(onExit).toHaveBeenCalledWith(1);
  });
});
