/** The frame with line wrapping undone: every run of whitespace becomes one space. */
export function flat(frame: string | undefined): string {
  return (frame ?? '').replace(/\s+/g, ' ');
}

/**
 * Polls an Ink test render until the frame satisfies the predicate. A string matches the frame as
 * drawn or with line wrapping undone (the test terminal is 100 columns wide).
 */
export async function waitForFrame(
  lastFrame: () => string | undefined,
  predicate: string | RegExp | ((frame: string) => boolean),
  timeoutMs = 3000,
): Promise<string> {
  const test =
    typeof predicate === 'string' ? (f: string) => f.includes(predicate) || flat(f).includes(predicate) : predicate instanceof RegExp ? (f: string) => predicate.test(f) : predicate;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (test(frame)) {
      // Let the effects of this render (input handlers subscribe in effects) run before the test types.
      await new Promise((r) => setImmediate(r));
      return frame;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs}ms waiting for ${String(predicate)}. Last frame:\n${frame}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Polls a plain condition (e.g. a fake was called). */
export async function waitFor(condition: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
