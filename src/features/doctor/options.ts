import type { GlobalOptions } from '../../shared/options/globalOptions.js';

export type DoctorOutput = 'tui' | 'json' | 'short';

export interface DoctorOptions extends GlobalOptions {
  output: DoctorOutput;
  release: string;
  wait?: string;
  /** Also run a test build through the pro-builder (the check build.end-to-end, last). */
  build?: boolean;
  /** --contexts a,b,c: several clusters in one run (one row each). */
  contexts?: string;
  /** --all-contexts: every context in the kubeconfig. */
  allContexts?: boolean;
  /** --bundle [FILE]: pack a redacted support bundle after the checks; true = the default name, '-' = stdout. */
  bundle?: string | true;
  /** --bundle-log-lines: log lines per container in the bundle (default 2,000). */
  bundleLogLines?: number;
  /** --fix: apply the safe remedies (the flags below feed them). */
  fix?: boolean;
  outputDir?: string;
  valuesFile?: string;
  dockerConfig?: string;
  awsRoleArn?: string;
  chartRepo?: string;
  chartVersion?: string;
}
