/**
 * Polls `probe` until it returns without throwing: a cluster converges, it does not answer at once.
 * The last error is rethrown on timeout so the failure says what was still wrong.
 */
export async function eventually<T>(probe: () => Promise<T>, { timeoutMs = 60_000, intervalMs = 250 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await probe();
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
