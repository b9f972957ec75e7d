import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEY } from '../../testing/keys.js';
import { waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { SigningStep } from './SigningStep.js';

afterEach(() => cleanup());

const EXISTING = { name: 'payload-secret', keys: [{ key: 'payload-secret', bytes: 44 }] };

describe('SigningStep', () => {
  it('keeps the existing secret by default, showing its size only', async () => {
    const onAnswer = vi.fn();
    const r = render(<SigningStep existing={EXISTING} onAnswer={onAnswer} />);
    const frame = await waitForFrame(r.lastFrame, 'payload-secret (payload-secret: 44 bytes)');
    expect(frame).toContain('❯ Keep it');
    r.stdin.write(KEY.enter);
    await waitFor(() => onAnswer.mock.calls.length > 0);
    expect(onAnswer).toHaveBeenCalledWith(false);
  });

  it('rotates when chosen, and Esc goes back', async () => {
    const onAnswer = vi.fn();
    const onBack = vi.fn();
    const r = render(<SigningStep existing={EXISTING} onAnswer={onAnswer} onBack={onBack} />);
    await waitForFrame(r.lastFrame, '❯ Keep it');
    r.stdin.write(KEY.down);
    await waitForFrame(r.lastFrame, '❯ Rotate it');
    r.stdin.write(KEY.enter);
    await waitFor(() => onAnswer.mock.calls.length > 0);
    expect(onAnswer).toHaveBeenCalledWith(true);
    r.stdin.write(KEY.escape);
    await waitFor(() => onBack.mock.calls.length > 0);
  });
});
