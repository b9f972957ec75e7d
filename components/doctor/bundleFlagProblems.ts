import type { DoctorOptions } from '../../src/cli/args.js';

/** Usage problems of --bundle, before any cluster is asked. */
export function bundleFlagProblems(options: DoctorOptions): string[] {
  const problems: string[] = [];
  if (options.bundle === undefined) {
    if (options.bundleLogLines !== undefined) problems.push('--bundle-log-lines works only with --bundle.');
    return problems;
  }
  if (options.wait !== undefined) problems.push('--bundle packs one run; leave --wait out, or run the doctor with --wait first.');
  if (options.contexts !== undefined || options.allContexts)
    problems.push('--bundle works on one cluster; leave out --contexts and --all-contexts.');
  return problems;
}
