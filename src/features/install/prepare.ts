import type { Kube } from '../../platform/kube/client.js';
import { HelmError, OPENFAAS_REPO, helmTargetFor, repoAddArgs, repoUpdateArgs, type Helm } from '../../platform/helm/helm.js';
import { resolveChart } from '../../shared/chart/resolve.js';
import { desiredValues } from '../../shared/values/settings.js';
import { applyValues } from '../../shared/values/apply.js';
import { generateCertificateSet, type CertificateSet } from '../../shared/certs/index.js';
import { generateSigningSecret } from '../../shared/signing/index.js';
import { SECRET_NAMES, IRSA_SERVICE_ACCOUNT } from '../../shared/secrets/index.js';
import { IRSA_FS_GROUP } from '../../shared/chart/generations.js';
import { InstallInputError, type InstallAnswers } from './answers.js';
import { ChartError } from '../../shared/chart/errors.js';
import { clusterHasAppArmorField, neededFeatures, requireChartFeatures } from '../../shared/chart/traits.js';
import type { ResolvedChart } from '../../shared/chart/resolve.js';
import { readReleaseStatus } from '../../shared/release/readHelmRelease.js';
import { unlessTooLarge } from '../../shared/release/releaseSecrets.js';
import { buildInstallPlan, plannedLocalFiles, reusableCertificates, type InstallPlan } from './plan.js';
import { readClusterSnapshot, readLocalSnapshot } from '../../shared/snapshot/snapshot.js';

export interface PrepareDeps {
  kube: Kube;
  helm: Helm;
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
  // The repository is refreshed before the chart is resolved, and the version resolved is the one
  // installed (--version): a stale cache can no longer give the review one chart and helm another.
  const refreshed = refreshRepository(deps.helm, a);
  const [chart, cluster, local, release, serverVersion] = await Promise.all([
    refreshed.then(() => resolveChart(deps.helm, a.chart, a.chartVersion)),
    readClusterSnapshot(deps.kube, a.namespace),
    readLocalSnapshot(a.outputDir, a.valuesFile, plannedLocalFiles(a)),
    // Only to spot a release a killed helm left pending; if helm cannot say, the upgrade will.
    // A record too large to read stops the install here: the helm upgrade after the review would read it whole.
    readReleaseStatus(deps.kube, deps.helm, a.release, helmTargetFor(deps.kube.target, a.namespace)).catch(unlessTooLarge),
    // Whether the API knows securityContext.appArmorProfile (1.30+); unknown means the field is left out.
    Promise.resolve()
      .then(() => deps.kube.serverVersion())
      .catch(() => undefined),
  ]);
  refuseChartWithoutFeatures(chart, a);
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
    chartVersion: chart.traits.version,
    appArmorUnconfined: chart.traits.features.buildkitSecurityContext && clusterHasAppArmorField(serverVersion),
  });
  const values = applyValues(local.valuesText, settings, { label: a.valuesFile });
  const fresh = {
    signingSecret: deps.makeSigningSecret ?? (() => generateSigningSecret()),
    certs:
      chart.generation === 'mtls' && !reusableCertificates(cluster, local, now)
        ? await (deps.makeCertificates ?? (() => generateCertificateSet()))()
        : undefined,
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
    now,
    release,
  });
}

const PATH_NAMES: Record<string, string> = {
  ttlsh: 'this install',
  private: 'this install',
  ecr: 'ECR with a shared credentials file',
  'ecr-irsa': 'ECR with IRSA',
  'ecr-pod-identity': 'ECR with EKS Pod Identity',
};

/** A chart that would silently ignore what the answers write is a usage error (exit 2), found before anything changes. */
function refuseChartWithoutFeatures(chart: ResolvedChart, a: InstallAnswers): void {
  const needs = neededFeatures({
    registryKind: a.registry.kind,
    maxInflight: a.maxInflight,
    buildkitCpu: a.buildkitCpu,
    buildkitMemory: a.buildkitMemory,
  });
  try {
    const path = a.registry.kind === 'ecr-irsa' && a.registry.podIdentity ? 'ecr-pod-identity' : a.registry.kind;
    requireChartFeatures(chart.traits, needs, PATH_NAMES[path] ?? 'this install');
  } catch (e) {
    if (e instanceof ChartError) throw new InstallInputError(e.message, e.nextStep, '--chart-version');
    throw e;
  }
}

const REPO_TIMEOUT_MS = 120_000;

/** Whether the chart comes from the repository this tool adds as "openfaas" (and so refreshes). */
export function usesManagedRepository(a: Pick<InstallAnswers, 'chart' | 'skipRepoAdd'>): boolean {
  return !a.skipRepoAdd && a.chart.startsWith(`${OPENFAAS_REPO.name}/`);
}

/** `helm repo add openfaas <url> --force-update` and `helm repo update openfaas`: helm's local cache only, never the cluster. */
async function refreshRepository(helm: Helm, a: InstallAnswers): Promise<void> {
  if (!usesManagedRepository(a)) return;
  const url = a.chartRepo ?? OPENFAAS_REPO.url;
  for (const args of [repoAddArgs(url), repoUpdateArgs()]) {
    const r = await helm.run(args, { timeoutMs: REPO_TIMEOUT_MS });
    if (r.exitCode !== 0) {
      throw new HelmError(
        `helm could not ${args[1] === 'add' ? 'add' : 'update'} the chart repository ${url}.`,
        'Check that the address is a helm repository reachable from here (pass --chart-repo for a mirror), or pass --chart with a local chart folder.',
        r.stderr.trim(),
        r.exitCode,
      );
    }
  }
}
