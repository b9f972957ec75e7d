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
  timeoutMs = 10_000,
): Promise<string> {
  const test =
    typeof predicate === 'string'
      ? (f: string) => f.includes(predicate) || flat(f).includes(predicate)
      : predicate instanceof RegExp
        ? (f: string) => predicate.test(f)
        : predicate;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (test(frame)) {
      await settle(lastFrame);
      return frame;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs}ms waiting for ${String(predicate)}. Last frame:\n${frame}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Lets the effects of the matched render run before the test types: input handlers subscribe in
 * effects, and a key sent earlier is lost. React's scheduler works in 5 ms slices and yields a
 * macrotask between them, so on a busy machine one turn is not enough: wait for several turns in a
 * row with no new frame (a count of turns, not a time, so load only makes it take longer).
 */
async function settle(lastFrame: () => string | undefined): Promise<void> {
  let last = lastFrame();
  for (let quiet = 0, turns = 0; quiet < 3 && turns < 20; turns++) {
    await new Promise((r) => setImmediate(r));
    const now = lastFrame();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

/** Polls a plain condition (e.g. a fake was called). */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
