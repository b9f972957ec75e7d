import { cleanLine as clean } from '../../../shared/text/cleanLine.js';
import { toJsonReport, type JsonReport, type ReportMeta } from '../format.js';
import type { CheckOutcome, CheckStatus } from '../types.js';
import type { FixApplyResult } from './apply.js';
import type { FixChange, FixPlan, PlannedFix, UnfixableFinding } from './types.js';

const MARK: Record<FixChange['action'], string> = {
  create: '+',
  write: '+',
  replace: '~',
  set: '~',
  upgrade: '~',
  annotate: '~',
  restart: '↻',
};

/** The plan as the review shows it: each fix with what it changes, then what stays for the user. */
export function formatFixPlan(plan: FixPlan): string {
  const out: string[] = [];
  if (plan.fixes.length) {
    out.push(`Fix plan: ${plan.fixes.length} ${plan.fixes.length === 1 ? 'fix' : 'fixes'}`);
    plan.fixes.forEach((f, i) => {
      out.push(`${String(i + 1).padStart(2)}. ${f.title}  [${f.findings.join(', ')}]`);
      for (const c of f.changes) out.push(`      ${MARK[c.action]} ${c.kind} ${c.name}: ${c.action} — ${clean(c.detail)}`);
      if (f.needsConsent) out.push(`      ! asks separately: ${f.needsConsent}`);
    });
  } else if (plan.unfixable.length) {
    out.push('Nothing the doctor found has a safe automatic fix.');
  } else {
    out.push('Nothing to fix: no check failed or warned.');
  }
  if (plan.unfixable.length) {
    out.push('', 'Not fixed automatically (the printed fix stays):');
    for (const u of plan.unfixable) {
      out.push(`  - [${u.id}] ${clean(u.summary)}`, `      why: ${clean(u.reason)}`);
      if (u.fix) out.push(`      fix: ${clean(u.fix)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function statusOf(outcomes: readonly CheckOutcome[], checkId: string): CheckStatus | undefined {
  const rows = outcomes.filter((o) => o.checkId === checkId);
  if (!rows.length) return undefined;
  const rank: Record<CheckStatus, number> = { skipped: 0, pass: 1, warn: 2, fail: 3 };
  return rows.map((r) => r.status).reduce((a, b) => (rank[b] > rank[a] ? b : a));
}

export interface CheckTransition {
  checkId: string;
  before?: CheckStatus;
  after?: CheckStatus;
}

/** Per check: its worst status before and after, for the checks the fixes touch and any that changed. */
export function transitions(
  before: readonly CheckOutcome[],
  after: readonly CheckOutcome[],
  affected: readonly string[],
): CheckTransition[] {
  const ids = [...new Set([...before, ...after].map((o) => o.checkId))];
  return ids
    .map((checkId) => ({ checkId, before: statusOf(before, checkId), after: statusOf(after, checkId) }))
    .filter((t) => affected.includes(t.checkId) || t.before !== t.after);
}

export function formatTransitions(ts: readonly CheckTransition[]): string {
  if (!ts.length) return '';
  const width = Math.max(...ts.map((t) => t.checkId.length));
  return `${['Before → after:', ...ts.map((t) => `  ${t.checkId.padEnd(width)}  ${t.before ?? '–'} → ${t.after ?? '–'}`)].join('\n')}\n`;
}

export interface FixJson extends JsonReport {
  /** The report before the fixes, as a summary. */
  before: JsonReport['summary'];
  fixed: { remedy: string; title: string; findings: string[]; changes: FixChange[] }[];
  declined: { remedy: string; title: string; findings: string[]; reason: string }[];
  failed: { remedy: string; title: string; findings: string[]; message: string; nextStep: string | null }[];
  unfixable: { id: string; summary: string; reason: string; fix: string | null }[];
  transitions: CheckTransition[];
}

/** The after-report with what was fixed, declined, failed and left; secrets never appear in any of it. */
export function toFixJson(
  before: readonly CheckOutcome[],
  after: readonly CheckOutcome[],
  meta: ReportMeta,
  r: {
    declined: readonly PlannedFix[];
    declineReason: string;
    unfixable: readonly UnfixableFinding[];
    applied?: FixApplyResult;
    affected: readonly string[];
  },
): FixJson {
  const short = (f: PlannedFix) => ({ remedy: f.remedy, title: f.title, findings: f.findings });
  return {
    ...toJsonReport(after, meta),
    before: toJsonReport(before, meta).summary,
    fixed: (r.applied?.applied ?? []).map((f) => ({ ...short(f), changes: f.changes })),
    declined: r.declined.map((f) => ({ ...short(f), reason: r.declineReason })),
    failed: (r.applied?.failed ?? []).map((x) => ({
      ...short(x.fix),
      message: clean(x.message),
      nextStep: x.nextStep ? clean(x.nextStep) : null,
    })),
    unfixable: r.unfixable.map((u) => ({ id: u.id, summary: clean(u.summary), reason: clean(u.reason), fix: u.fix ? clean(u.fix) : null })),
    transitions: transitions(before, after, r.affected),
  };
}
