import type { CoreV1Event, V1Container, V1Node, V1Pod } from '@kubernetes/client-node';
import { parseCpuMillis, parseMemoryBytes } from './quantities.js';

/** client-node turns most timestamps into Dates but leaves MicroTime (eventTime) as a string. */
export function toDate(v: Date | string | undefined | null): Date | undefined {
  if (!v) return undefined;
  const d = v instanceof Date ? v : new Date(String(v).replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** When an event last happened, whichever of the event API's several time fields is filled. */
export function eventTime(e: CoreV1Event): Date | undefined {
  return (
    toDate(e.series?.lastObservedTime as Date | string | undefined) ??
    toDate(e.lastTimestamp) ??
    toDate(e.eventTime as Date | string | undefined) ??
    toDate(e.firstTimestamp) ??
    toDate(e.metadata?.creationTimestamp)
  );
}

/** How many times an event fired (new-style events count in series). */
export function eventCount(e: CoreV1Event): number {
  return e.series?.count ?? e.count ?? 1;
}

export function isNodeReady(n: V1Node): boolean {
  return (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Nodes a new pod could land on at all: Ready and not cordoned. Taints are judged per pod. */
export function isRelevantNode(n: V1Node): boolean {
  return isNodeReady(n) && !n.spec?.unschedulable;
}

export interface Resources {
  cpuMillis: number;
  memoryBytes: number;
}

export function nodeAllocatable(n: V1Node): Resources & { pods: number } {
  const a = n.status?.allocatable ?? n.status?.capacity ?? {};
  return {
    cpuMillis: parseCpuMillis(a['cpu']) ?? 0,
    memoryBytes: parseMemoryBytes(a['memory']) ?? 0,
    pods: Number(a['pods'] ?? 110),
  };
}

function trimContainer(c: V1Container): V1Container {
  return {
    name: c.name,
    resources: c.resources?.requests ? { requests: c.resources.requests } : undefined,
    restartPolicy: c.restartPolicy,
  };
}

/** Keeps only what resource arithmetic needs, so hundreds of pods per node stay small in memory. */
export function trimPodForHeadroom(p: V1Pod): V1Pod {
  return {
    metadata: { name: p.metadata?.name, namespace: p.metadata?.namespace },
    spec: {
      nodeName: p.spec?.nodeName,
      containers: (p.spec?.containers ?? []).map(trimContainer),
      initContainers: p.spec?.initContainers?.map(trimContainer),
      overhead: p.spec?.overhead,
    },
    status: { phase: p.status?.phase },
  };
}

export function podName(p: V1Pod): string {
  return p.metadata?.name ?? '(unnamed pod)';
}

/** Human age: "3m", "2h", "4d". */
export function age(from: Date | undefined, now: Date): string {
  if (!from) return 'unknown time';
  const s = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  if (s < 90) return `${s}s`;
  if (s < 90 * 60) return `${Math.round(s / 60)}m`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}
