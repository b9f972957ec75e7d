import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServicesProvider } from '../../services/ServicesContext.js';
import { fakeFiles, fakeServices } from '../../testing/fakes.js';
import { KEY } from '../../testing/keys.js';
import { waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { LicenseStep, type LicenseStepProps } from './LicenseStep.js';

afterEach(() => cleanup());

const LICENSE = 'eyJhbGciOiJSUzI1NiJ9.SECRET-LICENSE-BODY';
const DEFAULT = '/home/test/.openfaas/LICENSE';

function setup(props: Partial<LicenseStepProps> = {}, files = fakeFiles({ [DEFAULT]: LICENSE, '/tmp/empty': '  \n' })) {
  const onAnswer = vi.fn();
  const onBack = vi.fn();
  const r = render(
    <ServicesProvider services={fakeServices({ files })}>
      <LicenseStep onAnswer={onAnswer} onBack={onBack} {...props} />
    </ServicesProvider>,
  );
  return { ...r, onAnswer, onBack };
}

describe('LicenseStep', () => {
  it('offers the license found at ~/.openfaas/LICENSE with its size only, and Enter takes it', async () => {
    const { lastFrame, stdin, onAnswer, frames } = setup({ found: { path: DEFAULT, bytes: LICENSE.length } });
    const frame = await waitForFrame(lastFrame, 'License file:');
    expect(frame).toContain(`Found ${DEFAULT} (${LICENSE.length} bytes)`);
    stdin.write(KEY.enter);
    await waitFor(() => onAnswer.mock.calls.length > 0);
    expect(onAnswer.mock.calls[0]![0].licensePath).toBe(DEFAULT);
    expect(onAnswer.mock.calls[0]![0].license.toString()).toBe(LICENSE);
    expect(frames.join('\n')).not.toContain('SECRET-LICENSE-BODY');
  });

  it('refuses a missing file with the validator’s message and keeps asking', async () => {
    const { lastFrame, stdin, onAnswer } = setup();
    await waitForFrame(lastFrame, `No license at ${DEFAULT}`);
    stdin.write('/nowhere/LICENSE');
    await waitForFrame(lastFrame, '/nowhere/LICENSE');
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, 'There is no file at "/nowhere/LICENSE"');
    expect(onAnswer).not.toHaveBeenCalled();
  });

  it('refuses a blank license file', async () => {
    const { lastFrame, stdin, onAnswer } = setup();
    await waitForFrame(lastFrame, 'License file:');
    stdin.write('/tmp/empty');
    await waitForFrame(lastFrame, '/tmp/empty');
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, 'holds only blank space');
    expect(onAnswer).not.toHaveBeenCalled();
  });

  it('expands ~ and Esc goes back', async () => {
    const { lastFrame, stdin, onAnswer, onBack } = setup();
    await waitForFrame(lastFrame, 'License file:');
    stdin.write('~/.openfaas/LICENSE');
    await waitForFrame(lastFrame, '~/.openfaas/LICENSE');
    stdin.write(KEY.enter);
    await waitFor(() => onAnswer.mock.calls.length > 0);
    expect(onAnswer.mock.calls[0]![0].licensePath).toBe(DEFAULT);
    stdin.write(KEY.escape);
    await waitFor(() => onBack.mock.calls.length > 0);
  });
});
