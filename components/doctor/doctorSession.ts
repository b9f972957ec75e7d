import type { DoctorContext } from '../../src/features/doctor/context.js';
import { exitCodeFor, runChecks, type CheckState } from '../../src/features/doctor/runner.js';
import type { Check, CheckOutcome } from '../../src/features/doctor/types.js';
import { waitUntilHealthy } from '../../src/features/doctor/wait.js';
import type { DoctorResult } from './checkStates.js';

export interface WaitSettings {
  timeoutMs: number;
  intervalMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Progress callbacks; every output format listens to the ones it needs. */
export interface SessionHooks {
  onAttemptStarted?(attempt: number): void;
  onUpdate?(checkId: string, state: CheckState): void;
  onAttemptFinished?(attempt: number, outcomes: readonly CheckOutcome[]): void;
}

export interface DoctorSessionOptions extends SessionHooks {
  checks: readonly Check[];
  /** A fresh context per attempt: contexts memoize what they read. */
  makeContext(): DoctorContext;
  /** --wait: re-check until healthy, a final cause, or the time is up. */
  wait?: WaitSettings;
}

export interface DoctorSessionResult extends DoctorResult {
  attempts: number;
}

/**
 * One doctor run, or with --wait a series of them; the exit code always comes from the last
 * report, so every output format ends with the same code.
 */
export async function runDoctorSession(o: DoctorSessionOptions): Promise<DoctorSessionResult> {
  let attempt = 0;
  const runOnce = async (): Promise<CheckOutcome[]> => {
    attempt += 1;
    o.onAttemptStarted?.(attempt);
    const outcomes = await runChecks(o.checks, o.makeContext(), { onUpdate: o.onUpdate });
    o.onAttemptFinished?.(attempt, outcomes);
    return outcomes;
  };
  if (!o.wait) {
    const outcomes = await runOnce();
    return { outcomes, exitCode: exitCodeFor(outcomes), attempts: 1 };
  }
  const waited = await waitUntilHealthy(runOnce, o.wait);
  return { outcomes: waited.outcomes, exitCode: exitCodeFor(waited.outcomes), waitReason: waited.reason, attempts: waited.attempts };
}
