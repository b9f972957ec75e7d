import { useEffect, useEffectEvent, useReducer, useState } from 'react';
import { Box } from 'ink';
import type { ReportMeta } from '../../src/features/doctor/format.js';
import type { Check } from '../../src/features/doctor/types.js';
import { problemOf } from '../../src/platform/errors.js';
import { ErrorMessage } from '../widgets/ErrorMessage.js';
import { doctorReducer, initialDoctorState } from './checkStates.js';
import type { DoctorSessionResult, SessionHooks } from './doctorSession.js';
import { DoctorView } from './DoctorView.js';

export interface DoctorAppProps {
  checks: readonly Check[];
  meta: ReportMeta;
  waitFor?: string;
  /** Runs the checks (once, or until healthy with --wait), reporting progress through the hooks. */
  run(hooks: SessionHooks): Promise<DoctorSessionResult>;
  onExit(code: number): void;
}

/**
 * The live doctor screen: starts the run on mount and redraws as each check starts and finishes.
 * It reads no keys, so it works with any stdin (or none).
 */
export function DoctorApp({ checks, meta, waitFor, run, onExit }: DoctorAppProps) {
  const [state, dispatch] = useReducer(doctorReducer, checks, initialDoctorState);
  const [crash, setCrash] = useState<unknown>();
  const startRun = useEffectEvent((live: () => boolean) => {
    run({
      onAttemptStarted: (attempt) => live() && dispatch({ type: 'attempt-started', attempt }),
      onUpdate: (id, s) => live() && dispatch({ type: 'check-updated', id, state: s }),
      onAttemptFinished: (_attempt, outcomes) => live() && dispatch({ type: 'attempt-finished', outcomes: [...outcomes] }),
    }).then(
      (result) => {
        if (!live()) return;
        dispatch({ type: 'finished', result });
        onExit(result.exitCode);
      },
      (e: unknown) => {
        if (!live()) return;
        setCrash(e);
        onExit(1);
      },
    );
  });
  // The run starts once per mount.
  useEffect(() => {
    let live = true;
    startRun(() => live);
    return () => {
      live = false;
    };
  }, []);
  return (
    <Box flexDirection="column">
      <DoctorView state={state} meta={meta} waitFor={waitFor} />
      {crash !== undefined ? <ErrorMessage {...problemOf(crash)} /> : null}
    </Box>
  );
}
