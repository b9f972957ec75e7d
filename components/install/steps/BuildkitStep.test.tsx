import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEY } from '../../testing/keys.js';
import { typeAndSubmit } from '../../testing/typing.js';
import { waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { BuildkitStep, type BuildkitStepProps } from './BuildkitStep.js';

afterEach(() => cleanup());

function setup(props: Partial<BuildkitStepProps> = {}) {
  const onAnswer = vi.fn();
  const onBack = vi.fn();
  const r = render(<BuildkitStep onAnswer={onAnswer} onBack={onBack} {...props} />);
  return { ...r, onAnswer, onBack };
}

describe('BuildkitStep', () => {
  it('prefers rootless and the chart defaults', async () => {
    const r = setup();
    await waitForFrame(r.lastFrame, '❯ Rootless (preferred)');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, '❯ Use the chart’s defaults');
    r.stdin.write(KEY.enter);
    await waitFor(() => r.onAnswer.mock.calls.length > 0);
    expect(r.onAnswer).toHaveBeenCalledWith({
      buildkitMode: 'rootless',
      maxInflight: undefined,
      replicas: undefined,
      buildkitCpu: undefined,
      buildkitMemory: undefined,
    });
  });

  it('marks the mode the deployed release runs as in use now', async () => {
    const r = setup({ current: 'root' });
    const frame = await waitForFrame(r.lastFrame, 'As root, privileged');
    expect(frame.replace(/\s+/g, ' ')).toContain('As root, privileged — in use now · for development');
    expect(frame.replace(/\s+/g, ' ')).not.toMatch(/Rootless \(preferred\) — in use now/);
  });

  it('shows the chart’s own defaults as placeholders and says what they mean', async () => {
    const r = setup({ chartDefaults: { maxInflight: 0, replicas: 1, cpu: '2000m', memory: '2Gi' } });
    await waitForFrame(r.lastFrame, '❯ Rootless (preferred)');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, '❯ Use the chart’s defaults');
    r.stdin.write(KEY.down);
    await waitForFrame(r.lastFrame, '❯ Set concurrent builds');
    r.stdin.write(KEY.enter);
    expect(await waitForFrame(r.lastFrame, 'Concurrent builds per replica')).toContain(
      'Leave empty for the chart’s default: 0 (no limit).',
    );
    r.stdin.write(KEY.enter);
    expect(await waitForFrame(r.lastFrame, 'Replicas: 1')).toContain('Leave empty for the chart’s default: 1.');
    r.stdin.write(KEY.enter);
    const cpu = await waitForFrame(r.lastFrame, 'BuildKit CPU request: 2000m');
    expect(cpu).toContain('Leave empty for the chart’s default: 2000m.');
    expect(cpu).not.toContain('1000m');
    r.stdin.write(KEY.enter);
    expect(await waitForFrame(r.lastFrame, 'BuildKit memory request: 2Gi')).not.toContain('1Gi');
    r.stdin.write(KEY.enter);
    await waitFor(() => r.onAnswer.mock.calls.length > 0);
    expect(r.onAnswer).toHaveBeenCalledWith({
      buildkitMode: 'rootless',
      maxInflight: undefined,
      replicas: undefined,
      buildkitCpu: undefined,
      buildkitMemory: undefined,
    });
  });

  it('takes root and validated limits; empty keeps a default', async () => {
    const r = setup();
    await waitForFrame(r.lastFrame, '❯ Rootless');
    r.stdin.write(KEY.down);
    await waitForFrame(r.lastFrame, '❯ As root');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Build limits');
    r.stdin.write(KEY.down);
    await waitForFrame(r.lastFrame, '❯ Set concurrent builds');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Concurrent builds per replica');
    await typeAndSubmit(r, 'ten');
    await waitForFrame(r.lastFrame, 'must be a whole number');
    r.stdin.write('\u007F\u007F\u007F');
    await waitForFrame(r.lastFrame, (f) => !f.includes('ten'));
    await typeAndSubmit(r, '4');
    await waitForFrame(r.lastFrame, 'Replicas:');
    r.stdin.write(KEY.enter); // empty: chart default
    await waitForFrame(r.lastFrame, 'BuildKit CPU request:');
    await typeAndSubmit(r, '2Gi');
    await waitForFrame(r.lastFrame, 'uses a memory unit');
    r.stdin.write('\u007F\u007F\u007F');
    await waitForFrame(r.lastFrame, (f) => !f.includes('2Gi'));
    await typeAndSubmit(r, '1.5');
    await waitForFrame(r.lastFrame, 'BuildKit memory request:');
    await typeAndSubmit(r, '2048Mi');
    await waitFor(() => r.onAnswer.mock.calls.length > 0);
    expect(r.onAnswer).toHaveBeenCalledWith({
      buildkitMode: 'root',
      maxInflight: 4,
      replicas: undefined,
      buildkitCpu: '1500m',
      buildkitMemory: '2Gi',
    });
  });

  it('Esc goes back through the limits, to the mode, then out of the step', async () => {
    const r = setup({ initial: { buildkitMode: 'root', replicas: 2 } });
    await waitForFrame(r.lastFrame, '❯ As root');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, '❯ Set concurrent builds');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Concurrent builds per replica');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Replicas: 2');
    r.stdin.write(KEY.escape);
    await waitForFrame(r.lastFrame, (f) => f.includes('Concurrent builds per replica') && !f.includes('Replicas:'));
    r.stdin.write(KEY.escape);
    await waitForFrame(r.lastFrame, 'Build limits');
    r.stdin.write(KEY.escape);
    await waitForFrame(r.lastFrame, 'How should BuildKit run?');
    r.stdin.write(KEY.escape);
    await waitFor(() => r.onBack.mock.calls.length > 0);
  });
});
