import { useEffect, useState } from 'react';
import type { InstallAnswers } from '../../src/features/install/answers.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import type { Kube } from '../../src/platform/kube/client.js';
import { useServices } from '../services/ServicesContext.js';
import { problemOf } from '../../src/platform/errors.js';

export type PlanState =
  { status: 'loading' } | { status: 'ready'; plan: InstallPlan } | { status: 'failed'; message: string; nextStep?: string };

/** Reads the chart, the cluster and the local files and builds the plan. Changes nothing. */
export function usePlan(answers: InstallAnswers, kube: Kube): PlanState {
  const services = useServices();
  const [state, setState] = useState<PlanState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    services.prepare(answers, { kube, helm: services.helm, now: services.now }).then(
      (plan) => live && setState({ status: 'ready', plan }),
      (e: unknown) => live && setState({ status: 'failed', ...problemOf(e) }),
    );
    return () => {
      live = false;
    };
    // The answers object is fixed for the life of the review screen.
  }, [answers, kube, services]);
  return state;
}
