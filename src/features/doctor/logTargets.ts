import type { V1Pod } from '@kubernetes/client-node';
import { podName, toDate } from './kubeShapes.js';

/** The containers whose logs the doctor reads. */
export const LOG_CONTAINERS = ['pro-builder', 'buildkit'] as const;
export type LogContainer = (typeof LOG_CONTAINERS)[number];

/** Reading every replica's log is slow on big installs; the newest few show the current problem. */
export const MAX_PODS_READ = 3;

/** A container that never ran has no log to read. */
export function hasStarted(p: V1Pod, container: string): boolean {
  const cs = p.status?.containerStatuses?.find((c) => c.name === container);
  return Boolean(cs && (cs.state?.running || cs.state?.terminated || cs.lastState?.terminated || cs.restartCount > 0));
}

/** The pods whose logs are read, newest first. */
export function podsToRead(pods: readonly V1Pod[]): V1Pod[] {
  return [...pods]
    .sort((a, b) => (toDate(b.metadata?.creationTimestamp)?.getTime() ?? 0) - (toDate(a.metadata?.creationTimestamp)?.getTime() ?? 0))
    .slice(0, MAX_PODS_READ);
}

/**
 * Every (pod, container) log the log checks will read, known as soon as the pods are: the doctor
 * asks for them all in the wave after the pod list instead of when a check gets to them.
 */
export function logTargets(pods: readonly V1Pod[]): { pod: string; container: LogContainer }[] {
  return podsToRead(pods).flatMap((p) =>
    LOG_CONTAINERS.filter((c) => hasStarted(p, c)).map((container) => ({ pod: podName(p), container })),
  );
}
