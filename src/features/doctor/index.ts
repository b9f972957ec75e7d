/**
 * The doctor: checks as data, a runner, and plain renderers. The interactive view lives elsewhere
 * and consumes this API:
 *
 *   const ctx = createDoctorContext({ kube, helm, helmTarget, namespace, release, now: new Date() });
 *   const outcomes = await runChecks(ALL_CHECKS, ctx, { onUpdate });
 *   process.exitCode = exitCodeFor(outcomes);
 *
 * A context memoizes cluster reads for one run: build a new one for every run (and for every
 * attempt of waitUntilHealthy), or the second run sees the first one's data.
 */
export { ALL_CHECKS } from './checks/index.js';
export { createDoctorContext, doctorAccessChecks, type DoctorContext, type DoctorContextOptions } from './context.js';
export { exitCodeFor, runChecks, type CheckState, type RunChecksOptions } from './runner.js';
export {
  toJson,
  toJsonReport,
  toPlainText,
  toShortText,
  countByStatus,
  JSON_SCHEMA_VERSION,
  type JsonReport,
  type ReportMeta,
} from './format.js';
export { defaultIsHealthy, waitUntilHealthy, type WaitOptions, type WaitResult } from './wait.js';
export { CATEGORIES, type Category, type Check, type CheckOutcome, type CheckResult, type CheckStatus, type SkipReason } from './types.js';
export { classifyEvent, type EventCause, type EventCauseCode } from './eventCauses.js';
export { fitReport, nodeHeadroom, podRequests, type FitReport, type NodeHeadroom } from './headroom.js';
export { matchLogPatterns, type LogFinding } from './logPatterns.js';
export { decodeJwtClaims, type JwtClaims } from './jwt.js';

import type { DoctorContext } from './context.js';
import type { ReportMeta } from './format.js';

/** The JSON report's header for a context. */
export function reportMeta(ctx: DoctorContext): ReportMeta {
  return { cluster: { context: ctx.target.contextName, server: ctx.target.server }, namespace: ctx.namespace, release: ctx.releaseName };
}
