import type { CoreV1Event } from '@kubernetes/client-node';
import { useEffect, useRef, useState } from 'react';
import type { CheckOutcome } from '../../src/features/doctor/types.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import type { RolloutOutcome, RolloutProgress } from '../../src/shared/rollout/rollout.js';
import type { Kube } from '../../src/platform/kube/client.js';
import { useServices } from '../services/ServicesContext.js';

export interface RolloutWatchState {
  progress?: RolloutProgress;
  warnings: CoreV1Event[];
  outcome?: RolloutOutcome;
  /** The watch itself failed (e.g. the API server stopped answering). */
  error?: string;
  /** After a failed rollout: the doctor's findings (undefined while it runs or when unavailable). */
  doctor?: { status: 'running' } | { status: 'done'; outcomes: CheckOutcome[] } | { status: 'failed'; message: string };
}

/** A failed finding that waiting cannot change, as `doctor --wait` stops on. */
export function hasFinalFailure(outcomes: readonly CheckOutcome[]): boolean {
  return outcomes.some((f) => f.final && f.status === 'fail');
}

/**
 * Watches the Deployment roll out. New warnings ask the doctor whether the cause is final (no node
 * can ever take the pod): then the wait stops at once with its findings; on a timeout it runs too.
 */
export function useRolloutWatch(
  plan: InstallPlan,
  kube: Kube,
  o: { timeoutMs: number; signal: AbortSignal; kubeconfig?: string; context?: string },
): RolloutWatchState {
  const services = useServices();
  const [state, setState] = useState<RolloutWatchState>({ warnings: [] });
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      const runDoctor = services.runDoctor;
      const doctorRequest = { kube, helm: services.helm, namespace: plan.namespace, release: plan.release };
      // The doctor's findings that made the wait stop early: shown as they are, not read twice.
      let finalFindings: CheckOutcome[] | undefined;
      let outcome: RolloutOutcome;
      try {
        outcome = await services.waitForRollout(kube, plan.namespace, plan.release, {
          timeoutMs: o.timeoutMs,
          signal: o.signal,
          isStuck: runDoctor
            ? async () => {
                const outcomes = await runDoctor(doctorRequest).catch(() => []);
                if (!hasFinalFailure(outcomes)) return false;
                finalFindings = outcomes;
                return true;
              }
            : undefined,
          onProgress: (progress) => setState((s) => ({ ...s, progress })),
          onWarning: (w) => setState((s) => ({ ...s, warnings: [...s.warnings, w] })),
        });
      } catch (e) {
        outcome = { ok: false, timedOut: false, warnings: [] };
        setState((s) => ({ ...s, error: (e as Error).message }));
      }
      if (outcome.ok || o.signal.aborted || !runDoctor) {
        setState((s) => ({ ...s, outcome }));
        return;
      }
      if (finalFindings) {
        const outcomes = finalFindings;
        setState((s) => ({ ...s, outcome, doctor: { status: 'done', outcomes } }));
        return;
      }
      setState((s) => ({ ...s, outcome, doctor: { status: 'running' } }));
      try {
        const outcomes = await runDoctor(doctorRequest);
        setState((s) => ({ ...s, doctor: { status: 'done', outcomes } }));
      } catch (e) {
        setState((s) => ({ ...s, doctor: { status: 'failed', message: (e as Error).message } }));
      }
    })();
  }, [plan, kube, services, o.timeoutMs, o.signal, o.kubeconfig, o.context]);
  return state;
}
