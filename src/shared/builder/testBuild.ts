import type { Kube } from '../../platform/kube/client.js';
import type { KubeConfigRequest } from '../../platform/kube/config.js';
import { decodeSecretData } from '../secrets/secretData.js';
import { IRSA_SERVICE_ACCOUNT, SECRET_KEYS, SECRET_NAMES } from '../secrets/names.js';
import { recoverRegistryChoice, type RecoveredRegistry } from '../registry/recover.js';
import { buildRequestBody, type ContextEntry } from './buildRequest.js';
import { findBuilderWorkload, BUILDER_PORT, type BuilderWorkload } from './builderWorkload.js';
import { postBuild, type BuildOutcome, type BuildRequest } from './client.js';
import { diagnoseBuild, type BuildCause, type DiagnosisContext } from './diagnose.js';
import { digestFromLog } from './digest.js';
import type { OpenPortForward } from './portForward.js';

/** How the builder is reached: a URL the user has, or a port-forward to the release's pod. */
export type BuilderReach =
  | { kind: 'url'; url: string }
  | {
      kind: 'forward';
      kube: Kube;
      kubeconfig: KubeConfigRequest;
      release: string;
      /** findBuilderWorkload already started (with the secret reads: one round trip less far from the API server). */
      workload?: Promise<BuilderWorkload | undefined>;
    };

export interface BuilderTestRequest {
  reach: BuilderReach;
  namespace: string;
  release: string;
  image: string;
  context: readonly ContextEntry[];
  /** The key as stored; only ever used to sign. */
  payloadSecret: string;
  keySource: DiagnosisContext['keySource'];
  timeoutMs: number;
  timeoutText?: string;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
  /** "reaching the builder" / "building": for a status line. */
  onPhase?: (phase: BuilderTestPhase) => void;
}

export type BuilderTestPhase = { kind: 'connecting'; to: string } | { kind: 'building'; url: string };

export interface BuilderTestReport {
  status: 'pushed' | 'failed';
  image: string;
  digest?: string;
  durationMs: number;
  log: string[];
  cause?: BuildCause;
  summary?: string;
  fix?: string;
}

export interface BuilderTestDeps {
  openPortForward(target: KubeConfigRequest & { namespace: string; pod: string; port: number }): Promise<OpenPortForward>;
  postBuild(req: BuildRequest): Promise<BuildOutcome>;
  now(): number;
}

export const realBuilderTestDeps: BuilderTestDeps = {
  openPortForward: async (t) => (await import('./portForward.js')).openPortForward(t),
  postBuild,
  // Not performance.now(): the `performance` global loads perf_hooks on first use (~1 ms before the request is sent).
  now: () => Number(process.hrtime.bigint()) / 1e6,
};

/** The payload secret as the cluster stores it, or undefined when the secret or its key is missing. */
export async function readClusterPayloadSecret(kube: Kube, namespace: string): Promise<string | undefined> {
  const secret = await kube.getSecret(namespace, SECRET_NAMES.payload);
  if (!secret) return undefined;
  return decodeSecretData(secret)[SECRET_KEYS.payload]?.toString('utf8');
}

/** The registry the install chose, from registry-secret and the IRSA service account. */
export async function readClusterRegistry(kube: Kube, namespace: string): Promise<RecoveredRegistry | undefined> {
  const [secret, sa] = await Promise.all([
    kube.getSecret(namespace, SECRET_NAMES.registry),
    kube.getServiceAccount(namespace, IRSA_SERVICE_ACCOUNT).catch(() => undefined),
  ]);
  return recoverRegistryChoice(secret, sa);
}

function failure(
  req: BuilderTestRequest,
  started: number,
  deps: BuilderTestDeps,
  outcome: Exclude<BuildOutcome, { kind: 'success' }>,
  names: Partial<DiagnosisContext>,
): BuilderTestReport {
  const d = diagnoseBuild(outcome, {
    namespace: req.namespace,
    release: req.release,
    image: req.image,
    keySource: req.keySource,
    timeoutText: req.timeoutText,
    ...(req.reach.kind === 'url' ? { builderUrl: req.reach.url } : {}),
    ...names,
  });
  const log = 'log' in outcome ? outcome.log : [];
  return { status: 'failed', image: req.image, durationMs: deps.now() - started, log, cause: d.cause, summary: d.summary, fix: d.fix };
}

/**
 * One signed test build through the pro-builder, start to end: find the pod and forward to it (or
 * use the URL), send the archive, stream the log, and say what was pushed or why not. The
 * port-forward is closed before this returns, whatever happened.
 */
export async function runBuilderTest(req: BuilderTestRequest, deps: BuilderTestDeps = realBuilderTestDeps): Promise<BuilderTestReport> {
  const started = deps.now();
  const body = buildRequestBody({ image: req.image, buildArgs: {}, platforms: [], skipPush: false }, req.context);
  let url: string;
  let forward: OpenPortForward | undefined;
  let workload: BuilderWorkload | undefined;
  if (req.reach.kind === 'url') {
    url = req.reach.url;
  } else {
    req.onPhase?.({ kind: 'connecting', to: `the pro-builder pod in ${req.namespace}` });
    try {
      workload = await (req.reach.workload ?? findBuilderWorkload(req.reach.kube, req.namespace, req.reach.release));
    } catch (e) {
      return failure(
        req,
        started,
        deps,
        { kind: 'unreachable', code: 'API', message: (e as Error).message },
        { workloadFindings: [(e as Error).message] },
      );
    }
    if (!workload?.pod) {
      const findings = workload
        ? workload.podStates.length
          ? workload.podStates
          : ['the Deployment has no pods']
        : [`no pro-builder Deployment for release ${req.reach.release}`];
      return failure(
        req,
        started,
        deps,
        { kind: 'unreachable', code: 'NO_READY_POD', message: 'no ready pro-builder pod' },
        { deployment: workload?.deployment, workloadFindings: findings },
      );
    }
    try {
      forward = await deps.openPortForward({ ...req.reach.kubeconfig, namespace: req.namespace, pod: workload.pod, port: BUILDER_PORT });
    } catch (e) {
      return failure(
        req,
        started,
        deps,
        { kind: 'unreachable', code: 'PORT_FORWARD', message: (e as Error).message },
        { deployment: workload.deployment, workloadFindings: [(e as Error).message] },
      );
    }
    url = forward.url;
  }
  try {
    req.onPhase?.({ kind: 'building', url });
    const outcome = await deps.postBuild({
      url,
      body,
      payloadSecret: req.payloadSecret,
      onLog: req.onLog,
      signal: req.signal,
      timeoutMs: req.timeoutMs,
    });
    if (outcome.kind === 'success') {
      const digest = digestFromLog(outcome.log);
      return {
        status: 'pushed',
        image: outcome.image || req.image,
        ...(digest ? { digest } : {}),
        durationMs: deps.now() - started,
        log: outcome.log,
      };
    }
    const names: Partial<DiagnosisContext> = {
      deployment: workload?.deployment,
      maxInflight: workload?.maxInflight,
      buildkitMode: workload?.buildkitMode,
    };
    if (outcome.kind === 'unreachable' && forward?.problems().length) names.workloadFindings = forward.problems();
    return failure(req, started, deps, outcome, names);
  } finally {
    await forward?.close();
  }
}
