import { useEffect, useState } from 'react';
import type { Kube } from '../../src/platform/kube/client.js';
import { useServices } from '../services/ServicesContext.js';
import { problemOf } from '../../src/platform/errors.js';
import { checkCluster, type ClusterCheck } from './clusterCheck.js';

export type ClusterCheckState = { status: 'checking' } | ClusterCheck;

/** Runs the cluster checks for this namespace; `attempt` changes to run them again (retry). */
export function useClusterCheck(
  kube: Kube | undefined,
  namespace: string,
  serviceAccount: boolean,
  attempt: number,
  release?: string,
): ClusterCheckState {
  const { helm } = useServices();
  const [state, setState] = useState<ClusterCheckState>({ status: 'checking' });
  useEffect(() => {
    if (!kube) return;
    let live = true;
    setState({ status: 'checking' });
    checkCluster(kube, helm, namespace, { serviceAccount, release }).then(
      (r) => live && setState(r),
      (e: unknown) => live && setState({ status: 'failed', ...problemOf(e) }),
    );
    return () => {
      live = false;
    };
  }, [kube, helm, namespace, serviceAccount, attempt, release]);
  return state;
}
