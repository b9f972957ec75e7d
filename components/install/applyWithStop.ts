import type { ApplyResult } from '../../src/features/install/apply.js';
import type { StepEvent } from '../../src/shared/steps/stepEvent.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import type { Kube } from '../../src/platform/kube/client.js';
import type { Services } from '../services/ServicesContext.js';

export interface StoppableApply {
  onStep(e: StepEvent): void;
  onHelmLine(line: string): void;
  /** Aborted when the user asks to stop: the step in progress finishes, no later one starts. */
  signal: AbortSignal;
}

/**
 * Runs the plan, stopping cleanly between steps when the signal aborts (applyInstallPlan checks it
 * before each step). An apply that throws instead of returning its result becomes a failed result.
 */
export async function applyWithStop(
  services: Services,
  plan: InstallPlan,
  kube: Kube,
  o: StoppableApply,
): Promise<{ result: ApplyResult; stopped: boolean }> {
  try {
    const result = await services.apply(plan, {
      kube,
      helm: services.helm,
      now: services.now,
      onStep: o.onStep,
      onHelmLine: o.onHelmLine,
      signal: o.signal,
    });
    return { result, stopped: result.stopped === true };
  } catch (e) {
    return { result: { ok: false, steps: [], backups: [], error: { message: (e as Error).message } }, stopped: false };
  }
}
