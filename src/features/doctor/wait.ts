import type { CheckOutcome } from './types.js';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
  /** Milliseconds since some epoch; injectable so tests need no real time. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Default: nothing failed and every Workload row passed (or did not apply). */
  isHealthy?: (outcomes: readonly CheckOutcome[]) => boolean;
  onAttempt?: (attempt: number, outcomes: readonly CheckOutcome[]) => void;
}

export interface WaitResult {
  outcomes: CheckOutcome[];
  healthy: boolean;
  /** healthy; final: a result says waiting cannot help; timeout: time ran out. */
  reason: 'healthy' | 'final' | 'timeout';
  attempts: number;
}

/**
 * Healthy enough to stop waiting. Warnings outside the workload (a missing permission, a weak
 * secret) never clear by waiting, so they do not keep --wait spinning; a rollout in progress does.
 */
export function defaultIsHealthy(outcomes: readonly CheckOutcome[]): boolean {
  return (
    !outcomes.some((o) => o.status === 'fail') &&
    outcomes.filter((o) => o.category === 'Workload').every((o) => o.status === 'pass' || o.status === 'skipped')
  );
}

/**
 * Re-runs the doctor until healthy, until a final cause shows up, or until time runs out.
 * `runOnce` must build a fresh DoctorContext each time: contexts memoize what they read.
 */
export async function waitUntilHealthy(runOnce: () => Promise<CheckOutcome[]>, opts: WaitOptions): Promise<WaitResult> {
  const isHealthy = opts.isHealthy ?? defaultIsHealthy;
  const deadline = opts.now() + opts.timeoutMs;
  let attempts = 0;
  for (;;) {
    const outcomes = await runOnce();
    attempts++;
    opts.onAttempt?.(attempts, outcomes);
    if (isHealthy(outcomes)) return { outcomes, healthy: true, reason: 'healthy', attempts };
    if (outcomes.some((o) => o.final && o.status === 'fail')) return { outcomes, healthy: false, reason: 'final', attempts };
    const remaining = deadline - opts.now();
    if (remaining <= 0) return { outcomes, healthy: false, reason: 'timeout', attempts };
    await opts.sleep(Math.min(opts.intervalMs, remaining));
  }
}
