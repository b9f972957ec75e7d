import type { V1Container, V1Node, V1Pod, V1PodSpec, V1Taint, V1Toleration } from '@kubernetes/client-node';
import { isNodeReady, nodeAllocatable, type Resources } from './kubeShapes.js';
import { formatCpu, formatMemory, parseCpuMillis, parseMemoryBytes } from './quantities.js';

function containerRequests(c: V1Container): Resources {
  const r = c.resources?.requests ?? {};
  return { cpuMillis: parseCpuMillis(r['cpu']) ?? 0, memoryBytes: parseMemoryBytes(r['memory']) ?? 0 };
}

const add = (a: Resources, b: Resources): Resources => ({
  cpuMillis: a.cpuMillis + b.cpuMillis,
  memoryBytes: a.memoryBytes + b.memoryBytes,
});
const max = (a: Resources, b: Resources): Resources => ({
  cpuMillis: Math.max(a.cpuMillis, b.cpuMillis),
  memoryBytes: Math.max(a.memoryBytes, b.memoryBytes),
});
const ZERO: Resources = { cpuMillis: 0, memoryBytes: 0 };

/**
 * What the scheduler reserves for a pod: the larger of (app containers + sidecars) and the peak
 * during init (each init container plus the sidecars started before it), plus pod overhead.
 */
export function podRequests(pod: V1Pod | V1PodSpec | undefined): Resources {
  const spec: V1PodSpec | undefined = pod && 'containers' in pod ? pod : (pod as V1Pod | undefined)?.spec;
  if (!spec) return ZERO;
  let sidecars = ZERO;
  let initPeak = ZERO;
  for (const c of spec.initContainers ?? []) {
    const req = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      sidecars = add(sidecars, req);
      initPeak = max(initPeak, sidecars);
    } else {
      initPeak = max(initPeak, add(sidecars, req));
    }
  }
  const app = add((spec.containers ?? []).map(containerRequests).reduce(add, ZERO), sidecars);
  const overhead = spec.overhead
    ? { cpuMillis: parseCpuMillis(spec.overhead['cpu']) ?? 0, memoryBytes: parseMemoryBytes(spec.overhead['memory']) ?? 0 }
    : ZERO;
  return add(max(app, initPeak), overhead);
}

export interface NodeHeadroom {
  node: string;
  ready: boolean;
  unschedulable: boolean;
  taints: V1Taint[];
  labels: Record<string, string>;
  allocatable: Resources;
  requested: Resources;
  /** allocatable − requested; may be negative on overcommitted nodes. */
  free: Resources;
  podCount: number;
  maxPods: number;
  /** False when the pods on this node were not listed (too many nodes to inspect them all). */
  inspected: boolean;
}

/** Per node: allocatable minus the requests of the non-terminal pods on it. */
export function nodeHeadroom(nodes: readonly V1Node[], podsByNode: ReadonlyMap<string, readonly V1Pod[]>): NodeHeadroom[] {
  return nodes.map((n) => {
    const name = n.metadata?.name ?? '';
    const alloc = nodeAllocatable(n);
    const pods = (podsByNode.get(name) ?? []).filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const requested = pods.map((p) => podRequests(p)).reduce(add, ZERO);
    const allocatable = { cpuMillis: alloc.cpuMillis, memoryBytes: alloc.memoryBytes };
    return {
      node: name,
      ready: isNodeReady(n),
      unschedulable: Boolean(n.spec?.unschedulable),
      taints: n.spec?.taints ?? [],
      labels: n.metadata?.labels ?? {},
      allocatable,
      requested,
      free: { cpuMillis: allocatable.cpuMillis - requested.cpuMillis, memoryBytes: allocatable.memoryBytes - requested.memoryBytes },
      podCount: pods.length,
      maxPods: alloc.pods,
      inspected: podsByNode.has(name),
    };
  });
}

function tolerates(tolerations: readonly V1Toleration[], taint: V1Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** Why a node can never take this pod, regardless of free capacity; undefined when it could. */
export function ineligibility(h: NodeHeadroom, spec: V1PodSpec): string | undefined {
  if (!h.ready) return 'not Ready';
  if (h.unschedulable) return 'cordoned';
  const blocking = h.taints.filter((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(spec.tolerations ?? [], t));
  if (blocking.length)
    return `taint ${blocking.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ')} not tolerated`;
  const mismatch = Object.entries(spec.nodeSelector ?? {}).filter(([k, v]) => h.labels[k] !== v);
  if (mismatch.length) return `nodeSelector ${mismatch.map(([k, v]) => `${k}=${v}`).join(', ')} does not match`;
  return undefined;
}

export interface FitReport {
  fits: boolean;
  /** No node could ever take the pod as configured (too small even when empty, or none eligible). */
  final: boolean;
  summary: string;
  evidence: string[];
  hint?: string;
  /** The eligible node with the most free CPU. */
  largest?: NodeHeadroom;
  needs: Resources;
}

export interface FitOptions {
  /** The container whose requests users tune (buildkit.resources). */
  tunedContainer?: string;
  valuesFile?: string;
}

const fitsIn = (need: Resources, have: Resources) => have.cpuMillis >= need.cpuMillis && have.memoryBytes >= need.memoryBytes;

/**
 * Whether a pod (pending, or the Deployment's template) fits on any node, and if not, by how much
 * the best candidate falls short, phrased as the change to make.
 */
export function fitReport(pod: V1Pod | V1PodSpec, headroom: readonly NodeHeadroom[], opts: FitOptions = {}): FitReport {
  const spec: V1PodSpec = 'containers' in pod ? pod : (pod.spec ?? { containers: [] });
  const needs = podRequests(spec);
  const tuned = opts.tunedContainer ?? 'buildkit';
  const valuesFile = opts.valuesFile ?? 'custom-values.yaml';
  const tunedContainer = spec.containers.find((c) => c.name === tuned);
  const tunedReq = tunedContainer ? containerRequests(tunedContainer) : undefined;
  const needText = `${formatCpu(needs.cpuMillis)} CPU and ${formatMemory(needs.memoryBytes)} memory`;

  const excluded: string[] = [];
  const eligible: NodeHeadroom[] = [];
  for (const h of headroom) {
    const why = ineligibility(h, spec);
    if (why) excluded.push(`${h.node}: ${why}`);
    else eligible.push(h);
  }
  const inspected = eligible.filter((h) => h.inspected);
  const byCpu = [...inspected].sort((a, b) => b.free.cpuMillis - a.free.cpuMillis);
  const byMem = [...inspected].sort((a, b) => b.free.memoryBytes - a.free.memoryBytes);
  const evidence = [
    `the pod requests ${needText}${tunedReq ? ` (${tuned} ${formatCpu(tunedReq.cpuMillis)} / ${formatMemory(tunedReq.memoryBytes)})` : ''}`,
    ...byCpu
      .slice(0, 5)
      .map(
        (h) =>
          `${h.node}: ${formatCpu(h.free.cpuMillis)} CPU and ${formatMemory(h.free.memoryBytes)} memory free of ${formatCpu(h.allocatable.cpuMillis)} / ${formatMemory(h.allocatable.memoryBytes)}`,
      ),
    ...excluded.slice(0, 5).map((x) => `excluded ${x}`),
  ];
  if (excluded.length > 5) evidence.push(`…and ${excluded.length - 5} more nodes excluded`);

  if (eligible.length === 0) {
    return {
      fits: false,
      final: true,
      needs,
      evidence,
      summary: headroom.length
        ? `None of the ${headroom.length} nodes can take the pod (cordoned, not Ready, tainted or not matching nodeSelector).`
        : 'The cluster has no nodes.',
      hint: `Add tolerations or fix nodeSelector in ${valuesFile}, uncordon a node, or add a node.`,
    };
  }
  const fitting = inspected.find((h) => fitsIn(needs, h.free) && h.podCount < h.maxPods);
  if (fitting) {
    return {
      fits: true,
      final: false,
      needs,
      evidence,
      largest: byCpu[0],
      summary: `The pod fits: ${fitting.node} has room for ${needText}.`,
    };
  }
  if (inspected.length === 0) {
    return { fits: false, final: false, needs, evidence, summary: 'Could not measure free capacity: no eligible node was inspected.' };
  }

  // Would it fit on an empty eligible node? If not, waiting for other pods to finish cannot help.
  const everFits = eligible.some((h) => fitsIn(needs, h.allocatable));
  const short: string[] = [];
  const fixes: string[] = [];
  const cpuBest = byCpu[0]!;
  const memBest = byMem[0]!;
  if (cpuBest.free.cpuMillis < needs.cpuMillis) {
    const by = needs.cpuMillis - cpuBest.free.cpuMillis;
    short.push(
      `largest free node (${cpuBest.node}) has ${formatCpu(Math.max(0, cpuBest.free.cpuMillis))} CPU; ${tunedReq && tunedReq.cpuMillis === needs.cpuMillis ? `BuildKit requests ${formatCpu(needs.cpuMillis)}` : `the pod requests ${formatCpu(needs.cpuMillis)}${tunedReq ? ` (BuildKit ${formatCpu(tunedReq.cpuMillis)})` : ''}`}; short by ${formatCpu(by)}`,
    );
    const suggested = tunedReq ? tunedReq.cpuMillis - by : 0;
    fixes.push(`lower buildkit.resources.requests.cpu in ${valuesFile}${suggested > 0 ? ` (to ${formatCpu(suggested)} or less)` : ''}`);
  }
  if (memBest.free.memoryBytes < needs.memoryBytes) {
    const by = needs.memoryBytes - memBest.free.memoryBytes;
    short.push(
      `largest free node (${memBest.node}) has ${formatMemory(Math.max(0, memBest.free.memoryBytes))} memory; the pod requests ${formatMemory(needs.memoryBytes)}${tunedReq ? ` (BuildKit ${formatMemory(tunedReq.memoryBytes)})` : ''}; short by ${formatMemory(by)}`,
    );
    const suggested = tunedReq ? tunedReq.memoryBytes - by : 0;
    fixes.push(
      `lower buildkit.resources.requests.memory in ${valuesFile}${suggested > 0 ? ` (to ${formatMemory(suggested)} or less)` : ''}`,
    );
  }
  if (!short.length) {
    // Enough CPU on one node and enough memory on another, but not both together (or pod slots full).
    short.push(
      `no single node has both ${formatCpu(needs.cpuMillis)} CPU and ${formatMemory(needs.memoryBytes)} memory free (or a free pod slot)`,
    );
    fixes.push(`lower buildkit.resources.requests in ${valuesFile}`);
  }
  return {
    fits: false,
    final: !everFits,
    needs,
    evidence,
    largest: cpuBest,
    summary: `${short.join('; ')}: ${fixes.join(' and ')} or add a node${everFits ? '' : ' (no node is big enough even when empty)'}.`,
  };
}
