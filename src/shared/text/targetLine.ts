import type { ClusterTarget } from '../../platform/kube/config.js';

export const INSECURE_TLS_WARNING =
  'WARNING: insecure-skip-tls-verify is set: the server is not verified, yet the license, passwords and keys are sent to it';

/** The one line every command shows before it changes anything: which cluster, as whom, where. */
export function targetLine(t: ClusterTarget, namespace: string): string {
  const line = `Target: context ${t.contextName} (cluster ${t.clusterName}, ${t.server}), user ${t.user}, namespace ${namespace}`;
  return t.insecureSkipTlsVerify ? `${line} — ${INSECURE_TLS_WARNING}` : line;
}
