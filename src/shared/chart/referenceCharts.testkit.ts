// Test helpers only: locations of the real pro-builder charts kept outside the project as reference data.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REFERENCE_MISSING_REASON, referenceChartDir } from '../../../test/support/referenceData.js';

export interface ReferenceChart {
  dir: string;
  version: string;
  present: boolean;
  /** Reads templates/deployment.yml as plain text. */
  deployment(): string;
  values(): unknown;
  valuesText(): string;
}

function reference(version: string): ReferenceChart {
  const dir = referenceChartDir(version);
  return {
    dir,
    version,
    present: existsSync(join(dir, 'Chart.yaml')),
    deployment: () => readFileSync(join(dir, 'templates', 'deployment.yml'), 'utf8'),
    values: () => parse(readFileSync(join(dir, 'values.yaml'), 'utf8')) as unknown,
    valuesText: () => readFileSync(join(dir, 'values.yaml'), 'utf8'),
  };
}

export const MTLS_CHART = reference('0.4.19');
export const SOCKET_CHART = reference('0.6.10');
export const REFERENCE_CHART_LIST = [MTLS_CHART, SOCKET_CHART];
export const MISSING_REASON = REFERENCE_MISSING_REASON;
