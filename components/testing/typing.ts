import { KEY } from './keys.js';
import { flat, waitForFrame } from './waitForFrame.js';

interface Screen {
  stdin: { write(data: string): void };
  lastFrame(): string | undefined;
}

/** Types into the focused field, waits until it shows (asterisks when masked), then presses Enter. */
export async function typeAndSubmit(screen: Screen, text: string, opts: { masked?: boolean } = {}): Promise<void> {
  screen.stdin.write(text);
  await waitForFrame(screen.lastFrame, opts.masked ? '*'.repeat(text.length) : text);
  screen.stdin.write(KEY.enter);
}

/** Clears a field holding `value` with backspaces and waits until none of it is drawn. */
export async function clearField(screen: Screen, label: string, value: string): Promise<void> {
  for (let i = 0; i < value.length; i++) screen.stdin.write(KEY.backspace);
  await waitForFrame(screen.lastFrame, (f) => !flat(f).includes(`${label}: ${value}`));
}
