import { chartGeneration, type ChartGeneration } from '../../shared/chart/version.js';
import { CHART_FEATURES, chartTraits, type ChartFeature } from '../../shared/chart/traits.js';

export type { ChartGeneration };

/** The release's chart generation; undefined when the version is missing or not a version. */
export function chartGenerationOf(version: string | undefined): ChartGeneration | undefined {
  if (!version) return undefined;
  try {
    return chartGeneration(version);
  } catch {
    return undefined;
  }
}

/** The chart version that adds `feature` when the release's chart predates it; undefined when it has it or the version is unknown. */
export function chartTooOldFor(version: string | undefined, feature: ChartFeature): string | undefined {
  if (!version) return undefined;
  try {
    return chartTraits(version).features[feature] ? undefined : CHART_FEATURES[feature].since;
  } catch {
    return undefined;
  }
}

/**
 * buildSecrets.privateKeyKey's default for the release's chart: private.key in 0.6.7, key from 0.6.8.
 * "key" (the newest charts' default) when the version is unknown.
 */
export function buildSecretsKeyDefaultOf(version: string | undefined): string {
  if (!version) return 'key';
  try {
    return chartTraits(version).buildSecretsKeyDefault ?? 'key';
  } catch {
    return 'key';
  }
}
