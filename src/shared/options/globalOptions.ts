/** Options every subcommand understands: where the cluster is and how to talk to the user. */
export interface GlobalOptions {
  kubeconfig?: string;
  context?: string;
  namespace: string;
  yes: boolean;
  dryRun: boolean;
  debug: boolean;
  color: boolean;
  /** --request-timeout as given (a duration); absent in options built by hand (tests). */
  requestTimeout?: string;
}
