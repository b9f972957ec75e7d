import type { DoctorContext } from './context.js';

/** Report sections, in the order they are shown. */
export const CATEGORIES = [
  'Cluster',
  'Permissions',
  'Secrets',
  'Helm release',
  'Workload',
  'Events',
  'Node resources',
  'Logs',
  'IRSA',
  'Build',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skipped';

/**
 * Why a result is `skipped`. The distinction matters for the exit code: a permission skip means the
 * doctor could not verify something (a warning), a dependency skip follows a failure that is
 * already reported, and a not-applicable skip is simply irrelevant for this install.
 */
export type SkipReason = 'not-applicable' | 'forbidden' | 'dependency';

export interface CheckResult {
  status: CheckStatus;
  /** One sentence: what was found. */
  summary: string;
  /** Facts that back the summary: object names, key names, lengths, counts. Never secret values. */
  evidence: string[];
  /** What it means and what to do about it, in words. */
  hint?: string;
  /** A command line with the real names filled in, when one command fixes it. */
  fix?: string;
  /**
   * The object this result is about, when a check reports per item (one pod, one node). The reported
   * id becomes `<check id>/<item>`, so every row has a stable id.
   */
  item?: string;
  /** The object a per-item row is about (pod or node name), shown before the summary. */
  subject?: string;
  /** Waiting cannot help (e.g. no node could ever fit the pod): --wait stops early. */
  final?: boolean;
  skipReason?: SkipReason;
}

export interface Check {
  /** Stable, dotted: `<area>.<thing>`, e.g. `secrets.payload`. */
  id: string;
  category: Category;
  /** What is checked, as a short noun phrase for the report row. */
  description: string;
  /**
   * Checks that must have run without failing first. When one of them failed (or was itself
   * skipped because of its own dependencies) this check is skipped with reason `dependency`.
   * A dependency that was skipped for lack of permission does not block: the doctor tries anyway.
   */
  needs?: readonly string[];
  run(ctx: DoctorContext): Promise<CheckResult | CheckResult[]>;
}

/** One row of the report: a result with the check's identity attached. */
export interface CheckOutcome extends CheckResult {
  /** `checkId`, or `checkId/item` for per-item results. */
  id: string;
  checkId: string;
  category: Category;
  description: string;
  durationMs: number;
}
