/**
 * `doctor --contexts a,b,c` / `--all-contexts`: the same checks on several clusters at once, then
 * one row per context. Each context gets its own client (and so its own connection and request
 * deadline); a cluster that cannot be reached or configured is a row, never an abort.
 */
import { ExitCode } from '../../platform/exitCodes.js';
import { cleanLine } from '../../shared/text/cleanLine.js';
import { toJsonReport, type JsonReport, type ReportMeta } from './format.js';
import type { ChartGeneration } from './generation.js';
import { exitCodeFor } from './runner.js';
import type { CheckOutcome } from './types.js';

export type FleetStatus = 'ok' | 'warn' | 'fail' | 'unreachable' | 'error';

/** What one context's doctor run hands back to the fleet runner. */
export interface ContextRun {
  meta: ReportMeta;
  clusterName: string;
  outcomes: CheckOutcome[];
  chartVersion?: string;
  generation?: ChartGeneration;
}

export interface FleetRow {
  context: string;
  cluster: string;
  server: string;
  chartVersion?: string;
  generation?: ChartGeneration;
  status: FleetStatus;
  exitCode: ExitCode;
  /** Ids of failed checks. */
  failing: string[];
  /** Ids of warnings (and checks skipped for lack of permission). */
  warnings: string[];
  /** The full report; undefined when the context could not even be set up. */
  report?: JsonReport;
  /** Why the doctor could not start for this context. */
  error?: { message: string; nextStep?: string };
}

const DEFAULT_CONCURRENCY = 4;

/** Rows in the order the contexts were given, each run with at most `concurrency` at a time. */
export async function runFleet(
  contexts: readonly string[],
  runOne: (context: string) => Promise<ContextRun>,
  opts: { concurrency?: number } = {},
): Promise<FleetRow[]> {
  const rows: FleetRow[] = new Array(contexts.length);
  let next = 0;
  const worker = async () => {
    while (next < contexts.length) {
      const i = next++;
      const context = contexts[i]!;
      try {
        rows[i] = rowFor(await runOne(context));
      } catch (e) {
        rows[i] = errorRow(context, e);
      }
    }
  };
  const limit = Math.max(1, Math.min(opts.concurrency ?? DEFAULT_CONCURRENCY, contexts.length));
  await Promise.all(Array.from({ length: limit }, worker));
  return rows;
}

function isProblemWarning(o: CheckOutcome): boolean {
  return o.status === 'warn' || (o.status === 'skipped' && o.skipReason === 'forbidden');
}

export function rowFor(run: ContextRun): FleetRow {
  const exitCode = exitCodeFor(run.outcomes);
  const failing = run.outcomes.filter((o) => o.status === 'fail').map((o) => o.id);
  const warnings = run.outcomes.filter(isProblemWarning).map((o) => o.id);
  const unreachable = failing.includes('cluster.reachable');
  const status: FleetStatus = unreachable
    ? 'unreachable'
    : exitCode === ExitCode.doctorFailed
      ? 'fail'
      : exitCode === ExitCode.doctorWarnings
        ? 'warn'
        : 'ok';
  return {
    context: run.meta.cluster.context,
    cluster: run.clusterName,
    server: run.meta.cluster.server,
    chartVersion: run.chartVersion,
    generation: run.generation,
    status,
    exitCode,
    failing,
    warnings,
    report: toJsonReport(run.outcomes, run.meta),
  };
}

function errorRow(context: string, e: unknown): FleetRow {
  const message = e instanceof Error ? e.message : String(e);
  const nextStep = (e as { nextStep?: unknown })?.nextStep;
  return {
    context,
    cluster: '',
    server: '',
    status: 'error',
    exitCode: ExitCode.failure,
    failing: [],
    warnings: [],
    error: { message: cleanLine(message), ...(typeof nextStep === 'string' && nextStep ? { nextStep: cleanLine(nextStep) } : {}) },
  };
}

/** How bad each exit code is: a context the doctor could not run on is worst, then failures, then warnings. */
const SEVERITY: Partial<Record<ExitCode, number>> = {
  [ExitCode.ok]: 0,
  [ExitCode.doctorWarnings]: 1,
  [ExitCode.doctorFailed]: 2,
  [ExitCode.failure]: 3,
};

/** The worst of the rows' exit codes (0 for no rows). */
export function fleetExitCode(rows: readonly FleetRow[]): ExitCode {
  let worst: ExitCode = ExitCode.ok;
  for (const r of rows) if ((SEVERITY[r.exitCode] ?? 3) > (SEVERITY[worst] ?? 3)) worst = r.exitCode;
  return worst;
}

export const FLEET_JSON_VERSION = 1;

export interface FleetJson {
  version: number;
  summary: Record<FleetStatus, number> & { exitCode: ExitCode };
  contexts: (Omit<FleetRow, 'report' | 'chartVersion' | 'generation' | 'error'> & {
    chartVersion: string | null;
    generation: ChartGeneration | null;
    error: FleetRow['error'] | null;
    report: JsonReport | null;
  })[];
}

export function toFleetJsonReport(rows: readonly FleetRow[]): FleetJson {
  const summary = { ok: 0, warn: 0, fail: 0, unreachable: 0, error: 0, exitCode: fleetExitCode(rows) };
  for (const r of rows) summary[r.status]++;
  return {
    version: FLEET_JSON_VERSION,
    summary,
    contexts: rows.map((r) => ({
      ...r,
      chartVersion: r.chartVersion ?? null,
      generation: r.generation ?? null,
      error: r.error ?? null,
      report: r.report ?? null,
    })),
  };
}

/** One JSON document with a report per context (--output json). */
export function toFleetJson(rows: readonly FleetRow[]): string {
  return `${JSON.stringify(toFleetJsonReport(rows), null, 2)}\n`;
}

const MAX_IDS_SHOWN = 4;

/** A word a POSIX shell reads back unchanged (context names may hold spaces or quotes). */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function idsCell(r: FleetRow): string {
  if (r.error) return r.error.message;
  const ids = [...r.failing, ...r.warnings.map((id) => `${id} (warn)`)];
  if (ids.length <= MAX_IDS_SHOWN) return ids.join(', ') || '–';
  return `${ids.slice(0, MAX_IDS_SHOWN).join(', ')} and ${ids.length - MAX_IDS_SHOWN} more`;
}

/** The table for a terminal: one line per context, then what to run for the details. */
export function toFleetTable(rows: readonly FleetRow[]): string {
  const header = ['CONTEXT', 'CLUSTER', 'CHART', 'STATUS', 'FAILING CHECKS'];
  const cells = rows.map((r) => [
    cleanLine(r.context),
    cleanLine(r.cluster || '–'),
    r.chartVersion ? `${cleanLine(r.chartVersion)}${r.generation ? ` (${r.generation})` : ''}` : '–',
    r.status,
    idsCell(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...cells.map(line)];
  const first = rows.find((r) => r.status !== 'ok');
  if (first) out.push('', `Details for one context: probuilder-setup doctor --context ${shellWord(cleanLine(first.context))}`);
  return `${out.join('\n')}\n`;
}
