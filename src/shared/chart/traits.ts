import { ChartError } from './errors.js';
import { chartGeneration, compareChartVersions, parseChartVersion, type ChartGeneration } from './version.js';

/**
 * Values the tool writes that a chart renders only from some version on. Older charts silently
 * ignore them, so the tool refuses those charts for the paths that need them instead.
 * Each boundary is checked against every published chart in src/shared/chart/traits.test.ts.
 */
export const CHART_FEATURES = {
  maxInflight: { since: '0.3.5', what: 'proBuilder.maxInflight (concurrent builds)' },
  buildkitResources: { since: '0.3.5', what: 'buildkit.resources (BuildKit CPU and memory requests)' },
  awsCredentialsSecret: { since: '0.3.7', what: 'awsCredentialsSecret (the mounted AWS credentials file for ECR)' },
  serviceAccount: { since: '0.4.19', what: 'serviceAccount (the IRSA service account)' },
  podSecurityContext: { since: '0.4.19', what: 'the pod securityContext (the fsGroup that lets IRSA read its token)' },
  buildSecrets: { since: '0.6.7', what: 'buildSecrets (the key that opens sealed build secrets)' },
  buildkitSecurityContext: {
    since: '0.3.0',
    what: 'buildkit.securityContext (the BuildKit container securityContext, e.g. its AppArmor profile)',
  },
} as const satisfies Record<string, { since: string; what: string }>;

export type ChartFeature = keyof typeof CHART_FEATURES;

/** The oldest published pro-builder chart; the tool knows every version from here on. */
export const OLDEST_CHART_VERSION = '0.3.0';

/** Charts whose default BuildKit image is the root one although `buildkit.rootless` defaults to true. */
const ROOT_IMAGE_WITH_ROOTLESS_DEFAULT = new Set(['0.4.3', '0.4.6']);

export interface ChartTraits {
  version: string;
  generation: ChartGeneration;
  features: Readonly<Record<ChartFeature, boolean>>;
  /** buildSecrets.privateKeyKey's default: private.key in 0.6.7, key from 0.6.8 (undefined: no build secrets). */
  buildSecretsKeyDefault?: string;
  /** The chart's defaults pair a root BuildKit image with rootless: true (0.4.3, 0.4.6): the tool must set the image. */
  rootImageWithRootlessDefault: boolean;
}

function hasKey(values: unknown, key: string): boolean {
  return !!values && typeof values === 'object' && !Array.isArray(values) && key in values;
}

/**
 * The generation as the chart's content says it: only the socket generation has a `buildkitRootless`
 * key. Without values to look at (an empty values.yaml), the version decides.
 */
export function generationOfChart(version: string, defaults: unknown): ChartGeneration {
  if (hasKey(defaults, 'buildkitRootless')) return 'socket';
  if (hasKey(defaults, 'buildkit')) return 'mtls';
  return chartGeneration(version);
}

export function chartTraits(version: string, defaults?: unknown): ChartTraits {
  const v = parseChartVersion(version);
  const atLeast = (since: string) => compareChartVersions({ ...v, prerelease: [] }, since) >= 0;
  const features = Object.fromEntries(Object.entries(CHART_FEATURES).map(([k, f]) => [k, atLeast(f.since)])) as Record<
    ChartFeature,
    boolean
  >;
  const core = `${v.major}.${v.minor}.${v.patch}`;
  const fromValues =
    defaults === undefined ? undefined : (defaults as { buildSecrets?: { privateKeyKey?: unknown } } | null)?.buildSecrets?.privateKeyKey;
  return {
    version: core,
    generation: defaults === undefined ? chartGeneration(version) : generationOfChart(version, defaults),
    features,
    buildSecretsKeyDefault: !features.buildSecrets
      ? undefined
      : typeof fromValues === 'string'
        ? fromValues
        : atLeast('0.6.8')
          ? 'key'
          : 'private.key',
    rootImageWithRootlessDefault: ROOT_IMAGE_WITH_ROOTLESS_DEFAULT.has(core),
  };
}

/** The features an install needs from the chart, given what it will write. */
export function neededFeatures(a: {
  registryKind: string;
  maxInflight?: number | null;
  buildkitCpu?: string | null;
  buildkitMemory?: string | null;
  buildSecrets?: boolean;
}): ChartFeature[] {
  const needs: ChartFeature[] = [];
  if (a.registryKind === 'ecr') needs.push('awsCredentialsSecret');
  if (a.registryKind === 'ecr-irsa') needs.push('serviceAccount', 'podSecurityContext');
  if (a.maxInflight !== undefined && a.maxInflight !== null) needs.push('maxInflight');
  if ((a.buildkitCpu ?? '') !== '' || (a.buildkitMemory ?? '') !== '') needs.push('buildkitResources');
  if (a.buildSecrets) needs.push('buildSecrets');
  return needs;
}

/** The newest "since" among the needed features: the oldest chart that renders all of them. */
export function minimumChartVersion(needs: readonly ChartFeature[]): string {
  return needs.map((f) => CHART_FEATURES[f].since).reduce((a, b) => (compareChartVersions(a, b) >= 0 ? a : b), OLDEST_CHART_VERSION);
}

/**
 * Refuses a chart that would silently ignore what this install writes, in one sentence naming the
 * version that adds the first missing piece. Runs while planning, before anything changes.
 */
export function requireChartFeatures(traits: ChartTraits, needs: readonly ChartFeature[], purpose: string): void {
  if (compareChartVersions(traits.version, OLDEST_CHART_VERSION) < 0) {
    throw new ChartError(
      `pro-builder chart ${traits.version} is older than the oldest published chart (${OLDEST_CHART_VERSION}).`,
      `Pass --chart-version ${OLDEST_CHART_VERSION} or newer.`,
    );
  }
  const missing = needs.filter((f) => !traits.features[f]);
  if (missing.length === 0) return;
  const first = missing.map((f) => CHART_FEATURES[f]).sort((a, b) => compareChartVersions(a.since, b.since))[0]!;
  const minimum = minimumChartVersion(needs);
  throw new ChartError(
    `pro-builder chart ${traits.version} does not render ${first.what}, which ${purpose} needs; chart ${first.since} adds it.`,
    `Pass --chart-version ${minimum} or newer (or leave --chart-version out for the latest), or choose another option.`,
  );
}

/** Kubernetes gained the securityContext.appArmorProfile field in 1.30; the annotation before it. */
export const APPARMOR_FIELD_SINCE = { major: 1, minor: 30 } as const;

/**
 * Whether the cluster's API server knows securityContext.appArmorProfile (`/version`'s major and minor,
 * which some providers suffix: "30+"). Unknown versions say no: an older server drops the field.
 */
export function clusterHasAppArmorField(v: { major?: string; minor?: string } | undefined): boolean {
  const major = Number.parseInt(v?.major ?? '', 10);
  const minor = Number.parseInt(v?.minor ?? '', 10);
  if (!Number.isFinite(major) || !Number.isFinite(minor)) return false;
  return major > APPARMOR_FIELD_SINCE.major || (major === APPARMOR_FIELD_SINCE.major && minor >= APPARMOR_FIELD_SINCE.minor);
}
