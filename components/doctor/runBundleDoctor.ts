import type { DoctorOptions } from '../../src/cli/args.js';
import { bundleDestinationProblem, defaultBundleName, startBundle, writeBundleFile } from '../../src/features/doctor/bundle/index.js';
import type { DoctorContext } from '../../src/features/doctor/context.js';
import { toJson, toPlainText, toShortText, type ReportMeta } from '../../src/features/doctor/format.js';
import { exitCodeFor, runChecks } from '../../src/features/doctor/runner.js';
import type { Check } from '../../src/features/doctor/types.js';
import { ExitCode } from '../../src/platform/exitCodes.js';
import { problemOf } from '../../src/platform/errors.js';
import { problemText } from '../../src/shared/problem/problemLines.js';
import type { Helm } from '../../src/platform/helm/helm.js';
import { VERSION } from '../../src/platform/version.js';

export interface BundleRun {
  options: DoctorOptions;
  checks: readonly Check[];
  meta: ReportMeta;
  makeContext: () => DoctorContext;
  helm?: Helm;
  now: Date;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

function writeAll(stream: NodeJS.WritableStream, data: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (e) => (e ? reject(e) : resolve()));
  });
}

/**
 * `doctor --bundle [FILE]`: the checks, with the bundle's own reads started alongside them, then the
 * report as usual (on stderr when the archive goes to stdout), a progress line per collected part,
 * and the archive. The exit code is the doctor's; 1 when the bundle could not be written.
 */
export async function runBundleDoctor(r: BundleRun): Promise<number> {
  const { options } = r;
  const toStdout = options.bundle === '-';
  const path = toStdout
    ? undefined
    : options.bundle === true || options.bundle === undefined
      ? defaultBundleName(options.namespace, r.now)
      : options.bundle;
  const err = (t: string) => void r.stderr.write(t);
  // Before the cluster is asked: a bundle is never written over a file, nor collected for nowhere.
  const destinationProblem = path ? await bundleDestinationProblem(path) : undefined;
  if (destinationProblem) {
    err(`probuilder-setup: --bundle: ${destinationProblem}\n`);
    return ExitCode.usage;
  }
  const format = options.output ?? 'tui';
  const report = (t: string) => void (toStdout ? r.stderr : r.stdout).write(t);
  const progress = (line: string) => void (toStdout || format === 'json' ? r.stderr : r.stdout).write(`${line}\n`);

  const ctx = r.makeContext();
  const bundle = startBundle({ ctx, helm: r.helm, toolVersion: VERSION, logLines: options.bundleLogLines, now: r.now });
  const outcomes = await runChecks(r.checks, ctx);
  switch (format) {
    case 'json':
      report(toJson(outcomes, r.meta));
      break;
    case 'short':
      report(toShortText(outcomes));
      break;
    default:
      report(
        toPlainText(outcomes, {
          color: options.color && !toStdout && process.env['FORCE_COLOR'] !== undefined && process.env['FORCE_COLOR'] !== '0',
        }),
      );
  }
  try {
    const result = await bundle.finish(outcomes, r.meta, progress);
    if (toStdout) {
      await writeAll(r.stdout, result.archive);
    } else {
      await writeBundleFile(path!, result.archive);
      progress(`bundle: wrote ${path} (${result.archive.length} bytes, mode 0600, ${result.files.length} files)`);
    }
  } catch (e) {
    const p = problemOf(e);
    err(problemText({ ...p, message: `the bundle could not be made: ${p.message}` }, { debug: options.debug }));
    return ExitCode.failure;
  }
  return exitCodeFor(outcomes);
}
