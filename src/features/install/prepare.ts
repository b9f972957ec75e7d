import type { Kube } from '../../platform/kube/client.js';
import type { Helm } from '../../platform/helm/helm.js';
import { resolveChart } from '../../shared/chart/resolve.js';
import { desiredValues } from '../../shared/values/settings.js';
import { applyValues } from '../../shared/values/apply.js';
import { generateCertificateSet, type CertificateSet } from '../../shared/certs/index.js';
import { generateSigningSecret } from '../../shared/signing/index.js';
import { SECRET_NAMES, IRSA_SERVICE_ACCOUNT } from '../../shared/secrets/index.js';
import { IRSA_FS_GROUP } from '../../shared/chart/generations.js';
import type { InstallAnswers } from './answers.js';
import { readReleaseStatus } from '../../shared/release/readHelmRelease.js';
import { buildInstallPlan, plannedLocalFiles, reusableCertificates, type InstallPlan } from './plan.js';
import { readClusterSnapshot, readLocalSnapshot } from '../../shared/snapshot/snapshot.js';

export interface PrepareDeps {
  kube: Kube;
  helm: Helm;
  kubeconfig?: string;
  context?: string;
  now?: () => Date;
  /** Injected for tests that want fixed material; defaults make real keys and random bytes. */
  makeCertificates?: () => Promise<CertificateSet>;
  makeSigningSecret?: () => string;
}

/**
 * Reads what exists (chart, cluster, local files) and builds the plan the review shows. Reads only:
 * nothing in the cluster or on disk changes here (helm may refresh its local chart cache).
 */
export async function prepareInstallPlan(a: InstallAnswers, deps: PrepareDeps): Promise<InstallPlan> {
  const now = (deps.now ?? (() => new Date()))();
  const [chart, cluster, local, release] = await Promise.all([
    resolveChart(deps.helm, a.chart, a.chartVersion),
    readClusterSnapshot(deps.kube, a.namespace),
    readLocalSnapshot(a.outputDir, a.valuesFile, plannedLocalFiles(a)),
    // Only to spot a release a killed helm left pending; if helm cannot say, the upgrade will.
    readReleaseStatus(deps.kube, deps.helm, a.release, { namespace: a.namespace, kubeconfig: deps.kubeconfig, context: deps.context }).catch(() => undefined),
  ]);
  const settings = desiredValues({
    generation: chart.generation,
    buildkitMode: a.buildkitMode,
    maxInflight: a.maxInflight,
    replicas: a.replicas,
    buildkitCpu: a.buildkitCpu,
    buildkitMemory: a.buildkitMemory,
    awsCredentialsSecret: a.registry.kind === 'ecr' ? SECRET_NAMES.awsCredentials : undefined,
    serviceAccount: a.registry.kind === 'ecr-irsa' ? IRSA_SERVICE_ACCOUNT : undefined,
    fsGroup: a.registry.kind === 'ecr-irsa' ? IRSA_FS_GROUP : undefined,
    chartDefaults: chart.defaults,
  });
  const values = applyValues(local.valuesText, settings, { label: a.valuesFile });
  const fresh = {
    signingSecret: deps.makeSigningSecret ?? (() => generateSigningSecret()),
    certs: chart.generation === 'mtls' && !reusableCertificates(cluster, local, now) ? await (deps.makeCertificates ?? (() => generateCertificateSet()))() : undefined,
  };
  return buildInstallPlan({
    answers: a,
    chart,
    target: deps.kube.target,
    cluster,
    local,
    values,
    fresh,
    helmBin: deps.helm.bin,
    kubeconfig: deps.kubeconfig,
    context: deps.context,
    now,
    release,
  });
}
