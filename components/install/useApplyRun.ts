import { useEffect, useRef, useState } from 'react';
import type { ApplyResult } from '../../src/features/install/apply.js';
import type { StepEvent } from '../../src/shared/steps/stepEvent.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import { withStepEvent } from '../../src/shared/steps/stepEvent.js';
import type { Kube } from '../../src/platform/kube/client.js';
import { useServices } from '../services/ServicesContext.js';
import { applyWithStop } from './applyWithStop.js';

export const HELM_LINES_SHOWN = 8;

export interface ApplyRunState {
  steps: StepEvent[];
  /** The last few lines helm printed. */
  helmLines: string[];
  result?: ApplyResult;
  /** True when a stop request kept the remaining steps from starting. */
  stopped: boolean;
}

/** Runs the reviewed plan once; when `stopRequested` turns true, no further step starts. */
export function useApplyRun(plan: InstallPlan, kube: Kube, stopRequested: boolean): ApplyRunState {
  const services = useServices();
  const [state, setState] = useState<ApplyRunState>({ steps: [], helmLines: [], stopped: false });
  const stop = useRef(new AbortController());
  const started = useRef(false);

  useEffect(() => {
    if (stopRequested) stop.current.abort();
  }, [stopRequested]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void applyWithStop(services, plan, kube, {
      signal: stop.current.signal,
      onStep: (e) => setState((s) => ({ ...s, steps: withStepEvent(s.steps, e) })),
      onHelmLine: (line) => setState((s) => ({ ...s, helmLines: [...s.helmLines, line].slice(-HELM_LINES_SHOWN) })),
    }).then(({ result, stopped }) => setState((s) => ({ ...s, result, stopped })));
  }, [plan, kube, services]);
  return state;
}
