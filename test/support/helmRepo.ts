// The reference helm repository (every published pro-builder .tgz and its index.yaml): its versions,
// each package unpacked once per test process into a scratch folder (never into the repository).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compareChartVersions } from '../../src/shared/chart/version.js';
import { REFERENCE_HELM_REPO_DIR, referencePresent } from './referenceData.js';

export interface IndexedChart {
  version: string;
  digest: string;
  /** The package file, from the index's relative URL. */
  file: string;
}

/** The pro-builder entries of index.yaml, oldest first; [] without the reference data. */
export function publishedCharts(): IndexedChart[] {
  if (!referencePresent) return [];
  const index = parse(readFileSync(join(REFERENCE_HELM_REPO_DIR, 'index.yaml'), 'utf8')) as {
    entries: { 'pro-builder': { version: string; digest: string; urls: string[] }[] };
  };
  return index.entries['pro-builder']
    .map((e) => ({ version: e.version, digest: e.digest, file: join(REFERENCE_HELM_REPO_DIR, e.urls[0]!) }))
    .sort((a, b) => compareChartVersions(a.version, b.version));
}

let unpackRoot: string | undefined;

/** The chart folder of one published version, unpacked (once) from its .tgz with tar. */
export function unpackedChart(version: string): string {
  unpackRoot ??= mkdtempSync(join(tmpdir(), 'pbs-charts-'));
  const target = join(unpackRoot, version);
  const chartDir = join(target, 'pro-builder');
  if (!existsSync(join(chartDir, 'Chart.yaml'))) {
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', join(REFERENCE_HELM_REPO_DIR, `pro-builder-${version}.tgz`), '-C', target]);
  }
  return chartDir;
}
