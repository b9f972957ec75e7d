import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BuilderTestReport } from '../../src/shared/builder/testBuild.js';
import { KEY } from '../testing/keys.js';
import { waitFor, waitForFrame } from '../testing/waitForFrame.js';
import type { RunTestBuild } from './runTestBuild.js';
import { TestBuildApp } from './TestBuildApp.js';

afterEach(() => cleanup());

const digest = `sha256:${'ab'.repeat(32)}`;

/** A run the test drives: each log line and the ending are released when the test says so. */
function controlledRun() {
  let hooks: Parameters<RunTestBuild>[0] | undefined;
  let finish: (r: BuilderTestReport) => void = () => undefined;
  const run: RunTestBuild = (h) => {
    hooks = h;
    h.onPhase({ kind: 'building', url: 'http://127.0.0.1:40123' });
    return new Promise((resolve) => (finish = resolve));
  };
  return { run, log: (line: string) => hooks!.onLog(line), signal: () => hooks!.signal, finish: (r: BuilderTestReport) => finish(r) };
}

function setup() {
  const c = controlledRun();
  const onExit = vi.fn();
  const r = render(
    <TestBuildApp image="ttl.sh/probuilder-test-abc:1h" contextLabel="a FROM scratch test function" run={c.run} onExit={onExit} />,
  );
  return { ...r, ...c, onExit };
}

describe('TestBuildApp', () => {
  it('streams the log as it arrives, then names the image and digest (exit 0)', async () => {
    const { lastFrame, frames, log, finish, onExit } = setup();
    await waitForFrame(lastFrame, 'Building through http://127.0.0.1:40123');
    log('#1 [internal] load build definition from Dockerfile');
    await waitFor(() => frames.join('\n').includes('#1 [internal] load build definition'));
    expect(onExit).not.toHaveBeenCalled();
    log('#5 pushing manifest for ttl.sh/probuilder-test-abc:1h@' + digest);
    finish({ status: 'pushed', image: 'ttl.sh/probuilder-test-abc:1h', digest, durationMs: 4200, log: [] });
    const done = await waitForFrame(lastFrame, '✓ Pushed ttl.sh/probuilder-test-abc:1h');
    expect(done.replace(/\s+/g, '')).toContain(`@${digest}in4.2s.`);
    expect(frames.join('\n')).toContain('#5 pushing manifest for');
    await waitFor(() => onExit.mock.calls.length > 0);
    expect(onExit).toHaveBeenCalledWith(0);
  });

  it('a failed build shows the cause and the fix (exit 1)', async () => {
    const { lastFrame, finish, onExit } = setup();
    await waitForFrame(lastFrame, 'Building through');
    finish({
      status: 'failed',
      image: 'ttl.sh/probuilder-test-abc:1h',
      durationMs: 1000,
      log: [],
      cause: 'signature-rejected',
      summary: 'The builder rejected the request signature (403).',
      fix: 'Restart the pro-builder so it reads the current key.',
    });
    const frame = await waitForFrame(lastFrame, 'Fix: Restart the pro-builder');
    expect(frame).toContain('× Test build failed (signature-rejected)');
    await waitFor(() => onExit.mock.calls.length > 0);
    expect(onExit).toHaveBeenCalledWith(1);
  });

  it('Ctrl+C aborts the build; a cancelled report exits 130', async () => {
    const { lastFrame, stdin, signal, finish, onExit } = setup();
    await waitForFrame(lastFrame, 'Building through');
    stdin.write(KEY.ctrlC);
    await waitFor(() => signal().aborted);
    await waitForFrame(lastFrame, 'Cancelling');
    finish({
      status: 'failed',
      image: 'x',
      durationMs: 1,
      log: [],
      cause: 'cancelled',
      summary: 'The test build was cancelled.',
      fix: 'Run it again when you are ready.',
    });
    await waitFor(() => onExit.mock.calls.length > 0);
    expect(onExit).toHaveBeenCalledWith(130);
  });
});
