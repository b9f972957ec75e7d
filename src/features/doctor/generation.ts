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
