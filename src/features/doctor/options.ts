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
  /** --fix: apply the safe remedies (the flags below feed them). */
  fix?: boolean;
  outputDir?: string;
  valuesFile?: string;
  dockerConfig?: string;
  awsRoleArn?: string;
  chartRepo?: string;
  chartVersion?: string;
}
