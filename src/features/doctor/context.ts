import { IRSA_SERVICE_ACCOUNT } from '../../shared/secrets/names.js';
import type {
  CoreV1Event,
  V1Deployment,
  V1LabelSelector,
  V1Namespace,
  V1Node,
  V1Pod,
  V1Secret,
  V1ServiceAccount,
  VersionInfo,
} from '@kubernetes/client-node';
import { helmTargetFor, type Helm } from '../../platform/helm/helm.js';
import type { AccessCheck, AccessResult, Kube } from '../../platform/kube/client.js';
import type { ClusterTarget } from '../../platform/kube/config.js';
import { KubeError } from '../../platform/kube/errors.js';
import { chartGenerationOf, type ChartGeneration } from './generation.js';
import {
  deploymentNameFor,
  readRelease,
  readReleaseUserValues,
  readReleaseValues,
  type ReleaseInfo,
  type ReleaseValues,
} from '../../shared/release/release.js';
import { readReleaseFromSecrets } from '../../shared/release/releaseSecrets.js';
import { eventTime, isRelevantNode, nodeAllocatable, trimPodForHeadroom } from './kubeShapes.js';
import { startEarly } from '../../platform/startEarly.js';
import { logTargets } from './logTargets.js';
import { CLIENT_CERTS_SECRET, DAEMON_CERTS_SECRET, LICENSE_SECRET, PAYLOAD_SECRET, REGISTRY_SECRET } from './commands.js';

/** The labels the chart puts on its pods, used when the Deployment cannot be read. */
export const DEFAULT_POD_SELECTOR = 'app=pro-builder,component=pro-builder';
/** The Deployment's name under the chart's default values (fullnameOverride "pro-builder"), whatever the release is called. */
const DEFAULT_DEPLOYMENT_NAME = deploymentNameFor('pro-builder', undefined);

/** What the doctor reads, for the permission check and to explain later permission skips. */
export function doctorAccessChecks(namespace: string): AccessCheck[] {
  return [
    { verb: 'get', resource: 'namespaces' },
    { verb: 'get', resource: 'secrets', namespace },
    { verb: 'get', resource: 'deployments', group: 'apps', namespace },
    { verb: 'list', resource: 'pods', namespace },
    { verb: 'get', resource: 'pods', subresource: 'log', namespace },
    { verb: 'list', resource: 'events', namespace },
    { verb: 'list', resource: 'nodes' },
    { verb: 'list', resource: 'pods' },
    { verb: 'get', resource: 'serviceaccounts', namespace },
    // doctor.yaml allows tokens for pro-builder-ecr only.
    { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace, name: IRSA_SERVICE_ACCOUNT },
  ];
}

/**
 * Everything checks read, each fetched at most once per doctor run: concurrent checks share one
 * in-flight promise per read (a failed read is shared too, so every dependent check reports the
 * same cause).
 */
export interface DoctorContext {
  readonly kube: Kube;
  readonly target: ClusterTarget;
  readonly namespace: string;
  readonly releaseName: string;
  readonly now: Date;
  /** How long a pod may sit in ContainerCreating before it counts as stuck. */
  readonly stuckAfterMs: number;
  readonly logTailLines: number;
  serverVersion(): Promise<VersionInfo>;
  namespaceObject(): Promise<V1Namespace | undefined>;
  secret(name: string): Promise<V1Secret | undefined>;
  serviceAccount(name: string): Promise<V1ServiceAccount | undefined>;
  /** undefined when there is no such helm release. */
  release(): Promise<ReleaseInfo | undefined>;
  /** Computed values (defaults merged); undefined when there is no release. */
  releaseValues(): Promise<ReleaseValues | undefined>;
  /** The values the user supplied (no chart defaults); undefined when there is no release. */
  releaseUserValues(): Promise<ReleaseValues | undefined>;
  /** The helm major version that wrote the release, when read from helm's storage Secrets. */
  releaseWrittenBy(): Promise<3 | 4 | undefined>;
  /** From the release's chart version; undefined when unknown. */
  chartGeneration(): Promise<ChartGeneration | undefined>;
  deploymentName(): Promise<string>;
  deployment(): Promise<V1Deployment | undefined>;
  /** The Deployment's spec.selector as a label selector string. */
  podSelector(): Promise<string>;
  /** The release's pods only, selected by the Deployment's selector. */
  pods(): Promise<V1Pod[]>;
  /** Warning events about the release's Deployment, ReplicaSets and pods since the last deploy. */
  events(): Promise<CoreV1Event[]>;
  nodes(): Promise<V1Node[]>;
  /**
   * Non-terminal pods on each schedulable node (at most maxNodesInspected, largest first), trimmed
   * to what resource arithmetic needs so a busy cluster does not fill memory.
   */
  podsOnNodes(): Promise<Map<string, V1Pod[]>>;
  podLog(pod: string, container: string): Promise<string>;
  access(): Promise<AccessResult[]>;
  /** A short-lived token for the service account, for the audience given (default sts.amazonaws.com). Never shown. */
  irsaToken(serviceAccount: string, audience?: string): Promise<string>;
}

export interface DoctorContextOptions {
  kube: Kube;
  helm: Helm;
  namespace: string;
  release: string;
  now: Date;
  stuckAfterMs?: number;
  logTailLines?: number;
  maxNodesInspected?: number;
  maxPods?: number;
  /** helm's storage driver (HELM_DRIVER); default: the environment's. Anything but Secrets means asking helm. */
  helmDriver?: string;
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

function keyed<T>(fn: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let p = cache.get(key);
    if (!p) {
      p = fn(key);
      cache.set(key, p);
    }
    return p;
  };
}

export function selectorToString(sel: V1LabelSelector | undefined): string | undefined {
  if (!sel) return undefined;
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    switch (e.operator) {
      case 'In':
        parts.push(`${e.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${e.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(e.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${e.key}`);
        break;
    }
  }
  return parts.length ? parts.join(',') : undefined;
}

/** Runs fn over items with at most `limit` in flight. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const isForbidden = (e: unknown) => e instanceof KubeError && e.reason === 'forbidden';

/** Names a Deployment gives its ReplicaSets (<deployment>-<hash>) and their pods (<rs>-<suffix>). */
function ownedNamePatterns(deployment: string) {
  const esc = deployment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    replicaSet: new RegExp(`^${esc}-[a-z0-9]{1,10}$`),
    pod: new RegExp(`^${esc}-[a-z0-9]{1,10}-[a-z0-9]{5}$`),
  };
}

/** Events older than the last deploy describe a previous revision; a little slack covers clock skew. */
const CLOCK_SKEW_MS = 30_000;
const MAX_EVENTS_PER_LIST = 200;
const MAX_PODS_FOR_EVENTS = 20;
const MAX_REPLICA_SETS = 5;

/**
 * The ReplicaSets the release's pods come from: the pods' owners, and the one the Deployment's
 * Progressing condition names ("ReplicaSet "x" is progressing", "Created new replica set "x"") —
 * the only trace of a ReplicaSet that cannot create its pods at all.
 */
export function releaseReplicaSets(d: V1Deployment | undefined, pods: readonly V1Pod[]): string[] {
  const names = new Set<string>();
  for (const c of d?.status?.conditions ?? []) {
    const m = /(?:ReplicaSet|replica set) "([^"]+)"/i.exec(c.message ?? '');
    if (m) names.add(m[1]!);
  }
  for (const p of pods) for (const o of p.metadata?.ownerReferences ?? []) if (o.kind === 'ReplicaSet') names.add(o.name);
  return [...names];
}

export function createDoctorContext(o: DoctorContextOptions): DoctorContext {
  const { kube, helm, namespace } = o;
  // helm reads the release from the cluster the Kube client reads, whatever the current context is.
  const helmTarget = helmTargetFor(kube.target, namespace);
  const maxNodes = o.maxNodesInspected ?? 50;
  const maxPods = o.maxPods ?? 100;

  // The Deployment's name comes from the release's values, and its pods from the Deployment's
  // selector: three reads one after another. Nearly every install keeps the chart's defaults, so
  // while the release is read, the Deployment and its pods are read under the default name and
  // selector too; each guess is used only when the real name or selector turns out to match.
  const defaultDeployment = once(() => kube.getDeployment(namespace, DEFAULT_DEPLOYMENT_NAME));
  const defaultPods = once(() => kube.listPods(namespace, { labelSelector: DEFAULT_POD_SELECTOR, max: maxPods }));
  const startGuesses = () => {
    // A used guess hands its error to the check like a real read.
    startEarly(defaultDeployment());
    startEarly(defaultPods());
  };

  // The release's own Secrets answer in one API request what takes helm three processes; helm
  // is asked only when they cannot (another storage driver, no access, no such Secret).
  const fromSecrets = once(() => {
    startGuesses();
    return readReleaseFromSecrets(kube, namespace, o.release, o.helmDriver ?? process.env['HELM_DRIVER']);
  });
  const release = once(async () => (await fromSecrets())?.info ?? readRelease(helm, o.release, helmTarget));
  const releaseValues = once(async () => {
    const stored = await fromSecrets();
    if (stored) return stored.values;
    return (await release()) ? readReleaseValues(helm, o.release, helmTarget) : undefined;
  });
  const releaseUserValues = once(async () => {
    const stored = await fromSecrets();
    if (stored) return stored.userValues;
    return (await release()) ? readReleaseUserValues(helm, o.release, helmTarget) : undefined;
  });
  const deploymentName = once(async () => {
    // Without helm values (helm missing or failing) fall back to the chart's default name.
    const values = await releaseValues().catch(() => undefined);
    return deploymentNameFor(o.release, values);
  });
  const deployment = once(async () => {
    const name = await deploymentName();
    return name === DEFAULT_DEPLOYMENT_NAME ? defaultDeployment() : kube.getDeployment(namespace, name);
  });
  const podSelector = once(async () => {
    const dep = await deployment().catch(() => undefined);
    return selectorToString(dep?.spec?.selector) ?? DEFAULT_POD_SELECTOR;
  });
  const pods = once(async () => {
    const labelSelector = await podSelector();
    return labelSelector === DEFAULT_POD_SELECTOR ? defaultPods() : kube.listPods(namespace, { labelSelector, max: maxPods });
  });
  const nodes = once(() => kube.listNodes({ pageSize: 500, max: 5000 }));

  const events = once(async () => {
    const dep = await deploymentName();
    const names = ownedNamePatterns(dep);
    const info = await release().catch(() => undefined);
    const since = info?.lastDeployed ?? info?.firstDeployed;
    const currentPods = await pods().catch((e) => {
      if (isForbidden(e)) return [] as V1Pod[];
      throw e;
    });
    const warning = (kind: string, name?: string) =>
      [`involvedObject.kind=${kind}`, name ? `involvedObject.name=${name}` : '', 'type=Warning'].filter(Boolean).join(',');
    // Ask for the release's ReplicaSets by name when they are known: a kind-wide list is capped,
    // and in a busy namespace other apps' ReplicaSet warnings would fill the cap first.
    const replicaSets = releaseReplicaSets(await deployment().catch(() => undefined), currentPods).filter((n) => names.replicaSet.test(n));
    const replicaSetEvents = replicaSets.length
      ? replicaSets
          .slice(0, MAX_REPLICA_SETS)
          .map((rs) => kube.listEvents(namespace, { fieldSelector: warning('ReplicaSet', rs), max: MAX_EVENTS_PER_LIST }))
      : [
          kube
            .listEvents(namespace, { fieldSelector: warning('ReplicaSet'), max: MAX_EVENTS_PER_LIST })
            .then((es) => es.filter((e) => names.replicaSet.test(e.involvedObject?.name ?? ''))),
        ];
    const lists = await Promise.all([
      kube.listEvents(namespace, { fieldSelector: warning('Deployment', dep), max: MAX_EVENTS_PER_LIST }),
      ...replicaSetEvents,
      ...currentPods
        .slice(0, MAX_PODS_FOR_EVENTS)
        .map((p) => kube.listEvents(namespace, { fieldSelector: warning('Pod', p.metadata?.name), max: MAX_EVENTS_PER_LIST })),
    ]);
    const seen = new Set<string>();
    const out: CoreV1Event[] = [];
    for (const e of lists.flat()) {
      const key = e.metadata?.uid ?? `${e.involvedObject?.kind}/${e.involvedObject?.name}/${e.reason}/${e.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const at = eventTime(e);
      if (since && at && at.getTime() < since.getTime() - CLOCK_SKEW_MS) continue;
      out.push(e);
    }
    out.sort((a, b) => (eventTime(b)?.getTime() ?? 0) - (eventTime(a)?.getTime() ?? 0));
    return out;
  });

  const podsOnNodes = once(async () => {
    const candidates = (await nodes())
      .filter(isRelevantNode)
      .sort((a, b) => nodeAllocatable(b).cpuMillis - nodeAllocatable(a).cpuMillis)
      .slice(0, maxNodes);
    // All candidates in one wave: the requests share one HTTP/2 connection, and far from the API
    // server eight at a time cost a round trip per eight nodes.
    const lists = await mapLimited(candidates, maxNodes, async (n) => {
      const name = n.metadata?.name ?? '';
      const onNode = await kube.listPods(undefined, {
        fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
        pageSize: 250,
      });
      return [name, onNode.map(trimPodForHeadroom)] as const;
    });
    return new Map(lists);
  });

  return {
    kube,
    target: kube.target,
    namespace,
    releaseName: o.release,
    now: o.now,
    stuckAfterMs: o.stuckAfterMs ?? 5 * 60_000,
    logTailLines: o.logTailLines ?? 50,
    serverVersion: once(() => kube.serverVersion()),
    namespaceObject: once(() => kube.getNamespace(namespace)),
    secret: keyed((name) => kube.getSecret(namespace, name)),
    serviceAccount: keyed((name) => kube.getServiceAccount(namespace, name)),
    release,
    releaseValues,
    releaseUserValues,
    releaseWrittenBy: async () => (await fromSecrets().catch(() => undefined))?.writtenBy,
    chartGeneration: once(async () => chartGenerationOf((await release())?.chartVersion)),
    deploymentName,
    deployment,
    podSelector,
    pods,
    events,
    nodes,
    podsOnNodes,
    podLog: (() => {
      const read = keyed((key) => {
        const [pod, container] = key.split('\u0000') as [string, string];
        return kube.readPodLog(namespace, pod, container, o.logTailLines ?? 50);
      });
      return (pod: string, container: string) => read(`${pod}\u0000${container}`);
    })(),
    access: once(() => kube.canI(doctorAccessChecks(namespace))),
    irsaToken: (() => {
      const mint = keyed((key) => {
        const [sa, audience] = key.split('\u0000') as [string, string];
        return kube.createToken({ namespace, serviceAccount: sa, audiences: [audience], expirationSeconds: 600 });
      });
      return (sa: string, audience = 'sts.amazonaws.com') => mint(`${sa}\u0000${audience}`);
    })(),
  };
}

/**
 * Starts the reads nearly every check makes, without waiting for the checks they depend on: far
 * from the API server a doctor run costs a round trip per wave of requests that wait on each other,
 * so the request schedule is set here, not by the order checks happen to run in:
 * - wave 1, everything whose name is known up front: version, namespace, access reviews, the
 *   release's helm Secrets, the Deployment and its pods under the chart's default names (see
 *   createDoctorContext), nodes, and the secrets the chart mounts under fixed names;
 * - wave 2, what needs a name from wave 1: container logs (pod names), Warning events (pod and
 *   ReplicaSet names), the mTLS certificate secrets once the chart version says they are used.
 * A read that fails keeps its error for the check that asks, exactly as if that check had asked;
 * one nobody asks for is dropped. Returns the context.
 */
export function prefetchCommonReads(ctx: DoctorContext): DoctorContext {
  const reads: (() => Promise<unknown>)[] = [ctx.serverVersion, ctx.namespaceObject, ctx.access, ctx.release, ctx.nodes, ctx.events];
  for (const read of reads) startEarly(read());
  for (const name of [LICENSE_SECRET, PAYLOAD_SECRET, REGISTRY_SECRET]) startEarly(ctx.secret(name));
  // Charts from 0.6.0 connect over a unix socket and have no certificate secrets to read.
  void ctx
    .chartGeneration()
    .catch(() => undefined)
    .then((generation) => {
      if (generation !== 'socket') for (const name of [DAEMON_CERTS_SECRET, CLIENT_CERTS_SECRET]) startEarly(ctx.secret(name));
    });
  // The logs of a failing container are what the user most needs: ask as soon as the pods are known.
  startEarly(ctx.pods().then((pods) => logTargets(pods).forEach((t) => startEarly(ctx.podLog(t.pod, t.container)))));
  return ctx;
}
