import type { CheckState } from '../../src/features/doctor/runner.js';
import type { Category, Check, CheckOutcome } from '../../src/features/doctor/types.js';
import type { ExitCode } from '../../src/platform/exitCodes.js';
import type { WaitResult } from '../../src/features/doctor/wait.js';

export type RowPhase = 'pending' | 'running' | 'done';

/** One check as the screen shows it: its identity, where it is, and its rows once done. */
export interface CheckRowState {
  id: string;
  category: Category;
  description: string;
  phase: RowPhase;
  /** The latest outcomes; kept while a --wait re-check runs, so the screen does not go blank. */
  outcomes: CheckOutcome[];
}

export interface DoctorResult {
  outcomes: CheckOutcome[];
  exitCode: ExitCode;
  /** Why --wait stopped; undefined for a single run. */
  waitReason?: WaitResult['reason'];
}

export interface DoctorState {
  rows: CheckRowState[];
  /** 1 for the first run; --wait counts re-checks. */
  attempt: number;
  /** The report of the attempt that just ended, while --wait pauses before the next one. */
  lastAttempt?: CheckOutcome[];
  result?: DoctorResult;
}

export type DoctorAction =
  | { type: 'attempt-started'; attempt: number }
  | { type: 'check-updated'; id: string; state: CheckState }
  | { type: 'attempt-finished'; outcomes: CheckOutcome[] }
  | { type: 'finished'; result: DoctorResult };

export function initialDoctorState(checks: readonly Check[]): DoctorState {
  return {
    rows: checks.map((c) => ({ id: c.id, category: c.category, description: c.description, phase: 'pending', outcomes: [] })),
    attempt: 0,
  };
}

export function doctorReducer(state: DoctorState, action: DoctorAction): DoctorState {
  switch (action.type) {
    case 'attempt-started':
      return {
        ...state,
        attempt: action.attempt,
        result: undefined,
        lastAttempt: undefined,
        rows: state.rows.map((r) => ({ ...r, phase: 'pending' })),
      };
    case 'attempt-finished':
      return { ...state, lastAttempt: action.outcomes };
    case 'check-updated':
      return {
        ...state,
        rows: state.rows.map((r) =>
          r.id !== action.id
            ? r
            : action.state.state === 'running'
              ? { ...r, phase: 'running' }
              : { ...r, phase: 'done', outcomes: action.state.outcomes },
        ),
      };
    case 'finished': {
      // The final outcomes are authoritative: rows take exactly what the report says.
      const byCheck = new Map<string, CheckOutcome[]>();
      for (const o of action.result.outcomes) byCheck.set(o.checkId, [...(byCheck.get(o.checkId) ?? []), o]);
      return {
        ...state,
        result: action.result,
        rows: state.rows.map((r) => ({ ...r, phase: 'done', outcomes: byCheck.get(r.id) ?? r.outcomes })),
      };
    }
  }
}

/** Rows done in the current attempt, for the progress line. */
export function progressOf(state: DoctorState): { done: number; total: number } {
  return { done: state.rows.filter((r) => r.phase === 'done').length, total: state.rows.length };
}
