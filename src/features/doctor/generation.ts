import { chartGeneration, type ChartGeneration } from '../../shared/chart/version.js';

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
