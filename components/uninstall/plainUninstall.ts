import type { UninstallOptions } from '../../src/cli/args.js';
import { ExitCode } from '../../src/platform/exitCodes.js';
import { cleanLine } from '../../src/shared/text/cleanLine.js';
import { stepLine } from '../../src/shared/steps/stepEvent.js';
import type { UninstallResult } from '../../src/features/uninstall/apply.js';
import { itemsToRemove, type UninstallPlan } from '../../src/features/uninstall/plan.js';
import { formatUninstallPlan, uninstallSummary } from '../../src/features/uninstall/report.js';
import type { StepEvent } from '../../src/shared/steps/stepEvent.js';

export interface PlainIo {
  out(text: string): void;
  err(text: string): void;
  onInterrupt?(handler: () => void): () => void;
}

export type RunUninstall = (
  plan: UninstallPlan,
  hooks: { onStep(e: StepEvent): void; onHelmLine(line: string): void; shouldStop(): boolean },
) => Promise<UninstallResult>;

/** The exit code an uninstall result means: 0 done, 130 stopped, 1 anything failed. */
export function uninstallExitCode(result: UninstallResult): number {
  if (result.outcomes.some((o) => o.outcome === 'failed')) return ExitCode.failure;
  return result.stopped ? ExitCode.cancelled : ExitCode.ok;
}

/**
 * The uninstall without prompts: prints the plan, then (with --yes) each step as it happens and a
 * summary. Exit codes: 0 done, dry run or nothing to remove; 1 something failed; 2 no --yes;
 * 130 stopped by Ctrl+C (after the step in progress).
 */
export async function runPlainUninstall(plan: UninstallPlan, options: UninstallOptions, run: RunUninstall, io: PlainIo): Promise<number> {
  io.out(formatUninstallPlan(plan));
  if (options.dryRun) {
    io.out('\nDry run: nothing was changed.\n');
    return ExitCode.ok;
  }
  if (itemsToRemove(plan).length === 0) {
    io.out('\nNothing to remove: everything chosen is already gone or kept.\n');
    return ExitCode.ok;
  }
  if (!options.yes) {
    io.err('\nNothing was changed: pass --yes to remove these without a terminal.\n');
    return ExitCode.usage;
  }
  let stopRequested = false;
  const off = io.onInterrupt?.(() => {
    if (!stopRequested) io.err('\nStopping after the current step…\n');
    stopRequested = true;
  });
  try {
    io.out('\n');
    const result = await run(plan, {
      onStep: (e) => e.status !== 'running' && io.out(`${stepLine(e)}\n`),
      onHelmLine: (line) => io.out(`    ${cleanLine(line)}\n`),
      shouldStop: () => stopRequested,
    });
    const [first, ...rest] = uninstallSummary(plan, result);
    const code = uninstallExitCode(result);
    (code === ExitCode.ok ? io.out : io.err)(`\n${first}\n`);
    io.out(`${rest.join('\n')}\n`);
    return code;
  } finally {
    off?.();
  }
}
