import type { DoctorOptions } from '../../src/cli/args.js';
import { problemOf } from '../../src/platform/errors.js';
import { ExitCode } from '../../src/platform/exitCodes.js';
import { problemJson } from '../../src/shared/problem/problemLines.js';
import { JSON_SCHEMA_VERSION, countByStatus } from '../../src/features/doctor/format.js';
import type { CheckOutcome } from '../../src/features/doctor/types.js';

/**
 * The one JSON document --output json prints when the doctor cannot start (e.g. no usable
 * kubeconfig): the same version, namespace and release fields as a report, an `error` instead of
 * `checks`, and the exit code the process ends with.
 */
export function doctorErrorJson(e: unknown, options: Pick<DoctorOptions, 'namespace' | 'release'>): string {
  const doc = {
    version: JSON_SCHEMA_VERSION,
    namespace: options.namespace,
    release: options.release,
    error: problemJson(problemOf(e)),
    summary: { exitCode: ExitCode.failure },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** "attempt 2: 1 failed, 1 warning — nodes.fit" : what --wait is still waiting for. */
export function progressLine(attempt: number, outcomes: readonly CheckOutcome[]): string {
  const c = countByStatus(outcomes);
  const open = outcomes.filter((o) => o.status === 'fail' || o.status === 'warn').map((o) => o.id);
  const shown = open.slice(0, 4).join(', ') + (open.length > 4 ? `, +${open.length - 4} more` : '');
  return `attempt ${attempt}: ${c.fail} failed, ${c.warn} ${c.warn === 1 ? 'warning' : 'warnings'}${shown ? ` — ${shown}` : ''}\n`;
}
