import type { V1PodSpec } from '@kubernetes/client-node';
import { ineligibility, podRequests, type NodeHeadroom } from '../headroom.js';
import { parseCpuMillis, parseMemoryBytes } from '../quantities.js';
import type { FixFacts } from './types.js';

const MI = 1024 * 1024;
/** Below these a BuildKit cannot build anything useful: the remedy offers no smaller figure. */
export const MIN_BUILDKIT_CPU_MILLIS = 100;
export const MIN_BUILDKIT_MEMORY_BYTES = 256 * MI;

/**
 * The largest BuildKit requests with which the pod fits on one eligible node as it is now (the node
 * with the most free CPU that can take it), lowering only what is short. undefined when the pod
 * already fits, has no BuildKit container, or would need less than a usable minimum.
 */
export function smallerRequests(spec: V1PodSpec, headroom: readonly NodeHeadroom[], container = 'buildkit'): FixFacts['requests'] {
  const c = spec.containers.find((x) => x.name === container);
  if (!c) return undefined;
  const req = c.resources?.requests ?? {};
  const cpu = parseCpuMillis(req['cpu']) ?? 0;
  const mem = parseMemoryBytes(req['memory']) ?? 0;
  const total = podRequests(spec);
  const otherCpu = total.cpuMillis - cpu;
  const otherMem = total.memoryBytes - mem;
  const candidates = headroom
    .filter((h) => h.inspected && !ineligibility(h, spec) && h.podCount < h.maxPods)
    .map((h) => ({
      h,
      // Whole multiples of 10m and 1Mi, never above what is requested now.
      cpu: Math.min(cpu, Math.floor((h.free.cpuMillis - otherCpu) / 10) * 10),
      mem: Math.min(mem, Math.floor((h.free.memoryBytes - otherMem) / MI) * MI),
    }))
    .filter((x) => x.cpu >= Math.min(cpu, MIN_BUILDKIT_CPU_MILLIS) && x.mem >= Math.min(mem, MIN_BUILDKIT_MEMORY_BYTES))
    .sort((a, b) => b.cpu - a.cpu || b.mem - a.mem);
  const best = candidates[0];
  if (!best || (best.cpu >= cpu && best.mem >= mem)) return undefined;
  return {
    // In millicores like the new figure: the API returns a request of 2000m as "2".
    cpu: best.cpu < cpu ? { from: `${cpu}m`, to: `${best.cpu}m` } : undefined,
    memory: best.mem < mem ? { from: String(req['memory']), to: `${best.mem / MI}Mi` } : undefined,
  };
}
