import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../../../platform/kube/labels.js';
import { readDockerConfigFile } from '../../../shared/registry/readDockerConfigFile.js';
import { stringValue, valueAt } from '../../../shared/release/release.js';
import { SECRET_NAMES } from '../../../shared/secrets/index.js';
import { assessSigningSecret } from '../../../shared/signing/index.js';
import { LOCAL_FILES } from '../../../shared/snapshot/snapshot.js';
import type { DoctorContext } from '../context.js';
import { nodeHeadroom } from '../headroom.js';
import type { CheckOutcome } from '../types.js';
import { smallerRequests } from './requests.js';
import type { ExistingObject, FixFacts } from './types.js';

export interface FixFlags {
  outputDir: string;
  valuesFile: string;
  /** --docker-config: a config.json to create registry-secret from. */
  dockerConfig?: string;
  /** --aws-role-arn: the IAM role for the IRSA service account. */
  roleArn?: string;
}

function existing(meta: V1ObjectMeta | undefined): ExistingObject | undefined {
  return meta ? { ours: meta.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE } : undefined;
}

/** payload.txt as the install left it: sound, unusable (empty, short, whitespace), or absent. */
export async function localPayloadState(path: string): Promise<FixFacts['localPayload']> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return 'missing';
  }
  return assessSigningSecret(bytes).some((p) => p.severity === 'fail') ? 'unsound' : 'sound';
}

const failing = (outcomes: readonly CheckOutcome[], checkId: string) => outcomes.some((o) => o.checkId === checkId && o.status === 'fail');

/**
 * What the remedies need to know, read through the doctor's own context (so nothing is read twice)
 * and from --output-dir. Reads only what a failing finding needs.
 */
export async function readFixFacts(ctx: DoctorContext, outcomes: readonly CheckOutcome[], flags: FixFlags): Promise<FixFacts> {
  const [release, values, generation, deploymentName] = await Promise.all([
    ctx.release().catch(() => undefined),
    ctx.releaseValues().catch(() => undefined),
    ctx.chartGeneration().catch(() => undefined),
    ctx.deploymentName().catch(() => undefined),
  ]);
  const [payload, registry, daemon, client] = await Promise.all(
    [SECRET_NAMES.payload, SECRET_NAMES.registry, SECRET_NAMES.daemonCerts, SECRET_NAMES.clientCerts].map((n) =>
      ctx.secret(n).catch(() => undefined),
    ),
  );
  const facts: FixFacts = {
    namespace: ctx.namespace,
    release: ctx.releaseName,
    valuesFile: flags.valuesFile,
    outputDir: flags.outputDir,
    chartVersion: release?.chartVersion,
    releaseStatus: release ? { status: release.status, revision: release.revision } : undefined,
    generation,
    deploymentName,
    payloadSecret: existing(payload?.metadata),
    localPayload: await localPayloadState(join(flags.outputDir, LOCAL_FILES.payload)),
    registrySecret: existing(registry?.metadata),
    certSecrets: { daemon: existing(daemon?.metadata), client: existing(client?.metadata) },
  };
  if (values) {
    const disableHmac = valueAt(values, 'disableHmac');
    const rootless = valueAt(values, 'buildkit.rootless') !== false;
    const privileged = valueAt(values, 'buildkit.securityContext.privileged');
    facts.values = {
      disableHmac: disableHmac === true || disableHmac === 'true',
      rootless,
      image: stringValue(values, generation === 'socket' && rootless ? 'buildkitRootless.image' : 'buildkit.image'),
      privileged: privileged === true,
      securityContext: valueAt(values, 'buildkit.securityContext'),
    };
  }
  if (failing(outcomes, 'secrets.registry')) {
    const path = flags.dockerConfig ?? join(flags.outputDir, LOCAL_FILES.registryConfig);
    const analysis = await readDockerConfigFile(path);
    const absent = !flags.dockerConfig && analysis.problems.some((p) => p.code === 'unreadable');
    if (!absent)
      facts.dockerConfig = {
        path: analysis.path,
        usable: analysis.ok,
        problem: analysis.problems.find((p) => p.severity === 'fail')?.message,
      };
  }
  const sa = stringValue(values, 'serviceAccount');
  if (sa) facts.irsa = { serviceAccount: sa, exists: Boolean(await ctx.serviceAccount(sa).catch(() => undefined)), roleArn: flags.roleArn };
  if (failing(outcomes, 'nodes.fit')) {
    const spec = (await ctx.deployment().catch(() => undefined))?.spec?.template.spec;
    if (spec) facts.requests = smallerRequests(spec, nodeHeadroom(await ctx.nodes(), await ctx.podsOnNodes()));
  }
  return facts;
}
