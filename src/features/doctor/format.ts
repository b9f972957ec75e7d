import type { ExitCode } from '../../platform/exitCodes.js';
import { exitCodeFor } from './runner.js';
import { CATEGORIES, type CheckOutcome, type CheckStatus } from './types.js';
import { cleanLine } from '../../shared/text/cleanLine.js';

export const JSON_SCHEMA_VERSION = 1;

export interface ReportMeta {
  cluster: { context: string; server: string };
  namespace: string;
  release: string;
}

export interface JsonReport {
  version: number;
  cluster: { context: string; server: string };
  namespace: string;
  release: string;
  summary: { pass: number; warn: number; fail: number; skipped: number; exitCode: ExitCode };
  checks: {
    id: string;
    category: string;
    description: string;
    status: CheckStatus;
    summary: string;
    evidence: string[];
    hint: string | null;
    fix: string | null;
    skipReason: string | null;
    final: boolean;
  }[];
}

export function countByStatus(outcomes: readonly CheckOutcome[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skipped: 0 };
  for (const o of outcomes) counts[o.status]++;
  return counts;
}

export function toJsonReport(outcomes: readonly CheckOutcome[], meta: ReportMeta): JsonReport {
  return {
    version: JSON_SCHEMA_VERSION,
    cluster: { context: meta.cluster.context, server: meta.cluster.server },
    namespace: meta.namespace,
    release: meta.release,
    summary: { ...countByStatus(outcomes), exitCode: exitCodeFor(outcomes) },
    // Every text field: an id or subject can carry text from the cluster (an image name from an event).
    checks: outcomes.map((o) => ({
      id: cleanLine(o.id),
      subject: o.subject ? cleanLine(o.subject) : null,
      category: o.category,
      description: cleanLine(o.description),
      status: o.status,
      summary: cleanLine(o.summary),
      evidence: o.evidence.map((e) => cleanLine(e)),
      hint: o.hint ? cleanLine(o.hint) : null,
      fix: o.fix ? cleanLine(o.fix) : null,
      skipReason: o.skipReason ? cleanLine(o.skipReason) : null,
      final: Boolean(o.final),
    })),
  };
}

/** One JSON document for scripts (--output json). */
export function toJson(outcomes: readonly CheckOutcome[], meta: ReportMeta): string {
  return `${JSON.stringify(toJsonReport(outcomes, meta), null, 2)}\n`;
}

const GLYPH: Record<CheckStatus, string> = { pass: '✓', warn: '‼', fail: '×', skipped: '–' };
const COLOR: Record<CheckStatus, string> = { pass: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m', skipped: '\x1b[90m' };
const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';

function isProblem(o: CheckOutcome): boolean {
  return o.status === 'fail' || o.status === 'warn' || (o.status === 'skipped' && o.skipReason === 'forbidden');
}

function headline(o: CheckOutcome): string {
  return `${o.subject ? `${cleanLine(o.subject)}: ` : ''}${cleanLine(o.summary)}`;
}

/** Only what needs attention (--output short): one line per problem, then its hint and fix. */
export function toShortText(outcomes: readonly CheckOutcome[]): string {
  const problems = outcomes.filter(isProblem);
  if (!problems.length) {
    const skipped = outcomes.filter((o) => o.status === 'skipped').length;
    return `All checks passed${skipped ? ` (${skipped} not applicable)` : ''}.\n`;
  }
  const lines: string[] = [];
  for (const o of problems) {
    lines.push(`${GLYPH[o.status]} [${o.id}] ${headline(o)}`);
    if (o.hint) lines.push(`    hint: ${cleanLine(o.hint)}`);
    if (o.fix) lines.push(`    fix:  ${cleanLine(o.fix)}`);
  }
  return `${lines.join('\n')}\n`;
}

const MAX_EVIDENCE_LINES = 8;

/** The full report grouped by category, for terminals without the interactive view and for logs. */
export function toPlainText(outcomes: readonly CheckOutcome[], opts: { color: boolean }): string {
  const paint = (code: string, text: string) => (opts.color ? `${code}${text}${RESET}` : text);
  const out: string[] = [];
  for (const category of CATEGORIES) {
    const rows = outcomes.filter((o) => o.category === category);
    if (!rows.length) continue;
    out.push(paint(BOLD, category), paint(DIM, '-'.repeat(category.length)));
    for (const o of rows) {
      out.push(`${paint(COLOR[o.status], GLYPH[o.status])} ${o.description}: ${headline(o)}`);
      if (o.status === 'fail' || o.status === 'warn') {
        for (const e of o.evidence.slice(0, MAX_EVIDENCE_LINES)) out.push(paint(DIM, `    ${cleanLine(e)}`));
        if (o.evidence.length > MAX_EVIDENCE_LINES) out.push(paint(DIM, `    … ${o.evidence.length - MAX_EVIDENCE_LINES} more`));
      }
      if (isProblem(o)) {
        if (o.hint) out.push(`    see: ${cleanLine(o.hint)}`);
        if (o.fix) out.push(`    fix: ${paint(BOLD, cleanLine(o.fix))}`);
      }
    }
    out.push('');
  }
  const c = countByStatus(outcomes);
  const status = c.fail ? 'fail' : c.warn ? 'warn' : 'pass';
  out.push(
    paint(
      COLOR[status],
      `${GLYPH[status]} ${c.pass} passed, ${c.warn} ${c.warn === 1 ? 'warning' : 'warnings'}, ${c.fail} failed, ${c.skipped} skipped`,
    ),
  );
  return `${out.join('\n')}\n`;
}
