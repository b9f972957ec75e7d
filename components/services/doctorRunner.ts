import { ALL_CHECKS } from '../../src/features/doctor/checks/index.js';
import { createDoctorContext, prefetchCommonReads } from '../../src/features/doctor/context.js';
import { runChecks } from '../../src/features/doctor/runner.js';
import type { CheckOutcome } from '../../src/features/doctor/types.js';
import type { DoctorRequest } from './ServicesContext.js';

/** The doctor's full check list against the release that was just installed. */
export async function runDoctorChecks(req: DoctorRequest, now: Date = new Date()): Promise<CheckOutcome[]> {
  const ctx = prefetchCommonReads(
    createDoctorContext({
      kube: req.kube,
      helm: req.helm,
      namespace: req.namespace,
      release: req.release,
      now,
    }),
  );
  return runChecks(ALL_CHECKS, ctx);
}
