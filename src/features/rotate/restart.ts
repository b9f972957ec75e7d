import { waitForRollout as defaultWait, type RolloutOutcome } from '../../shared/rollout/rollout.js';
import { RESTART_ANNOTATION } from '../../platform/kube/client.js';
import type { RotationPlan } from './plan.js';
import type { RotationDeps } from './result.js';
import type { StepRecorder } from './steps.js';

export interface RestartOutcome {
  rollout: RolloutOutcome;
  watchStopped: boolean;
  error?: { message: string; nextStep?: string };
}

/**
 * `kubectl rollout restart`, then watches the new pods come up. A rollout that does not finish in
 * time is a failure with a next step; a watch stopped by the user is not.
 */
export async function restartAndWait(plan: RotationPlan, deps: RotationDeps, rec: StepRecorder, now: () => Date): Promise<RestartOutcome> {
  const ns = plan.namespace;
  await rec.run(
    'restart',
    `Restart deployment ${ns}/${plan.deploymentName}`,
    () => deps.kube.restartDeployment(ns, plan.deploymentName, now()),
    () => `pod template annotated ${RESTART_ANNOTATION}`,
  );
  const wait = deps.waitForRollout ?? defaultWait;
  const title = `Wait for the rollout of ${ns}/${plan.deploymentName}`;
  rec.emit({ id: 'rollout', title, status: 'running' });
  const rollout = await wait(deps.kube, ns, plan.release, deps.rollout);
  if (rollout.ok) {
    rec.emit({ id: 'rollout', title, status: 'done', detail: rollout.progress?.message });
    return { rollout, watchStopped: false };
  }
  if (deps.rollout.signal?.aborted) {
    rec.emit({ id: 'rollout', title, status: 'skipped', detail: 'stopped watching' });
    return { rollout, watchStopped: true };
  }
  const message = rollout.timedOut
    ? `The new pods did not become available within ${Math.round(deps.rollout.timeoutMs / 1000)}s${rollout.progress ? ` (${rollout.progress.message})` : ''}.`
    : 'The rollout did not finish.';
  rec.emit({ id: 'rollout', title, status: 'failed', detail: message });
  return { rollout, watchStopped: false, error: { message, nextStep: `Run probuilder-setup doctor -n ${ns} to see why.` } };
}
