/**
 * Polls `condition` until it holds, failing after `timeoutMs`. Tests wait for what they expect
 * instead of sleeping a fixed time: on a busy machine a fixed sleep is too short, on an idle one
 * too long. The deadline is generous because it only costs time when the test fails anyway.
 */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
