import type { GlobalOptions } from '../../shared/options/globalOptions.js';

export type TestBuildOutput = 'tui' | 'plain' | 'json';

export interface TestBuildOptions extends GlobalOptions {
  release: string;
  /** The builder's URL when the user already reaches it (ingress, own port-forward); else a port-forward is made. */
  builderUrl?: string;
  /** A file holding the signing key (payload.txt); else the cluster's payload-secret is read. */
  payloadSecretFile?: string;
  image?: string;
  contextDir?: string;
  output: TestBuildOutput;
  timeout: string;
}
