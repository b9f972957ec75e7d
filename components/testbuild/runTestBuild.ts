import { ExitCode } from '../../src/platform/exitCodes.js';
import type { BuilderTestPhase, BuilderTestReport } from '../../src/shared/builder/testBuild.js';

/** One test build with the screen's hooks; the command binds it to the prepared request. */
export type RunTestBuild = (hooks: {
  onLog(line: string): void;
  onPhase(phase: BuilderTestPhase): void;
  signal: AbortSignal;
}) => Promise<BuilderTestReport>;

/** 0 pushed; 130 cancelled; 1 the build did not push. */
export function testBuildExitCode(report: BuilderTestReport): number {
  if (report.status === 'pushed') return ExitCode.ok;
  return report.cause === 'cancelled' ? ExitCode.cancelled : ExitCode.failure;
}

export function phaseText(phase: BuilderTestPhase): string {
  return phase.kind === 'connecting' ? `Reaching ${phase.to}…` : `Building through ${phase.url}…`;
}
