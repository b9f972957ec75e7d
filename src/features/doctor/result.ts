import type { CheckResult } from './types.js';

type Extra = Partial<Omit<CheckResult, 'status' | 'summary' | 'evidence'>>;

export function pass(summary: string, evidence: string[] = [], extra: Extra = {}): CheckResult {
  return { status: 'pass', summary, evidence, ...extra };
}

export function warn(summary: string, evidence: string[] = [], extra: Extra = {}): CheckResult {
  return { status: 'warn', summary, evidence, ...extra };
}

export function fail(summary: string, evidence: string[] = [], extra: Extra = {}): CheckResult {
  return { status: 'fail', summary, evidence, ...extra };
}

/** A check that does not apply to this install (e.g. certificates on a socket-generation chart). */
export function notApplicable(summary: string, evidence: string[] = [], extra: Extra = {}): CheckResult {
  return { status: 'skipped', summary, evidence, skipReason: 'not-applicable', ...extra };
}

const RANK: Record<CheckResult['status'], number> = { skipped: 0, pass: 1, warn: 2, fail: 3 };

/** The worse of two statuses (fail > warn > pass > skipped). */
export function worst(a: CheckResult['status'], b: CheckResult['status']): CheckResult['status'] {
  return RANK[a] >= RANK[b] ? a : b;
}

/** "1 pod" / "3 pods". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Log lines and API messages can be long; reports quote at most this much of one. */
export function truncate(text: string, max = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
