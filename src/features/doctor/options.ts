import type { GlobalOptions } from '../../shared/options/globalOptions.js';

export type DoctorOutput = 'tui' | 'json' | 'short';

export interface DoctorOptions extends GlobalOptions {
  output: DoctorOutput;
  release: string;
  wait?: string;
}
