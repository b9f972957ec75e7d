import type { GlobalOptions } from '../../shared/options/globalOptions.js';

export interface UninstallOptions extends GlobalOptions {
  release: string;
  outputDir: string;
  keep: string[];
  /** Objects or files to remove although they are kept by default (made by hand, local files). */
  include: string[];
  removeLicense: boolean;
  removeNamespace: boolean;
  /** Also delete the files the install wrote into --output-dir (payload.txt, config.json, certs/). */
  removeFiles: boolean;
}
