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

/** Rootless with no limit set: the chart decides them all. */
const ROOTLESS_CHART_DEFAULTS = {
  buildkitMode: 'rootless',
  maxInflight: undefined,
  replicas: undefined,
  buildkitCpu: undefined,
  buildkitMemory: undefined,
};

/** Enter on the preselected rootless mode, up to the build limits question. */
async function acceptRootless(r: ReturnType<typeof setup>) {
  await waitForFrame(r.lastFrame, '❯ Rootless (preferred)');
  r.stdin.write(KEY.enter);
  await waitForFrame(r.lastFrame, '❯ Use the chart’s defaults');
}

/** From the build limits question (on the chart's defaults), to setting them: the first limit's frame. */
async function chooseSetLimits(r: ReturnType<typeof setup>) {
  r.stdin.write(KEY.down);
  await waitForFrame(r.lastFrame, '❯ Set concurrent builds');
  r.stdin.write(KEY.enter);
  return waitForFrame(r.lastFrame, 'Concurrent builds per replica');
}

/** Submits `bad`, waits for its refusal, erases it, then submits `good`. */
async function refusedThenRetyped(r: ReturnType<typeof setup>, bad: string, refusal: string, good: string) {
  await typeAndSubmit(r, bad);
  await waitForFrame(r.lastFrame, refusal);
  r.stdin.write('\u007F'.repeat(bad.length));
  await waitForFrame(r.lastFrame, (f) => !f.includes(bad));
  await typeAndSubmit(r, good);
}

async function expectAnswer(r: ReturnType<typeof setup>, answer: object) {
  await waitFor(() => r.onAnswer.mock.calls.length > 0);
  expect(r.onAnswer).toHaveBeenCalledWith(answer);
}

describe('BuildkitStep', () => {
  it('prefers rootless and the chart defaults', async () => {
    const r = setup();
    await acceptRootless(r);
    r.stdin.write(KEY.enter);
    await expectAnswer(r, ROOTLESS_CHART_DEFAULTS);
  });

  it('marks the mode the deployed release runs as in use now', async () => {
    const r = setup({ current: 'root' });
    const frame = await waitForFrame(r.lastFrame, 'As root, privileged');
    expect(frame.replace(/\s+/g, ' ')).toContain('As root, privileged — in use now · for development');
    expect(frame.replace(/\s+/g, ' ')).not.toMatch(/Rootless \(preferred\) — in use now/);
  });

  it('shows the chart’s own defaults as placeholders and says what they mean', async () => {
    const r = setup({ chartDefaults: { maxInflight: 0, replicas: 1, cpu: '2000m', memory: '2Gi' } });
    await acceptRootless(r);
    expect(await chooseSetLimits(r)).toContain('Leave empty for the chart’s default: 0 (no limit).');
    r.stdin.write(KEY.enter);
    expect(await waitForFrame(r.lastFrame, 'Replicas: 1')).toContain('Leave empty for the chart’s default: 1.');
    r.stdin.write(KEY.enter);
    const cpu = await waitForFrame(r.lastFrame, 'BuildKit CPU request: 2000m');
    expect(cpu).toContain('Leave empty for the chart’s default: 2000m.');
    expect(cpu).not.toContain('1000m');
    r.stdin.write(KEY.enter);
    expect(await waitForFrame(r.lastFrame, 'BuildKit memory request: 2Gi')).not.toContain('1Gi');
    r.stdin.write(KEY.enter);
    await expectAnswer(r, ROOTLESS_CHART_DEFAULTS);
  });

  it('takes root and validated limits; empty keeps a default', async () => {
    const r = setup();
    await waitForFrame(r.lastFrame, '❯ Rootless');
    r.stdin.write(KEY.down);
    await waitForFrame(r.lastFrame, '❯ As root');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Build limits');
    await chooseSetLimits(r);
    await refusedThenRetyped(r, 'ten', 'must be a whole number', '4');
    await waitForFrame(r.lastFrame, 'Replicas:');
    r.stdin.write(KEY.enter); // empty: chart default
    await waitForFrame(r.lastFrame, 'BuildKit CPU request:');
    await refusedThenRetyped(r, '2Gi', 'uses a memory unit', '1.5');
    await waitForFrame(r.lastFrame, 'BuildKit memory request:');
    await typeAndSubmit(r, '2048Mi');
    await expectAnswer(r, {
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
