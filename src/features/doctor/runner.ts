import { ExitCode } from '../../platform/exitCodes.js';
import { ActionableError } from '../../platform/errors.js';
import { HelmError } from '../../platform/helm/helm.js';
import { KubeError, type KubeRequestDetails } from '../../platform/kube/errors.js';
import { cleanLine } from '../../shared/text/cleanLine.js';
import type { DoctorContext } from './context.js';
import { truncate } from './result.js';
import { CATEGORIES, type Check, type CheckOutcome, type CheckResult } from './types.js';

export type CheckState = { state: 'running' } | { state: 'done'; outcomes: CheckOutcome[] };

export interface RunChecksOptions {
  /**
   * How many checks run at once (default: all of them). Checks waiting on dependencies do not hold a
   * slot, but a check waiting on a read does: with fewer slots than checks, a check that only needs
   * data already read would wait for other checks' reads, and the requests it adds (a pod's log) would
   * go out a round trip later.
   */
  concurrency?: number;
  /** Progress for a live view: each check goes running → done. */
  onUpdate?(checkId: string, state: CheckState): void;
  /** Monotonic clock for durations; injectable for tests. */
  clock?: () => number;
}

/** The refused request of a 403 → "get on secrets in namespace openfaas", from its fields (never its sentence). */
export function missingPermission(request: KubeRequestDetails): string {
  const { verb, resource, namespace } = request;
  const plural = resource.includes('/') || resource.endsWith('s') ? resource : `${resource}s`;
  return `${verb} on ${plural}${namespace ? ` in namespace ${namespace}` : ' (cluster-wide)'}`;
}

/** What a check that threw reports instead. Never a pass. */
export function resultForError(e: unknown): CheckResult {
  if (e instanceof KubeError) {
    if (e.reason === 'forbidden') {
      const needs = e.request ? missingPermission(e.request) : undefined;
      return {
        status: 'skipped',
        skipReason: 'forbidden',
        summary: needs ? `Could not check: needs ${needs}.` : `Could not check: ${e.message}`,
        evidence: needs ? [e.message] : [],
        hint: e.nextStep,
      };
    }
    return { status: 'fail', summary: e.message, evidence: [], hint: e.nextStep || undefined };
  }
  if (e instanceof HelmError) {
    const firstLine = e.helmOutput.split('\n').find((l) => l.trim());
    return { status: 'fail', summary: e.message, evidence: firstLine ? [`helm: ${truncate(firstLine)}`] : [], hint: e.nextStep };
  }
  // Any other error of the family already says what happened and what to do (a release record too large to read).
  if (e instanceof ActionableError) return { status: 'fail', summary: e.message, evidence: [], hint: e.nextStep || undefined };
  const message = e instanceof Error ? e.message : String(e);
  return { status: 'fail', summary: `The check could not finish: ${truncate(message)}`, evidence: [] };
}

/** A dependency blocks when it failed, or was itself blocked by one that failed. */
function blocks(o: CheckOutcome): boolean {
  return o.status === 'fail' || (o.status === 'skipped' && o.skipReason === 'dependency');
}

class Semaphore {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }
  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}

function toOutcomes(check: Check, results: CheckResult[], durationMs: number): CheckOutcome[] {
  const seen = new Map<string, number>();
  const list = results.length
    ? results
    : [{ status: 'skipped', skipReason: 'not-applicable', summary: 'Nothing to check.', evidence: [] } satisfies CheckResult];
  return list.map((r) => {
    // An item can be named from the cluster (an image from an event): no escapes or format characters in ids.
    let id = r.item ? `${check.id}/${cleanLine(r.item)}` : check.id;
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    if (n > 1) id = `${id}#${n}`;
    return { ...r, id, checkId: check.id, category: check.category, description: check.description, durationMs };
  });
}

/**
 * Runs every check concurrently and never throws: a check that throws becomes a `fail` with the
 * error's plain sentence, and one refused by RBAC becomes `skipped` naming the missing permission.
 * Dependencies may only point at checks earlier in the list, which rules out cycles. Outcomes come
 * back in report order (category, then list order).
 */
export async function runChecks(checks: readonly Check[], ctx: DoctorContext, opts: RunChecksOptions = {}): Promise<CheckOutcome[]> {
  const sem = new Semaphore(Math.max(1, opts.concurrency ?? checks.length));
  const clock = opts.clock ?? (() => performance.now());
  const index = new Map(checks.map((c, i) => [c.id, i]));
  const done = new Map<string, Promise<CheckOutcome[]>>();

  const notify = (id: string, state: CheckState) => {
    try {
      opts.onUpdate?.(id, state);
    } catch {
      // A broken progress view must not break the diagnosis.
    }
  };

  const runOne = async (check: Check, position: number): Promise<CheckOutcome[]> => {
    const deps: CheckOutcome[][] = [];
    for (const dep of check.needs ?? []) {
      const at = index.get(dep);
      if (at === undefined) continue;
      if (at >= position) {
        const out = toOutcomes(
          check,
          [{ status: 'fail', summary: `Internal error: check ${check.id} depends on ${dep}, which runs later.`, evidence: [] }],
          0,
        );
        notify(check.id, { state: 'done', outcomes: out });
        return out;
      }
      deps.push(await done.get(dep)!);
    }
    const blocker = deps.flat().find(blocks);
    if (blocker) {
      const out = toOutcomes(
        check,
        [{ status: 'skipped', skipReason: 'dependency', summary: `Not checked: "${blocker.description}" did not pass.`, evidence: [] }],
        0,
      );
      notify(check.id, { state: 'done', outcomes: out });
      return out;
    }
    await sem.acquire();
    const started = clock();
    notify(check.id, { state: 'running' });
    let results: CheckResult[];
    try {
      const r = await check.run(ctx);
      results = Array.isArray(r) ? r : [r];
    } catch (e) {
      results = [resultForError(e)];
    } finally {
      sem.release();
    }
    const out = toOutcomes(check, results, Math.round(clock() - started));
    notify(check.id, { state: 'done', outcomes: out });
    return out;
  };

  checks.forEach((c, i) => done.set(c.id, runOne(c, i)));
  const all = await Promise.all(checks.map((c) => done.get(c.id)!));
  const order = (o: CheckOutcome) => CATEGORIES.indexOf(o.category);
  return all
    .map((outs, i) => outs.map((o) => ({ o, i })))
    .flat()
    .sort((a, b) => order(a.o) - order(b.o) || a.i - b.i)
    .map(({ o }) => o);
}

/**
 * 0 when everything passed or did not apply; 3 when anything failed; 4 for warnings only. A check
 * skipped for lack of permission counts as a warning (4): the doctor could not verify that part, so
 * it must not claim a clean bill of health. Dependency skips only follow a failure, which already
 * makes the code 3.
 */
export function exitCodeFor(outcomes: readonly CheckResult[]): ExitCode {
  if (outcomes.some((o) => o.status === 'fail')) return ExitCode.doctorFailed;
  if (outcomes.some((o) => o.status === 'warn' || (o.status === 'skipped' && o.skipReason === 'forbidden'))) return ExitCode.doctorWarnings;
  return ExitCode.ok;
}
