import type { CheckOutcome } from '../types.js';
import { REMEDIES } from './remedies.js';
import type { FixFacts, FixPlan, PlannedFix, Remedy, UnfixableFinding } from './types.js';

const NO_REMEDY = 'No safe automatic remedy: follow the printed fix.';

/**
 * Turns the doctor's failing and warning findings into a fix plan. Pure: the facts were read
 * before, and the plan is what --dry-run shows and what the apply carries out. Each check's findings
 * go to the remedies registered for it; a check no remedy takes is listed as unfixable, keeping its
 * printed fix.
 */
export function planFixes(outcomes: readonly CheckOutcome[], facts: FixFacts, remedies: readonly Remedy[] = REMEDIES): FixPlan {
  const byCheck = new Map<string, CheckOutcome[]>();
  for (const o of outcomes) {
    if (o.status !== 'fail' && o.status !== 'warn') continue;
    byCheck.set(o.checkId, [...(byCheck.get(o.checkId) ?? []), o]);
  }
  const fixes: PlannedFix[] = [];
  const unfixable: UnfixableFinding[] = [];
  for (const [checkId, findings] of byCheck) {
    const answers = remedies.filter((r) => r.checkIds.includes(checkId)).map((r) => r.plan({ facts, findings }));
    const planned = answers.filter((a): a is PlannedFix => a !== undefined && !('unfixable' in a));
    if (planned.length) {
      fixes.push(...planned);
      continue;
    }
    const reason = answers.find((a): a is { unfixable: string } => a !== undefined && 'unfixable' in a)?.unfixable ?? NO_REMEDY;
    for (const o of findings) unfixable.push({ id: o.id, checkId, summary: o.summary, reason, fix: o.fix });
  }
  const order = (f: PlannedFix) => remedies.findIndex((r) => r.id === f.remedy);
  fixes.sort((a, b) => order(a) - order(b));
  return { fixes, unfixable };
}

/** The check ids to re-run after these fixes. */
export function affectedChecks(fixes: readonly PlannedFix[]): string[] {
  return [...new Set(fixes.flatMap((f) => f.checks))];
}
