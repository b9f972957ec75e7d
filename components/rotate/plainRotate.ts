import type { RotateOptions } from '../../src/cli/args.js';
import { ExitCode } from '../../src/platform/exitCodes.js';
import type { StepEvent } from '../../src/shared/steps/stepEvent.js';
import { progressLine } from '../../src/features/install/report.js';
import { stepLine } from '../../src/shared/steps/stepEvent.js';
import type { RolloutProgress } from '../../src/shared/rollout/rollout.js';
import type { RotationPlan } from '../../src/features/rotate/plan.js';
import { formatRotationPlan, rotationSummary } from '../../src/features/rotate/report.js';
import type { RotationResult } from '../../src/features/rotate/result.js';
import type { PlainIo } from '../uninstall/plainUninstall.js';

export type RunRotation = (hooks: {
  onStep(e: StepEvent): void;
  onProgress(p: RolloutProgress): void;
  signal: AbortSignal;
}) => Promise<RotationResult>;

/** 0 rotated and rolled out; 130 the watch was stopped (the change is applied); 1 anything else. */
export function rotationExitCode(result: RotationResult): number {
  if (result.ok) return ExitCode.ok;
  return result.watchStopped ? ExitCode.cancelled : ExitCode.failure;
}

/**
 * The rotation without prompts: the plan, then (with --yes) each step, the rollout's progress and
 * the result. Exit codes: 0 done; 1 failed; 2 no --yes; 130 Ctrl+C stopped the rollout watch.
 */
export async function runPlainRotation(plan: RotationPlan, options: RotateOptions, run: RunRotation, io: PlainIo): Promise<number> {
  io.out(formatRotationPlan(plan));
  if (!options.yes) {
    io.err('\nNothing was changed: pass --yes to rotate without a terminal.\n');
    return ExitCode.usage;
  }
  const abort = new AbortController();
  const off = io.onInterrupt?.(() => {
    if (!abort.signal.aborted) io.err('\nStopping: the steps in progress finish; the rollout is not watched.\n');
    abort.abort();
  });
  try {
    io.out('\n');
    const result = await run({
      onStep: (e) => e.status !== 'running' && io.out(`${stepLine(e)}\n`),
      onProgress: (p) => io.out(`  ${progressLine(p)}\n`),
      signal: abort.signal,
    });
    const code = rotationExitCode(result);
    const [first, ...rest] = rotationSummary(plan, result);
    (code === ExitCode.ok ? io.out : io.err)(`\n${first}\n`);
    if (rest.length) io.out(`${rest.join('\n')}\n`);
    return code;
  } finally {
    off?.();
  }
}
