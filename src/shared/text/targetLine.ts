import type { ClusterTarget } from '../../platform/kube/config.js';

/** The one line every command shows before it changes anything: which cluster, as whom, where. */
export function targetLine(t: ClusterTarget, namespace: string): string {
  return `Target: context ${t.contextName} (cluster ${t.clusterName}, ${t.server}), user ${t.user}, namespace ${namespace}`;
}
