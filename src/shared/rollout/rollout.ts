import type { CoreV1Event, V1Deployment } from '@kubernetes/client-node';
import type { Kube } from '../../platform/kube/client.js';

export interface RolloutProgress {
  desired: number;
  updated: number;
  available: number;
  message: string;
}

export interface RolloutOutcome {
  ok: boolean;
  timedOut: boolean;
  deploymentName?: string;
  progress?: RolloutProgress;
  /** Warning events seen while waiting (deduplicated), for the summary and the doctor. */
  warnings: CoreV1Event[];
  /** Stopped before the timeout: isStuck said waiting cannot help (e.g. no node can ever take the pod). */
  stuck?: boolean;
}

export interface RolloutWatch {
  timeoutMs: number;
  intervalMs?: number;
  onProgress?: (p: RolloutProgress) => void;
  onWarning?: (e: CoreV1Event) => void;
  signal?: AbortSignal;
  /**
   * Asked after new Warning events arrive: true when the cause is final and waiting out the
   * timeout cannot help (the doctor's verdict, as `doctor --wait` uses it). The wait then ends.
   */
  isStuck?: () => Promise<boolean>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The release's Deployment: by helm's instance label first, then by the release name. */
export async function findReleaseDeployment(kube: Kube, namespace: string, release: string): Promise<V1Deployment | undefined> {
  for (const selector of [`app.kubernetes.io/instance=${release}`, `release=${release}`]) {
    const found = await kube.listDeployments(namespace, { labelSelector: selector, max: 1 });
    if (found[0]) return found[0];
  }
  return kube.getDeployment(namespace, release);
}

/** The same test as `kubectl rollout status`: the newest generation is observed, updated and available. */
export function rolloutProgress(d: V1Deployment): RolloutProgress & { complete: boolean } {
  const desired = d.spec?.replicas ?? 1;
  const st = d.status ?? {};
  const updated = st.updatedReplicas ?? 0;
  const available = st.availableReplicas ?? 0;
  const observed = (st.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
  const total = st.replicas ?? 0;
  const complete = observed && updated >= desired && total <= updated && available >= desired;
  const message = !observed
    ? 'waiting for the Deployment controller'
    : updated < desired
      ? `${updated} of ${desired} new pods created`
      : total > updated
        ? `${total - updated} old pods terminating`
        : available < desired
          ? `${available} of ${desired} pods available`
          : 'rolled out';
  return { desired, updated, available, message, complete };
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Watches the rollout until complete or the timeout, streaming new Warning events as they happen. */
export async function waitForRollout(kube: Kube, namespace: string, release: string, w: RolloutWatch): Promise<RolloutOutcome> {
  const now = w.now ?? Date.now;
  const sleep = w.sleep ?? defaultSleep;
  const deadline = now() + w.timeoutMs;
  const seen = new Map<string, number>();
  const warnings: CoreV1Event[] = [];
  const since = now() - 5 * 60_000;
  let last: RolloutProgress | undefined;
  let name: string | undefined;

  while (!w.signal?.aborted) {
    const dep = await findReleaseDeployment(kube, namespace, release);
    if (dep) {
      name = dep.metadata?.name;
      const p = rolloutProgress(dep);
      if (!last || p.message !== last.message) w.onProgress?.(p);
      last = p;
      if (p.complete) return { ok: true, timedOut: false, deploymentName: name, progress: p, warnings };
    }
    const events = await kube.listEvents(namespace, { fieldSelector: 'type=Warning' });
    let fresh = false;
    for (const e of events) {
      const when = Date.parse(String(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? 0));
      const related = !name || (e.involvedObject?.name ?? '').startsWith(name);
      const key = e.metadata?.uid ?? `${e.involvedObject?.name}/${e.reason}/${e.message}`;
      const count = e.count ?? 1;
      if (!related || when < since || (seen.get(key) ?? 0) >= count) continue;
      seen.set(key, count);
      if (!warnings.some((x) => x.metadata?.uid === e.metadata?.uid)) warnings.push(e);
      w.onWarning?.(e);
      fresh = true;
    }
    if (fresh && w.isStuck && (await w.isStuck()))
      return { ok: false, timedOut: false, stuck: true, deploymentName: name, progress: last, warnings };
    if (now() >= deadline) return { ok: false, timedOut: true, deploymentName: name, progress: last, warnings };
    await sleep(Math.min(w.intervalMs ?? 1_000, Math.max(0, deadline - now())));
  }
  return { ok: false, timedOut: false, deploymentName: name, progress: last, warnings };
}
