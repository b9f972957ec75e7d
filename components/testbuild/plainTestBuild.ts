import { testBuildJson, testBuildSummary } from '../../src/features/testbuild/report.js';
import type { PlainIo } from '../uninstall/plainUninstall.js';
import { phaseText, testBuildExitCode, type RunTestBuild } from './runTestBuild.js';

/** Without a terminal: each log line as it streams, then the image pushed or the cause and fix. */
export async function runPlainTestBuild(image: string, contextLabel: string, run: RunTestBuild, io: PlainIo): Promise<number> {
  const abort = new AbortController();
  const off = io.onInterrupt?.(() => abort.abort());
  try {
    io.out(`Test build of ${contextLabel} → ${image}\n`);
    const report = await run({ onLog: (line) => io.out(`  ${line}\n`), onPhase: (p) => io.out(`${phaseText(p)}\n`), signal: abort.signal });
    const [first, ...rest] = testBuildSummary(report);
    (report.status === 'pushed' ? io.out : io.err)(`${first}\n`);
    for (const line of rest) io.err(`${line}\n`);
    return testBuildExitCode(report);
  } finally {
    off?.();
  }
}

/** --output json: nothing while it builds, then one document on stdout. */
export async function runJsonTestBuild(run: RunTestBuild, io: PlainIo): Promise<number> {
  const abort = new AbortController();
  const off = io.onInterrupt?.(() => abort.abort());
  try {
    const report = await run({ onLog: () => undefined, onPhase: () => undefined, signal: abort.signal });
    io.out(testBuildJson(report));
    return testBuildExitCode(report);
  } finally {
    off?.();
  }
}
