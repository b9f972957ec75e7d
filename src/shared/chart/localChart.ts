import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { ChartError } from './errors.js';
import { parseChartMetadata, type ChartMetadata } from './metadata.js';

export interface LocalChart {
  dir: string;
  metadata: ChartMetadata;
  /** The chart's values.yaml, parsed; {} when the chart has none. */
  defaults: unknown;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Parses a chart's values.yaml; `label` names it in errors. */
export function parseChartValues(text: string, label: string): unknown {
  try {
    return parse(text) ?? {};
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    throw new ChartError(`${label} is not valid YAML${where}.`, 'Fix the chart, or install from the openfaas repository instead.', {
      cause: e,
    });
  }
}

export async function readLocalChart(dir: string): Promise<LocalChart> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new ChartError(`${dir} is not a folder.`, 'Pass --chart openfaas/pro-builder, or the path of an unpacked pro-builder chart.');
  }
  const chartYaml = await readOptional(join(dir, 'Chart.yaml'));
  if (chartYaml === undefined) {
    throw new ChartError(
      `${dir} is not a helm chart (it has no Chart.yaml).`,
      'Pass the folder that holds Chart.yaml, e.g. ./chart/pro-builder in a faas-netes checkout.',
    );
  }
  const metadata = parseChartMetadata(chartYaml, join(dir, 'Chart.yaml'));
  const valuesPath = join(dir, 'values.yaml');
  const valuesYaml = await readOptional(valuesPath);
  return { dir, metadata, defaults: valuesYaml === undefined ? {} : parseChartValues(valuesYaml, valuesPath) };
}
