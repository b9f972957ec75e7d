import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../../platform/kube/client.js';
import { startEarly } from '../../platform/startEarly.js';

/** The chart's Deployment name without values (its default fullnameOverride); helm is not asked. */
const CHART_DEFAULT_DEPLOYMENT = 'pro-builder';

/** The chart's pod selector without values (app=<builder.name>, component=pro-builder): pods are listed with it at once. */
const CHART_DEFAULT_SELECTOR = 'app=pro-builder,component=pro-builder';

/** A label selector's terms in a fixed order, so two spellings of one selector compare equal. */
const sameSelector = (a: string, b: string) => a.split(',').sort().join(',') === b.split(',').sort().join(',');

/** The port the pro-builder's API listens on inside its pod (the chart's containerPort). */
export const BUILDER_PORT = 8080;

export interface BuilderWorkload {
  deployment: string;
  /** A Running, Ready pod to forward to; undefined when there is none. */
  pod?: string;
  /** Pods of the Deployment and their phase, for the message when none is ready. */
  podStates: string[];
  /** The env max_inflight of the pro-builder container (proBuilder.maxInflight); 0 = unlimited. */
  maxInflight?: number;
  buildkitMode?: 'rootless' | 'root';
}

function isReady(pod: V1Pod): boolean {
  return (
    pod.status?.phase === 'Running' &&
    Boolean(pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) &&
    !pod.metadata?.deletionTimestamp
  );
}

function selectorOf(d: V1Deployment): string | undefined {
  const labels = d.spec?.selector?.matchLabels;
  if (!labels || Object.keys(labels).length === 0) return undefined;
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function settingsOf(d: V1Deployment): Pick<BuilderWorkload, 'maxInflight' | 'buildkitMode'> {
  const containers = d.spec?.template?.spec?.containers ?? [];
  const raw = containers.find((c) => c.name === 'pro-builder')?.env?.find((e) => e.name === 'max_inflight')?.value;
  const maxInflight = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
  const buildkit = containers.find((c) => c.name === 'buildkit');
  const buildkitMode = buildkit ? (/rootless/.test(buildkit.image ?? '') ? 'rootless' : 'root') : undefined;
  return { maxInflight, buildkitMode };
}

/**
 * The release's pro-builder Deployment and a ready pod of it. Found by the chart's labels
 * (release=<release>, component=pro-builder), else by the chart's default name. Far from the API
 * server every read that waits for another costs a round trip, so the Deployment (both ways) and the
 * pods under the chart's default selector are asked at once; the pods are asked again with the
 * Deployment's own selector only when it is another.
 */
export async function findBuilderWorkload(kube: Kube, namespace: string, release: string): Promise<BuilderWorkload | undefined> {
  const byName = startEarly(kube.getDeployment(namespace, CHART_DEFAULT_DEPLOYMENT));
  const guessedPods = startEarly(kube.listPods(namespace, { labelSelector: CHART_DEFAULT_SELECTOR, max: 50 }));
  const labelled = await kube.listDeployments(namespace, { labelSelector: `release=${release},component=pro-builder`, max: 5 });
  const deployment = labelled[0] ?? (await byName);
  if (!deployment?.metadata?.name) return undefined;
  const selector = selectorOf(deployment);
  const pods = !selector
    ? []
    : sameSelector(selector, CHART_DEFAULT_SELECTOR)
      ? await guessedPods
      : await kube.listPods(namespace, { labelSelector: selector, max: 50 });
  const ready = pods.filter(isReady).sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  return {
    deployment: deployment.metadata.name,
    pod: ready[0]?.metadata?.name,
    podStates: pods.map((p) => `${p.metadata?.name ?? '?'} ${p.status?.phase ?? 'Unknown'}${isReady(p) ? '' : ' (not ready)'}`),
    ...settingsOf(deployment),
  };
}
