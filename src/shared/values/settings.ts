import type { BuildkitMode } from '../chart/buildkitMode.js';
import { BUILDKIT_SECURITY_CONTEXT, GENERATION_TRAITS } from '../chart/generations.js';
import type { ChartGeneration } from '../chart/version.js';
import { chartTraits } from '../chart/traits.js';
import { buildkitImageForMode, ROOTLESS_IMAGE_PATTERN } from './buildkitImage.js';
import { ValuesError } from './errors.js';
import { checkObjectName, checkQuantity, checkWholeNumber } from './validate.js';

export type ValuePath = string[];

/**
 * One edit to the values file. Setting a plain object makes the key hold exactly that object
 * (keys it lacks are removed), so nothing stale survives inside it.
 */
export type ValueSetting =
  | { path: ValuePath; value: unknown }
  | {
      path: ValuePath;
      delete: true;
      /** Only delete when the current value is a string this matches. */
      onlyIfMatches?: RegExp;
    };

/**
 * The wizard's answers that end up in custom-values.yaml. For optional ones, `undefined` leaves the
 * file as it is; `null` (or '' for names) removes the key so the chart's default applies again.
 */
export interface ValuesAnswers {
  generation: ChartGeneration;
  buildkitMode: BuildkitMode;
  maxInflight?: number | null;
  replicas?: number | null;
  buildkitCpu?: string | null;
  buildkitMemory?: string | null;
  awsCredentialsSecret?: string | null;
  /** For IRSA: the ServiceAccount annotated with the IAM role. */
  serviceAccount?: string | null;
  /** Pod fsGroup; IRSA needs IRSA_FS_GROUP (65534) so the projected token is readable. */
  fsGroup?: number | null;
  /** Secret with the nacl/box key that opens sealed build secrets (socket generation only). */
  buildSecretsKeySecret?: string | null;
  /** The chart's values.yaml, to derive the BuildKit images from. */
  chartDefaults?: unknown;
  /** The chart's version: features like build secrets arrived within a generation (0.6.7, not 0.6.0). */
  chartVersion?: string;
  /**
   * Rootless BuildKit gets securityContext.appArmorProfile Unconfined (clusters from Kubernetes 1.30,
   * whose API knows the field): the chart's AppArmor annotation never takes effect, and nodes with
   * AppArmor otherwise stop RootlessKit's newuidmap and mounts.
   */
  appArmorUnconfined?: boolean;
}

/** Reads a nested key of plain parsed YAML; undefined when any level is missing or not a map. */
export function getPath(value: unknown, path: readonly string[]): unknown {
  let cur = value;
  for (const key of path) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function chartBuildkitImage(defaults: unknown): string {
  const image = getPath(defaults, ['buildkit', 'image']);
  if (typeof image !== 'string' || !image.trim()) {
    throw new ValuesError(
      "The chart's default values do not name a BuildKit image (buildkit.image), which charts before 0.6.0 need to pick one per mode.",
      'Resolve the chart first (its values.yaml) and pass it as chartDefaults.',
    );
  }
  return image;
}

/** The BuildKit container's securityContext for the mode, with the AppArmor profile where it is asked for. */
export function buildkitSecurityContext(mode: BuildkitMode, appArmorUnconfined = false): Record<string, unknown> {
  const base: Record<string, unknown> = structuredClone(BUILDKIT_SECURITY_CONTEXT[mode]) as unknown as Record<string, unknown>;
  // Root mode runs privileged, which AppArmor leaves unconfined anyway.
  return mode === 'rootless' && appArmorUnconfined ? { ...base, appArmorProfile: { type: 'Unconfined' } } : base;
}

function buildkitSettings(a: ValuesAnswers): ValueSetting[] {
  const rootless = a.buildkitMode === 'rootless';
  const appArmor = rootless && a.appArmorUnconfined === true;
  if (GENERATION_TRAITS[a.generation].templateSuppliesSecurityContext) {
    return [
      { path: ['buildkit', 'rootless'], value: rootless },
      // A securityContext in values overrides the template's per-mode one, so any left there contradicts a mode switch;
      // only the AppArmor profile, which the template never renders, needs the whole rootless one written out.
      appArmor
        ? { path: ['buildkit', 'securityContext'], value: buildkitSecurityContext('rootless', true) }
        : { path: ['buildkit', 'securityContext'], delete: true },
      // buildkit.image is only the root-mode image now; a rootless one there (from an older chart's values) would break root mode.
      { path: ['buildkit', 'image'], delete: true, onlyIfMatches: ROOTLESS_IMAGE_PATTERN },
    ];
  }
  return [
    { path: ['buildkit', 'rootless'], value: rootless },
    { path: ['buildkit', 'image'], value: buildkitImageForMode(chartBuildkitImage(a.chartDefaults), a.buildkitMode) },
    { path: ['buildkit', 'securityContext'], value: buildkitSecurityContext(a.buildkitMode, appArmor) },
  ];
}

/** `undefined` → no setting; null or '' → remove the key; otherwise set the checked value. */
function optional<T>(path: ValuePath, value: T | null | undefined, check: (v: T) => unknown): ValueSetting[] {
  if (value === undefined) return [];
  if (value === null || value === '') return [{ path, delete: true }];
  return [{ path, value: check(value) }];
}

/** Build secrets came with chart 0.6.7: by version when known, else only the socket generation may have them. */
function supportsBuildSecrets(a: ValuesAnswers): boolean {
  if (!GENERATION_TRAITS[a.generation].supportsBuildSecrets) return false;
  return a.chartVersion === undefined || chartTraits(a.chartVersion).features.buildSecrets;
}

/** What custom-values.yaml must say for these answers, in the order keys are added to a new file. */
export function desiredValues(a: ValuesAnswers): ValueSetting[] {
  if (a.buildSecretsKeySecret && !supportsBuildSecrets(a)) {
    throw new ValuesError('Build secrets need pro-builder chart 0.6.7 or newer.', 'Install a newer chart, or turn build secrets off.');
  }
  return [
    ...buildkitSettings(a),
    ...optional(['buildkit', 'resources', 'requests', 'cpu'], a.buildkitCpu, (v) => checkQuantity('The BuildKit CPU request', v, '1000m')),
    ...optional(['buildkit', 'resources', 'requests', 'memory'], a.buildkitMemory, (v) =>
      checkQuantity('The BuildKit memory request', v, '2Gi'),
    ),
    ...optional(['proBuilder', 'maxInflight'], a.maxInflight, (v) => checkWholeNumber('maxInflight', v, 0)),
    ...optional(['replicas'], a.replicas, (v) => checkWholeNumber('replicas', v, 1)),
    ...optional(['awsCredentialsSecret'], a.awsCredentialsSecret, (v) => checkObjectName('awsCredentialsSecret', v)),
    ...optional(['serviceAccount'], a.serviceAccount, (v) => checkObjectName('serviceAccount', v)),
    ...optional(['securityContext', 'fsGroup'], a.fsGroup, (v) => checkWholeNumber('fsGroup', v, 0)),
    ...optional(['buildSecrets', 'privateKeySecret'], a.buildSecretsKeySecret, (v) => checkObjectName('buildSecretsKeySecret', v)),
  ];
}
