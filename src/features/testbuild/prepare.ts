import { readFileSync } from 'node:fs';
import type { Kube } from '../../platform/kube/client.js';
import { nodeCrypto } from '../../platform/nodeCrypto.js';
import { startEarly } from '../../platform/startEarly.js';
import { expandHome, formatDuration } from '../../platform/validate/index.js';
import { ContextDirError, readContextDir, type ContextEntry } from '../../shared/builder/buildRequest.js';
import { defaultTestContext } from '../../shared/builder/defaultContext.js';
import { findBuilderWorkload, type BuilderWorkload } from '../../shared/builder/builderWorkload.js';
import {
  readClusterPayloadSecret,
  readClusterRegistry,
  type BuilderReach,
  type BuilderTestRequest,
} from '../../shared/builder/testBuild.js';
import { chooseTestImage } from '../../shared/builder/testImage.js';
import { SECRET_NAMES } from '../../shared/secrets/names.js';
import type { TestBuildOptions } from './options.js';

export type PreparedTestBuild =
  | { kind: 'ready'; request: Omit<BuilderTestRequest, 'onLog' | 'onPhase' | 'signal'>; contextLabel: string }
  /** Exit 2: something the flags must supply or fix. */
  | { kind: 'usage'; message: string; nextStep: string }
  /** Exit 1: the cluster lacks what the build needs. */
  | { kind: 'failed'; message: string; nextStep: string };

export interface PrepareDeps {
  /** The cluster, connected only when something must be read from it. */
  kube(): Promise<Kube>;
  now(): Date;
  randomHex?(): string;
}

/**
 * Everything a test build needs, from the flags first and the cluster only for what they leave
 * out: with --builder-url, --payload-secret-file and --image nothing is read from the cluster.
 */
export async function prepareTestBuild(o: TestBuildOptions, timeoutMs: number, deps: PrepareDeps): Promise<PreparedTestBuild> {
  const now = deps.now();
  let context: ContextEntry[];
  try {
    context = o.contextDir ? await readContextDir(expandHome(o.contextDir)) : defaultTestContext(now);
  } catch (e) {
    if (e instanceof ContextDirError) return { kind: 'usage', message: e.message, nextStep: e.nextStep };
    throw e;
  }
  let kube: Promise<Kube> | undefined;
  const cluster = () => (kube ??= deps.kube());

  // Read synchronously, like the context: the only other file read of a --builder-url run (no thread pool).
  const fileKey = o.payloadSecretFile ? readFileSync(expandHome(o.payloadSecretFile), 'utf8').trim() : undefined;
  if (fileKey === '')
    return {
      kind: 'usage',
      message: `The payload secret file ${JSON.stringify(o.payloadSecretFile)} holds only whitespace.`,
      nextStep: 'Pass the payload.txt the install wrote.',
    };
  // The key and the registry are independent reads: asked one after the other, a far API server
  // costs a round trip more. A failure stays with the promise until (unless) it is awaited.
  const registryRead = o.image ? undefined : startEarly(cluster().then((k) => readClusterRegistry(k, o.namespace)));
  // So is the pro-builder pod the build is forwarded to: its lookup goes out with the secret reads.
  const workload = o.builderUrl ? undefined : startEarly(cluster().then((k) => findBuilderWorkload(k, o.namespace, o.release)));
  const payloadSecret = fileKey ?? (await readClusterPayloadSecret(await cluster(), o.namespace))?.trim();
  if (!payloadSecret) {
    return {
      kind: 'failed',
      message: `The secret ${o.namespace}/${SECRET_NAMES.payload} is missing or empty, so there is no key to sign the build with.`,
      nextStep: 'Run probuilder-setup install (or pass --payload-secret-file with the key the builder uses).',
    };
  }

  let image = o.image;
  if (!image) {
    const choice = chooseTestImage(
      await (registryRead ?? cluster().then((k) => readClusterRegistry(k, o.namespace))),
      now,
      deps.randomHex?.() ?? nodeCrypto().randomBytes(6).toString('hex'),
    );
    if (!choice.ok) return { kind: 'usage', message: choice.message, nextStep: choice.nextStep };
    image = choice.image;
  }

  return {
    kind: 'ready',
    contextLabel: o.contextDir ?? 'a FROM scratch test function',
    request: {
      reach: o.builderUrl ? { kind: 'url', url: o.builderUrl } : await forwardTo(await cluster(), o.release, workload),
      namespace: o.namespace,
      release: o.release,
      image,
      context,
      payloadSecret,
      keySource: o.payloadSecretFile ? { kind: 'file', path: o.payloadSecretFile } : { kind: 'cluster' },
      timeoutMs,
      timeoutText: formatDuration(timeoutMs),
    },
  };
}

/** The port-forward goes to the cluster the client confirmed: its kubeconfig file and context, never the current one. */
async function forwardTo(kube: Kube, release: string, workload?: Promise<BuilderWorkload | undefined>): Promise<BuilderReach> {
  return {
    kind: 'forward',
    kube,
    kubeconfig: { kubeconfig: kube.target.kubeconfigFile, context: kube.target.contextName },
    release,
    ...(workload ? { workload } : {}),
  };
}
