import type { GlobalOptions } from '../../shared/options/globalOptions.js';

export type RotateTarget = 'signing-secret' | 'certs';

export interface RotateOptions extends GlobalOptions {
  target: RotateTarget;
  release: string;
  outputDir: string;
  timeout: string;
}
