import type { ApplyResult } from '../../src/features/install/apply.js';
import type { StepEvent } from '../../src/shared/steps/stepEvent.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import type { Kube } from '../../src/platform/kube/client.js';
import type { Services } from '../services/ServicesContext.js';

export interface StoppableApply {
  onStep(e: StepEvent): void;
  onHelmLine(line: string): void;
  /** Asked as each step is about to start; true keeps it (and all later ones) from running. */
  shouldStop(): boolean;
}

class StopBeforeNextStep extends Error {}

/**
 * Runs the plan, stopping cleanly between steps when asked: the step in progress always finishes.
 * applyInstallPlan has no cancel signal, so the stop is raised from its progress callback when the
 * next step announces itself; it treats that like a failure of that step and returns. `stopped`
 * tells the two apart, and the refused step is not reported as failed.
 */
export async function applyWithStop(services: Services, plan: InstallPlan, kube: Kube, o: StoppableApply): Promise<{ result: ApplyResult; stopped: boolean }> {
  let stopped = false;
  const onStep = (e: StepEvent) => {
    if (stopped) return;
    if (e.status === 'running' && o.shouldStop()) {
      stopped = true;
      throw new StopBeforeNextStep('stopped before this step');
    }
    o.onStep(e);
  };
  try {
    const result = await services.apply(plan, { kube, helm: services.helm, now: services.now, onStep, onHelmLine: o.onHelmLine });
    return { result: stopped ? { ...result, steps: result.steps.filter((s) => s.status !== 'failed') } : result, stopped };
  } catch (e) {
    return { result: { ok: false, steps: [], backups: [], error: { message: (e as Error).message } }, stopped };
  }
}
