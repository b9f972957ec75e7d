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
  /**
   * Checks worth running once only, on a working install (doctor --build: the test build). Without
   * --wait they run with the others; with --wait, waiting lasts until what they need is there (see
   * readyForLater), then they run in one last full round; when waiting ends without that they are
   * reported as not run.
   */
  afterWait?: readonly Check[];
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
  const later = o.afterWait ?? [];
  const all = [...o.checks, ...later];
  const runOnce = async (checks: readonly Check[]): Promise<CheckOutcome[]> => {
    attempt += 1;
    o.onAttemptStarted?.(attempt);
    const outcomes = await runChecks(checks, o.makeContext(), { onUpdate: o.onUpdate });
    o.onAttemptFinished?.(attempt, outcomes);
    return outcomes;
  };
  if (!o.wait) {
    const outcomes = await runOnce(all);
    return { outcomes, exitCode: exitCodeFor(outcomes), attempts: 1 };
  }
  // With checks to run afterwards, waiting is for what they need: their Workload dependencies passing
  // (the Deployment available, not rolling out) and the others not failing. A failure elsewhere
  // (no helm release, a warning about another pod) cannot stop a build, so it does not hold it back.
  const needs = new Set(later.flatMap((c) => c.needs ?? []));
  const readyForLater = (outs: readonly CheckOutcome[]) =>
    outs.every((x) => !needs.has(x.checkId) || (x.category === 'Workload' ? x.status === 'pass' : x.status !== 'fail'));
  const waited = await waitUntilHealthy(() => runOnce(o.checks), { ...o.wait, isHealthy: later.length ? readyForLater : undefined });
  let outcomes = waited.outcomes;
  if (later.length && waited.healthy) {
    // Healthy at last: one more full round, so the report is one run with the build last.
    outcomes = await runOnce(all);
  } else if (later.length) {
    const why = waited.reason === 'final' ? 'waiting could not help' : 'the time given to --wait ran out';
    const skipped = later.map((c) => notRun(c, `Not run: the install did not become healthy (${why}).`));
    for (const s of skipped) o.onUpdate?.(s.checkId, { state: 'done', outcomes: [s] });
    outcomes = [...outcomes, ...skipped];
  }
  return { outcomes, exitCode: exitCodeFor(outcomes), waitReason: waited.reason, attempts: attempt };
}

function notRun(c: Check, summary: string): CheckOutcome {
  return {
    id: c.id,
    checkId: c.id,
    category: c.category,
    description: c.description,
    durationMs: 0,
    status: 'skipped',
    skipReason: 'dependency',
    summary,
    evidence: [],
  };
}
