import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEY } from '../testing/keys.js';
import { waitFor, waitForFrame } from '../testing/waitForFrame.js';
import { ChoiceList } from './ChoiceList.js';

afterEach(() => cleanup());

const CHOICES = [
  { value: 'a', label: 'Alpha' },
  { value: 'b', label: 'Bravo', hint: 'second' },
  { value: 'c', label: 'Charlie' },
] as const;

describe('ChoiceList', () => {
  it('starts on the default and Enter submits it (even unchanged)', async () => {
    const onSubmit = vi.fn();
    const r = render(<ChoiceList choices={CHOICES} defaultValue="b" onSubmit={onSubmit} />);
    expect(await waitForFrame(r.lastFrame, '❯ Bravo')).toContain('Bravo — second');
    r.stdin.write(KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length > 0);
    expect(onSubmit).toHaveBeenCalledWith('b');
  });

  it('submits the choice moved to when Down and Enter arrive in one chunk', async () => {
    const onSubmit = vi.fn();
    const r = render(<ChoiceList choices={CHOICES} onSubmit={onSubmit} />);
    await waitForFrame(r.lastFrame, '❯ Alpha');
    r.stdin.write(KEY.down + KEY.down + KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length > 0);
    expect(onSubmit).toHaveBeenCalledWith('c');
  });

  it('moves with the arrows and wraps around', async () => {
    const onSubmit = vi.fn();
    const r = render(<ChoiceList choices={CHOICES} onSubmit={onSubmit} />);
    await waitForFrame(r.lastFrame, '❯ Alpha');
    r.stdin.write(KEY.up);
    await waitForFrame(r.lastFrame, '❯ Charlie');
    r.stdin.write(KEY.down);
    await waitForFrame(r.lastFrame, '❯ Alpha');
    r.stdin.write(KEY.down);
    await waitForFrame(r.lastFrame, '❯ Bravo');
    r.stdin.write(KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length > 0);
    expect(onSubmit).toHaveBeenCalledWith('b');
  });
});
